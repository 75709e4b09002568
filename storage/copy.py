"""`farakhan db copy`: a whole SQLite database into an empty PostgreSQL one.

Both are migrated first, to the same version. The tables are PostgreSQL's (its catalog says
which, their columns, and which refers to which), filled in the order of their foreign keys
by binary COPY, streamed from one read transaction of the SQLite file. Ids are kept, so the
identity sequences are moved past the highest id afterwards; and the tables are analysed, so
that the bot's first queries are not planned without statistics.

Everything the triggers keep (tallies, chosen options, status history, the search documents)
is copied as it is, with the target's triggers off during the copy: they would otherwise
count every answer a second time. The search tables are copied as (rowid, body); PostgreSQL
computes the words of each body itself. The whole copy is one transaction: when a count
differs at the end, or anything fails, nothing of it stays.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiosqlite
import asyncpg

from storage.postgresql import PostgresDatabase
from storage.sqlite import SqliteDatabase

BATCH = 5_000
VERSIONS = "schema_migrations"  # each database keeps its own
Progress = Callable[[str, int, int], None]  # table, rows copied so far, rows in all


class CopyRefused(Exception):
    """The copy cannot be made; nothing was changed (the message says why)."""


@dataclass(frozen=True)
class Counted:
    table: str
    source: int
    target: int


@dataclass
class Table:
    name: str
    columns: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    key: list[str] = field(default_factory=list)
    identity: str | None = None
    refers_to: dict[str, set[str]] = field(default_factory=dict)  # table -> nullable columns
    deferred: list[str] = field(default_factory=list)  # filled by an UPDATE after all rows


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


async def occupied(connection: Any) -> dict[str, int]:
    """The tables of the target's schema that hold rows, and how many."""
    names = await connection.fetch(
        "SELECT relname FROM pg_class WHERE relkind = 'r'"
        " AND relnamespace = current_schema()::regnamespace ORDER BY relname"
    )
    found = {}
    for (name,) in names:
        if name != VERSIONS and await connection.fetchval(
            f"SELECT EXISTS (SELECT 1 FROM {_quoted(name)})"
        ):
            found[name] = await connection.fetchval(f"SELECT COUNT(*) FROM {_quoted(name)}")
    return found


async def _tables(connection: Any) -> dict[str, Table]:
    """The target's tables: columns to fill (not generated), key, identity, foreign keys."""
    tables: dict[str, Table] = {}
    for row in await connection.fetch(
        "SELECT c.table_name, c.column_name, c.data_type, c.is_identity = 'YES' AS identity"
        " FROM information_schema.columns c JOIN information_schema.tables t"
        " USING (table_schema, table_name)"
        " WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'"
        " AND c.is_generated = 'NEVER' AND c.table_name <> $1"
        " ORDER BY c.table_name, c.ordinal_position",
        VERSIONS,
    ):
        table = tables.setdefault(row["table_name"], Table(row["table_name"]))
        table.columns.append(row["column_name"])
        table.types.append(row["data_type"])
        if row["identity"]:
            table.identity = row["column_name"]
    for row in await connection.fetch(
        "SELECT k.conrelid::regclass::text AS name, k.contype::text AS kind,"
        " k.confrelid::regclass::text AS refers_to,"
        " ARRAY(SELECT a.attname FROM unnest(k.conkey) AS n"
        "  JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = n) AS columns,"
        " bool_and(NOT a.attnotnull) AS nullable"
        " FROM pg_constraint k JOIN pg_attribute a"
        " ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)"
        " WHERE k.contype IN ('p', 'f') AND k.connamespace = current_schema()::regnamespace"
        " GROUP BY k.oid, k.conrelid, k.contype, k.confrelid, k.conkey"
    ):
        if (owner := tables.get(row["name"].strip('"'))) is None:
            continue
        if row["kind"] == "p":
            owner.key = list(row["columns"])
        elif row["refers_to"].strip('"') != owner.name:
            columns = owner.refers_to.setdefault(row["refers_to"].strip('"'), set())
            if row["nullable"]:
                columns.update(row["columns"])
    return tables


def in_order(tables: dict[str, Table]) -> list[Table]:
    """Tables after those they refer to. A cycle (users' active registration refers to
    registrations, which refer to users) is broken at a nullable foreign key: that column
    is filled afterwards."""
    placed: list[Table] = []
    waiting = dict(sorted(tables.items()))
    while waiting:
        ready = [
            t
            for t in waiting.values()
            if all(r not in waiting or r == t.name for r in t.refers_to)
        ]
        if not ready:  # a cycle: defer the nullable references of the first table that can
            for table in waiting.values():
                later = [r for r in table.refers_to if r in waiting]
                if all(table.refers_to[r] for r in later) and len(table.key) == 1:
                    table.deferred = sorted(set().union(*(table.refers_to[r] for r in later)))
                    ready = [table]
                    break
            else:
                raise CopyRefused(f"the tables {sorted(waiting)} refer to each other")
        for table in ready:
            placed.append(table)
            del waiting[table.name]
    return placed


_KINDS: dict[str, type] = {
    "bigint": int, "integer": int, "smallint": int,
    "double precision": float, "real": float, "numeric": float,
    "text": str, "character varying": str,
}  # fmt: skip


def _converter(types: list[str]) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
    """A row of SQLite's values as PostgreSQL's binary COPY wants them (SQLite's columns
    may hold a value of another type than their affinity: 7 in a TEXT column)."""
    kinds = [_KINDS.get(name) for name in types]

    def convert(value: Any, kind: type | None) -> Any:
        if value is None or kind is None or type(value) is kind:
            return value
        if isinstance(value, bytes) and kind is str:
            return value.decode("utf-8")
        return kind(value)

    return lambda row: tuple(convert(v, k) for v, k in zip(row, kinds, strict=True))


async def _source_version(reading: aiosqlite.Connection) -> int | None:
    cursor = await reading.execute(f"SELECT MAX(version) FROM {VERSIONS}")
    row = await cursor.fetchone()
    await cursor.close()
    return None if row is None else row[0]


def _check_sqlite(source: Path) -> None:
    if not source.is_file():
        raise CopyRefused(f"no SQLite database at {source}")
    with source.open("rb") as file:
        if file.read(16) != b"SQLite format 3\x00":
            raise CopyRefused(f"{source} is not a SQLite database")


async def _prepare(source: Path, target: str) -> None:
    """Refuses what cannot be copied, and migrates both databases to the same version."""
    _check_sqlite(source)
    connection = await asyncpg.connect(target)
    try:
        if found := await occupied(connection):
            named = [f"{name} ({n:,} row{'' if n == 1 else 's'})" for name, n in found.items()]
            more = len(named) - 3
            listed = ", ".join(named[:3]) + (f" and {more} more table(s)" if more > 0 else "")
            raise CopyRefused(
                f"the target database is not empty: {listed}. db copy fills an empty"
                " database only; nothing was changed"
            )
    finally:
        await connection.close()
    for database in (SqliteDatabase(source), PostgresDatabase(target)):
        await database.open()  # migrates
        await database.close()


async def copy_database(
    source: Path, target: str, *, progress: Progress, batch: int = BATCH
) -> list[Counted]:
    """Copies every row of the SQLite file `source` into the empty PostgreSQL database of
    the URL `target`; returns each table's counts (CopyRefused when they differ: nothing is
    kept then)."""
    await _prepare(source, target)
    reading = await aiosqlite.connect(f"file:{source}?mode=ro", uri=True)
    writing = await asyncpg.connect(target)
    try:
        if await _source_version(reading) != await writing.fetchval(
            f"SELECT MAX(version) FROM {VERSIONS}"
        ):
            raise CopyRefused("the two databases' schema versions differ after migrating")
        tables = in_order(await _tables(writing))
        await reading.execute("BEGIN")  # one snapshot of every table
        counts = {}
        for table in tables:
            cursor = await reading.execute(f"SELECT COUNT(*) FROM {_quoted(table.name)}")
            counts[table.name] = (await cursor.fetchone() or (0,))[0]
        async with writing.transaction():
            counted = await _copy(reading, writing, tables, counts, progress, batch)
        # The planner's statistics now, not at autovacuum's next round: until then it takes
        # every table for empty, and the bot's first queries are planned blind. VACUUM too:
        # it marks the copied rows visible to all once, which the bot's first reads of each
        # page would otherwise do (writing it back), and lets counts read indexes alone.
        await writing.execute("VACUUM (ANALYZE)")
        return counted
    finally:
        await writing.close()
        await reading.close()


async def _rows(
    reading: aiosqlite.Connection,
    sql: str,
    table: Table,
    total: int,
    progress: Progress,
    batch: int,
) -> AsyncIterator[tuple[Any, ...]]:
    convert = _converter(table.types)
    cursor = await reading.execute(sql)
    done = 0
    while rows := list(await cursor.fetchmany(batch)):
        for row in rows:
            yield convert(tuple(row))
        done += len(rows)
        progress(table.name, done, total)
    await cursor.close()


async def _copy(
    reading: aiosqlite.Connection,
    writing: Any,
    tables: list[Table],
    counts: dict[str, int],
    progress: Progress,
    batch: int,
) -> list[Counted]:
    for table in tables:  # the triggers would count every copied answer again
        await writing.execute(f"ALTER TABLE {_quoted(table.name)} DISABLE TRIGGER USER")
    for table in tables:
        listed = ", ".join(
            "NULL" if column in table.deferred else _quoted(column) for column in table.columns
        )
        sql = f"SELECT {listed} FROM {_quoted(table.name)}"
        rows = _rows(reading, sql, table, counts[table.name], progress, batch)
        await writing.copy_records_to_table(table.name, records=rows, columns=table.columns)
    for table in tables:
        for column in table.deferred:
            await _fill_later(reading, writing, table, column, batch)
        if table.identity is not None:
            name, column = _quoted(table.name), _quoted(table.identity)
            await writing.execute(
                f"SELECT setval(pg_get_serial_sequence($1, $2), COALESCE(MAX({column}), 0) + 1,"
                f" false) FROM {name}",
                table.name,
                table.identity,
            )
        await writing.execute(f"ALTER TABLE {_quoted(table.name)} ENABLE TRIGGER USER")
    counted = [
        Counted(
            t.name,
            counts[t.name],
            await writing.fetchval(f"SELECT COUNT(*) FROM {_quoted(t.name)}"),
        )
        for t in tables
    ]
    if differ := [c for c in counted if c.source != c.target]:
        listed = ", ".join(f"{c.table} {c.source} → {c.target}" for c in differ)
        raise CopyRefused(f"the counts differ ({listed}); nothing was kept")
    return counted


async def _fill_later(
    reading: aiosqlite.Connection, writing: Any, table: Table, column: str, batch: int
) -> None:
    """Fills a column left empty to break a cycle, once the rows it refers to are in."""
    key, name, value = _quoted(table.key[0]), _quoted(table.name), _quoted(column)
    await writing.execute(
        f"CREATE TEMPORARY TABLE copy_later ON COMMIT DROP AS"
        f" SELECT {key} AS key, {value} AS value FROM {name} WITH NO DATA"
    )
    cursor = await reading.execute(f"SELECT {key}, {value} FROM {name} WHERE {value} IS NOT NULL")
    while rows := await cursor.fetchmany(batch):
        await writing.copy_records_to_table("copy_later", records=[tuple(r) for r in rows])
    await cursor.close()
    await writing.execute(
        f"UPDATE {name} SET {value} = l.value FROM copy_later l WHERE {name}.{key} = l.key"
    )
    await writing.execute("DROP TABLE copy_later")
