"""The PostgreSQL database (DATABASE_URL=postgresql://…), through an asyncpg pool.

The repositories' SQL is SQLite's: `?` and `:name` placeholders become `$1, $2, …` here
(outside quotes and comments; `::` casts are left alone). A transaction holds one pooled
connection for the task that opened it; a statement outside a transaction takes any free
one. Transactions of one process run one at a time, as they do on SQLite (BEGIN IMMEDIATE):
the repositories' read-then-write steps rely on it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Iterable, Mapping
from contextlib import asynccontextmanager
from functools import lru_cache
from typing import Any

import asyncpg

from storage.db import Database, Dialect, Params, Reader, Row, migrate
from storage.locks import ProcessLocks

logger = logging.getLogger(__name__)

# One number, so that two processes starting at once migrate one after the other.
_MIGRATION_LOCK = 0x66_6172_616B  # "farak"
WARM = 3  # connections a pool opens at start (it grows to pool_size when needed)


@lru_cache(maxsize=2048)
def placeholders(sql: str) -> tuple[str, tuple[str, ...]]:
    """SQLite's statement with PostgreSQL's placeholders, and the names of `:name` ones in
    the order of their numbers (empty for `?`)."""
    out: list[str] = []
    names: list[str] = []
    count, i, n = 0, 0, len(sql)
    while i < n:
        char = sql[i]
        if char in "'\"":  # a quoted string or name, copied whole
            end = i + 1
            while end < n:
                if sql[end] == char:
                    if end + 1 < n and sql[end + 1] == char:
                        end += 2
                        continue
                    break
                end += 1
            out.append(sql[i : end + 1])
            i = end + 1
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            end = n if end < 0 else end
            out.append(sql[i:end])
            i = end
        elif char == "?":
            count += 1
            out.append(f"${count}")
            i += 1
        elif sql.startswith("::", i):
            out.append("::")
            i += 2
        elif char == ":" and i + 1 < n and (sql[i + 1].isalpha() or sql[i + 1] == "_"):
            end = i + 1
            while end < n and (sql[end].isalnum() or sql[end] == "_"):
                end += 1
            name = sql[i + 1 : end]
            if name not in names:
                names.append(name)
            out.append(f"${names.index(name) + 1}")
            i = end
        else:
            out.append(char)
            i += 1
    return "".join(out), tuple(names)


def _bound(sql: str, params: Params) -> tuple[str, tuple[Any, ...]]:
    statement, names = placeholders(sql)
    if isinstance(params, Mapping):
        return statement, tuple(params[name] for name in names)
    return statement, tuple(params)


def _changed(status: str) -> int:
    """The row count in a command tag ("UPDATE 3", "INSERT 0 1", "DELETE 0")."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


async def _leave_as_is(connection: asyncpg.Connection) -> None:
    """What the pool runs on a connection given back, after rolling back a transaction left
    open: nothing more. asyncpg's default (`pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *;
    RESET ALL`) is one more round trip per statement, more than doubling a short one (1.0 ms
    against 0.4 ms a statement, measured), for session state nothing here leaves behind: no
    SET, no LISTEN, cursors only inside transactions, and the one advisory lock (migrations)
    unlocked by its holder."""


class PostgresDatabase(Database):
    dialect = Dialect.POSTGRESQL
    migrations = "migrations/postgresql"

    def __init__(self, url: str, *, pool_size: int = 10) -> None:
        self.url = url
        self.pool_size = pool_size
        self._pool: asyncpg.Pool | None = None
        self._held: dict[asyncio.Task, Any] = {}  # task -> the connection of its transaction
        self._transactions = asyncio.Lock()

    async def open(self) -> None:
        self._pool = await asyncpg.create_pool(
            self.url,
            min_size=0,  # opened below, at once
            max_size=self.pool_size,
            statement_cache_size=256,
            reset=_leave_as_is,
        )
        # WARM connections opened at once (one connection's wait, not one after another): a
        # start asks several statements at once (the heartbeat and the lease, the budget and
        # the replicas), and each connection opened then would wait longer than it saves.
        opened = await asyncio.gather(
            *(self._pool.acquire() for _ in range(WARM)), return_exceptions=True
        )
        connections = [c for c in opened if not isinstance(c, BaseException)]
        for spare in connections[1:]:
            await self._pool.release(spare)
        if len(connections) < WARM:  # the server refused or is away: say why, hold nothing
            if connections:
                await self._pool.release(connections[0])
            await self.close()
            raise next(error for error in opened if isinstance(error, BaseException))
        connection = connections[0]
        try:
            # Search splits documents at `[^[:alnum:]]`, which follows the database's
            # LC_CTYPE: under the bare C locale no Persian letter is a letter, and words are
            # lost.
            persian, migrated = await connection.fetchrow(
                "SELECT 'ک' ~ '[[:alnum:]]', to_regclass('schema_migrations') IS NOT NULL"
            )
            if not migrated or await self._behind(connection):
                await connection.execute("SELECT pg_advisory_lock($1)", _MIGRATION_LOCK)
                try:
                    await migrate(self)  # which looks again, under the lock
                finally:
                    await connection.execute("SELECT pg_advisory_unlock($1)", _MIGRATION_LOCK)
        finally:
            await self._pool.release(connection)
        if not persian:
            logger.error(
                "This database's LC_CTYPE counts no Persian letter as a letter: search"
                " (/find, /directory) will not find Persian words. Create the database"
                " with a UTF-8 locale (C.UTF-8, en_US.UTF-8)."
            )

    async def _behind(self, connection: asyncpg.Connection) -> bool:
        """Whether a migration is still to be applied. Most starts find none, and then take
        neither the migrations' lock nor a second connection for `migrate`'s statements."""
        applied = {
            row[0] for row in await connection.fetch("SELECT version FROM schema_migrations")
        }
        return any(version not in applied for version, _, _ in self.migration_files())

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None

    @property
    def pool(self) -> asyncpg.Pool:
        if self._pool is None:
            raise RuntimeError("the database is not open")
        return self._pool

    @asynccontextmanager
    async def _connection(self) -> AsyncIterator[Any]:
        """The connection of the task's transaction, or any free one for one statement."""
        task = asyncio.current_task()
        if task is not None and (held := self._held.get(task)) is not None:
            yield held
            return
        async with self.pool.acquire() as connection:
            yield connection

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        task = asyncio.current_task()
        if task is None or task in self._held:
            yield
            return
        async with self._transactions, self.pool.acquire() as connection:
            self._held[task] = connection
            try:
                async with connection.transaction():
                    yield
            finally:
                del self._held[task]

    async def together(self, *steps: Awaitable[Any]) -> list[Any]:
        """At once, each on a connection of its own: a screen of four statements then waits
        for one round trip to the server, not four. Inside a transaction, one after the
        other on its connection (another task's statements would not join it)."""
        if asyncio.current_task() in self._held:
            return await super().together(*steps)
        return list(await asyncio.gather(*steps))

    async def execute(self, sql: str, params: Params = ()) -> None:
        statement, args = _bound(sql, params)
        async with self._connection() as connection:
            await connection.execute(statement, *args)

    async def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        bound = [_bound(sql, row) for row in rows]
        if not bound:
            return
        async with self._connection() as connection:
            await connection.executemany(bound[0][0], [args for _, args in bound])

    async def execute_count(self, sql: str, params: Params = ()) -> int:
        statement, args = _bound(sql, params)
        async with self._connection() as connection:
            return _changed(await connection.execute(statement, *args))

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        statement, args = _bound(sql, params)
        async with self._connection() as connection:
            return list(await connection.fetch(statement, *args))

    @asynccontextmanager
    async def reader(self) -> AsyncIterator[Reader]:
        async with (
            self.pool.acquire() as connection,
            connection.transaction(isolation="repeatable_read", readonly=True),
        ):
            yield _PostgresReader(connection)

    def process_locks(self) -> ProcessLocks:
        from storage.pg_locks import PostgresLocks

        return PostgresLocks(self.url)

    async def run_script(self, sql: str) -> None:
        # No parameters: asyncpg sends the file as one simple query, every statement in it.
        async with self._connection() as connection:
            await connection.execute(sql)


class _PostgresReader(Reader):
    def __init__(self, connection: Any) -> None:
        self.connection = connection

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        statement, args = _bound(sql, params)
        return list(await self.connection.fetch(statement, *args))

    async def batches(
        self, sql: str, params: Params = (), size: int = 500
    ) -> AsyncIterator[list[Row]]:
        statement, args = _bound(sql, params)
        cursor = await self.connection.cursor(statement, *args)
        while rows := await cursor.fetch(size):
            yield list(rows)
