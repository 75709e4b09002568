"""Several processes on one database: each delivery and each reminder goes out once.

Two `Storage`s opened on one database stand for two replicas (each has its own connections
and its own one-transaction-at-a-time lock, as two processes do). The rules run on SQLite
and PostgreSQL (tests/backends.py); the races that only PostgreSQL's concurrency can show
run on PostgreSQL.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from telegram import Bot

from bot.domain.broadcasts import BroadcastKind
from bot.domain.budget import Learned, RateLearner
from bot.domain.clock import ManualClock
from bot.domain.reminders import ReminderStatus
from bot.domain.replicas import SCHEDULER_LEASE, TTL
from bot.domain.segments import Segment, SegmentKind
from bot.domain.settings import load_settings
from bot.runtime.app import build_services
from bot.runtime.replicas import Replicas
from bot.sending.budget import SendBudget
from bot.sending.shared_budget import SharedBudget
from storage import Storage
from storage.pg_locks import chat_key
from tests.backends import url_of
from tests.chat import TEST_TOKEN
from tests.factories import BEFORE_DEADLINE, SAMPLE_DEADLINE, small_call

NOW = BEFORE_DEADLINE
on_postgresql = pytest.mark.parametrize("database", ["postgresql"], indirect=True)


@dataclass
class Stub:
    """A replica as the outbox and the scheduler see it."""

    id: str
    leading: bool = True

    def live_since(self, now: datetime) -> datetime:
        return now - TTL


@pytest.fixture
async def other(database) -> AsyncIterator[Storage]:
    """The same database, opened a second time: another replica."""
    opened = await Storage.open(database)
    yield opened
    await opened.close()


async def broadcast_to(storage: Storage, chats: range) -> int:
    broadcast, _ = await storage.outbox.create(
        BroadcastKind.BROADCAST,
        Segment(SegmentKind.CHATS, chat_ids=list(chats)),
        {"text": "x"},
        NOW,
    )
    return broadcast.id


async def test_two_live_replicas_take_different_batches(storage, other) -> None:
    await broadcast_to(storage, range(1, 11))
    await storage.replicas.beat("a", NOW)
    await other.replicas.beat("b", NOW)
    since = NOW - TTL
    first = await storage.outbox.due(4, replica="a", live_since=since)
    second = await other.outbox.due(4, replica="b", live_since=since)
    again = await storage.outbox.due(4, replica="a", live_since=since)
    assert [d.chat_id for d in first] == [1, 2, 3, 4]
    assert [d.chat_id for d in second] == [5, 6, 7, 8]  # not a's
    assert [d.chat_id for d in again] == [1, 2, 3, 4]  # still its own, first in line


async def test_a_dead_replicas_batch_and_sends_are_handed_on(storage, other) -> None:
    await broadcast_to(storage, range(1, 7))
    await storage.replicas.beat("a", NOW)
    taken = await storage.outbox.due(6, replica="a", live_since=NOW - TTL)
    assert await storage.outbox.claim(taken[0].id, "a")  # mid-send when it dies
    later = NOW + TTL + timedelta(seconds=1)
    await other.replicas.beat("b", later)
    # While a lives, b leaves its rows and its send alone.
    assert await other.outbox.due(6, replica="b", live_since=NOW - TTL) == []
    assert await other.outbox.recover_interrupted(NOW - TTL) == 0
    # Unseen for longer than TTL: its batch is b's, its send cut off is never repeated.
    assert await other.outbox.recover_interrupted(later - TTL) == 1
    handed = await other.outbox.due(6, replica="b", live_since=later - TTL)
    assert [d.chat_id for d in handed] == [2, 3, 4, 5, 6]
    counts = await other.outbox.counts(taken[0].broadcast_id)
    assert (counts.unknown, counts.pending) == (1, 5)


async def test_the_schedulers_lease_has_one_holder_until_it_lapses(storage, other) -> None:
    replicas = storage.replicas
    assert await replicas.hold(SCHEDULER_LEASE, "a", NOW, TTL)
    assert not await other.replicas.hold(SCHEDULER_LEASE, "b", NOW + TTL / 2, TTL)
    assert await replicas.hold(SCHEDULER_LEASE, "a", NOW + TTL / 2, TTL)  # renewed
    lapsed = NOW + TTL / 2 + TTL + timedelta(seconds=1)
    assert await other.replicas.hold(SCHEDULER_LEASE, "b", lapsed, TTL)
    assert not await replicas.hold(SCHEDULER_LEASE, "a", lapsed, TTL)  # too late
    assert await replicas.holder(SCHEDULER_LEASE, lapsed) == "b"


async def test_a_replica_takes_the_scheduler_over_from_one_that_stopped_beating(
    storage, other
) -> None:
    clock = ManualClock(NOW)
    first = Replicas(storage=storage, clock=clock, replica_id="a", beat=3600)
    second = Replicas(storage=other, clock=clock, replica_id="b", beat=3600)
    led: list[str] = []

    async def lead(name: str) -> None:
        led.append(name)

    async def nothing() -> None:
        return None

    await first.start(on_lead=lambda: lead("a"), while_leading=nothing)
    await second.start(on_lead=lambda: lead("b"), while_leading=nothing)
    assert (first.leading, second.leading, led) == (True, False, ["a"])
    # a's process is killed: no beat, no renewal. Within TTL b waits; after it, b leads.
    clock.set(NOW + TTL / 2)
    await second._look()
    assert not second.leading
    clock.set(NOW + TTL * 1.5 + timedelta(seconds=1))
    await second._look()
    assert second.leading and led == ["a", "b"]
    await second.stop()
    await first.stop()


async def test_replicas_started_together_share_the_budget_from_their_first_look(
    storage, other
) -> None:
    """Each replica's part of the budget follows how many are alive from its first look, not
    a beat later: a replica that joined alone and kept its whole budget until its next beat
    sent over the limit beside the others (a 429 at start, and a learned rate kept low for
    every replica started after it)."""
    clock = ManualClock(NOW)
    first = Replicas(storage=storage, clock=clock, replica_id="a", beat=3600)
    second = Replicas(storage=other, clock=clock, replica_id="b", beat=3600)
    seen: list[int] = []

    async def nothing() -> None:
        return None

    assert await first.join() == 1  # alone so far
    assert await second.join() == 2
    await first.start(on_lead=nothing, while_leading=nothing, every_beat=seen.append)
    assert seen == [2]
    await first.stop()


@on_postgresql
async def test_concurrent_claims_of_one_row_on_two_replicas_send_it_once(storage, other) -> None:
    broadcast = await broadcast_to(storage, range(1, 201))
    rows = await storage.db.fetch_all(
        "SELECT id FROM deliveries WHERE broadcast_id = ? ORDER BY id", (broadcast,)
    )
    ids = [row[0] for row in rows]

    async def claim_all(replica: Storage, name: str, order: list[int]) -> list[int]:
        return [d for d in order if await replica.outbox.claim(d, name)]

    # From the two ends: however fast either is, they meet and both try the rows between.
    mine, theirs = await asyncio.gather(
        claim_all(storage, "a", ids), claim_all(other, "b", ids[::-1])
    )
    assert sorted(mine + theirs) == ids  # each row claimed once, by one of them
    assert mine and theirs


@on_postgresql
async def test_two_schedulers_running_the_same_reminders_queue_each_once(
    database, storage, other
) -> None:
    settings = load_settings(_env_file=None, BOT_TOKEN=TEST_TOKEN, DATABASE_URL=url_of(database))
    clock = ManualClock(NOW)
    call, _ = await storage.calls.save(small_call(), NOW)

    def scheduler(on: Storage, name: str):
        services = build_services(
            storage=on,
            settings=settings,
            clock=clock,
            sender=Bot(settings.token()),
            replica=Stub(name),
        )
        return services.scheduler

    one, two = scheduler(storage, "a"), scheduler(other, "b")
    await one.replan(call, arm=False)
    planned = await storage.reminders.for_call(call.id)
    # One of each due reminder's moments, so that both take the same rows at once.
    for reminder in sorted({r.due_at for r in planned if r.due_at < SAMPLE_DEADLINE}):
        clock.set(reminder)
        await asyncio.gather(one.run_due(), two.run_due())
    clock.set(SAMPLE_DEADLINE + timedelta(minutes=1))
    await asyncio.gather(one.run_due(), two.run_due())
    rows = await storage.reminders.for_call(call.id)
    sent = [r for r in rows if r.status == ReminderStatus.SENT]
    reminders = await storage.db.fetch_value(
        "SELECT COUNT(*) FROM broadcasts WHERE kind = 'reminder'"
    )
    assert sent and all(r.status != ReminderStatus.PLANNED for r in rows)
    assert reminders == sum(1 for r in sent if r.kind != "close")  # one broadcast each


@on_postgresql
async def test_a_chats_updates_on_two_replicas_wait_for_each_other(storage, other) -> None:
    order: list[str] = []

    async def handle(locks, name: str, chat: int, hold: float) -> None:
        async with locks.chat(chat):
            order.append(f"{name} in")
            await asyncio.sleep(hold)
            order.append(f"{name} out")

    first = asyncio.create_task(handle(storage.locks, "a", 42, 0.3))
    await asyncio.sleep(0.1)
    await asyncio.gather(
        handle(other.locks, "b", 42, 0),
        handle(other.locks, "c", 43, 0),  # another chat
    )
    await first
    assert order.index("b in") > order.index("a out")  # the same chat waited
    assert order.index("c out") < order.index("a out")  # another chat did not
    assert chat_key(-1001234567890) != chat_key(1001234567890)


@on_postgresql
async def test_only_one_process_polls_a_database(storage, other) -> None:
    from storage.locks import Held

    assert await storage.locks.hold(Held.POLLING)
    assert not await other.locks.hold(Held.POLLING)
    await storage.locks.close()  # the first process ends
    assert await other.locks.hold(Held.POLLING)


async def test_each_replica_spends_its_part_of_the_bots_send_budget() -> None:
    kept: list[Learned] = []

    async def keep(whole: Learned) -> None:
        kept.append(whole)

    budget = SendBudget(RateLearner(ceiling=30))
    shared = SharedBudget(budget, ceiling=30, save=keep)
    shared.resume(Learned(24.0, 25.0), replicas=3)  # the bot's rate, learned by anyone
    assert (budget.rate, budget.learner.ceiling, budget.learner.limit) == (8.0, 10.0, 25 / 3)
    shared.share(2)  # one replica died: the two left take its part
    assert budget.rate == pytest.approx(12.0)
    budget.limited(1.0)  # a 429 teaches this replica its part; the bot's whole is kept
    await budget.close()
    assert kept and kept[-1].rate == pytest.approx(budget.rate * 2, abs=0.01)


@on_postgresql
async def test_among_replicas_a_users_row_changed_by_another_is_read_fresh(storage, other) -> None:
    async def seen(on: Storage, at: datetime):
        return await on.users.seen(
            1001,
            first_name="سارا",
            last_name=None,
            username=None,
            default_language="fa",
            now=at,
        )

    storage.among_replicas()  # this process serves webhooks beside others
    assert (await seen(storage, NOW)).language == "fa"
    await other.users.set_language(1001, "en")  # the volunteer's next update: the other
    assert (await seen(storage, NOW + timedelta(seconds=5))).language == "en"


@on_postgresql
async def test_only_the_schedulers_replica_marks_a_broadcast_done(
    database, storage, other
) -> None:
    settings = load_settings(_env_file=None, BOT_TOKEN=TEST_TOKEN, DATABASE_URL=url_of(database))
    clock = ManualClock(NOW)

    def outbox(on: Storage, replica: Stub):
        services = build_services(
            storage=on,
            settings=settings,
            clock=clock,
            sender=Bot(settings.token()),
            replica=replica,
        )
        return services.outbox

    leader, follower = Stub("a"), Stub("b", leading=False)
    broadcast = await broadcast_to(storage, range(1, 4))
    await storage.db.execute(
        "UPDATE deliveries SET status = 'sent' WHERE broadcast_id = ?", (broadcast,)
    )
    # Both are idle at once; one of them says "done" (one last progress edit, one finish).
    await outbox(other, follower)._finish_idle()
    assert [b.id for b in await storage.outbox.sending()] == [broadcast]
    await outbox(storage, leader)._finish_idle()
    assert await storage.outbox.sending() == []
