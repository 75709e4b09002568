"""The send budget: the rate it learns from 429s, who goes first, and what it counts."""

from __future__ import annotations

import asyncio

import pytest
from telegram.error import RetryAfter

from bot.domain.broadcasts import BroadcastKind, Priority, priority_of
from bot.domain.budget import GUARD, WINDOW, Learned, RateLearner
from bot.domain.clock import ManualClock
from bot.domain.messenger import COUNTED_METHODS
from bot.domain.segments import Segment, SegmentKind
from bot.domain.settings import load_settings
from bot.sending.budget import BudgetLimiter, SendBudget
from bot.services.directory import Directory
from emulator.faults import RATE_LIMITED_METHODS
from storage import Storage
from tests.chat import TEST_TOKEN
from tests.factories import BEFORE_DEADLINE


def saturated(learner: RateLearner, start: float, seconds: float, rate: float) -> float:
    """The sender held back by the budget for `seconds`, every send a success; the end."""
    sends = round(seconds * rate)
    for n in range(sends):
        learner.granted(start + n / rate, waiting=True)
        learner.succeeded(start + n / rate)
    return start + sends / rate


def test_a_429_settles_just_below_what_the_server_accepted_halving_at_most_each_time() -> None:
    learner = RateLearner(ceiling=60)
    learner.started(0.0)
    now = saturated(learner, 0.0, 2.0, rate=20)  # the server let 20 a second through
    assert learner.limited(now - 0.01, retry_after=1)
    assert learner.limit == 20
    assert learner.rate == 30  # 0.98 × 20 is more than half of 60 below: half, this time
    # Back after the pause, at 30: the server's emptied window takes 20, then says 429.
    resumed = now - 0.01 + 1
    end = saturated(learner, resumed, 20 / 30, rate=30)
    assert learner.limited(end, retry_after=1)
    assert learner.limit == 20
    assert learner.rate == pytest.approx(learner.margin * 20)


def test_the_first_429_of_a_broadcast_from_idle_measures_the_limit() -> None:
    """Idle, then a broadcast pushes at the ceiling (60) into a limit of 50: the 429 after
    a short second of sending measures 50, instead of cutting blindly to 0.7 × 60."""
    learner = RateLearner(ceiling=60)
    learner.started(0.0)
    now = saturated(learner, 100.0, 50 / 60, rate=60)
    assert learner.limited(now, retry_after=1)
    assert learner.limit == 50
    assert learner.rate == pytest.approx(learner.margin * 50)


def test_the_other_429s_of_one_burst_change_nothing() -> None:
    learner = RateLearner(ceiling=60)
    learner.started(0.0)
    now = saturated(learner, 0.0, 2.0, rate=20)
    learner.limited(now, retry_after=1)
    settled = learner.rate
    for late in (0.01, 0.02, 0.5, 0.95):  # answers to sends made before the pause
        assert not learner.limited(now + late, retry_after=1)
    assert learner.rate == settled


def test_a_429_with_too_little_sent_to_measure_cuts_instead() -> None:
    """A 429 while the bot sent 2 a second (one chat's limit, a storm) is no limit of 2."""
    learner = RateLearner(ceiling=30)
    learner.started(0.0)
    for moment in (1.0, 1.5, 2.0, 2.5):
        learner.granted(moment, waiting=False)
        learner.succeeded(moment)
    assert learner.limited(2.6, retry_after=1)
    assert learner.rate == pytest.approx(0.7 * 30)
    assert learner.limit is None


def test_a_429_just_after_a_pause_says_nothing_of_the_limit() -> None:
    """A storm of 429s: each comes right after the last pause ended, with nothing sent."""
    learner = RateLearner(ceiling=30, limit=30)
    learner.started(0.0)
    now = saturated(learner, 0.0, 2.0, rate=29)
    assert learner.limited(now, retry_after=1)
    measured, settled = learner.limit, learner.rate
    for _ in range(2):
        now += 1.0 + 0.05  # back after the pause, one send, and 429 again at once
        learner.granted(now - 0.04, waiting=True)
        learner.succeeded(now - 0.04)
        assert learner.limited(now, retry_after=1)
    assert learner.limit == measured  # unchanged: a storm is no measurement
    assert learner.rate == pytest.approx(settled * 0.7 * 0.7)  # two cuts


def test_it_climbs_back_quickly_then_probes_past_the_limit_slowly() -> None:
    learner = RateLearner(ceiling=60, rate=10, limit=20)
    learner.started(0.0)
    rates: list[tuple[float, float]] = []
    now = 0.0
    while now < 200:
        learner.granted(now, waiting=True)
        learner.succeeded(now)
        rates.append((now, learner.rate))
        now += 1 / learner.rate
    below = learner.margin * 20
    reached = next(t for t, rate in rates if rate == pytest.approx(below))
    probed = next(t for t, rate in rates if rate > below + 1e-6)
    assert reached < 5  # back just below the limit within seconds
    assert probed - reached == pytest.approx(learner.probe_after, abs=0.2)  # then slowly
    # The first probe goes past the known limit (a step short of it would teach nothing);
    # each that held until the next raises the limit, and the next goes past that.
    first = next(rate for _, rate in rates if rate > below + 1e-6)
    assert first == pytest.approx(20 * 1.02)
    assert learner.rate == pytest.approx(20 * 1.02**3)
    assert learner.limit == pytest.approx(20 * 1.02**2)


def test_a_429_below_the_known_limit_widens_the_margin_and_keeps_the_limit() -> None:
    """The server counted the same 30 again while the bot sent below it: its requests
    arrived bunched. The limit stays; the margin widens, then narrows back slowly."""
    learner = RateLearner(ceiling=60, rate=29.1, limit=30)
    learner.started(0.0)
    now = saturated(learner, 0.0, 2.0, rate=30)  # the server's window saw 30
    assert learner.limited(now, retry_after=1)
    assert learner.limit == 30
    wider = learner.margin - learner.margin_step
    assert learner.rate == pytest.approx(wider * 30)
    now = saturated(learner, now + 1, learner.probe_after + 1, rate=learner.rate)
    half_back = wider + learner.margin_step / 2
    assert learner.rate == pytest.approx(half_back * 30)  # half a step back, a while later
    assert learner.limit == 30  # and no probe until the margin is back


def test_an_idle_bot_learns_nothing() -> None:
    learner = RateLearner(ceiling=60, rate=10, limit=20)
    learner.started(0.0)
    for second in range(100):
        learner.granted(float(second), waiting=False)
        learner.succeeded(float(second))
    assert learner.rate == 10


def test_it_never_passes_the_ceiling_nor_falls_under_the_floor() -> None:
    learner = RateLearner(ceiling=25, rate=500)
    assert learner.rate == 25
    learner.started(0.0)
    for n in range(30):
        learner.limited(10.0 * n, retry_after=1)
    assert learner.rate == learner.floor


def test_a_restart_goes_on_from_what_was_learned() -> None:
    learner = RateLearner(ceiling=30).resumed(Learned(rate=19.4, limit=20))
    assert (learner.rate, learner.limit, learner.ceiling) == (19.4, 20, 30)
    assert RateLearner(ceiling=10).resumed(Learned(rate=19.4, limit=20)).rate == 10


def test_news_for_one_person_goes_before_reminders_and_reminders_before_broadcasts() -> None:
    order = sorted(
        ["broadcast", "invitation", "reminder", "notice", "closing", "message", "announcement"],
        key=priority_of,
    )
    assert [priority_of(kind) for kind in order] == [
        Priority.NOTICE,
        Priority.NOTICE,
        Priority.REMINDER,
        Priority.REMINDER,
        Priority.BULK,
        Priority.BULK,
        Priority.BULK,
    ]
    assert Priority.REPLY < Priority.NOTICE


def test_the_emulator_counts_what_the_bot_counts() -> None:
    assert COUNTED_METHODS == RATE_LIMITED_METHODS
    assert "answerCallbackQuery" not in COUNTED_METHODS
    assert {"sendMessage", "sendPhoto", "editMessageText"} <= COUNTED_METHODS


async def test_a_reply_takes_the_next_slot_ahead_of_bulk_sends_waiting_longer() -> None:
    budget = SendBudget(RateLearner(ceiling=20))  # a slot every 50 ms
    served: list[str] = []

    async def wait(name: str, priority: Priority) -> None:
        await budget.acquire(priority)
        served.append(name)

    await budget.acquire(Priority.BULK)  # the first slot: the next is 50 ms away
    bulk = [asyncio.create_task(wait(f"bulk{n}", Priority.BULK)) for n in range(4)]
    await asyncio.sleep(0.01)
    reply = asyncio.create_task(wait("reply", Priority.REPLY))
    reminder = asyncio.create_task(wait("reminder", Priority.REMINDER))
    await asyncio.gather(*bulk, reply, reminder)
    assert served == ["reply", "reminder", "bulk0", "bulk1", "bulk2", "bulk3"]
    await budget.close()


async def test_a_429_stops_every_slot_until_retry_after_has_passed() -> None:
    budget = SendBudget(RateLearner(ceiling=1000))
    loop = asyncio.get_running_loop()
    await budget.acquire(Priority.BULK)
    budget.limited(0.3)
    started = loop.time()
    await budget.acquire(Priority.REPLY)  # replies wait out the pause too
    assert loop.time() - started >= 0.29
    await budget.close()


async def test_the_limiter_spends_the_budget_only_on_counted_requests() -> None:
    budget = SendBudget(RateLearner(ceiling=1000))
    limiter = BudgetLimiter(budget, Priority.REPLY, max_retries=1)
    answers = iter([RetryAfter(0.05), {"ok": True}])

    async def request() -> dict:
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    async def callback() -> bool:
        return True

    assert await limiter.process_request(callback, (), {}, "answerCallbackQuery", {}, None)
    assert budget.learner._last_grant is None  # not counted: no slot taken
    assert await limiter.process_request(request, (), {}, "sendMessage", {}, None) == {"ok": True}
    assert budget.limited_count == 1  # the 429 paused the budget, and the retry went through
    await budget.close()


async def test_the_learned_rate_is_kept_for_the_next_start() -> None:
    kept: list[Learned] = []

    async def keep(learned: Learned) -> None:
        kept.append(learned)

    budget = SendBudget(RateLearner(ceiling=60))
    budget.resume(Learned(rate=40, limit=None), keep)
    assert budget.rate == 40
    budget.limited(1.0)  # nothing measured: cut
    await budget.close()
    assert kept[-1] == Learned(rate=28.0, limit=None)


def test_it_lets_out_no_more_than_the_known_limit_in_a_window_a_little_longer() -> None:
    assert RateLearner(ceiling=60, rate=29.1, limit=30).per_window() == 30
    assert RateLearner(ceiling=60, rate=19.4, limit=20).per_window() == 20
    assert RateLearner(ceiling=60, rate=20.4, limit=20).per_window() == 21  # a probe
    assert RateLearner(ceiling=30).per_window() == 30  # unknown: the rate
    assert RateLearner(ceiling=60, rate=0.5, limit=None).per_window() == 1


async def test_requests_bunched_on_their_way_out_wait_for_the_window_to_pass() -> None:
    """Twenty slots in hand at once (a busy event loop released them together): the 21st
    waits until a second and the guard have passed since the first left."""
    loop = asyncio.get_running_loop()
    budget = SendBudget(RateLearner(ceiling=60, rate=19.4, limit=20), clock=loop.time)
    started = loop.time()
    for _ in range(20):
        await budget.issue(1)
    assert loop.time() - started < 0.2
    await budget.issue(1)
    assert loop.time() - started >= WINDOW + GUARD - 0.005
    await budget.close()


async def test_a_chats_own_429_holds_that_chat_only() -> None:
    """Two requests to one person within a second: the 429 is that chat's, so only that
    chat waits, even while a broadcast keeps the bot's window full; anyone else goes on."""
    budget = SendBudget(RateLearner(ceiling=30, rate=29.1, limit=30))
    for chat in range(100, 126):  # a broadcast's sends fill the window
        await budget.issue(chat)
    for chat in (7, 8, 7):
        await budget.acquire(Priority.REPLY)
        await budget.issue(chat)
    budget.limited(1.0, 7)
    assert budget.held(7) > 0.9
    assert budget.held(8) == 0
    assert budget.paused_for == 0
    assert budget.learner.rate == 29.1  # nothing learned of the bot's limit
    # A chat with nothing else sent to it within a second: the bot's limit, all wait.
    budget.limited(1.0, 8)
    assert budget.paused_for > 0.9
    assert budget.held(8) == 0
    await budget.close()


async def test_a_refused_reply_keeps_its_place_and_is_tried_until_it_goes() -> None:
    """A reply answered 429 three times still arrives, and after the pause it goes before a
    reply that asked while it was on its way."""
    budget = SendBudget(RateLearner(ceiling=5))  # a slot every 200 ms
    limiter = BudgetLimiter(budget, Priority.REPLY, max_retries=5)
    refusals = iter([RetryAfter(0.2), RetryAfter(0.2), RetryAfter(0.2)])
    served: list[str] = []

    async def first() -> bool:
        if (refusal := next(refusals, None)) is not None:
            await asyncio.sleep(0.1)  # on its way; meanwhile the later one asks
            raise refusal
        served.append("first")
        return True

    async def later() -> bool:
        served.append("later")
        return True

    async def reply(callback, chat: int):
        return await limiter.process_request(
            callback, (), {}, "sendMessage", {"chat_id": chat}, None
        )

    task = asyncio.create_task(reply(first, 1))
    await asyncio.sleep(0.05)
    assert await asyncio.gather(task, reply(later, 2)) == [True, True]
    assert served == ["first", "later"]
    await budget.close()


# Nothing goes to someone who has left.


async def _outbox_with(tmp_path, users: tuple[int, ...]) -> Storage:
    storage = await Storage.open(tmp_path / "f.db")
    for user in users:
        await storage.users.seen(
            user,
            first_name=None,
            last_name=None,
            username=None,
            default_language="fa",
            now=BEFORE_DEADLINE,
        )
    return storage


async def _pending(storage: Storage) -> set[tuple[int, str, int]]:
    rows = await storage.db.fetch_all(
        "SELECT d.chat_id, b.kind, d.priority FROM deliveries d"
        " JOIN broadcasts b ON b.id = d.broadcast_id WHERE d.status = 'pending'"
    )
    return {(row[0], row[1], row[2]) for row in rows}


async def test_leaving_the_directory_withdraws_only_the_invitations_on_their_way(
    tmp_path,
) -> None:
    storage = await _outbox_with(tmp_path, (1001, 1002))
    chats = Segment(SegmentKind.CHATS, chat_ids=(1001, 1002))
    await storage.outbox.create(BroadcastKind.INVITATION, chats, {"text": "x"}, BEFORE_DEADLINE)
    one = Segment(SegmentKind.CHATS, chat_ids=(1001,))
    await storage.outbox.create(BroadcastKind.NOTICE, one, {"text": "y"}, BEFORE_DEADLINE)
    directory = Directory(
        storage=storage,
        clock=ManualClock(BEFORE_DEADLINE),
        settings=load_settings(_env_file=None, BOT_TOKEN=TEST_TOKEN),
        outbox=None,
    )
    await directory.leave(1001)
    assert await _pending(storage) == {
        (1002, "invitation", Priority.BULK),  # someone else's stays
        (1001, "notice", Priority.NOTICE),  # news for her is not an invitation
    }
    await storage.close()


async def test_a_row_is_claimed_only_while_still_wanted(tmp_path) -> None:
    storage = await _outbox_with(tmp_path, (1001, 1002, 1003))
    everyone = Segment(SegmentKind.EVERYONE)
    await storage.outbox.create("broadcast", everyone, {"t": 1}, BEFORE_DEADLINE)
    due = {d.chat_id: d for d in await storage.outbox.due(10)}
    await storage.outbox.block_user(1002, BEFORE_DEADLINE)  # blocked the bot since
    await storage.privacy.erase_user(1003)  # erased since
    assert await storage.outbox.claim(due[1001].id)
    assert not await storage.outbox.claim(due[1001].id)  # claimed once only
    assert not await storage.outbox.claim(due[1002].id)
    assert not await storage.outbox.claim(due[1003].id)
    await storage.close()


async def test_the_sender_takes_news_for_one_person_before_reminders_and_broadcasts(
    tmp_path,
) -> None:
    storage = await _outbox_with(tmp_path, (1001,))
    one = Segment(SegmentKind.CHATS, chat_ids=(1001,))
    for kind in ("broadcast", "reminder", "invitation", "notice"):
        await storage.outbox.create(kind, one, {"text": kind}, BEFORE_DEADLINE)
    due = await storage.outbox.due(10)
    assert [d.priority for d in due] == [
        Priority.NOTICE,
        Priority.REMINDER,
        Priority.BULK,
        Priority.BULK,
    ]
    await storage.close()
