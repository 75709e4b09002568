"""Who may see a call, and when it takes followers: the Calls service's rules, no Telegram."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.domain.calls import CallStatus
from bot.domain.clock import ManualClock
from bot.services.calls import Calls
from storage import Storage
from tests.factories import BEFORE_DEADLINE, SAMPLE_DEADLINE, small_call

ADMIN = 9001
SARA = 1001


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(BEFORE_DEADLINE)


@pytest.fixture
async def storage(database: Path | str) -> AsyncIterator[Storage]:
    opened = await Storage.open(database)
    yield opened
    await opened.close()


@pytest.fixture
async def calls(storage: Storage, clock: ManualClock) -> Calls:
    for user in (SARA, ADMIN):
        await storage.users.seen(
            user, first_name=None, last_name=None, username=None,
            default_language="fa", now=clock.now(),
        )  # fmt: skip
    return Calls(storage=storage, clock=clock, admin_ids={ADMIN})


async def test_a_draft_is_found_by_admins_only(calls, storage, clock) -> None:
    draft, _ = await storage.calls.save(small_call("d", status=CallStatus.DRAFT), clock.now())
    assert await calls.get(draft.id, SARA) is None
    assert await calls.by_slug("d", SARA) is None
    assert await calls.get(draft.id, ADMIN) == draft
    assert await calls.by_slug("d", ADMIN) == draft
    assert draft not in await calls.listed()


@pytest.mark.parametrize("status", [CallStatus.OPEN, CallStatus.CLOSED, CallStatus.ARCHIVED])
async def test_a_published_call_is_found_by_everyone(calls, storage, clock, status) -> None:
    call, _ = await storage.calls.save(small_call("p", status=status), clock.now())
    assert await calls.get(call.id, SARA) == call
    assert await calls.by_slug("p", SARA) == call


@pytest.mark.parametrize(
    ("status", "takes"),
    [
        (CallStatus.OPEN, True),
        (CallStatus.DRAFT, False),
        (CallStatus.CLOSED, False),
        (CallStatus.ARCHIVED, False),
    ],
)
async def test_only_a_call_still_ahead_takes_followers(calls, storage, clock, status, takes):
    call, _ = await storage.calls.save(small_call("f", status=status), clock.now())
    assert await calls.follow(call, SARA) is takes
    assert await storage.funnel.is_following(call.id, SARA) is takes


async def test_an_open_call_past_its_deadline_takes_no_followers(calls, storage, clock) -> None:
    call, _ = await storage.calls.save(small_call("late"), clock.now())
    clock.set(SAMPLE_DEADLINE)
    assert await calls.follow(call, SARA) is False
    assert not await storage.funnel.is_following(call.id, SARA)


async def test_an_admin_s_preview_of_a_draft_is_not_counted_as_opened(
    calls, storage, clock
) -> None:
    draft, _ = await storage.calls.save(small_call("d", status=CallStatus.DRAFT), clock.now())
    await calls.opened(draft, ADMIN)
    assert (await storage.funnel.counts(draft.id))["opened"] == 0
