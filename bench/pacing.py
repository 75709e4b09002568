"""Pacing: one broadcast against a messenger whose limit the bot is not told.

The emulator enforces a global limit (20, 30 or 50 a second), 1 a second per chat and 20 a
minute per group. Farakhan runs with SEND_RATE_CEILING 60, as an operator who does not know
the limit would set it, and its send budget has to find the limit from the 429s. In the same
run, against a fresh emulator each: a conventional PTB bot (AIORateLimiter, a loop) and
aiogram's documented loop (bench/baselines.py).

Everything is read from the emulator's own log of the sends (wall time when each arrived,
and its answer): the rate over the whole broadcast, the seconds until the sender first holds
the limit (`settled_after`), the rate from then on, and the 429s.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from bench import dataset
from bench.baselines import aiogram_broadcast, ptb_broadcast
from bench.harness import bot_against
from bench.messenger import Messenger, Outcome, Request, apart
from bot.domain.broadcasts import BroadcastKind
from bot.domain.segments import Segment, SegmentKind

FIRST_USER = 600_000
TEXT = "فراخوان تازه: کارگروه صیانت از حقوق کاربران فضای مجازی عضو می‌پذیرد."
CEILING = 60.0  # Farakhan's SEND_RATE_CEILING: generous, the limit is to be learned
SETTLED = 0.95  # of the limit
SPAN = 2.0  # seconds: the spans in which the rate must hold
PAUSE = 1.2  # seconds a 429 stops a sender: its retry_after (1 s here) and some slack
LONE = 10.0  # seconds without a 429 before one: a probe, not the sender's usual pace
Where = Callable[[], AbstractAsyncContextManager[Messenger]]


@dataclass(frozen=True)
class Sending(Outcome):
    """One sender's broadcast against one limit, as the emulator saw it."""

    sender: str
    limit: float
    recipients: int
    started: float  # wall time the broadcast was handed to the sender
    requests: list[Request]  # its sendMessage calls to the recipients, in arrival order
    copies: list[int]  # messages each recipient got

    @cached_property
    def delivered(self) -> list[float]:
        return sorted(time for _, _, status, time in self.requests if status == 200)

    @property
    def seconds(self) -> float:
        """From the hand-over to the last message delivered."""
        delivered = self.delivered
        return delivered[-1] - self.started if delivered else float("inf")

    @property
    def overall(self) -> float:
        """Messages delivered a second over the whole broadcast, ÷ the limit."""
        return len(self.delivered) / self.seconds / self.limit

    def _settled_index(self) -> int | None:
        """The first delivery from which every SPAN-second span holds SETTLED of the limit,
        but for spans that take in the pause after a lone 429 (a probe); None: never."""
        delivered = self.delivered
        needed = SETTLED * self.limit * SPAN
        lone = self._lone_429s()
        settled: int | None = 0  # a broadcast shorter than one span is not judged
        end = 0
        for start, moment in enumerate(delivered):
            if moment + SPAN > delivered[-1]:
                break  # the spans left run past the end: nothing more to judge
            while end < len(delivered) and delivered[end] < moment + SPAN:
                end += 1
            probing = any(moment - PAUSE < t < moment + SPAN for t in lone)
            if end - start < needed and not probing:
                settled = None  # this span fell short: not settled before the next one
            elif settled is None:
                settled = start
        return settled if delivered else None

    def _lone_429s(self) -> list[float]:
        """429s after LONE seconds of sending without one: a learner's probes past the limit."""
        refused = sorted(time for _, _, status, time in self.requests if status == 429)
        previous = [self.started, *refused]
        return [t for t, before in zip(refused, previous[:-1], strict=True) if t - before >= LONE]

    @property
    def settled_after(self) -> float | None:
        """Seconds from the hand-over until the sender holds the limit (None: never)."""
        index = self._settled_index()
        return None if index is None else self.delivered[index] - self.started

    @property
    def settled(self) -> float | None:
        """Messages a second from settling to the end, ÷ the limit (None: never settled)."""
        index, delivered = self._settled_index(), self.delivered
        if index is None or delivered[-1] <= delivered[index]:
            return None
        return (len(delivered) - 1 - index) / (delivered[-1] - delivered[index]) / self.limit


@dataclass(frozen=True)
class PacingFigures:
    limit: float
    recipients: int
    farakhan: Sending
    ptb: Sending  # AIORateLimiter at its defaults, a loop
    aiogram: Sending  # aiogram's example: 0.05 s between sends


Sender = Callable[[str, range], Awaitable[float]]


async def measure(limit: float, recipients: int, where: Where = apart) -> PacingFigures:
    """The three senders, one after another, each against a fresh emulator at `limit`."""
    runs = {}
    for name, sender in (("Farakhan", farakhan), ("PTB", ptb), ("aiogram", aiogram)):
        runs[name] = await one(name, sender, limit, recipients, where)
    return PacingFigures(limit, recipients, runs["Farakhan"], runs["PTB"], runs["aiogram"])


async def one(name: str, sender: Sender, limit: float, recipients: int, where: Where) -> Sending:
    """One sender's broadcast to `recipients` against a messenger limited to `limit`."""
    chats = range(FIRST_USER, FIRST_USER + recipients)
    async with where() as messenger:
        await messenger.users(chats.start, recipients)
        await messenger.limits(limit, 1, None, 20)
        started = await sender(messenger.api_base_url, chats)
        requests = [
            request
            for request in await messenger.log()
            if request[0] == "sendMessage" and request[1] in chats
        ]
        copies = await messenger.copies(TEXT, chats.start, recipients)
    return Sending(name, limit, recipients, started, requests, copies)


async def farakhan(api_base_url: str, chats: range) -> float:
    """Farakhan's outbox sends the broadcast; returns when it was handed over."""
    with tempfile.TemporaryDirectory() as folder:
        async with bot_against(api_base_url, Path(folder), SEND_RATE_CEILING=str(CEILING)) as (
            services,
            storage,
        ):
            dataset.add_users(Path(folder) / "bench.db", len(chats), chats.start)
            started = time.time()
            await storage.outbox.create(
                BroadcastKind.BROADCAST,
                Segment(SegmentKind.EVERYONE),
                {"text": TEXT},
                services.clock.now(),
            )
            services.outbox.wake()
            while await storage.outbox.sending():  # noqa: ASYNC110 - rows, not an event
                await asyncio.sleep(0.05)
    return started


async def ptb(api_base_url: str, chats: range) -> float:
    started = time.time()
    await ptb_broadcast(api_base_url, chats, TEXT)
    return started


async def aiogram(api_base_url: str, chats: range) -> float:
    started = time.time()
    await aiogram_broadcast(api_base_url, chats, TEXT)
    return started
