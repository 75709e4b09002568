"""The emulator on its own, with a bare python-telegram-bot Application as its client."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram.ext import Application, ApplicationBuilder

from emulator import Emulator, EmulatorClient, EmulatorServer


@pytest.fixture
def emu(server: EmulatorServer) -> Emulator:
    """The emulator behind the server."""
    return server.emulator


@pytest.fixture
async def client(server: EmulatorServer) -> AsyncIterator[EmulatorClient]:
    """A user-side HTTP client."""
    async with EmulatorClient(server.url) as emu_client:
        yield emu_client


@pytest.fixture
async def app(server: EmulatorServer) -> AsyncIterator[Application]:
    """An initialized (not polling) PTB Application talking to the emulator."""
    application = (
        ApplicationBuilder()
        .token("123:TEST")
        .base_url(server.api_base_url)
        .base_file_url(server.file_base_url)
        .build()
    )
    await application.initialize()
    yield application
    await application.shutdown()
