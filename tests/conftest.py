"""Fixtures: the emulator, the real bot against it, a controlled clock, the sample call."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.calls import Call
from bot.clock import ManualClock
from bot.emulator import EmulatorServer
from tests.chat import BotUnderTest, settings_for
from tests.factories import BEFORE_DEADLINE, sample_call


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(BEFORE_DEADLINE)


@pytest.fixture
async def server() -> AsyncIterator[EmulatorServer]:
    async with EmulatorServer() as running:
        yield running


@pytest.fixture
async def bot(server: EmulatorServer, tmp_path, clock: ManualClock) -> AsyncIterator[BotUnderTest]:
    under_test = BotUnderTest(server, settings_for(server, tmp_path / "farakhan.db"), clock)
    await under_test.start()
    yield under_test
    await under_test.close()


@pytest.fixture
async def call(bot: BotUnderTest, clock: ManualClock) -> Call:
    """The shipped sample call (user-rights working group), imported and open."""
    saved, _ = await bot.storage.calls.save(sample_call(), clock.now())
    return saved
