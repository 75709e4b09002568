"""The rules handlers used to hold, now in services: tested on storage, with no Telegram.

Every service is built by `build_services`, the function the application itself uses; the
outbox's Bot is constructed but never started, so nothing here talks to a network.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from telegram import Bot

from bot.domain.admin_sessions import Flow, Step
from bot.domain.broadcasts import BroadcastKind, BroadcastStatus
from bot.domain.calls import CallStatus
from bot.domain.clock import ManualClock
from bot.domain.models import RegistrationStatus, User
from bot.domain.refusal import Refusal
from bot.domain.segments import Segment, SegmentKind, segment_of
from bot.domain.settings import Settings, load_settings
from bot.domain.steps import Closed
from bot.runtime.app import build_services
from bot.services.container import Services
from storage import Storage
from tests.chat import TEST_TOKEN
from tests.factories import BEFORE_DEADLINE, SAMPLE_DEADLINE, small_call
from tests.test_journey import register, volunteer


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(BEFORE_DEADLINE)


@pytest.fixture
def settings(tmp_path) -> Settings:
    return load_settings(
        _env_file=None, BOT_TOKEN=TEST_TOKEN, DATABASE_URL=f"sqlite:///{tmp_path / 'f.db'}"
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


async def test_the_container_holds_no_storage(services: Services) -> None:
    assert not any(isinstance(value, Storage) for value in vars(services).values())


# Whether a volunteer may start a call (it was in handlers/start.py).


async def test_a_volunteer_may_start_an_open_call_once(services, storage, clock) -> None:
    call, _ = await storage.calls.save(small_call(), clock.now())
    sara = await volunteer(storage, clock, 1)
    assert await services.journey.may_start(sara, call) is None
    submitted = await register(services.journey, storage, call, sara, "sara")
    existing = await services.journey.may_start(sara, call)
    assert existing == submitted.registration


async def test_a_withdrawn_volunteer_may_register_again(services, storage, clock) -> None:
    call, _ = await storage.calls.save(small_call(), clock.now())
    sara = await volunteer(storage, clock, 1)
    submitted = await register(services.journey, storage, call, sara, "sara")
    await services.journey.withdraw(submitted.registration, call)
    assert await services.journey.may_start(sara, call) is None


async def test_nobody_may_start_a_call_past_its_deadline(services, storage, clock) -> None:
    call, _ = await storage.calls.save(small_call(), clock.now())
    clock.set(SAMPLE_DEADLINE)
    refused = await services.journey.may_start(await volunteer(storage, clock, 1), call)
    assert isinstance(refused, Closed)


async def test_only_the_owner_gets_a_registration_by_its_id(services, storage, clock) -> None:
    call, _ = await storage.calls.save(small_call(), clock.now())
    sara = await volunteer(storage, clock, 1)
    mina = await volunteer(storage, clock, 2)
    registration = (await register(services.journey, storage, call, sara, "sara")).registration
    assert await services.registrations.own(registration.id, sara.id) == (registration, call)
    assert await services.registrations.own(registration.id, mina.id) is None


# The broadcast segment (it was in handlers/broadcast.py).


def test_a_button_names_a_segment_or_nothing() -> None:
    assert segment_of(0, "everyone") == Segment(SegmentKind.EVERYONE)
    assert segment_of(0, "submitted") is None  # only "everyone" exists without a call
    assert segment_of(7, "everyone") is None
    assert segment_of(7, "drafts") == Segment(SegmentKind.DRAFTS, 7)
    assert segment_of(7, "followers") == Segment(SegmentKind.FOLLOWERS, 7)
    assert segment_of(7, "accepted") == Segment(SegmentKind.REGISTRANTS, 7, "accepted")
    assert segment_of(7, "registrants:7:active") is None


async def test_a_confirmed_broadcast_reaches_its_segment_once(services, storage, clock) -> None:
    call, _ = await storage.calls.save(small_call(), clock.now())
    people = [await volunteer(storage, clock, user_id) for user_id in (1, 2, 3)]
    for person in people[:2]:
        await register(services.journey, storage, call, person, person.first_name or "")
    reach = await services.broadcasts.choices(call)
    assert reach["active"] == 2 and reach["drafts"] == 0 and reach["followers"] == 0
    assert await services.broadcasts.choices(None) == {"everyone": 3}

    admin = 99
    session = await services.sessions.begin(admin, Flow.COMPOSE, call_id=call.id, segment="active")
    draft = await services.sessions.composed(session, "<b>جلسه</b>")
    confirmed = await services.sessions.confirmed(admin, draft)
    assert confirmed is not None
    broadcast, count = await services.broadcasts.send(
        confirmed, language="fa", progress_chat_id=admin
    )
    assert count == 2
    assert (
        broadcast.kind == BroadcastKind.BROADCAST and broadcast.status == BroadcastStatus.SENDING
    )
    assert (await services.broadcasts.counts(broadcast.id)).pending == 2
    events = await storage.audit.latest()
    assert [(e.action, e.detail) for e in events] == [
        ("broadcast", f"registrants:{call.id}:active → 2")
    ]


# The admin-session steps (they were in handlers/admin_*.py).


async def test_the_wizard_takes_typed_answers_step_by_step(services, storage, clock) -> None:
    await storage.calls.save(small_call(slug="taken"), clock.now())
    session = await services.sessions.begin(99, Flow.WIZARD, Step.TITLE)
    assert await services.sessions.wizard_typed(session, "کارگروه حقوق کاربران", "fa") is None
    assert session.step == Step.SLUG and session.data["title"] == {"fa": "کارگروه حقوق کاربران"}

    refusal = await services.sessions.wizard_typed(session, "not a slug!", "fa")
    assert refusal is not None and refusal.key == "admin.refused.slug"
    refusal = await services.sessions.wizard_typed(session, "taken", "fa")
    assert refusal is not None and refusal.key == "admin.refused.slug_taken"
    assert refusal.params == {"slug": "taken"}
    assert session.step == Step.SLUG  # refused answers change nothing

    assert await services.sessions.wizard_typed(session, "user-rights", "fa") is None
    # Kept in the database: a restart finds the wizard where the admin left it.
    again = await services.sessions.at(99, Flow.WIZARD, Step.DESCRIPTION)
    assert again is not None and again.data["slug"] == "user-rights"
    assert await services.sessions.at(99, Flow.WIZARD, Step.SLUG) is None


async def test_a_send_from_an_older_preview_sends_nothing(services) -> None:
    session = await services.sessions.begin(99, Flow.COMPOSE, call_id=0, segment="everyone")
    old = await services.sessions.composed(session, "first text")
    new = await services.sessions.composed(session, "second text")
    assert old != new
    assert await services.sessions.confirmed(99, old) is None
    confirmed = await services.sessions.confirmed(99, new)
    assert confirmed is not None and confirmed.data["html"] == "second text"
    assert await services.sessions.current(99) is None  # confirming ends the conversation


async def test_an_admin_session_is_stored_as_the_same_strings(services, storage) -> None:
    await services.sessions.begin(5, Flow.DEADLINE, call_id=3)
    row = await storage.db.fetch_one("SELECT flow, step FROM admin_sessions WHERE admin_id = 5")
    assert tuple(row) == ("deadline", "text")


async def test_people_are_remembered_with_their_language(services) -> None:
    person: User = await services.people.seen(42, first_name="Sara", last_name=None, username=None)
    assert person.language == "fa"
    await services.people.set_language(42, "en")
    again = await services.people.seen(42, first_name="Sara", last_name=None, username=None)
    assert again.language == "en"


async def test_waiting_review_lists_submissions_of_a_moderated_call(
    services, storage, clock
) -> None:
    call, _ = await storage.calls.save(small_call(moderated=True), clock.now())
    sara = await volunteer(storage, clock, 1)
    submitted = await register(services.journey, storage, call, sara, "sara")
    assert submitted.registration.status == RegistrationStatus.SUBMITTED
    waiting = await services.registrations.waiting_review(call.id)
    assert [r.id for r in waiting] == [submitted.registration.id]
    found = await services.registrations.with_person(submitted.registration.id)
    assert found is not None and found[2].id == sara.id


# Accepted and rejected are offered only where an admin decides (a moderated call).


async def test_accepted_and_rejected_are_offered_only_where_an_admin_decides(
    services, storage, clock
) -> None:
    open_call, _ = await storage.calls.save(small_call(), clock.now())
    broadcasts = services.broadcasts
    assert list(await broadcasts.choices(open_call)) == [
        "active", "submitted", "waitlisted", "withdrawn", "drafts", "followers"
    ]  # fmt: skip
    assert await broadcasts.segment(open_call.id, "accepted") is None  # a forged button
    assert await broadcasts.segment(open_call.id, "rejected") is None
    assert await broadcasts.segment(open_call.id, "submitted") == Segment(
        SegmentKind.REGISTRANTS, open_call.id, "submitted"
    )
    assert await broadcasts.segment(0, "everyone") == Segment(SegmentKind.EVERYONE)
    assert await broadcasts.segment(open_call.id + 1, "submitted") is None  # no such call

    moderated, _ = await storage.calls.save(small_call("moderated", moderated=True), clock.now())
    assert "accepted" in await broadcasts.choices(moderated)
    assert "rejected" in await broadcasts.choices(moderated)
    assert await broadcasts.segment(moderated.id, "accepted") == Segment(
        SegmentKind.REGISTRANTS, moderated.id, "accepted"
    )

    # Moderation turned off after someone was accepted: that group still has people to reach.
    sara = await volunteer(storage, clock, 1)
    submitted = await register(services.journey, storage, moderated, sara, "sara")
    assert await services.admin.decide(99, submitted.registration, moderated, accept=True)
    unmoderated = await services.admin.toggle_moderation(99, moderated)
    choices = await broadcasts.choices(unmoderated)
    assert choices["accepted"] == 1 and "rejected" not in choices
    assert await broadcasts.segment(moderated.id, "accepted") is not None


# A call file whose deadline has passed (it was quietly imported closed at birth).


async def test_a_call_file_may_not_open_a_call_whose_deadline_has_passed(
    services, storage, clock
) -> None:
    passed = clock.now() - timedelta(hours=1)
    refused = await services.admin.save(99, small_call(deadline_at=passed))
    assert refused == (Refusal("admin.file.deadline_passed", {"deadline": passed}), [])
    assert await storage.calls.all() == []
    # An open call's file may not move its deadline into the past either.
    await storage.calls.save(small_call(), clock.now())
    assert isinstance((await services.admin.save(99, small_call(deadline_at=passed)))[0], Refusal)
    # Once the deadline has passed, the call's own file may still change its details.
    clock.set(SAMPLE_DEADLINE + timedelta(days=1))
    saved, created = await services.admin.save(99, small_call(organiser={"fa": "نصر"}))
    assert not created and saved.spec.organiser == {"fa": "نصر"}
    # So may one that is not meant to open, and any file the command line forces.
    closed = small_call(slug="closed", deadline_at=passed, status=CallStatus.CLOSED)
    assert not isinstance((await services.admin.save(99, closed))[0], Refusal)
    forced = await services.admin.save(
        None, small_call(slug="late", deadline_at=passed), force=True
    )
    assert not isinstance(forced[0], Refusal) and forced[1]
