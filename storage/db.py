"""The SQLite connection: WAL, foreign keys, numbered migrations, one writer at a time."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

logger = logging.getLogger(__name__)

_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
Params = Sequence[Any] | Mapping[str, Any]


def _bind(params: Params) -> Sequence[Any] | Mapping[str, Any]:
    return params if isinstance(params, Mapping) else tuple(params)


def to_db(moment: datetime | None) -> str | None:
    """Stores a moment as sortable UTC text."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are not stored; attach a timezone")
    return moment.astimezone(UTC).strftime(_TIME_FORMAT)


def from_db(text: str | None) -> datetime | None:
    """Reads a moment stored by to_db (fromisoformat: strptime is ten times slower)."""
    if text is None:
        return None
    return datetime.fromisoformat(text)


class Database:
    """The bot's SQLite connection, used on the event loop's own thread.

    What the bot does while chatting is short statements: a row read or written through an
    index, tens of microseconds each. Handing each to a worker thread (aiosqlite's way) cost
    the event loop more than the statement itself: the future, the thread's wake-up, the
    loop's wake-up (bench/FINDINGS.md: 1.5 ms of CPU an update with it, 1.1 ms inline). So
    they run inline. Long reads (exports, statistics' counts per day) go through `reader()`:
    an aiosqlite connection of their own, whose thread keeps them off the event loop.

    A transaction may span awaits, so it holds `_lock` from BEGIN to COMMIT; a statement
    made meanwhile by another task waits for it (it would otherwise join that transaction).
    The task holding it may nest freely.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = None
        self._lock = asyncio.Lock()
        self._owner: asyncio.Task | None = None

    async def open(self) -> None:
        """Opens the file (creating its folder), turns on WAL and foreign keys, migrates."""
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._connection = sqlite3.connect(self.path, isolation_level=None)
        self._connection.row_factory = sqlite3.Row
        for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL"):
            self._connection.execute(f"PRAGMA {pragma}")
        # Another process writing (the command line) is waited for, briefly.
        self._connection.execute("PRAGMA busy_timeout=5000")
        await migrate(self)

    async def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    @property
    def connection(self) -> sqlite3.Connection:
        if self._connection is None:
            raise RuntimeError("the database is not open")
        return self._connection

    async def _turn(self) -> None:
        """Returns once no other task's transaction is open."""
        if self._owner is not asyncio.current_task():
            async with self._lock:
                pass

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """Runs the block's statements as one transaction (nested blocks join the outer one)."""
        task = asyncio.current_task()
        if self._owner is task and task is not None and self.connection.in_transaction:
            yield
            return
        async with self._lock:
            self._owner = task
            try:
                self.connection.execute("BEGIN IMMEDIATE")
                try:
                    yield
                except BaseException:
                    self.connection.rollback()
                    raise
                self.connection.commit()
            finally:
                self._owner = None

    # Each statement below waits only while another task's transaction is open.

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Runs one statement; returns the last inserted row id."""
        if self._lock.locked():
            await self._turn()
        return self.connection.execute(sql, _bind(params)).lastrowid or 0

    async def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        """Runs one statement for each row of parameters."""
        if self._lock.locked():
            await self._turn()
        self.connection.executemany(sql, [_bind(row) for row in rows])

    async def execute_count(self, sql: str, params: Params = ()) -> int:
        """Runs one statement; returns how many rows it changed."""
        if self._lock.locked():
            await self._turn()
        return self.connection.execute(sql, _bind(params)).rowcount

    async def fetch_one(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        """The first row (for queries that select one row at most)."""
        if self._lock.locked():
            await self._turn()
        rows = self.connection.execute(sql, _bind(params)).fetchall()
        return rows[0] if rows else None

    async def fetch_all(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        if self._lock.locked():
            await self._turn()
        return self.connection.execute(sql, _bind(params)).fetchall()

    async def fetch_value(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetch_one(sql, params)
        return None if row is None else row[0]

    @asynccontextmanager
    async def reader(self) -> AsyncIterator[aiosqlite.Connection]:
        """A separate read-only connection for long reads (exports) that must not block writes."""
        connection = await aiosqlite.connect(f"file:{self.path}?mode=ro", uri=True)
        connection.row_factory = aiosqlite.Row
        try:
            yield connection
        finally:
            await connection.close()


def _migration_files() -> list[tuple[int, str, str]]:
    folder = resources.files("storage") / "migrations"
    found = []
    for entry in folder.iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), name, entry.read_text(encoding="utf-8")))
    return sorted(found)


async def migrate(db: Database) -> list[str]:
    """Applies every numbered migration not applied yet, each in its own transaction."""
    await db.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    applied = {row[0] for row in await db.fetch_all("SELECT version FROM schema_migrations")}
    done = []
    for version, name, sql in _migration_files():
        if version in applied:
            continue
        async with db.transaction():
            for statement in _statements(sql):
                await db.execute(statement)
            await db.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (version, name, to_db(datetime.now(UTC))),
            )
        logger.info("Applied migration %s", name)
        done.append(name)
    return done


def _statements(sql: str) -> list[str]:
    """The file's statements, whole: a trigger's body keeps its inner semicolons."""
    statements, pending = [], ""
    for line in sql.splitlines(keepends=True):
        if not pending and (not line.strip() or line.strip().startswith("--")):
            continue
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    if pending.strip():
        raise ValueError(f"an unfinished statement in a migration: {pending[:80]!r}")
    return statements
