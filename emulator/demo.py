"""`make demo`: the emulator, the real bot against it, and the chat page, on this machine only.

The bot is built and run exactly as in production (build_application, running); only its
settings differ: a local token and API address, a demo database and the page's admin in
ADMIN_IDS. Nothing outside emulator knows it is a demo.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

from telegram.ext import Application

from bot.cli import ALLOWED_UPDATES
from bot.domain.calls import SAMPLE_CALL, Call, CallStatus, load_call_file
from bot.domain.clock import SystemClock
from bot.domain.settings import Settings, SettingsError, load_settings
from bot.runtime.app import build_application, running
from bot.runtime.signals import stop_signal
from emulator.page import ADMIN, PageConfig
from emulator.server import EmulatorServer
from emulator.state import Emulator
from storage import Storage

logger = logging.getLogger(__name__)

DEMO_DATABASE = Path("data/demo/farakhan.db")
DEMO_TOKEN = "1000000001:LOCAL-DEMO-no-network"
DAYS_AHEAD = 5  # the sample call's deadline, re-set at every start when fewer than 2 are left
MIN_DAYS_LEFT = 2


class DemoError(Exception):
    """The demo cannot start; the message says why in one line."""


@dataclass
class Demo:
    """A running demo: the emulator server (API and page) and the bot's Application."""

    server: EmulatorServer
    app: Application
    settings: Settings
    call: Call

    @property
    def page_url(self) -> str:
        return self.server.page_url


def demo_deadline(now: datetime, tz: tzinfo) -> datetime:
    """18:00 local time, DAYS_AHEAD days from now: a deadline that reads like a real one."""
    day = (now.astimezone(tz) + timedelta(days=DAYS_AHEAD)).date()
    return datetime.combine(day, time(18, 0), tz)


async def open_sample_call(database: Path, tz: tzinfo, now: datetime) -> Call:
    """Imports the sample call open now, or keeps the stored one open with its deadline ahead.

    Registrations and everything else in the database are kept between runs.
    """
    storage = await Storage.open(database)
    try:
        spec = load_call_file(SAMPLE_CALL, tz)
        existing = await storage.calls.by_slug(spec.slug)
        if existing is None:
            deadline = demo_deadline(now, tz)
            opened = spec.model_copy(update={"opens_at": now, "deadline_at": deadline})
            call, _ = await storage.calls.save(opened, now)
            return call
        if existing.status == CallStatus.OPEN and existing.deadline_at - now >= timedelta(
            days=MIN_DAYS_LEFT
        ):
            return existing
        changes = {
            "opens_at": min(existing.opens_at, now),
            "deadline_at": demo_deadline(now, tz),
            "status": CallStatus.OPEN,
        }
        return await storage.calls.update(
            existing.id, existing.spec.model_copy(update=changes), now, CallStatus.OPEN
        )
    finally:
        await storage.close()


def demo_settings(server: EmulatorServer, database: Path, messenger: str = "telegram") -> Settings:
    """Production settings pointed at the local emulator, with the page's admin as the admin.

    `.env` is ignored (it may hold a real token); chats that exist only on a real messenger
    (the admins' group, announcement channels) are left out.
    """
    return load_settings(
        _env_file=None,
        BOT_TOKEN=DEMO_TOKEN,
        BOT_API_BASE_URL=server.api_base_url,
        DATABASE_URL=f"sqlite:///{database}",
        ADMIN_IDS=str(ADMIN.id),
        ADMIN_CHAT_ID="",
        ANNOUNCE_CHAT_IDS="",
        MESSENGER=messenger,
    )


@contextlib.asynccontextmanager
async def demo_running(
    page_port: int = 8080,
    api_port: int = 8081,
    database: Path = DEMO_DATABASE,
    host: str = "127.0.0.1",
    messenger: str = "telegram",
    **polling: Any,
) -> AsyncIterator[Demo]:
    """Starts the emulator (API and page), prepares the database and runs the bot."""
    call = await open_sample_call(database, load_settings(_env_file=None).tz, SystemClock().now())
    page = PageConfig(start_payload=call.slug)
    emulator = Emulator(messenger=messenger)  # a messenger's quirks (emulator/messengers.py)
    server = EmulatorServer(emulator, host=host, port=api_port, page_port=page_port, page=page)
    try:
        await server.start()
    except OSError as error:
        raise DemoError(
            f"cannot listen on {host} ports {page_port} and {api_port} ({error.strerror}): "
            "is another demo running? Choose others with --port N --api-port M"
        ) from None
    try:
        settings = demo_settings(server, database, messenger)
        app = build_application(settings)
        polling.setdefault("allowed_updates", ALLOWED_UPDATES)
        async with running(app, **polling):
            yield Demo(server, app, settings, call)
    finally:
        await server.stop()


async def run_demo(page_port: int, api_port: int, database: Path, messenger: str) -> int:
    """Runs the demo until Ctrl-C or SIGTERM; returns the exit code."""
    stop = stop_signal()
    try:
        async with demo_running(page_port, api_port, database, messenger=messenger) as demo:
            print(
                f"Farakhan demo: open {demo.page_url} in your browser "
                f"(no token, nothing leaves this machine; data in {database}). Ctrl-C stops it.",
                flush=True,
            )
            await stop.wait()
    except (DemoError, SettingsError) as error:
        print(f"farakhan demo: {error}", file=sys.stderr, flush=True)
        return 2
    print("Farakhan demo stopped.", flush=True)
    return 0
