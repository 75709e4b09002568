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
from typing import Any, overload

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


@overload
def from_db(text: str) -> datetime: ...
@overload
def from_db(text: None) -> None: ...
@overload
def from_db(text: str | None) -> datetime | None: ...
def from_db(text: str | None) -> datetime | None:
    """Reads a moment stored by to_db (fromisoformat: strptime is ten times slower)."""
    if text is None:
        return None
    return datetime.fromisoformat(text)


class Database:
    """One aiosqlite connection shared by the bot; statements never interleave transactions.

    aiosqlite runs one connection on one thread, so two coroutines could otherwise mix their
    statements into each other's transaction. Every statement and transaction takes `_lock`;
    the task holding it may nest freely.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()
        self._owner: asyncio.Task | None = None

    async def open(self) -> None:
        """Opens the file (creating its folder), turns on WAL and foreign keys, migrates."""
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._connection = await aiosqlite.connect(self.path, isolation_level=None)
        self._connection.row_factory = aiosqlite.Row
        await self._connection.execute("PRAGMA journal_mode=WAL")
        await self._connection.execute("PRAGMA foreign_keys=ON")
        await self._connection.execute("PRAGMA synchronous=NORMAL")
        await self._connection.execute("PRAGMA busy_timeout=5000")
        await migrate(self)

    async def close(self) -> None:
        if self._connection is not None:
            await self._connection.close()
            self._connection = None

    @property
    def connection(self) -> aiosqlite.Connection:
        if self._connection is None:
            raise RuntimeError("the database is not open")
        return self._connection

    @asynccontextmanager
    async def _held(self) -> AsyncIterator[None]:
        task = asyncio.current_task()
        if self._owner is task and task is not None:
            yield
            return
        async with self._lock:
            self._owner = task
            try:
                yield
            finally:
                self._owner = None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """Runs the block's statements as one transaction (nested blocks join the outer one)."""
        task = asyncio.current_task()
        if self._owner is task and self.connection.in_transaction:
            yield
            return
        async with self._held():
            await self.connection.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                await self.connection.rollback()
                raise
            await self.connection.commit()

    # Each await below is one trip to aiosqlite's thread, the main cost of a statement; so a
    # statement takes one trip (a finished DML cursor needs no explicit close).

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Runs one statement; returns the last inserted row id."""
        async with self._held():
            cursor = await self.connection.execute(sql, _bind(params))
            return cursor.lastrowid or 0

    async def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        """Runs one statement for each row of parameters."""
        async with self._held():
            await self.connection.executemany(sql, [_bind(row) for row in rows])

    async def execute_count(self, sql: str, params: Params = ()) -> int:
        """Runs one statement; returns how many rows it changed."""
        async with self._held():
            cursor = await self.connection.execute(sql, _bind(params))
            return cursor.rowcount

    async def fetch_one(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        """The first row (for queries that select one row at most)."""
        rows = await self.fetch_all(sql, params)
        return rows[0] if rows else None

    async def fetch_all(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        async with self._held():
            return list(await self.connection.execute_fetchall(sql, _bind(params)))

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
