"""The repository tests' databases: each test runs on SQLite, and on PostgreSQL.

`database` is where a test's database is (a SQLite file's path, or a PostgreSQL URL), fresh
for each test; `storage` is it opened. On PostgreSQL each test gets a new database copied
from a migrated template (tests/postgres.py finds or starts the server). Without any
PostgreSQL the PostgreSQL half is skipped with one reason, or fails when
FARAKHAN_REQUIRE_POSTGRES=1 (CI sets it: there, skipping would hide a broken backend).
"""

from __future__ import annotations

import asyncio
import itertools
import os
from collections.abc import AsyncIterator, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from storage import Storage
from tests.postgres import Cluster, NoPostgres, database_url, start_cluster

BACKENDS = ["sqlite", "postgresql"]
TEMPLATE = "farakhan_template"
_numbers = itertools.count(1)


class PostgresServer:
    """The session's server and its migrated template database (or why there is none)."""

    def __init__(self, cluster: Cluster | None, reason: str = "") -> None:
        self.cluster = cluster
        self.reason = reason

    def require(self) -> Cluster:
        if self.cluster is not None:
            return self.cluster
        if os.environ.get("FARAKHAN_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"FARAKHAN_REQUIRE_POSTGRES=1, and {self.reason}")
        pytest.skip(f"PostgreSQL tests skipped: {self.reason}")


def _run(work: Coroutine[Any, Any, None]) -> None:
    """Runs `work` to its end on a loop of its own (the session's fixture is set up from
    within a test's running loop, which asyncio.run refuses)."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(asyncio.run, work).result()


async def _maintenance(url: str, *statements: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


async def _make_template(url: str) -> None:
    await _maintenance(
        url,
        f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)",
        f"CREATE DATABASE {TEMPLATE}",
    )
    storage = await Storage.open(database_url(url, TEMPLATE))
    await storage.close()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    try:
        cluster = start_cluster()
    except NoPostgres as error:
        yield PostgresServer(None, str(error))
        return
    try:
        _run(_make_template(cluster.url))
    except Exception as error:  # whatever it was, every skipped test shows it
        cluster.stop()
        yield PostgresServer(None, f"the PostgreSQL server at hand is unusable: {error!r}")
        return
    try:
        yield PostgresServer(cluster)
    finally:
        if cluster.folder is None:  # someone else's server: leave it as it was
            _run(_maintenance(cluster.url, f"DROP DATABASE IF EXISTS {TEMPLATE}"))
        cluster.stop()


@pytest.fixture(params=BACKENDS)
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Path | str]:
    """A new, empty database: a SQLite file's path, or a PostgreSQL database's URL."""
    if request.param == "sqlite":
        yield tmp_path / "farakhan.db"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    cluster = server.require()
    name = f"farakhan_test_{os.getpid()}_{next(_numbers)}"
    await _maintenance(cluster.url, f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    try:
        yield database_url(cluster.url, name)
    finally:
        await _maintenance(cluster.url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
async def storage(database: Path | str) -> AsyncIterator[Storage]:
    """The test's database, opened and migrated."""
    opened = await Storage.open(database)
    try:
        yield opened
    finally:
        await opened.close()


def url_of(database: Path | str) -> str:
    """The DATABASE_URL of a test's database (for the command line)."""
    return database if isinstance(database, str) else f"sqlite:///{database}"
