"""The registration rules on storage, without Telegram: steps, deadline, capacity."""

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.domain.calls import Window
from bot.domain.clock import ManualClock
from bot.domain.models import RegistrationStatus, User
from bot.domain.settings import load_settings
from bot.domain.steps import Ask, Closed, Review, Stale, Submitted
from bot.sending.notices import Notices
from bot.services.journey import Journey
from bot.services.seats import Seats
from storage import Storage
from tests.factories import BEFORE_DEADLINE, SAMPLE_DEADLINE, small_call


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(BEFORE_DEADLINE)


@pytest.fixture
async def storage(database: Path | str) -> AsyncIterator[Storage]:
    opened = await Storage.open(database)
    yield opened
    await opened.close()


def journey_on(storage: Storage, clock: ManualClock) -> Journey:
    """The journey with its seats rule; notices wait in the outbox (no sender runs here)."""
    settings = load_settings(_env_file=None)
    notices = Notices(storage=storage, outbox=None, settings=settings, clock=clock)
    return Journey(
        storage=storage, clock=clock, seats=Seats(storage=storage, notices=notices, clock=clock)
    )


async def volunteer(storage: Storage, clock: ManualClock, user_id: int) -> User:
    return await storage.users.seen(
        user_id,
        first_name=f"V{user_id}",
        last_name=None,
        username=None,
        default_language="fa",
        now=clock.now(),
    )


async def register(journey: Journey, storage: Storage, call, user: User, name: str) -> Submitted:
    step = await journey.begin(user, call)
    step = await journey.answer_text(step.registration, call, name)
    step = await journey.answer_text(step.registration, call, f"{name}@example.com")
    assert isinstance(step, Review)
    submitted = await journey.submit(step.registration, call)
    assert isinstance(submitted, Submitted)
    return submitted


async def test_a_draft_moves_question_by_question_and_is_saved_each_time(storage, clock) -> None:
    call, _ = await storage.calls.save(small_call(), clock.now())
    journey = journey_on(storage, clock)
    user = await volunteer(storage, clock, 1)
    step = await journey.begin(user, call)
    assert isinstance(step, Ask) and step.question.key == "full_name"
    step = await journey.answer_text(step.registration, call, "  سارا  ")
    assert isinstance(step, Ask) and step.question.key == "email"
    stored = await storage.registrations.get(step.registration.id)
    assert stored.step == "email" and stored.answers == {"full_name": "سارا"}
    refused = await journey.answer_text(stored, call, "not-an-email")
    assert isinstance(refused, Ask) and refused.error.key == "answer.email_invalid"
    assert (await storage.registrations.get(stored.id)).step == "email"


async def test_submit_gives_a_unique_reference_code(storage, clock) -> None:
    call, _ = await storage.calls.save(small_call(), clock.now())
    journey = journey_on(storage, clock)
    first = await register(journey, storage, call, await volunteer(storage, clock, 1), "a")
    second = await register(journey, storage, call, await volunteer(storage, clock, 2), "b")
    assert first.registration.reference_code.startswith("FK-")
    assert first.registration.reference_code != second.registration.reference_code
    assert first.registration.status == RegistrationStatus.SUBMITTED
    assert first.waitlist_position is None


async def test_nothing_changes_after_the_deadline(storage, clock) -> None:
    call, _ = await storage.calls.save(small_call(), clock.now())
    journey = journey_on(storage, clock)
    user = await volunteer(storage, clock, 1)
    step = await journey.begin(user, call)
    clock.set(SAMPLE_DEADLINE)
    late = await journey.answer_text(step.registration, call, "سارا")
    assert isinstance(late, Closed) and late.window == Window.CLOSED
    assert (await storage.registrations.get(step.registration.id)).answers == {}
    assert isinstance(await journey.begin(await volunteer(storage, clock, 2), call), Closed)


async def test_nothing_starts_before_the_call_opens(storage, clock) -> None:
    call, _ = await storage.calls.save(
        small_call(opens_at=BEFORE_DEADLINE + timedelta(days=1)), clock.now()
    )
    step = await journey_on(storage, clock).begin(await volunteer(storage, clock, 1), call)
    assert isinstance(step, Closed) and step.window == Window.NOT_YET


async def test_a_full_call_waitlists_and_a_withdrawal_promotes_the_earliest(
    storage, clock
) -> None:
    call, _ = await storage.calls.save(small_call(capacity=1), clock.now())
    journey = journey_on(storage, clock)
    seated = await register(journey, storage, call, await volunteer(storage, clock, 1), "a")
    clock.advance(minutes=1)
    first_waiting = await register(journey, storage, call, await volunteer(storage, clock, 2), "b")
    clock.advance(minutes=1)
    second_waiting = await register(
        journey, storage, call, await volunteer(storage, clock, 3), "c"
    )
    assert first_waiting.registration.status == RegistrationStatus.WAITLISTED
    assert (first_waiting.waitlist_position, second_waiting.waitlist_position) == (1, 2)

    withdrawn, promoted = await journey.withdraw(seated.registration, call)
    assert withdrawn.status == RegistrationStatus.WITHDRAWN
    assert [r.id for r in promoted] == [first_waiting.registration.id]
    assert promoted[0].status == RegistrationStatus.SUBMITTED
    still_waiting = await storage.registrations.get(second_waiting.registration.id)
    assert await journey.waitlist_position(still_waiting) == 1


async def test_withdrawing_twice_is_stale(storage, clock) -> None:
    call, _ = await storage.calls.save(small_call(), clock.now())
    journey = journey_on(storage, clock)
    done = await register(journey, storage, call, await volunteer(storage, clock, 1), "a")
    withdrawn, _ = await journey.withdraw(done.registration, call)
    assert isinstance(await journey.withdraw(withdrawn, call), Stale)


async def test_a_button_from_another_step_changes_nothing(storage, clock) -> None:
    call, _ = await storage.calls.save(small_call(), clock.now())
    journey = journey_on(storage, clock)
    step = await journey.begin(await volunteer(storage, clock, 1), call)
    assert isinstance(await journey.skip(step.registration, call, "email"), Stale)
    assert isinstance(await journey.back(step.registration, call, "full_name"), Stale)
    assert isinstance(await journey.submit(step.registration, call), Stale)
    assert (await storage.registrations.get(step.registration.id)).step == "full_name"


async def test_the_form_resumes_on_a_new_connection(tmp_path, clock) -> None:
    path = tmp_path / "farakhan.db"
    first = await Storage.open(path)
    call, _ = await first.calls.save(small_call(), clock.now())
    step = await journey_on(first, clock).begin(await volunteer(first, clock, 1), call)
    await journey_on(first, clock).answer_text(step.registration, call, "سارا")
    await first.close()

    second = await Storage.open(path)
    try:
        registration = await second.registrations.for_user_and_call(1, call.id)
        resumed = await journey_on(second, clock).resume(registration, call)
        assert isinstance(resumed, Ask) and resumed.question.key == "email"
        assert resumed.registration.answers == {"full_name": "سارا"}
    finally:
        await second.close()
