"""SQLite beside PostgreSQL: `python -m bench --postgres` (a throwaway cluster, as the tests
start one) or `python -m bench --database postgresql://…` (a server where the role may
create databases: the bench makes its own there and drops them afterwards).

The scale rows (exports, /admin, statistics, /find, the directory, start-up) and the
interactive row run on both in the same run. The PostgreSQL databases are copies of the
SQLite ones `bench/scale.py` generates, made by `db copy` (storage/copy.py), so both hold the
same rows. The scale rows are measured with the two taking turns, look by look, after one
warm-up look each (a running bot's connections are warm): a change of load on the shared
machine then falls on both. Target: each PostgreSQL figure within 1.5× of SQLite's.

Then PostgreSQL alone: updates a second with 3 webhook replicas against 1, on one database
(bench/replicas.py), reported.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path

import asyncpg

from bench import interactive, replicas, scale
from bench.report import COLUMNS, Row, machine, table
from storage.copy import copy_database

TARGET = 1.5
# Looks at each screen on each database, taking turns (after one warm-up look each): the
# screens take milliseconds, and a median of 9 stands a noisy shared machine better than of 5.
ROUNDS = 9
REGISTERING = 40  # volunteers through 1 replica, then as many through 3: ~50 s in all
_numbers = itertools.count(1)


def _in(server: str, name: str) -> str:
    """The URL of database `name` on the server of `server`."""
    base, _, _ = server.partition("?")[0].rpartition("/")
    return f"{base}/{name}"


@asynccontextmanager
async def fresh_databases(server: str, count: int) -> AsyncIterator[list[str]]:
    """`count` new, empty databases on `server` (UTF-8, as Persian search needs), dropped
    afterwards."""
    names = [f"farakhan_bench_{os.getpid()}_{next(_numbers)}" for _ in range(count)]
    connection = await asyncpg.connect(server)
    try:
        for name in names:
            await connection.execute(
                f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'"
                " LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
            )
        yield [_in(server, name) for name in names]
    finally:
        for name in names:
            await connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await connection.close()


async def compare(server: str, size: int, volunteers: int, registering: int) -> list[Row]:
    """The scale figures at `size` and the interactive run of `volunteers`, on SQLite and on
    PostgreSQL; then `registering` volunteers through 1 replica and through 3; as rows."""
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        lite = await scale.build(size, here)
        async with fresh_databases(server, 5) as urls:
            started = time.perf_counter()
            copied = 0
            for source, target in zip((lite.call, lite.busy, lite.empty), urls, strict=False):
                assert isinstance(source, Path)
                counts = await copy_database(source, target, progress=lambda *_: None)
                copied += sum(c.target for c in counts)
            copy_seconds = time.perf_counter() - started
            post = scale.Databases(*urls[:3])
            on_sqlite, on_postgres = await scale.measure_alternately(
                [lite, post], size, here, rounds=ROUNDS
            )
            ours_lite, submitted_lite = await interactive.our_throughput(
                volunteers, here / "interactive.db"
            )
            ours_post, submitted_post = await interactive.our_throughput(volunteers, urls[3])
            alone, three = await replicas.measure(urls[4], registering)
    rows = _scale_rows(on_sqlite, on_postgres)
    ratio = ours_lite.per_second / ours_post.per_second
    rows += [
        Row(
            f"PostgreSQL: interactive updates/s, {volunteers} volunteers registering",
            f"{ours_post.per_second:.0f}/s (p50 {ours_post.p50 * 1000:.0f} ms)",
            f"{ours_lite.per_second:.0f}/s (p50 {ours_lite.p50 * 1000:.0f} ms) on SQLite",
            f"{ratio:.2f}×",
            f"≤ {TARGET:g}× SQLite's time",
            ratio <= TARGET,
        ),
        Row(
            "PostgreSQL: interactive registrations submitted",
            str(submitted_post),
            f"{volunteers} ({submitted_lite} on SQLite)",
            "",
            "all",
            submitted_post == submitted_lite == volunteers,
        ),
        Row(
            f"PostgreSQL: db copy of the scale databases, {copied:,} rows",
            f"{copy_seconds:.1f} s",
            "",
            "",
            "report",
            None,
        ),
        *_replica_rows(alone, three),
    ]
    return rows


def _replica_rows(alone: replicas.ReplicaRun, three: replicas.ReplicaRun) -> list[Row]:
    def load(run: replicas.ReplicaRun) -> str:
        return f"{run.cores:.1f} cores, {run.lock_waits:.0%} of sessions waiting on a lock"

    def cpu(run: replicas.ReplicaRun) -> str:
        return " + ".join(
            f"{part} {run.cpu_per_update(part) * 1000:.1f}"
            for part in ("replicas", "PostgreSQL", "emulator and proxy")
        )

    return [
        Row(
            f"PostgreSQL: updates/s, 3 replicas ÷ 1, {three.volunteers} volunteers registering",
            f"{three.per_second:.0f}/s (3 replicas)",
            f"{alone.per_second:.0f}/s (1 replica)",
            f"{three.per_second / alone.per_second:.2f}×",
            f"report (sends at up to {replicas.RATE:,.0f}/s, no per-chat limit)",
            None,
        ),
        Row(
            "PostgreSQL: replicas' CPU a second, 3 / 1",
            load(three),
            load(alone),
            "",
            "report",
            None,
        ),
        Row(
            "PostgreSQL: CPU ms an update, 3 / 1 replicas",
            cpu(three),
            cpu(alone),
            "",
            "report",
            None,
        ),
        Row(
            "PostgreSQL: registrations submitted, 3 / 1 replicas",
            f"{three.submitted} / {alone.submitted}",
            str(three.volunteers),
            "",
            "all",
            three.submitted == alone.submitted == three.volunteers,
        ),
    ]


# The figures compared, and how each is shown (the rest: memory, the size).
_SHOWN: dict[str, tuple[str, Callable[[float], str]]] = {
    "csv_seconds": ("CSV export", lambda s: f"{s:.2f} s"),
    "xlsx_seconds": ("XLSX export", lambda s: f"{s:.2f} s"),
    "admin_seconds": ("/admin", lambda s: f"{s * 1000:.0f} ms"),
    "stats_seconds": ("statistics", lambda s: f"{s * 1000:.0f} ms"),
    "chart_seconds": ("statistics chart sent", lambda s: f"{s * 1000:.0f} ms"),
    "find_seconds": ("/find (slowest query)", lambda s: f"{s * 1000:.0f} ms"),
    "directory_seconds": ("/directory", lambda s: f"{s * 1000:.0f} ms"),
    "directory_page_seconds": ("directory page, one filter", lambda s: f"{s * 1000:.0f} ms"),
    "directory_search_seconds": ("/directory search", lambda s: f"{s * 1000:.0f} ms"),
    "startup_seconds": ("start-up, N pending deliveries, N/10 reminders", lambda s: f"{s:.2f} s"),
    "empty_startup_seconds": ("start-up, empty database", lambda s: f"{s:.2f} s"),
}


def _scale_rows(lite: scale.ScaleFigures, post: scale.ScaleFigures) -> list[Row]:
    n = f"{lite.size // 1000}k" if lite.size % 1000 == 0 else str(lite.size)
    rows = []
    for field in fields(scale.ScaleFigures):
        if field.name not in _SHOWN:
            continue
        name, shown = _SHOWN[field.name]
        ours, theirs = getattr(post, field.name), getattr(lite, field.name)
        ratio = ours / theirs if theirs else float("inf")
        rows.append(
            Row(
                f"PostgreSQL: {name}, {n}",
                shown(ours),
                f"{shown(theirs)} on SQLite",
                f"{ratio:.2f}×",
                f"≤ {TARGET:g}×",
                ratio <= TARGET,
            )
        )
    rows.append(
        Row(
            f"PostgreSQL: export peak RSS (CSV / XLSX), {n}",
            f"{post.csv_rss_mb:.0f} / {post.xlsx_rss_mb:.0f} MB",
            f"{lite.csv_rss_mb:.0f} / {lite.xlsx_rss_mb:.0f} MB on SQLite",
            "",
            "report",
            None,
        )
    )
    return rows


def main(args: argparse.Namespace) -> int:
    """Runs the comparison (on `--database`, or a cluster started for it); prints the table
    and writes it to `--output` if asked. Exits 1 when a registration was lost."""
    sizes = (2_000, 200, 20) if args.quick else (100_000, 2_000, REGISTERING)
    size, volunteers = args.size or sizes[0], args.volunteers or sizes[1]
    cluster = None
    if args.database:
        server = args.database
    else:
        from tests.postgres import NoPostgres, start_cluster  # the tests' throwaway cluster

        try:
            cluster = start_cluster()
        except NoPostgres as error:
            print(f"bench: no PostgreSQL: {error}", file=sys.stderr)
            return 2
        server = cluster.url
    started = time.monotonic()
    load_before = os.getloadavg()
    try:
        rows = asyncio.run(compare(server, size, volunteers, sizes[2]))
    finally:
        if cluster is not None:
            cluster.stop()
    seconds = time.monotonic() - started
    load = f"load average {_load(load_before)} at the start, {_load(os.getloadavg())} at the end"
    print(table(rows))
    print(f"\nPostgreSQL beside SQLite: {seconds:.0f} s; {load}")
    if args.output is not None:
        where = "--database URL" if args.database else "--postgres"
        arguments = f"{where} --size {size} --volunteers {volunteers}"
        text = _markdown(rows, seconds, arguments, load)
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output}")
    return 1 if any(r.passed is False and "submitted" in r.figure for r in rows) else 0


def _load(averages: tuple[float, float, float]) -> str:
    """The load averages over 1, 5 and 15 minutes, as `uptime` shows them."""
    return " / ".join(f"{average:.2f}" for average in averages)


def _markdown(rows: list[Row], seconds: float, arguments: str, load: str) -> str:
    """The table as Markdown, with when, how big, and the machine."""
    when = datetime.now(UTC)
    lines = [
        "# PostgreSQL beside SQLite",
        "",
        f"`python -m bench {arguments}`,"
        f" {when:%Y-%m-%d %H:%M} UTC, {seconds / 60:.1f} minutes, {load}. Each PostgreSQL"
        " figure stands beside SQLite's from the same run (bench/postgres.py); the scale"
        f" rows' screens and start-ups are medians of {ROUNDS} looks, SQLite and PostgreSQL"
        " taking turns after one warm-up look each.",
        "",
        "| " + " | ".join(c or "result" for c in COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
        *("| " + " | ".join(c.replace("|", "/") for c in row.cells()) + " |" for row in rows),
        "",
        *(f"- {key}: {value}" for key, value in machine().items()),
        "",
    ]
    return "\n".join(lines)
