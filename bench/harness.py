"""The bot under measurement: the real application against the local emulator."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

from bot.cli import ALLOWED_UPDATES
from bot.domain.calls import SAMPLE_CALL, load_call_file
from bot.domain.clock import ManualClock
from bot.domain.settings import load_settings
from bot.runtime.app import STORAGE_KEY, build_application, running
from bot.services.container import Services
from emulator import EmulatorServer
from handlers.context import SERVICES_KEY
from storage import Storage

TOKEN = "123456:BENCH-TOKEN-not-a-secret"
# 1405/09/10 in Tehran: the sample call is open.
OPEN_MOMENT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@asynccontextmanager
async def bot_against(
    server: EmulatorServer, folder: Path, **settings: str
) -> AsyncIterator[tuple[Services, Storage]]:
    """Runs the real application polling `server`; yields its services and its database."""
    config = load_settings(
        _env_file=None,
        BOT_TOKEN=TOKEN,
        BOT_API_BASE_URL=server.api_base_url,
        DATABASE_URL=f"sqlite:///{folder / 'bench.db'}",
        LOG_LEVEL="WARNING",
        **settings,
    )
    clock = ManualClock(OPEN_MOMENT)
    app = build_application(config, clock)
    async with running(app, poll_interval=0, timeout=1, allowed_updates=ALLOWED_UPDATES):
        services: Services = app.bot_data[SERVICES_KEY]
        storage: Storage = app.bot_data[STORAGE_KEY]
        await storage.calls.save(load_call_file(SAMPLE_CALL, config.tz), clock.now())
        yield services, storage
