"""Scale: one call with N users and N registrations, generated straight into the database.

For a size N it measures the CSV and XLSX exports (time, and peak memory in a process of
their own), the admin's `/admin`, statistics (and the chart sent after it) and `/find`
screens, `/directory` over N entries (a page of it with one filter ticked, and a search of
it), and start-up with N pending deliveries and N/10 planned reminders. Run at two sizes, the
figures show how each grows.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path

from telegram.ext import Application

from bench import dataset
from bench.harness import OPEN_MOMENT
from bench.inprocess import InProcessRequest, feed, our_bot
from bot.domain.calls import ReminderPlan
from bot.domain.clock import ManualClock
from bot.domain.normalize import to_persian_digits
from bot.domain.reminders import plan
from bot.domain.settings import load_settings
from bot.services.container import Services
from handlers.context import SERVICES_KEY
from storage import Storage

ADMIN = 42
REPEATS = 5  # each screen is asked for this many times; the median counts
REMINDERS_PER_CALL = 10  # 3 offsets × 3 audiences, and closing
ROOT = Path(__file__).resolve().parent.parent
STATS_TITLE = "<b>آمار «"  # the statistics screen's first words (fa catalog: stats.title)
FOUND = "ثبت‌نام پیدا شد"  # /find's results say how many were found (fa catalog: find.results)
DIRECTORY_TITLE = "📇 <b>بانک کارشناسان</b>"  # fa catalog: directory.title
FILTER = "حریم خصوصی و امنیت"  # an expertise ticked before a page of the directory is asked for
SEARCHED = "نفر پیدا شد"  # how many a search of the directory found (directory.search.title)


@dataclass(frozen=True)
class ScaleFigures:
    size: int
    csv_seconds: float
    csv_rss_mb: float
    xlsx_seconds: float
    xlsx_rss_mb: float
    idle_rss_mb: float  # the export process before exporting: Python and the bot's modules
    admin_seconds: float
    stats_seconds: float  # until the statistics screen is shown
    chart_seconds: float  # until the chart under it is sent (drawn meanwhile)
    find_seconds: float  # the slowest of find_queries(size), each the median of REPEATS
    directory_seconds: float  # /directory: N entries counted by each profile choice
    directory_page_seconds: float  # a page of the directory with one option ticked
    directory_search_seconds: float  # the slowest of directory_queries(size), each the median
    startup_seconds: float  # with `size` pending deliveries and size/10 planned reminders
    empty_startup_seconds: float


@dataclass(frozen=True)
class Databases:
    """What one size is measured on: a SQLite file's path, or a PostgreSQL URL, each."""

    call: Path | str  # one call with N registrations and N directory entries
    busy: Path | str  # N pending deliveries and N/10 planned reminders
    empty: Path | str


async def measure(size: int, folder: Path) -> ScaleFigures:
    """All the figures at one size; databases and exports are written under `folder`."""
    return await measure_on(await build(size, folder), size, folder)


async def build(size: int, folder: Path) -> Databases:
    """The SQLite databases of one size, generated under `folder`."""
    database = folder / f"call-{size}.db"
    [call_id] = await dataset.create(database, [dataset.sample_spec()])
    users = dataset.add_users(database, size)
    dataset.add_registrations(database, call_id, users)
    dataset.add_directory(database, call_id, users)
    busy = folder / f"startup-{size}.db"
    await _startup_database(busy, size)
    empty = folder / f"startup-empty-{size}.db"
    await dataset.create(empty, [])
    return Databases(database, busy, empty)


async def measure_on(databases: Databases, size: int, folder: Path) -> ScaleFigures:
    """All the figures at one size, on databases `build` made (or copies of them)."""
    [figures] = await measure_alternately([databases], size, folder)
    return figures


async def measure_alternately(
    sides: Sequence[Databases], size: int, folder: Path, rounds: int = REPEATS
) -> list[ScaleFigures]:
    """All the figures at one size on each of `sides` (the same rows in each), the sides taking
    turns look by look (one, the other, one, …), so a change of the machine's load falls on
    both alike. Before the `rounds` counted, one look at each screen on each side is made and
    not counted: a running bot has warm connections (and, on PostgreSQL, statements prepared
    on them). Each figure is the median of its `rounds` (the exports: the fastest)."""
    exports = await _exports_alternately([side.call for side in sides], size, folder)
    calls = [side.call for side in sides]
    admin = await _alternately(calls, _admin_look(size), rounds)
    directory = await _alternately(calls, _directory_look(size), rounds)
    startup = await _startups_alternately([side.busy for side in sides], rounds)
    empty = await _startups_alternately([side.empty for side in sides], rounds)
    return [
        ScaleFigures(
            size=size,
            csv_seconds=export["csv"]["seconds"],
            csv_rss_mb=export["csv"]["peak_rss_mb"],
            xlsx_seconds=export["xlsx"]["seconds"],
            xlsx_rss_mb=export["xlsx"]["peak_rss_mb"],
            idle_rss_mb=min(export[fmt]["rss_before_mb"] for fmt in ("csv", "xlsx")),
            admin_seconds=screens["admin"],
            stats_seconds=screens["stats"],
            chart_seconds=screens["chart"],
            find_seconds=_slowest(screens, "find"),
            directory_seconds=pages["home"],
            directory_page_seconds=pages["page"],
            directory_search_seconds=_slowest(pages, "search"),
            startup_seconds=busy,
            empty_startup_seconds=idle,
        )
        for export, screens, pages, busy, idle in zip(
            exports, admin, directory, startup, empty, strict=True
        )
    ]


def _slowest(medians: dict[str, float], kind: str) -> float:
    """The slowest of the queries of one kind (keys `kind:query`), each a median."""
    return max(seconds for key, seconds in medians.items() if key.startswith(f"{kind}:"))


async def _exports_alternately(
    databases: Sequence[Path | str], size: int, folder: Path
) -> list[dict[str, dict[str, float]]]:
    """For each database, its CSV and XLSX figures (by format): the fastest of 3 and of 2
    runs, the databases taking turns."""
    figures: list[dict[str, dict[str, float]]] = [{} for _ in databases]
    for fmt, runs in (("csv", 3), ("xlsx", 2)):
        results: list[list[dict[str, float]]] = [[] for _ in databases]
        for _ in range(runs):
            for n, database in enumerate(databases):
                output = folder / f"export-{size}-{n}.{fmt}"
                results[n].append(await _export(database, fmt, output))
        for side, side_results in zip(figures, results, strict=True):
            side[fmt] = _best(side_results)
    return figures


def _best(results: list[dict[str, float]]) -> dict[str, float]:
    """The fastest of a few runs (a noisy machine only ever slows one down), and the
    highest peak memory among them."""
    best = min(results, key=lambda result: result["seconds"])
    return best | {"peak_rss_mb": max(result["peak_rss_mb"] for result in results)}


async def _export(database: Path | str, fmt: str, output: Path) -> dict[str, float]:
    """Runs one export in a child process; its figures (seconds, peak RSS in MB)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.export_child",
        str(database),
        dataset.sample_spec().slug,
        fmt,
        str(output),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await process.communicate()
    if process.returncode:
        raise RuntimeError(f"the {fmt} export failed (exit {process.returncode})")
    return json.loads(out.decode().strip().splitlines()[-1])


def find_queries(size: int) -> list[str]:
    """What an admin looks up among `size` registrations (bench/dataset.py's): one person's
    phone in Persian digits, a reference code in lower case, and a full name that thousands
    share (the broadest: every match counted, the newest ten listed)."""
    one = size // 2 + 10  # a submitted one (a draft has no reference code)
    return [
        to_persian_digits(f"0912{one % 10_000_000:07d}"),
        f"fk-{one:07d}",
        f"{dataset.FIRST_NAMES[3]} {dataset.LAST_NAMES[1]}",
    ]


Look = Callable[[Application, InProcessRequest], Awaitable[dict[str, float]]]


async def _alternately(
    databases: Sequence[Path | str], look: Look, rounds: int
) -> list[dict[str, float]]:
    """`look` at each database's bot in turn: once not counted, then `rounds` times; for
    each database, the median seconds of each screen the look times."""
    async with AsyncExitStack() as stack:
        bots = []
        for database in databases:
            request = InProcessRequest()
            clock = ManualClock(OPEN_MOMENT)
            bot = our_bot(request, database, clock, ADMIN_IDS=str(ADMIN))
            app = await stack.enter_async_context(bot)
            # One admin asking for a screen a few times a second for as long as the rounds
            # last is the bench, not a flood to silence (50 updates in 10 s would be).
            services: Services = app.bot_data[SERVICES_KEY]
            services.flood.limit = sys.maxsize
            bots.append((app, request))
        for app, request in bots:
            await look(app, request)  # the warm-up
        times: list[dict[str, list[float]]] = [{} for _ in bots]
        for _ in range(rounds):
            for (app, request), side in zip(bots, times, strict=True):
                for screen, seconds in (await look(app, request)).items():
                    side.setdefault(screen, []).append(seconds)
    return [{screen: statistics.median(s) for screen, s in side.items()} for side in times]


def _admin_look(size: int) -> Look:
    """One look at `/admin`, at a call's statistics screen as the admin sees it (in place of
    the call's panel), until the chart that follows it is sent, and at each `/find` of
    find_queries(size): seconds by screen (`find:<query>` for each query)."""

    async def look(app: Application, request: InProcessRequest) -> dict[str, float]:
        seconds = {"admin": await _timed(app, request.text_update(ADMIN, "/admin"))}
        title = dataset.sample_spec().title["fa"]
        await feed(app, request.press_update(ADMIN, title[:20]))
        started = time.perf_counter()
        seconds["chart"] = await _timed(app, request.press_update(ADMIN, "📊"))
        shown = request.answered_at.get("editMessageText", 0.0)
        if request.answered_at.get("sendPhoto", 0.0) < started or shown < started:
            raise RuntimeError(
                "the statistics screen or its chart did not show:"
                f" {request.answered_at} since {started}; {request.chat(ADMIN).last_text[:300]}"
            )
        if not any(STATS_TITLE in m["text"] for m in request.chat(ADMIN).messages.values()):
            raise RuntimeError("the statistics screen did not show")
        seconds["stats"] = shown - started
        for query in find_queries(size):
            seconds[f"find:{query}"] = await _timed(
                app, request.text_update(ADMIN, f"/find {query}")
            )
            if FOUND not in request.chat(ADMIN).last_text:
                raise RuntimeError(f"/find {query} found nothing")
        return seconds

    return look


def directory_queries(size: int) -> list[str]:
    """What an admin looks up among `size` directory entries (bench/dataset.py's): /find's
    phone and shared full name (every match counted and sorted by renewal, ten listed); the
    directory keeps no reference codes."""
    phone, _, name = find_queries(size)
    return [phone, name]


def _directory_look(size: int) -> Look:
    """One look at `/directory`, at a page of it with one expertise ticked, and at each
    `/directory <text>` of directory_queries(size): seconds by screen."""

    async def look(app: Application, request: InProcessRequest) -> dict[str, float]:
        seconds = {"home": await _timed(app, request.text_update(ADMIN, "/directory"))}
        if DIRECTORY_TITLE not in request.chat(ADMIN).last_text:
            raise RuntimeError("the directory did not show")
        await feed(app, request.press_update(ADMIN, FILTER))
        seconds["page"] = await _timed(app, request.press_update(ADMIN, "📋"))
        if "صفحهٔ ۱ از" not in request.chat(ADMIN).last_text:
            raise RuntimeError("the directory's page did not show")
        for query in directory_queries(size):
            update = request.text_update(ADMIN, f"/directory {query}")
            seconds[f"search:{query}"] = await _timed(app, update)
            if SEARCHED not in request.chat(ADMIN).last_text:
                raise RuntimeError(f"/directory {query} found nothing")
        return seconds

    return look


async def _timed(app, update: dict) -> float:
    started = time.perf_counter()
    await feed(app, update)
    return time.perf_counter() - started


async def _startup_database(path: Path, size: int) -> None:
    """`size` users with one pending delivery each, and size/10 planned reminders."""
    calls = max(1, size // 10 // REMINDERS_PER_CALL)
    reminders = ReminderPlan(everyone=True)  # 3 offsets × drafts, followers, everyone
    specs = [dataset.sample_spec(f"call-{n}", reminders=reminders) for n in range(calls)]
    await dataset.create(path, specs)
    users = dataset.add_users(path, size)
    dataset.add_backlog(path, users, OPEN_MOMENT)
    settings = load_settings(_env_file=None)
    storage = await Storage.open(path)
    try:
        for call in await storage.calls.all():
            await storage.reminders.replan(call.id, plan(call, settings.quiet_window, settings.tz))
    finally:
        await storage.close()


async def _startups_alternately(databases: Sequence[Path | str], rounds: int) -> list[float]:
    """Each database's median start-up over `rounds`, taking turns, after one not counted."""
    for database in databases:
        await _startup(database)
    times: list[list[float]] = [[] for _ in databases]
    for _ in range(rounds):
        for database, side in zip(databases, times, strict=True):
            side.append(await _startup(database))
    return [statistics.median(side) for side in times]


async def _startup(database: Path | str) -> float:
    """Seconds from building the application to its being ready for updates."""
    request = InProcessRequest()
    started = time.perf_counter()
    async with our_bot(request, database, ManualClock(OPEN_MOMENT)) as app:
        seconds = time.perf_counter() - started
        services: Services = app.bot_data[SERVICES_KEY]
        assert services.scheduler is not None
    return seconds
