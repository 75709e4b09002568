"""The bot under measurement: the real application against the local emulator."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

from bot.app import build_application, running
from bot.calls import SAMPLE_CALL, load_call_file
from bot.cli import ALLOWED_UPDATES
from bot.clock import ManualClock
from bot.context import SERVICES_KEY
from bot.emulator import EmulatorServer
from bot.services import Services
from bot.settings import load_settings

TOKEN = "123456:BENCH-TOKEN-not-a-secret"
# 1405/09/10 in Tehran: the sample call is open.
OPEN_MOMENT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@asynccontextmanager
async def bot_against(
    server: EmulatorServer, folder: Path, **settings: str
) -> AsyncIterator[Services]:
    """Runs the real application polling `server`; yields its services."""
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
        await services.storage.calls.save(load_call_file(SAMPLE_CALL, config.tz), clock.now())
        yield services
