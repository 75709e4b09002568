"""Fixtures: the emulator, the real bot against it, a controlled clock, the sample call."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from bot.domain.calls import Call
from bot.domain.clock import ManualClock
from bot.domain.settings import Settings
from emulator import Emulator, EmulatorServer
from tests.chat import BotUnderTest, settings_for
from tests.factories import BEFORE_DEADLINE, sample_call


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(BEFORE_DEADLINE)


@pytest.fixture
def messenger() -> str:
    """The messenger the bot and the emulator play (a test parametrises it to change it)."""
    return "telegram"


@pytest.fixture
async def server(messenger: str) -> AsyncIterator[EmulatorServer]:
    async with EmulatorServer(Emulator(messenger=messenger)) as running:
        yield running
        # On a strict clone (Soroush Plus) the bot tried nothing it might not have.
        assert running.emulator.refusals == []


@pytest.fixture
async def bot(
    server: EmulatorServer, tmp_path, clock: ManualClock, messenger: str
) -> AsyncIterator[BotUnderTest]:
    settings = settings_for(server, tmp_path / "farakhan.db", MESSENGER=messenger)
    under_test = BotUnderTest(server, settings, clock)
    await under_test.start()
    yield under_test
    await under_test.close()


@pytest.fixture
async def call(bot: BotUnderTest, clock: ManualClock) -> Call:
    """The shipped sample call (user-rights working group), imported and open."""
    saved, _ = await bot.storage.calls.save(sample_call(), clock.now())
    return saved


ADMIN_ID = 9001
ADMIN_CHAT = -1_000_000_500
ANNOUNCE_CHAT = -1_000_000_600


@pytest.fixture
async def admin_bot(
    server: EmulatorServer, tmp_path, clock: ManualClock, messenger: str
) -> AsyncIterator[BotUnderTest]:
    """The bot with an admin (ADMIN_ID), the admins' group and an announcement channel."""
    settings = admin_settings(
        server, tmp_path, ANNOUNCE_CHAT_IDS=str(ANNOUNCE_CHAT), MESSENGER=messenger
    )
    async with bot_running(server, settings, clock) as under_test:
        yield under_test


def admin_settings(server: EmulatorServer, tmp_path: Path, **extra: str) -> Settings:
    """Settings of a bot with an admin (ADMIN_ID) and the admins' group, and `extra`; the
    group and the announcement channel made on the emulator."""
    server.emulator.ensure_group(ADMIN_CHAT, "supergroup", "دبیرخانهٔ کارگروه")
    server.emulator.ensure_group(ANNOUNCE_CHAT, "channel", "کانال نصر")
    return settings_for(
        server,
        tmp_path / "farakhan.db",
        ADMIN_IDS=str(ADMIN_ID),
        ADMIN_CHAT_ID=str(ADMIN_CHAT),
        SEND_RATE_CEILING="1000",
        **extra,
    )


@asynccontextmanager
async def bot_running(
    server: EmulatorServer, settings: Settings, clock: ManualClock
) -> AsyncIterator[BotUnderTest]:
    """The bot of `settings`, started, and closed after the block."""
    under_test = BotUnderTest(server, settings, clock)
    await under_test.start()
    try:
        yield under_test
    finally:
        await under_test.close()


@pytest.fixture
async def admin_call(admin_bot: BotUnderTest, clock: ManualClock) -> Call:
    saved, _ = await admin_bot.storage.calls.save(sample_call(), clock.now())
    return saved


# Each repository test runs on SQLite and on PostgreSQL (tests/backends.py).
from tests.backends import database, postgres_server, storage  # noqa: E402, F401
