"""What the command-line commands do (bot/__main__.py only parses arguments)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import aiosqlite
from telegram import Bot, Update
from telegram.error import BadRequest, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application

from bot.domain.calls import SAMPLE_CALL, CallFileError, load_call_file
from bot.domain.clock import SystemClock
from bot.domain.dates import format_jalali_iso
from bot.domain.messenger import profile_for
from bot.domain.refusal import Refusal
from bot.domain.settings import Settings, load_settings
from bot.runtime import probe
from bot.runtime.app import api_urls, build_application, running
from bot.runtime.logs import configure, redact
from bot.runtime.replicas import AnotherPoller
from bot.runtime.signals import stop_signal
from bot.runtime.webhook import WebhookServer
from bot.sending.budget import seconds
from bot.sending.notices import Notices
from bot.services.call_admin import CallAdmin
from bot.services.export import export_file
from bot.services.seats import Seats
from bot.ui.texts import Translator
from storage import POSTGRESQL_SCHEMES, Storage

logger = logging.getLogger(__name__)

ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]


def fail(message: str, code: int = 2) -> int:
    print(f"farakhan: {redact(message)}", file=sys.stderr)
    return code


async def migrate(settings: Settings) -> int:
    storage = await Storage.open(settings.database)
    await storage.close()
    print(f"Database ready: {settings.database_name}")
    return 0


async def import_call(settings: Settings, path: Path, *, force: bool = False) -> int:
    """Creates or updates a call from a YAML file; nothing is written if the file is bad.

    Volunteers a larger capacity moves off the waiting list are told by the bot: their
    notices wait in the outbox, which the running bot (or the next one started) delivers.
    """
    try:
        spec = load_call_file(path, settings.tz)
    except CallFileError as error:
        print(f"farakhan: {path} has {len(error.problems)} problem(s):", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    clock = SystemClock()
    storage = await Storage.open(settings.database)
    try:
        notices = Notices(storage=storage, outbox=None, settings=settings, clock=clock)
        seats = Seats(storage=storage, notices=notices, clock=clock)
        admin = CallAdmin(storage=storage, clock=clock, settings=settings, seats=seats)
        outcome = await admin.save(None, spec, force=force)
    finally:
        await storage.close()
    deadline = f"{format_jalali_iso(spec.deadline_at, settings.tz)} {settings.timezone}"
    if isinstance(outcome[0], Refusal):
        refusal, problems = outcome
        if refusal.key == "admin.file.deadline_passed":
            return fail(
                f"the deadline in {path} ({deadline}) has already passed, so the call would be"
                " closed from the start; nothing was saved. Move deadline_at ahead, or add"
                " --force to import it closed."
            )
        print(
            f"farakhan: {spec.slug!r} already has {refusal.params['count']} registration(s), "
            "so its form can only grow by optional questions:",
            file=sys.stderr,
        )
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    call, created = outcome
    print(f"{'Created' if created else 'Updated'} call {call.slug!r} (deadline {deadline}).")
    if call.deadline_at <= clock.now():
        print("Note: its deadline has passed: it takes no registrations.")
    return 0


async def list_calls(settings: Settings) -> int:
    storage = await Storage.open(settings.database)
    try:
        calls = await storage.calls.all()
        if not calls:
            print("No calls yet. Import one: python -m bot calls import calls/<file>.yaml")
        for call in calls:
            counts = await storage.registrations.count_by_status(call.id)
            deadline = format_jalali_iso(call.deadline_at, settings.tz)
            summary = ", ".join(f"{status}={n}" for status, n in counts.items() if n)
            print(
                f"{call.slug}\t{call.status}\tdeadline {deadline}\t{summary or 'no registrations'}"
            )
    finally:
        await storage.close()
    return 0


async def export(
    settings: Settings, slug: str, output: Path, language: str | None, fmt: str = "csv"
) -> int:
    """Writes a call's registrations to `output` as CSV or XLSX."""
    storage = await Storage.open(settings.database)
    try:
        call = await storage.calls.by_slug(slug)
        if call is None:
            known = ", ".join(c.slug for c in await storage.calls.all()) or "none"
            return fail(f"no call with slug {slug!r} in {settings.database_name} (known: {known})")
        t = Translator(language or settings.default_language, settings.tz)
        count = await export_file(storage, call, fmt, output, t)
    finally:
        await storage.close()
    # The database is named: `make run` without a token keeps its own (data/emulator/).
    print(
        f"Wrote {count} registration(s) of {slug!r} to {output}"
        f" (database {settings.database_name})"
    )
    return 0


EMULATOR_DATABASE_URL = "sqlite:///data/emulator/farakhan.db"


def uses_emulator(settings: Settings) -> bool:
    """No token and no API server named: `run` starts the local Bot API emulator."""
    return settings.bot_token is None and settings.bot_api_base_url is None


async def run(settings: Settings, *, emulator_port: int, webhook: bool = False) -> int:
    """Runs the bot until SIGINT/SIGTERM; without a token, against the local emulator."""
    server = None
    if uses_emulator(settings):
        from emulator import Emulator, EmulatorServer

        # The messenger's quirks too (a clone's echoes, what it refuses): emulator/messengers.py
        server = EmulatorServer(Emulator(messenger=settings.messenger), port=emulator_port)
        await server.start()
        overrides = {
            "BOT_TOKEN": "1000000001:LOCAL-EMULATOR",
            "BOT_API_BASE_URL": server.api_base_url,
        }
        if "database_url" not in settings.model_fields_set:
            overrides["DATABASE_URL"] = EMULATOR_DATABASE_URL
        settings = load_settings(**overrides)  # arguments win over the environment
        configure(settings)
        await _import_sample_if_empty(settings)
        print(f"No BOT_TOKEN set: the bot runs against the local Bot API emulator at {server.url}")
        print(
            f"Chat with it from another terminal: .venv/bin/python -m emulator chat "
            f"--url {server.url}"
        )
    try:
        return await _serve(settings, webhook=webhook)
    finally:
        if server is not None:
            await server.stop()


async def _import_sample_if_empty(settings: Settings) -> None:
    storage = await Storage.open(settings.database)
    try:
        if not await storage.calls.all():
            spec = load_call_file(SAMPLE_CALL, settings.tz)
            await storage.calls.save(spec, SystemClock().now())
            print(f"Imported the sample call {spec.slug!r} into {settings.database_name}")
    finally:
        await storage.close()


async def _serve(settings: Settings, *, webhook: bool) -> int:
    """Runs until SIGINT/SIGTERM. An API that cannot be reached at start is tried again
    (with growing pauses) rather than given up on: the bot recovers by itself."""
    stop = stop_signal()
    pause = 1.0
    while not stop.is_set():
        app = build_application(settings, webhook=webhook)
        server = WebhookServer(app, settings, profile_for(settings)) if webhook else None
        try:
            async with running(app, server, allowed_updates=ALLOWED_UPDATES):
                _announce(app, settings, server)
                await stop.wait()
                logger.info("Stopping: finishing the updates in hand, then closing the database")
        except InvalidToken:
            return fail("BOT_TOKEN was refused by the Bot API server")
        except AnotherPoller as error:
            return fail(str(error), 1)
        except BadRequest as error:
            return fail(f"the Bot API server refused to start the bot: {error}", 1)
        except RetryAfter as error:  # reachable, but busy: it says how long to wait
            wait = seconds(error)
            print(
                f"farakhan: the Bot API server asks to wait {wait:.0f} s (429); then again",
                file=sys.stderr,
                flush=True,
            )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=wait)
            continue
        except NetworkError as error:
            print(
                f"farakhan: cannot reach the Bot API server ({redact(str(error))}); "
                f"trying again in {pause:.0f} s",
                file=sys.stderr,
                flush=True,
            )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=pause)
            pause = min(pause * 2, 60.0)
            continue
        except TelegramError as error:
            return fail(f"the Bot API server failed: {error}", 1)
        except OSError as error:  # e.g. the webhook port is taken
            return fail(f"cannot listen for the webhook: {error}", 1)
        break
    print("Farakhan stopped.", flush=True)
    return 0


def _announce(app: Application, settings: Settings, server: WebhookServer | None) -> None:
    """The one start-up line: mode, messenger, bot, database."""
    mode = "polling"
    if server is not None:
        mode = f"webhook on {settings.webhook_listen}:{settings.webhook_port}{server.path}"
    print(
        f"Farakhan is running: {mode}, messenger {settings.messenger}, "
        f"bot @{app.bot.username}, database {settings.database_name}",
        flush=True,
    )


async def check(settings: Settings) -> int:
    """Settings valid, database migrates, API reachable with the token: one line each; then
    what the messenger's profile has not confirmed, tried (never a failure: bot/runtime/probe).

    Without a token it checks what `run` would use: the emulator's database, and no API.
    """
    local = uses_emulator(settings)
    if local and "database_url" not in settings.model_fields_set:
        settings = load_settings(DATABASE_URL=EMULATOR_DATABASE_URL)
    print(f"settings: ok (messenger {settings.messenger}, database {settings.database_name})")
    try:
        storage = await Storage.open(settings.database)
    except Exception as error:  # whatever the reason, the operator needs it in one line
        return fail(f"database: cannot open {settings.database_name}: {error}", 1)
    await storage.close()
    print("database: ok (migrated)")
    if local:
        print(
            "api: no BOT_TOKEN set: `farakhan run` would use the local Bot API emulator "
            "(set BOT_TOKEN to check a real messenger)"
        )
        return 0
    base, file_base = api_urls(settings)
    bot = Bot(settings.token(), base_url=base, base_file_url=file_base)
    try:
        async with bot:
            me = bot.bot
            print(f"api: ok (@{me.username})")
            for line in await probe.unconfirmed(bot, profile_for(settings), settings):
                print(line)
    except InvalidToken:
        return fail("api: BOT_TOKEN was refused by the Bot API server")
    except NetworkError as error:
        return fail(f"api: cannot reach {urlparse(base).netloc}: {error}", 1)
    except TelegramError as error:
        return fail(f"api: {error}", 1)
    return 0


async def backup(settings: Settings, target: Path) -> int:
    """A consistent copy of the SQLite database, even while the bot is running."""
    if settings.is_postgresql:  # PostgreSQL's own tool makes a consistent copy of it
        return fail("backup copies a SQLite database; for PostgreSQL use pg_dump")
    if not settings.database_path.exists():
        return fail(f"no database at {settings.database_path}")
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():  # noqa: ASYNC240 - a one-shot command: nothing else waits on this loop
        return fail(f"{target} exists; choose a new file name")
    source = await aiosqlite.connect(settings.database_path)
    try:
        destination = await aiosqlite.connect(target)
        try:
            await source.backup(destination)  # SQLite's online backup API
        finally:
            await destination.close()
    finally:
        await source.close()
    size = target.stat().st_size  # noqa: ASYNC240 - as above
    print(f"Backed up {settings.database_path} to {target} ({size} bytes)")
    return 0


def _hidden(url: str) -> str:
    """A database URL without its password, for a line on the terminal."""
    return re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", url)


async def copy_database(source: str, target: str) -> int:
    """Copies a whole SQLite database into an empty PostgreSQL one, counts checked."""
    import asyncpg

    from storage.copy import CopyRefused
    from storage.copy import copy_database as copy_rows

    if not source.startswith("sqlite:///"):
        return fail(f"the source must be a SQLite database (sqlite:///path.db), not {source!r}")
    if not target.startswith(POSTGRESQL_SCHEMES):
        return fail(
            "the target must be a PostgreSQL database (postgresql://user:password@host/name),"
            f" not {_hidden(target)!r}"
        )
    shown: dict[str, int] = {}

    def progress(table: str, done: int, total: int) -> None:
        step = done * 10 // max(total, 1)  # big tables: a line at each tenth
        if total >= 50_000 and step > shown.get(table, 0):
            shown[table] = step
            print(f"  {table}: {done:,} of {total:,} rows", flush=True)

    started = time.monotonic()
    print(f"Copying {source} to {_hidden(target)}", flush=True)
    try:
        counted = await copy_rows(
            Path(source.removeprefix("sqlite:///")), target, progress=progress
        )
    except CopyRefused as error:
        return fail(str(error))
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
        return fail(f"cannot copy into {_hidden(target)}: {error}", 1)
    width = max(len(c.table) for c in counted)
    for c in sorted(counted, key=lambda c: c.table):
        print(f"  {c.table:<{width}}  {c.source:>9,} = {c.target:,}")
    rows = sum(c.target for c in counted)
    print(
        f"Copied {rows:,} rows in {len(counted)} tables, every count equal,"
        f" in {time.monotonic() - started:.1f} s. Point DATABASE_URL at the new database."
    )
    return 0
