"""Rules behind what admins look at: a broadcast's first words; dates that moved."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from telegram import Bot

from bot.domain.broadcasts import OPENING, opening
from bot.domain.calls import Call, CallSpec
from bot.domain.clock import ManualClock
from bot.domain.moves import DEADLINE, MoveDecision, moved_dates
from bot.domain.settings import load_settings
from bot.domain.text import grapheme_count
from bot.runtime.app import build_services
from bot.services.container import Services
from storage import Storage
from tests.chat import TEST_TOKEN
from tests.factories import BEFORE_DEADLINE, SAMPLE_DEADLINE, small_call
from tests.test_journey import register, volunteer


def test_first_words_are_plain_on_one_line() -> None:
    assert opening("<b>جلسه</b> فردا\n\nساعت <i>۱۰</i> &amp; <a href='x'>پیوند</a>") == (
        "جلسه فردا ساعت ۱۰ & پیوند"
    )
    assert opening("  ") == ""


def test_first_words_are_cut_after_a_word_or_between_graphemes() -> None:
    sentence = "نشست نخست کارگروه روز شنبه ساعت ۱۰ در سالن همایش برگزار می‌شود؛ لطفاً فرم را پر کنید"
    cut = opening(sentence)
    assert cut == "نشست نخست کارگروه روز شنبه ساعت ۱۰ در سالن همایش برگزار…"
    assert grapheme_count(cut) <= OPENING
    family = "👩‍👩‍👧"  # one grapheme of five code points, never split
    unbroken = opening(family * 80, limit=10)
    assert unbroken == family * 9 + "…" and grapheme_count(unbroken) == 10
    assert opening("a" * 100, limit=10) == "a" * 9 + "…"


# Moved dates.

MEETING = {"key": "kickoff", "title": {"fa": "جلسهٔ نخست"}, "starts_at": SAMPLE_DEADLINE}


def with_dates(call: Call, *, deadline: timedelta = timedelta(), meeting: timedelta | None = None):
    data = call.spec.model_dump()
    data["deadline_at"] = call.deadline_at + deadline
    if meeting is not None:
        data["meetings"] = [{**MEETING, "starts_at": SAMPLE_DEADLINE + meeting}]
    spec = CallSpec.model_validate(data)
    return Call(call.id, spec, call.status, call.opens_at, spec.deadline_at)


def a_call(**changes) -> Call:
    spec = CallSpec.model_validate({**small_call().model_dump(), **changes})
    return Call(1, spec, spec.status, spec.opens_at or spec.deadline_at, spec.deadline_at)


def test_a_change_moves_the_deadline_and_meetings_matched_by_key() -> None:
    before = a_call(meetings=[MEETING])
    day = timedelta(days=1)
    assert moved_dates(before, before) == []
    assert moved_dates(before, with_dates(before, deadline=day)) == [
        (DEADLINE, SAMPLE_DEADLINE, SAMPLE_DEADLINE + day)
    ]
    assert moved_dates(before, with_dates(before, meeting=2 * day)) == [
        ("kickoff", SAMPLE_DEADLINE, SAMPLE_DEADLINE + 2 * day)
    ]
    other = a_call(meetings=[{**MEETING, "key": "other", "starts_at": SAMPLE_DEADLINE + day}])
    assert moved_dates(before, other) == []  # one meeting gone, another added: nothing moved
    assert moved_dates(before, a_call()) == []


@pytest.fixture
async def services(tmp_path) -> AsyncIterator[Services]:
    settings = load_settings(
        _env_file=None, BOT_TOKEN=TEST_TOKEN, DATABASE_URL=f"sqlite:///{tmp_path / 'f.db'}"
    )
    storage = await Storage.open(settings.database_path)
    yield build_services(
        storage=storage,
        settings=settings,
        clock=ManualClock(BEFORE_DEADLINE),
        sender=Bot(settings.token()),
    )
    await storage.close()


async def test_moving_a_date_again_keeps_what_people_last_heard(services: Services) -> None:
    storage = services.admin.storage
    clock = services.clock
    call, _ = await storage.calls.save(small_call(), clock.now())
    await register(services.journey, storage, call, await volunteer(storage, clock, 1), "سارا")
    first = await services.admin.change_deadline(9, call, "1405/10/20 18:00")
    assert isinstance(first, Call)
    second = await services.admin.change_deadline(9, first, "1405/10/25 18:00")
    assert isinstance(second, Call)
    [(move, count)] = await services.moves.waiting(second)
    assert (move.old_at, move.new_at, count) == (call.deadline_at, second.deadline_at, 1)
    back = await services.admin.change_deadline(9, second, "1405/10/15 18:00")
    assert isinstance(back, Call) and back.deadline_at == call.deadline_at
    assert await services.moves.waiting(back) == []  # back where people last heard it
    decided = await storage.db.fetch_all("SELECT decision FROM date_moves ORDER BY id")
    assert [row[0] for row in decided] == [MoveDecision.SUPERSEDED] * 2


async def test_a_move_that_concerns_nobody_asks_nothing(services: Services) -> None:
    storage = services.admin.storage
    call, _ = await storage.calls.save(small_call(), services.clock.now())
    moved = await services.admin.change_deadline(9, call, "1405/10/20 18:00")
    assert isinstance(moved, Call)
    assert await services.moves.waiting(moved) == []
    assert await storage.db.fetch_value("SELECT decision FROM date_moves") == "nobody"
    assert await services.moves.decide(9, 1, tell=True) is None  # settled: nothing to tell
