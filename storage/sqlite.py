"""The SQLite database (the default): WAL, foreign keys, one writer at a time."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from storage import db as _db
from storage.db import Database, Dialect, Params, Reader, Row, migrate


def _bind(params: Params) -> Sequence[Any] | Mapping[str, Any]:
    return params if isinstance(params, Mapping) else tuple(params)


class SqliteDatabase(Database):
    """One aiosqlite connection shared by the bot; statements never interleave transactions.

    aiosqlite runs one connection on one thread, so two coroutines could otherwise mix their
    statements into each other's transaction. Every statement and transaction takes `_lock`;
    the task holding it may nest freely.
    """

    dialect = Dialect.SQLITE
    migrations = "migrations"

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

    async def execute(self, sql: str, params: Params = ()) -> None:
        async with self._held():
            await self.connection.execute(sql, _bind(params))

    async def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        async with self._held():
            await self.connection.executemany(sql, [_bind(row) for row in rows])

    async def execute_count(self, sql: str, params: Params = ()) -> int:
        async with self._held():
            cursor = await self.connection.execute(sql, _bind(params))
            return cursor.rowcount

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        async with self._held():
            return list(await self.connection.execute_fetchall(sql, _bind(params)))

    @asynccontextmanager
    async def reader(self) -> AsyncIterator[Reader]:
        connection = await aiosqlite.connect(f"file:{self.path}?mode=ro", uri=True)
        connection.row_factory = aiosqlite.Row
        try:
            yield _SqliteReader(connection)
        finally:
            await connection.close()

    def migration_files(self) -> list[tuple[int, str, str]]:
        return _db._migration_files()

    async def run_script(self, sql: str) -> None:
        for statement in _statements(sql):
            await self.execute(statement)


class _SqliteReader(Reader):
    def __init__(self, connection: aiosqlite.Connection) -> None:
        self.connection = connection

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        return list(await self.connection.execute_fetchall(sql, _bind(params)))

    async def batches(
        self, sql: str, params: Params = (), size: int = 500
    ) -> AsyncIterator[list[Row]]:
        cursor = await self.connection.execute(sql, _bind(params))
        try:
            while rows := await cursor.fetchmany(size):
                yield list(rows)
        finally:
            await cursor.close()


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
