"""The scheduler's first look at start-up: every call planned, in a few trips to the database.

Built by `build_services`, as the application builds it; the outbox's Bot is never started.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import aiosqlite
import pytest
from telegram import Bot

from bot.domain.calls import Call, CallStatus
from bot.domain.clock import ManualClock
from bot.domain.reminders import ReminderStatus, plan
from bot.domain.settings import Settings, load_settings
from bot.runtime.app import build_services
from bot.services.container import Services
from storage import Storage
from tests.chat import TEST_TOKEN
from tests.factories import BEFORE_DEADLINE, SAMPLE_DEADLINE, small_call


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(BEFORE_DEADLINE)


@pytest.fixture
def settings(tmp_path) -> Settings:
    return load_settings(
        _env_file=None, BOT_TOKEN=TEST_TOKEN, DATABASE_URL=f"sqlite:///{tmp_path / 's.db'}"
    )


@pytest.fixture
async def storage(settings: Settings) -> AsyncIterator[Storage]:
    opened = await Storage.open(settings.database_path)
    yield opened
    await opened.close()


def fresh_services(storage: Storage, settings: Settings, clock: ManualClock) -> Services:
    """The services of a bot starting now: its scheduler has planned nothing yet."""
    return build_services(
        storage=storage, settings=settings, clock=clock, sender=Bot(settings.token())
    )


async def planned_rows(storage: Storage, call_id: int) -> set[tuple]:
    return {
        (r.kind, r.audience, r.offset_minutes, r.meeting_key, r.due_at)
        for r in await storage.reminders.for_call(call_id)
        if r.status == ReminderStatus.PLANNED
    }


def identities(call: Call, settings: Settings) -> set[tuple]:
    return {
        (p.kind, p.audience, p.offset_minutes, p.meeting_key, p.due_at)
        for p in plan(call, settings.quiet_window, settings.tz)
    }


async def test_the_first_look_plans_each_call_as_it_stands_now(storage, settings, clock) -> None:
    now = clock.now()
    plain, _ = await storage.calls.save(small_call("plain"), now)
    moved, _ = await storage.calls.save(small_call("moved"), now)
    closed, _ = await storage.calls.save(small_call("closed"), now)
    # Rows planned by an earlier run: "moved" from its old deadline, one of them sent since;
    # "closed" while it was open.
    await fresh_services(storage, settings, clock).scheduler.start()
    [sent, *_] = await storage.reminders.for_call(moved.id)
    await storage.reminders.finish(sent.id, ReminderStatus.SENT, now, note="3")
    later = SAMPLE_DEADLINE + timedelta(days=7)
    moved = await storage.calls.update(moved.id, small_call("moved", deadline_at=later), now)
    closed = await storage.calls.update(closed.id, closed.spec, now, CallStatus.CLOSED)

    await fresh_services(storage, settings, clock).scheduler.start()

    assert await planned_rows(storage, plain.id) == identities(plain, settings)
    # What was sent is not planned again; the rest moved with the deadline.
    moved_plan = identities(moved, settings)
    again = {p for p in moved_plan if p[:4] == (sent.kind, sent.audience, sent.offset_minutes, "")}
    assert len(again) == 1 and again < moved_plan
    assert await planned_rows(storage, moved.id) == moved_plan - again
    assert [r.status for r in await storage.reminders.for_call(moved.id)].count("sent") == 1
    assert await planned_rows(storage, closed.id) == set()


async def test_the_first_look_takes_as_many_trips_for_thirty_calls_as_for_three(
    storage, settings, clock, monkeypatch
) -> None:
    """Start-up re-plans every call: 1,000 calls one by one were 6,000 trips to the
    database's thread and 1,000 commits, two thirds of starting with a big backlog."""
    trips = 0
    real_execute = aiosqlite.Connection._execute

    async def counted(self, fn, *args, **kwargs):
        nonlocal trips
        trips += 1
        return await real_execute(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)

    async def first_look(calls: int) -> int:
        nonlocal trips
        for n in range(len(await storage.calls.all()), calls):
            await storage.calls.save(small_call(f"call-{n}"), clock.now())
        trips = 0
        await fresh_services(storage, settings, clock).scheduler.start()
        taken = trips
        assert all([await planned_rows(storage, c.id) for c in await storage.calls.all()])
        return taken

    few = await first_look(3)
    assert await first_look(30) == few
