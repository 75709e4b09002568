"""The real bot on PostgreSQL, over the emulator: a volunteer registers, an admin finds them.

The same stories as test_journey_e2e and test_find_e2e, told again with DATABASE_URL set to
a PostgreSQL database (tests/backends.py): the application, not just the repositories,
runs on it.
"""

from collections.abc import AsyncIterator

import pytest

from bot.domain.calls import Call
from bot.domain.clock import ManualClock
from emulator import EmulatorServer
from tests import test_find_e2e, test_journey_e2e
from tests.chat import BotUnderTest, settings_for
from tests.conftest import ADMIN_CHAT, ADMIN_ID
from tests.factories import sample_call

pytestmark = pytest.mark.parametrize("database", ["postgresql"], indirect=True)


async def _started(bot: BotUnderTest) -> AsyncIterator[BotUnderTest]:
    await bot.start()
    assert bot.settings.is_postgresql and bot.storage.db.dialect == "postgresql"
    yield bot
    await bot.close()


@pytest.fixture
async def pg_bot(
    server: EmulatorServer, database: str, clock: ManualClock
) -> AsyncIterator[BotUnderTest]:
    async for bot in _started(BotUnderTest(server, settings_for(server, database), clock)):
        yield bot


@pytest.fixture
async def pg_admin_bot(
    server: EmulatorServer, database: str, clock: ManualClock
) -> AsyncIterator[BotUnderTest]:
    server.emulator.ensure_group(ADMIN_CHAT, "supergroup", "دبیرخانهٔ کارگروه")
    settings = settings_for(
        server,
        database,
        ADMIN_IDS=str(ADMIN_ID),
        ADMIN_CHAT_ID=str(ADMIN_CHAT),
        SEND_RATE_CEILING="1000",
    )
    async for bot in _started(BotUnderTest(server, settings, clock)):
        yield bot


async def _sample(bot: BotUnderTest, clock: ManualClock) -> Call:
    saved, _ = await bot.storage.calls.save(sample_call(), clock.now())
    return saved


async def test_a_volunteer_registers_end_to_end(pg_bot: BotUnderTest, clock) -> None:
    call = await _sample(pg_bot, clock)
    await test_journey_e2e.test_the_whole_journey_from_a_deep_link(pg_bot, call)


async def test_an_admin_finds_the_person_however_they_type(
    pg_admin_bot: BotUnderTest, clock
) -> None:
    call = await _sample(pg_admin_bot, clock)
    await test_find_e2e.test_an_admin_finds_a_person_by_phone_code_name_email_or_answer(
        pg_admin_bot, call
    )
