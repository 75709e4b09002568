"""Replicas: updates a second with 3 `run --webhook` replicas against 1, on one database.

Real processes, as tests/test_replicas_e2e.py starts them (tests/replicas.py): the replicas
behind the small round-robin proxy, the emulator delivering webhooks to the proxy (both in
the bench's process). Volunteers walk the sample call's whole registration at once, each
step decided by the bot's last screen once it has answered (tests/test_kill.py `register`,
as in the replica kill test: two replicas may apply one chat's two quick updates in either
order, and a volunteer who finds a screen they did not expect acts on it, as a person
would). First through 1 replica, then a new group through 3: the first and two started
beside it, on the same database. The emulator's limit and the bot's ceiling are both 1,000
messages a second, with no limit per chat: sends are never what the figure waits for.

Also measured, for what limits the figure: the CPU each part used (/proc: the replicas,
PostgreSQL's server processes for the database, the bench's process with the emulator, the
volunteers and the proxy),
and how often PostgreSQL's active sessions on the database were seen waiting for a lock
(pg_stat_activity, sampled).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg

from bench.dataset import sample_spec
from emulator import EmulatorServer
from storage import Storage
from tests.replicas import Replica, add_replicas, start_replicas, stop_replicas
from tests.test_kill import register

FIRST_USER = 1_100_000
RATE = 1_000.0  # the emulator's limit and the bot's ceiling: far above what replies need
QUIET = "WARNING"  # the replicas' log level
PATIENCE = 60.0  # seconds a volunteer keeps trying


@dataclass(frozen=True)
class ReplicaRun:
    replicas: int
    volunteers: int
    updates: int  # sent by the volunteers
    seconds: float
    submitted: int  # registrations that reached "submitted"
    cpu: dict[str, float]  # CPU seconds used meanwhile, by part
    lock_waits: float  # of PostgreSQL's active sessions seen, the share waiting for a lock

    @property
    def per_second(self) -> float:
        return self.updates / self.seconds

    @property
    def cores(self) -> float:
        """Cores kept busy, all parts together."""
        return sum(self.cpu.values()) / self.seconds

    def cpu_per_update(self, part: str) -> float:
        return self.cpu.get(part, 0.0) / self.updates


async def measure(database: str, volunteers: int) -> tuple[ReplicaRun, ReplicaRun]:
    """`volunteers` register at once through 1 replica on `database` (an empty PostgreSQL
    database), then as many others through 3: the first one and two started beside it."""
    storage = await Storage.open(database)  # migrated before any replica starts
    try:
        now = datetime.now(UTC)
        spec = sample_spec(opens_at=now - timedelta(days=1), deadline_at=now + timedelta(days=30))
        await storage.calls.save(spec, now)
    finally:
        await storage.close()
    with tempfile.TemporaryDirectory() as folder:
        async with EmulatorServer() as server:
            server.emulator.set_rate_limits(RATE)
            where = (server.api_base_url, database, Path(folder))
            proxy, started = await start_replicas(*where, count=1, rate=RATE, log_level=QUIET)
            try:
                alone = await _registering(server, database, started, volunteers)
                started += await add_replicas(proxy, *where, count=2, rate=RATE, log_level=QUIET)
                three = await _registering(server, database, started, volunteers)
            finally:
                await stop_replicas(proxy, started)
    return alone, three


async def _registering(
    server: EmulatorServer, database: str, replicas: list[Replica], volunteers: int
) -> ReplicaRun:
    """A new group of `volunteers` registers for the sample call at once, through
    `replicas`: their figures."""
    first = FIRST_USER + len(replicas) * volunteers
    parts = {os.getpid(): "emulator and proxy"}
    parts |= {r.process.pid: "replicas" for r in replicas if r.alive}
    async with _sampled(database) as seen:
        parts |= _backends(database)
        before, made = _cpu_seconds(parts), server.emulator.updates_made()
        began = time.perf_counter()
        await asyncio.gather(*(register(server, first + n, PATIENCE) for n in range(volunteers)))
        seconds = time.perf_counter() - began
        after, updates = _cpu_seconds(parts), server.emulator.updates_made() - made
    cpu = {part: after[part] - before[part] for part in after}
    connection = await asyncpg.connect(database)
    try:
        submitted = await connection.fetchval(
            "SELECT COUNT(*) FROM registrations WHERE status = 'submitted'"
            " AND user_id BETWEEN $1 AND $2",
            first,
            first + volunteers - 1,
        )
    finally:
        await connection.close()
    return ReplicaRun(len(replicas), volunteers, updates, seconds, submitted, cpu, seen.share)


TICK = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pids: dict[int, str]) -> dict[str, float]:
    """CPU seconds (user and system) each part has used so far, by part."""
    used: dict[str, float] = dict.fromkeys(pids.values(), 0.0)
    for pid, part in pids.items():
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
                fields = stat.read().rpartition(")")[2].split()
        except OSError:
            continue  # gone: a backend the pool closed
        used[part] += (int(fields[11]) + int(fields[12])) / TICK
    return used


def _backends(database: str) -> dict[int, str]:
    """PostgreSQL's server processes for `database` (their command line names it)."""
    name = database.rpartition("/")[2].encode()
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                    if name in cmdline.read():
                        found[int(entry)] = "PostgreSQL"
            except OSError:
                continue
    return found


@dataclass
class _LockSamples:
    active: int = 0
    waiting: int = 0

    @property
    def share(self) -> float:
        return self.waiting / self.active if self.active else 0.0


@contextlib.asynccontextmanager
async def _sampled(database: str) -> AsyncIterator[_LockSamples]:
    """Every 50 ms, the database's active sessions and those of them waiting for a lock
    (a row, a transaction, an advisory lock: `wait_event_type = 'Lock'`)."""
    samples = _LockSamples()
    connection = await asyncpg.connect(database)

    async def sample() -> None:
        while True:
            row = await connection.fetchrow(
                "SELECT COUNT(*) FILTER (WHERE state = 'active'),"
                " COUNT(*) FILTER (WHERE wait_event_type = 'Lock')"
                " FROM pg_stat_activity WHERE datname = current_database() AND pid <> $1",
                connection.get_server_pid(),
            )
            samples.active += row[0]
            samples.waiting += row[1]
            await asyncio.sleep(0.05)

    task = asyncio.create_task(sample())
    try:
        yield samples
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await connection.close()
