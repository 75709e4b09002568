"""What the command-line commands do (bot/__main__.py only parses arguments)."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from pathlib import Path

from telegram import Update
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import Application

from bot.app import build_application, running
from bot.calls import SAMPLE_CALL, CallFileError, load_call_file
from bot.clock import SystemClock
from bot.dates import format_jalali_iso
from bot.export import export_file
from bot.forms import change_problems
from bot.settings import Settings, load_settings
from bot.texts import Translator
from storage import Storage

logger = logging.getLogger(__name__)

ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]


def fail(message: str, code: int = 2) -> int:
    print(f"farakhan: {message}", file=sys.stderr)
    return code


async def migrate(settings: Settings) -> int:
    storage = await Storage.open(settings.database_path)
    await storage.close()
    print(f"Database ready: {settings.database_path}")
    return 0


async def import_call(settings: Settings, path: Path) -> int:
    """Creates or updates a call from a YAML file; nothing is written if the file is bad."""
    try:
        spec = load_call_file(path, settings.tz)
    except CallFileError as error:
        print(f"farakhan: {path} has {len(error.problems)} problem(s):", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    storage = await Storage.open(settings.database_path)
    try:
        existing = await storage.calls.by_slug(spec.slug)
        if existing is not None:
            counts = await storage.registrations.count_by_status(existing.id)
            problems = change_problems(existing.form, spec.form) if any(counts.values()) else []
            if problems:
                registered = sum(counts.values())
                print(
                    f"farakhan: {spec.slug!r} already has {registered} registration(s), "
                    "so its form can only grow by optional questions:",
                    file=sys.stderr,
                )
                for problem in problems:
                    print(f"  - {problem}", file=sys.stderr)
                return 2
        call, created = await storage.calls.save(spec, SystemClock().now())
    finally:
        await storage.close()
    verb = "Created" if created else "Updated"
    deadline = format_jalali_iso(call.deadline_at, settings.tz)
    print(f"{verb} call {call.slug!r} (deadline {deadline} {settings.timezone}).")
    return 0


async def list_calls(settings: Settings) -> int:
    storage = await Storage.open(settings.database_path)
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
    storage = await Storage.open(settings.database_path)
    try:
        call = await storage.calls.by_slug(slug)
        if call is None:
            known = ", ".join(c.slug for c in await storage.calls.all()) or "none"
            return fail(f"no call with slug {slug!r} (known: {known})")
        t = Translator(language or settings.default_language, settings.tz)
        count = await export_file(storage, call, fmt, output, t)
    finally:
        await storage.close()
    print(f"Wrote {count} registration(s) of {slug!r} to {output}")
    return 0


async def run(settings: Settings, *, emulator_port: int) -> int:
    """Runs the bot until SIGINT/SIGTERM; without a token, against the local emulator."""
    server = None
    if settings.bot_token is None and settings.bot_api_base_url is None:
        from bot.emulator import EmulatorServer

        server = EmulatorServer(port=emulator_port)
        await server.start()
        overrides = {
            "BOT_TOKEN": "1000000001:LOCAL-EMULATOR",
            "BOT_API_BASE_URL": server.api_base_url,
        }
        if "database_url" not in settings.model_fields_set:
            overrides["DATABASE_URL"] = "sqlite:///data/emulator/farakhan.db"
        settings = load_settings(**overrides)  # arguments win over the environment
        await _import_sample_if_empty(settings)
        print(f"No BOT_TOKEN set: the bot runs against the local Bot API emulator at {server.url}")
        print(
            f"Chat with it from another terminal: .venv/bin/python -m bot.emulator chat "
            f"--url {server.url}"
        )
    try:
        return await _serve(build_application(settings), settings)
    finally:
        if server is not None:
            await server.stop()


async def _import_sample_if_empty(settings: Settings) -> None:
    storage = await Storage.open(settings.database_path)
    try:
        if not await storage.calls.all():
            spec = load_call_file(SAMPLE_CALL, settings.tz)
            await storage.calls.save(spec, SystemClock().now())
            print(f"Imported the sample call {spec.slug!r} into {settings.database_path}")
    finally:
        await storage.close()


async def _serve(app: Application, settings: Settings) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        async with running(app, allowed_updates=ALLOWED_UPDATES):
            logger.info(
                "Farakhan is running: polling, messenger %s, bot @%s, database %s",
                settings.messenger,
                app.bot.username,
                settings.database_path,
            )
            await stop.wait()
            logger.info("Stopping…")
    except InvalidToken:
        return fail("BOT_TOKEN was refused by the Bot API server")
    except NetworkError as error:
        return fail(f"cannot reach the Bot API server: {error}", 1)
    except TelegramError as error:
        return fail(f"the Bot API server failed: {error}", 1)
    return 0
