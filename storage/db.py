"""The database the repositories talk to: one interface, SQLite (the default) or PostgreSQL.

Repositories write their SQL once, with `?` placeholders (or `:name` with a mapping), and
moments as sortable UTC text (`to_db`), JSON as text: both backends store the same values.
Where the two dialects must differ, a repository asks `db.dialect` (storage/dialect.py holds
those fragments; docs/architecture.md, "SQLite and PostgreSQL", lists every one).
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Awaitable, Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from enum import StrEnum
from importlib import resources
from typing import Any, overload

from storage.locks import ProcessLocks

logger = logging.getLogger(__name__)

_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
Params = Sequence[Any] | Mapping[str, Any]
# A row as the driver returns it (aiosqlite.Row or asyncpg.Record): by position, by column
# name, and `dict(row)` all work on both.
Row = Any


class Dialect(StrEnum):
    SQLITE = "sqlite"
    POSTGRESQL = "postgresql"


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


class Reader(ABC):
    """A connection of its own for long reads (exports) that must not block the bot's writes."""

    @abstractmethod
    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]: ...

    @abstractmethod
    def batches(self, sql: str, params: Params = (), size: int = 500) -> AsyncIterator[list[Row]]:
        """The query's rows, `size` at a time (never all of them in memory)."""


class Database(ABC):
    """What repositories need of a database: statements, transactions, a reader.

    A transaction belongs to the task that opened it: that task's statements (and nested
    `transaction()` blocks) join it, other tasks' statements never do.
    """

    dialect: Dialect
    migrations: str  # the folder of this dialect's numbered migrations, inside `storage`

    @abstractmethod
    async def open(self) -> None:
        """Connects and applies every migration not applied yet."""

    @abstractmethod
    async def close(self) -> None: ...

    @abstractmethod
    def transaction(self) -> AbstractAsyncContextManager[None]:
        """Runs the block's statements as one transaction (nested blocks join the outer one)."""

    @abstractmethod
    async def execute(self, sql: str, params: Params = ()) -> None:
        """Runs one statement (an INSERT that needs its row's id says `RETURNING id` and
        reads it with `fetch_value`)."""

    @abstractmethod
    async def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        """Runs one statement for each row of parameters."""

    @abstractmethod
    async def execute_count(self, sql: str, params: Params = ()) -> int:
        """Runs one statement; returns how many rows it changed."""

    @abstractmethod
    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]: ...

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        """The first row (for queries that select one row at most)."""
        rows = await self.fetch_all(sql, params)
        return rows[0] if rows else None

    async def fetch_value(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetch_one(sql, params)
        return None if row is None else row[0]

    async def together(self, *steps: Awaitable[Any]) -> list[Any]:
        """Runs independent statements (or repository calls), and returns their results in
        order. One after the other here: SQLite's one connection runs one statement at a
        time, and a statement costs a trip to its thread, not a wait on another process."""
        return [await step for step in steps]

    @abstractmethod
    def reader(self) -> AbstractAsyncContextManager[Reader]:
        """A separate read-only connection for long reads (exports)."""

    @abstractmethod
    async def run_script(self, sql: str) -> None:
        """Runs a migration file's statements (inside the caller's transaction)."""

    def process_locks(self) -> ProcessLocks:
        """Locks between processes on this database (none needed on SQLite's one)."""
        return ProcessLocks()

    def migration_files(self) -> list[tuple[int, str, str]]:
        """(number, file name, SQL) of this dialect's migrations, in order."""
        return read_migrations(self.migrations)


def read_migrations(folder: str) -> list[tuple[int, str, str]]:
    """The numbered .sql files of a folder of the `storage` package, in order."""
    found = []
    for entry in resources.files("storage").joinpath(*folder.split("/")).iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def _migration_files() -> list[tuple[int, str, str]]:
    """SQLite's migrations (looked up here at each start: tests stop at an older schema)."""
    return read_migrations("migrations")


async def migrate(db: Database) -> list[str]:
    """Applies every numbered migration not applied yet, each in its own transaction."""
    await db.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    applied = {row[0] for row in await db.fetch_all("SELECT version FROM schema_migrations")}
    done = []
    for version, name, sql in db.migration_files():
        if version in applied:
            continue
        async with db.transaction():
            await db.run_script(sql)
            await db.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (version, name, to_db(datetime.now(UTC))),
            )
        logger.info("Applied migration %s", name)
        done.append(name)
    return done
