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
import time
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Protocol, TypeVar

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.domain.broadcasts import Priority
from bot.domain.budget import GUARD, WINDOW, Learned, RateLearner
from bot.domain.messenger import COUNTED_METHODS, GROUP_INTERVAL, is_group

logger = logging.getLogger(__name__)

T = TypeVar("T")
Chat = int | str
SaveLearned = Callable[[Learned], Awaitable[None]]
SAVE_EVERY = 5.0  # seconds: the learned rate is written at most this often


class Budget(Protocol):
    """What a sender needs of the send budget."""

    @property
    def rate(self) -> float: ...

    def place(self) -> int:
        """A place in line, for a request that may have to ask again after a 429."""

    async def acquire(self, priority: Priority, place: int | None = None) -> None:
        """Waits for a slot; slots go to the lowest priority first, then by place in line
        (arrival order, or the `place` the request took when it first asked)."""

    async def issue(self, chat: Chat | None = None) -> None:
        """Called with a slot in hand, right before the request to `chat` leaves: waits if
        the window would otherwise hold more requests than the learned limit (slots given on
        time can still bunch on their way out, behind the database or a busy event loop)."""

    def succeeded(self) -> None:
        """The request a slot was spent on went through."""

    def limited(self, retry_after: float, chat: Chat | None = None) -> None:
        """The request to `chat` was answered 429: nobody sends for `retry_after` seconds,
        or only that chat waits when the 429 can only have been its own limit."""

    def held(self, chat: Chat) -> float:
        """Seconds `chat` must still wait after a 429 of its own (0: none)."""


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
        self._last_to: dict[Chat, float] = {}  # when the latest request to each chat went out
        self._before_to: dict[Chat, float] = {}  # and the one before it
        self._chat_held: dict[Chat, float] = {}  # chats that had a 429 of their own: until
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

    def resume(
        self, learned: Learned | None, save: SaveLearned, ceiling: float | None = None
    ) -> None:
        """Goes on from what an earlier run learned (under a new `ceiling`, if given: a
        replica's part of the bot's), and keeps what this one learns."""
        if ceiling is not None:
            self.learner.ceiling = ceiling
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

    def place(self) -> int:
        return next(self._order)

    async def acquire(self, priority: Priority, place: int | None = None) -> None:
        now = self._clock()
        if not self._waiters and now >= max(self._next, self._paused_until):
            self._grant(now)
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        ticket = self.place() if place is None else place
        heapq.heappush(self._waiters, (int(priority), ticket, future))
        if self._dispatcher is None or self._dispatcher.done():
            self._dispatcher = asyncio.create_task(self._dispatch(), name="send-budget")
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self._next -= 1.0 / self.rate  # the slot was given but never used
            raise

    async def issue(self, chat: Chat | None = None) -> None:
        cap = self.learner.per_window()
        span = WINDOW + GUARD
        while len(self._recent) > cap:
            self._recent.popleft()
        if len(self._recent) >= cap:
            wait = self._recent[-cap] + span - self._clock()
            if wait > 0:
                await asyncio.sleep(wait)
        now = self._clock()
        self._recent.append(now)
        if chat is not None:
            if chat in self._last_to:
                self._before_to[chat] = self._last_to[chat]
            self._last_to[chat] = now
            if len(self._last_to) > 4096:  # only the last few seconds matter
                self._forget_chats(now - GROUP_INTERVAL)

    def _unsent(self, chat: Chat) -> None:
        """A refused request never reached `chat`: its last request is the one before."""
        if chat in self._before_to:
            self._last_to[chat] = self._before_to.pop(chat)
        else:
            self._last_to.pop(chat, None)

    def _forget_chats(self, before: float) -> None:
        for chat in [c for c, t in self._last_to.items() if t < before]:
            del self._last_to[chat]
            self._before_to.pop(chat, None)

    def succeeded(self) -> None:
        self.learner.succeeded(self._clock())

    def limited(self, retry_after: float, chat: Chat | None = None) -> None:
        now = self._clock()
        self.limited_count += 1
        if chat is not None:
            own = self._own_limit(chat)
            self._unsent(chat)
            if own:
                self._chat_held[chat] = max(self._chat_held.get(chat, 0.0), now + retry_after)
                logger.info(
                    "The messenger answered 429 for one chat (retry after %.1fs)", retry_after
                )
                return
        self._paused_until = max(self._paused_until, now + retry_after)
        if self.learner.limited(now, retry_after):
            logger.info(
                "The messenger answered 429 (retry after %.1fs): sending at %.1f a second now",
                retry_after,
                self.rate,
            )
            self._keep()

    def held(self, chat: Chat) -> float:
        until = self._chat_held.get(chat)
        if until is None:
            return 0.0
        left = until - self._clock()
        if left <= 0:
            del self._chat_held[chat]
            return 0.0
        return left

    def _own_limit(self, chat: Chat) -> bool:
        """Whether a 429 to `chat` is taken for that chat's own limit: the request before it
        to the same chat left within the chat's interval. The count in the bot's window
        cannot tell (a broadcast keeps it full), and the two mistakes cost differently: a
        chat's 429 taken for the bot's stops every sender for `retry_after`; the bot's taken
        for one chat's costs one more 429, which no other request to that chat explains."""
        last, before = self._last_to.get(chat), self._before_to.get(chat)
        if last is None or before is None:
            return False
        return last - before < (GROUP_INTERVAL if is_group(chat) else WINDOW)

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


async def paid(budget: Budget, request: Callable[[], Awaitable[T]], chat: Chat | None = None) -> T:
    """Makes a request to `chat` a slot was already taken for, and tells the budget how it
    went (RetryAfter is raised on, after the budget has paused)."""
    await budget.issue(chat)
    try:
        result = await request()
    except RetryAfter as error:
        budget.limited(seconds(error), chat)
        raise
    budget.succeeded()
    return result


async def spend(
    budget: Budget,
    priority: Priority,
    request: Callable[[], Awaitable[T]],
    chat: Chat | None = None,
    place: int | None = None,
) -> T:
    """Takes a slot at `priority` (once `chat` may be sent to), then makes the request."""
    if chat is not None and (wait := budget.held(chat)) > 0:
        await asyncio.sleep(wait)
    await budget.acquire(priority, place)
    return await paid(budget, request, chat)


class BudgetLimiter(BaseRateLimiter[int]):
    """PTB's rate-limiter hook: every counted request of a Bot spends the one budget.

    Replies spend at REPLY. A 429 pauses the budget (or, when it was one chat's own limit,
    that chat); the request is tried again after the pause, keeping its place in line among
    requests of its priority, up to `max_retries` times, then RetryAfter is raised. Requests
    the messenger does not count take no slot; a 429 on one is waited out and tried again
    the same way.
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
        counted = endpoint in COUNTED_METHODS
        chat = data.get("chat_id")
        chat = chat if isinstance(chat, int | str) else None
        place = self.budget.place() if counted else None
        for attempt in itertools.count():
            try:
                if not counted:  # no slot; a 429 is still waited out
                    return await callback(*args, **kwargs)
                return await spend(
                    self.budget, self.priority, lambda: callback(*args, **kwargs), chat, place
                )
            except RetryAfter as error:
                if attempt >= retries:
                    raise
                if not counted:
                    await asyncio.sleep(seconds(error))
        raise AssertionError("unreachable")  # pragma: no cover
