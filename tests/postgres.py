"""A PostgreSQL server for the tests: TEST_DATABASE_URL, or a throwaway cluster of our own.

The throwaway cluster lives in a temporary folder, listens on a free port of 127.0.0.1 only,
trusts local connections, and is stopped and removed when the tests end. `initdb` refuses to
run as root (CI runs as root), so as root the cluster is made and run by the `postgres`
system user. Durability is switched off: a test database lives for one test.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

PG_BIN_DIRS = ("/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin")


class NoPostgres(Exception):
    """No PostgreSQL server can be had here (the reason says why)."""


@dataclass
class Cluster:
    url: str  # of the `postgres` maintenance database
    folder: Path | None = None  # our own cluster's folder (None: TEST_DATABASE_URL's server)
    run_as: list[str] | None = None

    def stop(self) -> None:
        if self.folder is None:
            return
        pg_ctl = _binary("pg_ctl")
        subprocess.run(
            [*(self.run_as or []), pg_ctl, "stop", "-D", str(self.folder / "data"), "-m", "fast"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def _binary(name: str) -> str:
    for folder in PG_BIN_DIRS:
        if (path := Path(folder) / name).exists():
            return str(path)
    if found := shutil.which(name):
        return found
    raise NoPostgres(f"no PostgreSQL server binaries ({name} is not installed)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_cluster() -> Cluster:
    """TEST_DATABASE_URL's server, or a new cluster in a temporary folder (NoPostgres if
    neither can be had)."""
    if url := os.environ.get("TEST_DATABASE_URL"):
        return Cluster(url=url)
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    run_as: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="farakhan-pg-"))
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(folder, ignore_errors=True)
            raise NoPostgres(
                "running as root, and there is no `postgres` user to run initdb"
            ) from None
        os.chown(folder, user.pw_uid, user.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    data, port = folder / "data", _free_port()
    try:
        subprocess.run(
            [*run_as, initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
             "--locale=C.UTF-8", "--no-sync"],
            capture_output=True, check=True, timeout=120,
        )  # fmt: skip
        options = (
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        subprocess.run(
            [*run_as, pg_ctl, "start", "-D", str(data), "-w", "-t", "60", "-o", options,
             "-l", str(folder / "server.log")],
            capture_output=True, check=True, timeout=90,
        )  # fmt: skip
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
        log = folder / "server.log"
        detail = getattr(error, "stderr", b"") or b""
        if log.exists():
            detail += log.read_bytes()[-2000:]
        shutil.rmtree(folder, ignore_errors=True)
        raise NoPostgres(
            f"the throwaway PostgreSQL cluster did not start: {error}: {detail!r}"
        ) from error
    url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    return Cluster(url=url, folder=folder, run_as=run_as)


def database_url(cluster_url: str, name: str) -> str:
    """The URL of database `name` on the cluster of `cluster_url`."""
    base, _, _ = cluster_url.rpartition("/")
    return f"{base}/{name}"
