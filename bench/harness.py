"""The bot under measurement: the real application against the local emulator."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

from telegram.ext import Application

from bot.cli import ALLOWED_UPDATES
from bot.domain.calls import SAMPLE_CALL, load_call_file
from bot.domain.clock import ManualClock
from bot.domain.settings import load_settings
from bot.runtime.app import STORAGE_KEY, build_application, running
from bot.services.container import Services
from handlers.context import SERVICES_KEY
from storage import Storage

TOKEN = "123456:BENCH-TOKEN-not-a-secret"
# 1405/09/10 in Tehran: the sample call is open.
OPEN_MOMENT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@asynccontextmanager
async def app_against(
    api_base_url: str, folder: Path, **settings: str
) -> AsyncIterator[Application]:
    """Runs the real application polling the emulator at `api_base_url`, with the sample
    call open; yields the application (its services and database are in bot_data)."""
    config = load_settings(
        _env_file=None,
        BOT_TOKEN=TOKEN,
        BOT_API_BASE_URL=api_base_url,
        DATABASE_URL=f"sqlite:///{folder / 'bench.db'}",
        LOG_LEVEL="WARNING",
        **settings,
    )
    clock = ManualClock(OPEN_MOMENT)
    app = build_application(config, clock)
    async with running(app, poll_interval=0, timeout=1, allowed_updates=ALLOWED_UPDATES):
        storage: Storage = app.bot_data[STORAGE_KEY]
        await storage.calls.save(load_call_file(SAMPLE_CALL, config.tz), clock.now())
        yield app


@asynccontextmanager
async def bot_against(
    api_base_url: str, folder: Path, **settings: str
) -> AsyncIterator[tuple[Services, Storage]]:
    """`app_against`, yielding the application's services and its database."""
    async with app_against(api_base_url, folder, **settings) as app:
        yield app.bot_data[SERVICES_KEY], app.bot_data[STORAGE_KEY]
