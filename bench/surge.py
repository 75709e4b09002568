"""Surge: volunteers start registering in numbers while a broadcast is going out.

The emulator enforces 30 messages a second, 1 a second per private chat (with Telegram's
short bursts: see `PER_CHAT_BURST`) and 20 a minute per group. A broadcast to N recipients
is handed over, and at once V volunteers start registering for the sample call, their
starts spread over S seconds, each thinking a few seconds (seeded) after every answer. The
volunteers walk the real registration over the emulator (bench/messenger.py), in the
messenger's own process.

Farakhan, at the ceiling an operator on Telegram leaves alone (30): the outbox sends the
broadcast and replies spend the same send budget, replies first. The baseline is the same
application as a conventional bot would run it: PTB's AIORateLimiter for every request
instead of the budget, and the broadcast a loop through that same limited bot
(bench/baselines.py), not the outbox.

Read from the emulator's log: the sends a second while both the broadcast and the
registrations are under way, the 429s, each reply's wait (from the volunteer's update to the
bot's first message or edit in that chat), and the broadcast's duplicates and misses.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from unittest import mock

from telegram.ext import AIORateLimiter, Application

import bot.runtime.app
from bench import dataset
from bench.baselines import RETRIES, ptb_loop
from bench.harness import app_against
from bench.messenger import Journey, Outcome, Request, Volunteer, apart
from bench.pacing import Where
from bench.steps import registration_steps
from bot.domain.broadcasts import BroadcastKind
from bot.domain.segments import Segment, SegmentKind
from bot.runtime.app import STORAGE_KEY
from handlers.context import SERVICES_KEY
from storage import Storage

FIRST_RECIPIENT = 800_000
FIRST_VOLUNTEER = 900_000
LIMIT = 30.0  # the emulator's messages a second: Telegram's documented figure
# A private chat may have this many messages at once, then one a second (see
# emulator/faults.py RateLimiter): a step of the form edits the last question and asks the
# next one, two or three requests to one chat within milliseconds, which Telegram allows.
PER_CHAT_BURST = 3
TEXT = "یادآوری: مهلت ثبت‌نام در کارگروه صیانت از حقوق کاربران تا پایان هفته است."
SLUG = dataset.sample_spec().slug


@dataclass(frozen=True)
class SurgePlan:
    volunteers: int
    spread: float  # seconds over which the volunteers start
    thought: tuple[float, float]  # seconds a volunteer thinks after each answer (uniform)
    recipients: int
    seed: int = 16

    @property
    def thinking(self) -> float:
        """Seconds one volunteer spends thinking over a registration, on average."""
        return (len(registration_steps(SLUG, 0)) - 1) * sum(self.thought) / 2

    @property
    def unhindered(self) -> float:
        """Seconds from the first start to the last answer if no reply ever waited."""
        return self.spread + self.thinking

    def people(self) -> list[Volunteer]:
        rng = random.Random(self.seed)
        return [
            Volunteer(FIRST_VOLUNTEER + n, rng.uniform(0, self.spread), rng.randrange(2**32))
            for n in range(self.volunteers)
        ]


@dataclass(frozen=True)
class SurgeRun(Outcome):
    """One bot through one surge, as the emulator saw it."""

    bot: str
    plan: SurgePlan
    started: float  # wall time the broadcast was handed over and the volunteers set off
    requests: list[Request]  # every counted request, in arrival order
    journeys: list[Journey]
    copies: list[int]  # broadcast messages each recipient got
    submitted: int  # registrations that reached "submitted"

    @property
    def recipients(self) -> range:
        return range(FIRST_RECIPIENT, FIRST_RECIPIENT + self.plan.recipients)

    @property
    def broadcast_done(self) -> float:
        """When the broadcast's last message was delivered (wall time)."""
        chats = self.recipients
        return max(
            (t for method, chat, status, t in self.requests if status == 200 and chat in chats),
            default=self.started,
        )

    @cached_property
    def waits(self) -> list[float]:
        """For each update a volunteer sent, seconds until the bot's first message or edit
        in that chat was delivered (a reply never delivered is left out: see `unanswered`)."""
        delivered: dict[int, list[float]] = {}
        for _, chat, status, moment in self.requests:
            if status == 200:
                delivered.setdefault(chat, []).append(moment)
        waits = []
        for journey in self.journeys:
            times = sorted(delivered.get(journey.user, []))
            for sent in journey.sent:
                index = bisect.bisect_left(times, sent)
                if index < len(times):
                    waits.append(times[index] - sent)
        return sorted(waits)

    @property
    def replies(self) -> int:
        """Messages and edits delivered to the volunteers' chats."""
        volunteers = {j.user for j in self.journeys}
        return sum(
            1 for _, chat, status, _ in self.requests if status == 200 and chat in volunteers
        )

    @property
    def demand(self) -> float:
        """The replies the volunteers ask for, a second, ÷ the limit, if none waited, over
        the whole surge."""
        return self.replies / self.plan.unhindered / LIMIT

    @property
    def peak_demand(self) -> float:
        """The same while the most volunteers are registering at once (the starts' spread
        or one registration's thinking, whichever is longer): above 1, no bot can answer
        them all without delay."""
        return self.replies / max(self.plan.spread, self.plan.thinking) / LIMIT

    @property
    def unanswered(self) -> int:
        return sum(1 for journey in self.journeys if not journey.finished)

    @property
    def both_running(self) -> tuple[float, float]:
        """From the first volunteer's first update to whichever ended first: the broadcast,
        or the registrations (the last volunteer's last update answered)."""
        first = min((j.sent[0] for j in self.journeys if j.sent), default=self.started)
        volunteers = {j.user for j in self.journeys}
        last_answer = max(
            (t for _, chat, status, t in self.requests if status == 200 and chat in volunteers),
            default=first,
        )
        return first, min(self.broadcast_done, last_answer)

    @property
    def rate_while_both(self) -> float:
        """Messages delivered a second (every counted request) while both ran, ÷ the limit."""
        start, end = self.both_running
        if end <= start:
            return 0.0
        delivered = sum(
            1 for *_, status, t in self.requests if status == 200 and start <= t <= end
        )
        return delivered / (end - start) / LIMIT

    @property
    def p50(self) -> float:
        return statistics.median(self.waits) if self.waits else float("inf")

    @property
    def p99(self) -> float:
        waits = self.waits
        return waits[min(len(waits) - 1, int(0.99 * len(waits)))] if waits else float("inf")


@dataclass(frozen=True)
class SurgeFigures:
    farakhan: SurgeRun
    conventional: SurgeRun  # AIORateLimiter for replies, the broadcast a loop


async def measure(plan: SurgePlan, where: Where = apart) -> SurgeFigures:
    """Farakhan, then the conventional bot, each against a fresh emulator."""
    ours = await one("Farakhan", plan, where)
    theirs = await one("conventional", plan, where)
    return SurgeFigures(ours, theirs)


async def one(bot_name: str, plan: SurgePlan, where: Where) -> SurgeRun:
    """One bot through the surge."""
    chats = range(FIRST_RECIPIENT, FIRST_RECIPIENT + plan.recipients)
    async with where() as messenger:
        await messenger.users(chats.start, plan.recipients)
        await messenger.limits(LIMIT, 1, PER_CHAT_BURST, 20)
        with tempfile.TemporaryDirectory() as folder, _variant(bot_name):
            async with app_against(messenger.api_base_url, Path(folder)) as app:
                storage: Storage = app.bot_data[STORAGE_KEY]
                dataset.add_users(Path(folder) / "bench.db", plan.recipients, chats.start)
                started = time.time()
                broadcast = await _broadcast(bot_name, app, chats)
                journeys = await messenger.surge(SLUG, plan.people(), plan.thought)
                await broadcast
                submitted = await _submitted(storage)
        requests = await messenger.log()
        copies = await messenger.copies(TEXT, chats.start, plan.recipients)
    return SurgeRun(bot_name, plan, started, requests, journeys, copies, submitted)


@contextlib.contextmanager
def _variant(bot_name: str) -> Iterator[None]:
    """Farakhan as it is; or its replies through PTB's AIORateLimiter instead of the budget."""
    if bot_name == "Farakhan":
        yield
        return
    limiter = AIORateLimiter(max_retries=RETRIES)
    with mock.patch.object(bot.runtime.app, "BudgetLimiter", lambda *_, **__: limiter):
        yield


async def _broadcast(bot_name: str, app: Application, chats: range) -> asyncio.Task[object]:
    """Hands the broadcast over; a task that ends when it has gone out."""
    if bot_name != "Farakhan":  # a conventional bot: a loop through its limited Bot
        return asyncio.create_task(ptb_loop(app.bot, chats, TEXT))
    services = app.bot_data[SERVICES_KEY]
    storage: Storage = app.bot_data[STORAGE_KEY]
    now = services.clock.now()
    await storage.outbox.create(
        BroadcastKind.BROADCAST, Segment(SegmentKind.EVERYONE), {"text": TEXT}, now
    )
    services.outbox.wake()

    async def done() -> None:
        while await storage.outbox.sending():  # noqa: ASYNC110 - rows, not an event
            await asyncio.sleep(0.1)

    return asyncio.create_task(done())


async def _submitted(storage: Storage) -> int:
    rows = await storage.db.fetch_all(
        "SELECT COUNT(*) FROM registrations WHERE status = 'submitted'"
    )
    return int(rows[0][0])
