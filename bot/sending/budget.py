"""One send budget per bot token: every counted request spends it, replies first.

The messenger limits the bot as a whole, so every request it counts (bot/domain/messenger.py
`COUNTED_METHODS`) takes a slot from one pacer: replies to people using the bot, the
outbox's deliveries, progress edits, the closing export. Slots come at the learned rate
(bot/domain/budget.py); whoever waits with the lowest `Priority` gets the next one, so a
reply never queues behind bulk sends, and bulk sends get what replies leave. A 429 stops
every slot until its `retry_after` has passed.

`Budget` is the small interface the senders use; `SendBudget` keeps it in this process.
Several processes sharing one database would implement the same four calls over it.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Protocol, TypeVar

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.domain.broadcasts import Priority
from bot.domain.budget import WINDOW, Learned, RateLearner
from bot.domain.messenger import COUNTED_METHODS

logger = logging.getLogger(__name__)

T = TypeVar("T")
SaveLearned = Callable[[Learned], Awaitable[None]]
SAVE_EVERY = 5.0  # seconds: the learned rate is written at most this often


class Budget(Protocol):
    """What a sender needs of the send budget."""

    @property
    def rate(self) -> float: ...

    async def acquire(self, priority: Priority) -> None:
        """Waits for a slot; slots go to the lowest priority first, in arrival order."""

    async def issue(self) -> None:
        """Called with a slot in hand, right before the request leaves: waits if one second
        would otherwise hold more requests than the rate (slots given on time can still
        bunch on their way out, behind the database or a busy event loop)."""

    def succeeded(self) -> None:
        """The request a slot was spent on went through."""

    def limited(self, retry_after: float) -> None:
        """The request was answered 429: nobody sends for `retry_after` seconds."""


class SendBudget:
    """Slots at the learned rate, by priority, in this process."""

    def __init__(
        self,
        learner: RateLearner,
        *,
        save: SaveLearned | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.learner = learner
        self._save = save
        self._clock = clock
        self._waiters: list[tuple[int, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._next = 0.0  # when the next slot may be given
        self._recent: deque[float] = deque()  # when the latest requests went out
        self._paused_until = 0.0
        self._dispatcher: asyncio.Task[None] | None = None
        self._saved: Learned | None = learner.learned
        self._saved_at = 0.0
        self._saving: asyncio.Task[None] | None = None
        self.limited_count = 0
        learner.started(clock())

    @property
    def rate(self) -> float:
        return self.learner.rate

    def resume(self, learned: Learned | None, save: SaveLearned) -> None:
        """Goes on from what an earlier run learned, and keeps what this one learns."""
        if learned is not None:
            self.learner = self.learner.resumed(learned)
            self.learner.started(self._clock())
        self._save = save
        self._saved = learned

    @property
    def paused_for(self) -> float:
        return max(0.0, self._paused_until - self._clock())

    def waiting(self) -> dict[Priority, int]:
        """How many wait for a slot, by priority (for /healthz)."""
        counts = {priority: 0 for priority in Priority}
        for priority, _, future in self._waiters:
            if not future.done():
                counts[Priority(priority)] += 1
        return counts

    def _start(self) -> float:
        """When the next slot may be given: its turn at the rate, after any pause, and never
        more slots in one second than the rate allows (asyncio's late wake-ups would
        otherwise bunch slots and overfill the messenger's one-second window)."""
        start = max(self._next, self._paused_until)
        cap = max(1, math.ceil(self.rate - 1e-9))
        while len(self._recent) > cap:
            self._recent.popleft()
        if len(self._recent) >= cap:
            start = max(start, self._recent[-cap] + WINDOW)
        return start

    async def acquire(self, priority: Priority) -> None:
        now = self._clock()
        if not self._waiters and now >= max(self._next, self._paused_until):
            self._grant(now)
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiters, (int(priority), next(self._order), future))
        if self._dispatcher is None or self._dispatcher.done():
            self._dispatcher = asyncio.create_task(self._dispatch(), name="send-budget")
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self._next -= 1.0 / self.rate  # the slot was given but never used
            raise

    async def issue(self) -> None:
        cap = max(1, math.ceil(self.rate - 1e-9))
        while len(self._recent) > cap:
            self._recent.popleft()
        if len(self._recent) >= cap:
            wait = self._recent[-cap] + WINDOW - self._clock()
            if wait > 0:
                await asyncio.sleep(wait)
        self._recent.append(self._clock())

    def succeeded(self) -> None:
        self.learner.succeeded(self._clock())

    def limited(self, retry_after: float) -> None:
        now = self._clock()
        self.limited_count += 1
        self._paused_until = max(self._paused_until, now + retry_after)
        if self.learner.limited(now, retry_after):
            logger.info(
                "The messenger answered 429 (retry after %.1fs): sending at %.1f a second now",
                retry_after,
                self.rate,
            )
            self._keep()

    async def close(self) -> None:
        """Stops giving slots and writes the learned rate one last time."""
        if self._dispatcher is not None:
            self._dispatcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._dispatcher
        if self._saving is not None:
            with contextlib.suppress(Exception):
                await self._saving
        await self._write()

    async def _dispatch(self) -> None:
        while self._waiters:
            now = self._clock()
            start = max(self._next, self._paused_until)
            if start > now:
                await asyncio.sleep(start - now)
                continue  # a higher priority may have come, or a 429 moved the start
            _, _, future = heapq.heappop(self._waiters)
            if future.done():  # its owner stopped waiting
                continue
            future.set_result(None)
            self._grant(now)

    def _grant(self, now: float) -> None:
        interval = 1.0 / self.rate
        # Late by less than a slot: keep the cadence; idle for longer: start from now.
        base = self._next if now - self._next < interval else now
        self._next = max(base, self._paused_until) + interval
        waiting = any(not future.done() for _, _, future in self._waiters)
        if self.learner.granted(now, waiting):
            self._keep()

    def _keep(self) -> None:
        """Writes the learned rate soon, at most every SAVE_EVERY seconds."""
        if self._save is None or self.learner.learned == self._saved:
            return
        if self._saving is not None and not self._saving.done():
            return
        delay = max(0.0, self._saved_at + SAVE_EVERY - self._clock())
        self._saving = asyncio.create_task(self._write(delay), name="send-budget-save")

    async def _write(self, delay: float = 0.0) -> None:
        if delay:
            await asyncio.sleep(delay)
        learned = self.learner.learned
        if self._save is None or learned == self._saved:
            return
        try:
            await self._save(learned)
        except Exception as error:  # a lost write costs one slower start, nothing more
            logger.warning("Could not keep the learned send rate: %s", error)
            return
        self._saved, self._saved_at = learned, self._clock()


def seconds(error: RetryAfter) -> float:
    """How long a 429 asks to wait (PTB gives seconds, or a timedelta when asked to)."""
    wait = error.retry_after
    return wait if isinstance(wait, int | float) else wait.total_seconds()


async def paid(budget: Budget, request: Callable[[], Awaitable[T]]) -> T:
    """Makes a request a slot was already taken for, and tells the budget how it went
    (RetryAfter is raised on, after the budget has paused)."""
    await budget.issue()
    try:
        result = await request()
    except RetryAfter as error:
        budget.limited(seconds(error))
        raise
    budget.succeeded()
    return result


async def spend(budget: Budget, priority: Priority, request: Callable[[], Awaitable[T]]) -> T:
    """Takes a slot at `priority`, then makes the request."""
    await budget.acquire(priority)
    return await paid(budget, request)


class BudgetLimiter(BaseRateLimiter[int]):
    """PTB's rate-limiter hook: every counted request of a Bot spends the one budget.

    Replies spend at REPLY. A 429 pauses the budget; the request is tried again (after the
    pause) up to `max_retries` times, then RetryAfter is raised. Requests the messenger does
    not count take no slot; a 429 on one is waited out and tried again the same way.
    """

    def __init__(self, budget: Budget, priority: Priority, max_retries: int = 0) -> None:
        self.budget = budget
        self.priority = priority
        self.max_retries = max_retries

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to close: the budget is closed by its owner."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        retries = self.max_retries if rate_limit_args is None else rate_limit_args
        for attempt in itertools.count():
            try:
                if endpoint not in COUNTED_METHODS:  # no slot; a 429 is still waited out
                    return await callback(*args, **kwargs)
                return await spend(self.budget, self.priority, lambda: callback(*args, **kwargs))
            except RetryAfter as error:
                if attempt >= retries:
                    raise
                if endpoint not in COUNTED_METHODS:
                    await asyncio.sleep(seconds(error))
        raise AssertionError("unreachable")  # pragma: no cover
