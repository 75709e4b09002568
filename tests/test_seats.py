"""One rule for places, whatever frees or adds them: the waiting list moves up in order, and
each person moved up is told exactly once (a notice queued in the outbox).

Walked on the services the application builds, with no Telegram: the notices are the
outbox's rows, which the running bot (or the next one started) delivers.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram import Bot

from bot.domain.calls import Call, CallStatus
from bot.domain.clock import ManualClock
from bot.domain.models import HOLDS_SEAT, RegistrationStatus
from bot.domain.refusal import Refusal
from bot.domain.settings import Settings, load_settings
from bot.runtime.app import build_services
from bot.services.container import Services
from bot.ui.texts import Translator
from storage import Storage
from tests.chat import TEST_TOKEN
from tests.factories import BEFORE_DEADLINE, TEHRAN, call_file, small_call
from tests.test_journey import register, volunteer

ADMIN = 9001
MOVED_UP = Translator("fa", TEHRAN)("promoted", title="فراخوان کوچک", code="").split("\n")[0]


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(BEFORE_DEADLINE)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(
        _env_file=None,
        BOT_TOKEN=TEST_TOKEN,
        DATABASE_URL=f"sqlite:///{tmp_path / 'f.db'}",
        ADMIN_IDS=str(ADMIN),
    )


@pytest.fixture
async def storage(database: Path | str) -> AsyncIterator[Storage]:
    opened = await Storage.open(database)
    yield opened
    await opened.close()


@pytest.fixture
def services(storage: Storage, settings: Settings, clock: ManualClock) -> Services:
    return build_services(
        storage=storage, settings=settings, clock=clock, sender=Bot(settings.token())
    )


class Places:
    """Who holds a seat, who waits in which order, and who was told they moved up."""

    def __init__(self, storage: Storage, call: Call) -> None:
        self.storage = storage
        self.call = call

    async def seated(self) -> set[int]:
        rows = await self.storage.db.fetch_all(
            "SELECT user_id, status FROM registrations WHERE call_id = ?", (self.call.id,)
        )
        return {row[0] for row in rows if row[1] in HOLDS_SEAT}

    async def waiting(self) -> list[int]:
        ids = await self.storage.registrations.waitlist(self.call.id)
        return [r.user_id for i in ids if (r := await self.storage.registrations.get(i))]

    async def told(self) -> Counter[int]:
        """How many "you moved up" notices each person has in the outbox."""
        rows = await self.storage.db.fetch_all(
            "SELECT d.chat_id, b.payload FROM deliveries d"
            " JOIN broadcasts b ON b.id = d.broadcast_id"
        )
        return Counter(
            row[0]
            for row in rows
            if json.loads(row[1])["by_language"]["fa"]["text"].startswith(MOVED_UP)
        )


async def test_every_way_of_freeing_or_adding_places_moves_the_list_and_tells_once(
    services: Services, storage: Storage, clock: ManualClock
) -> None:
    call, _ = await storage.calls.save(small_call(capacity=2, moderated=True), clock.now())
    places = Places(storage, call)
    registrations = {}
    for user_id in range(1, 11):
        person = await volunteer(storage, clock, user_id)
        submitted = await register(services.journey, storage, call, person, f"v{user_id}")
        registrations[user_id] = submitted.registration
        clock.advance(minutes=1)
    told: Counter[int] = Counter()

    async def after(seated: set[int], waiting: list[int], moved_up: list[int]) -> None:
        told.update(moved_up)
        assert await places.seated() == seated
        assert await places.waiting() == waiting
        assert await places.told() == told

    await after({1, 2}, [3, 4, 5, 6, 7, 8, 9, 10], [])

    # A withdrawal frees a seat.
    await services.journey.withdraw(registrations[1], call)
    await after({2, 3}, [4, 5, 6, 7, 8, 9, 10], [3])

    # A rejection in a moderated call frees one.
    assert await services.admin.decide(ADMIN, registrations[2], call, accept=False)
    await after({3, 4}, [5, 6, 7, 8, 9, 10], [4])

    # /forget frees one (the registration is withdrawn, then erased).
    await services.privacy.forget(3)
    del told[3]  # their messages are erased with them
    await after({4, 5}, [6, 7, 8, 9, 10], [5])

    # The capacity raised in the call's editor adds one.
    edited = await services.admin.edit_field(ADMIN, call, "capacity", "۳")
    assert not isinstance(edited, Refusal)
    await after({4, 5, 6}, [7, 8, 9, 10], [6])

    # The capacity raised by a new call file adds one.
    raised = call_file(small_call(capacity=4, moderated=True))
    imported = await services.admin.import_file(ADMIN, raised)
    assert not isinstance(imported[0], Refusal)
    await after({4, 5, 6, 7}, [8, 9, 10], [7])

    # An archived call's list stands still; reopened, the seat freed meanwhile is filled.
    call = await services.admin.get(call.id)
    assert call is not None
    await services.admin.set_status(ADMIN, call, CallStatus.ARCHIVED)
    await services.privacy.forget(4)
    del told[4]
    await after({5, 6, 7}, [8, 9, 10], [])
    reopened = await services.admin.set_status(ADMIN, call, CallStatus.OPEN)
    assert not isinstance(reopened, Refusal)
    await after({5, 6, 7, 8}, [9, 10], [8])

    # Closed (not archived), a seat erased by /forget goes to the next at once.
    closed = await services.admin.set_status(ADMIN, reopened, CallStatus.CLOSED)
    assert not isinstance(closed, Refusal)
    await services.privacy.forget(5)
    del told[5]
    await after({6, 7, 8, 9}, [10], [9])

    # No limit any more: everyone still waiting gets a place.
    await services.admin.edit_field(ADMIN, closed, "capacity", "0")
    await after({6, 7, 8, 9, 10}, [], [10])


async def test_a_newcomer_never_takes_a_seat_someone_is_waiting_for(
    services: Services, storage: Storage, clock: ManualClock
) -> None:
    """Even a seat freed behind the rule's back (an older version, a hand edit) goes to the
    first waiting, who is told, before a newcomer is placed."""
    call, _ = await storage.calls.save(small_call(capacity=1), clock.now())
    places = Places(storage, call)
    for user_id in (1, 2):
        await register(
            services.journey, storage, call, await volunteer(storage, clock, user_id), "v"
        )
        clock.advance(minutes=1)
    await storage.calls.update(call.id, small_call(capacity=2), clock.now())  # not settled
    call = await services.admin.get(call.id)
    assert call is not None
    newcomer = await register(
        services.journey, storage, call, await volunteer(storage, clock, 3), "v"
    )
    assert newcomer.registration.status == RegistrationStatus.WAITLISTED
    assert await places.seated() == {1, 2} and await places.waiting() == [3]
    assert await places.told() == Counter({2: 1})
