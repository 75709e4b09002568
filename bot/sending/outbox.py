"""The outbox sender: one loop that delivers every bulk message exactly once.

Deliveries are rows (storage/outbox.py). The sender takes due rows by priority (news for one
person, then reminders, then broadcasts and invitations), spends the one send budget for
each (bot/sending/budget.py: replies to people using the bot go first, and a 429 pauses
everyone), keeps one message a second per chat and one every three seconds per group,
marks blocked users, retries network errors with backoff a bounded number of times, and
records each outcome. A row is claimed (`sending`) right before its send, and only if it is
still wanted: a person who was erased, blocked the bot or left what the message was for
gets nothing, even from a batch loaded before they left. After a crash `sending` rows
become `unknown` and are never sent again, so nobody gets a second copy.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.domain.broadcasts import (
    Broadcast,
    Delivery,
    DeliveryCounts,
    DeliveryStatus,
    Priority,
    SendResult,
)
from bot.domain.clock import Clock
from bot.domain.messenger import GROUP_INTERVAL, TELEGRAM, Profile, is_group
from bot.domain.replicas import Replica
from bot.sending.budget import Budget, paid
from bot.sending.outgoing import OutgoingMessage, message_for
from storage import Storage

logger = logging.getLogger(__name__)

ProgressCallback = Callable[
    [Broadcast, DeliveryCounts, float | None, float | None, bool], Awaitable[None]
]
BUSY = float("inf")  # a chat with a send in flight: its next one waits for the answer


@dataclass(frozen=True)
class OutboxPolicy:
    per_chat_interval: float = 1.0  # seconds between two messages to one chat
    per_group_interval: float = GROUP_INTERVAL  # and to one group or channel
    max_attempts: int = 4  # for network errors and 5xx; then the delivery is failed
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    concurrency: int = 32  # sends in flight at once (the rate still caps them)
    progress_interval: float = 3.0  # seconds between two edits of a progress message
    batch: int = 50


class Outbox:
    """Delivers the outbox's rows; started in post_init, stopped in post_stop."""

    def __init__(
        self,
        *,
        storage: Storage,
        bot: Bot,
        budget: Budget,
        clock: Clock,
        policy: OutboxPolicy,
        default_language: str,
        progress: ProgressCallback | None = None,
        profile: Profile = TELEGRAM,
        replica: Replica | None = None,
    ) -> None:
        self.storage = storage
        # With several replicas: batches are taken in this replica's name, and only the
        # scheduler's holder edits progress messages (one edit every few seconds, not three).
        self.replica = replica
        self.bot = bot
        self.budget = budget
        self.clock = clock
        self.policy = policy
        self.default_language = default_language
        self.progress = progress
        self.profile = profile
        self._wakeup = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task | None = None
        self._slots = asyncio.Semaphore(policy.concurrency)
        self._in_flight: dict[int, asyncio.Task] = {}
        self._in_flight_chats: dict[int, int | str] = {}  # delivery id -> its chat
        self._waiting: set[int] = set()  # deliveries waiting for a slot, not claimed yet
        self._held_until: dict[int, float] = {}  # delivery id -> monotonic time it may go
        self._chat_ready: dict[int | str, float] = {}
        self._payloads: dict[int, Broadcast] = {}
        self._reading = asyncio.Lock()  # one read of a broadcast for all its first sends
        self._reported: dict[int, float] = {}
        self._last_seen: dict[int, tuple[int, float]] = {}  # broadcast -> (finished, when)
        # Sends made by this process, by priority and how each ended (for /metrics).
        self.outcomes: Counter[tuple[Priority, DeliveryStatus]] = Counter()

    async def start(self) -> None:
        """Recovers rows a crash left mid-send (alone; among replicas the scheduler's replica
        hands a dead one's rows on, at its start and every beat, and this one's id is new),
        then starts delivering in the background."""
        if self.replica is None:
            interrupted = await self.storage.outbox.recover_interrupted()
            if interrupted:
                logger.warning(
                    "%d deliveries were interrupted mid-send; not repeating them", interrupted
                )
        self._task = asyncio.create_task(self._run(), name="outbox")

    def wake(self) -> None:
        """New deliveries are waiting: look now rather than at the next poll."""
        self._wakeup.set()

    async def stop(self) -> None:
        """Stops between two sends: the ones in flight finish and are recorded; those still
        waiting for a slot of the send budget (a long 429 pause, say) stay pending."""
        self._stopping = True
        self._wakeup.set()
        for delivery_id in list(self._waiting):
            task = self._in_flight.get(delivery_id)
            if task is not None:
                task.cancel()
        if self._task is not None:
            await self._task
            self._task = None

    @property
    def busy(self) -> bool:
        return bool(self._in_flight)

    async def settle(self, chat_id: int) -> None:
        """Waits for a send to this chat that is already under way. After a person's rows
        were deleted (erased, or withdrawn from what they left), no send can claim one
        again: once this returns, nothing more of the outbox reaches them."""
        under_way = [
            self._in_flight[delivery_id]
            for delivery_id, chat in list(self._in_flight_chats.items())
            if chat == chat_id and delivery_id in self._in_flight
        ]
        if under_way:
            await asyncio.gather(*under_way, return_exceptions=True)

    async def _run(self) -> None:
        try:
            while not self._stopping:
                due = await self._due()
                if not due:
                    await self._finish_idle()
                    await self._sleep_until_work()
                    continue
                for delivery in due:
                    if self._stopping:
                        break
                    await self._launch(delivery)
                await self._report_progress()
        except Exception:
            logger.exception("The outbox sender stopped on an unexpected error")
            raise
        finally:
            if self._in_flight:
                await asyncio.gather(*self._in_flight.values(), return_exceptions=True)

    async def _due(self) -> list[Delivery]:
        if self.replica is None:
            return await self.storage.outbox.due(self.policy.batch, self._held())
        return await self.storage.outbox.due(
            self.policy.batch,
            self._held(),
            replica=self.replica.id,
            live_since=self.replica.live_since(self.clock.now()),
        )

    def _held(self) -> set[int]:
        now = time.monotonic()
        for delivery_id in [d for d, until in self._held_until.items() if until <= now]:
            del self._held_until[delivery_id]
        return set(self._in_flight) | set(self._held_until)

    async def _launch(self, delivery: Delivery) -> None:
        now = time.monotonic()
        ready = self._chat_ready.get(delivery.chat_id, 0.0)
        if ready > now:  # this chat had a message less than a second ago: later
            self._held_until[delivery.id] = ready if ready != BUSY else now + 0.2
            return
        await self._slots.acquire()
        self._chat_ready[delivery.chat_id] = BUSY
        task = asyncio.create_task(self._deliver(delivery))
        self._in_flight[delivery.id] = task
        self._in_flight_chats[delivery.id] = delivery.chat_id

    def _interval(self, chat_id: int | str) -> float:
        if is_group(chat_id):
            return self.policy.per_group_interval
        return self.policy.per_chat_interval

    async def _sleep_until_work(self) -> None:
        waits = [until - time.monotonic() for until in self._held_until.values()]
        timeout = max(0.01, min([1.0, *waits]))
        self._wakeup.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wakeup.wait(), timeout=timeout)
        if self._in_flight:  # let finishing sends record before the next query
            await asyncio.sleep(0)

    async def _deliver(self, delivery: Delivery) -> None:
        outbox = self.storage.outbox
        sent = False
        try:
            broadcast = await self._broadcast(delivery.broadcast_id)
            language = delivery.language or self.default_language
            message = message_for(broadcast.payload, language, delivery.data)
            self._waiting.add(delivery.id)
            try:
                await self.budget.acquire(delivery.priority)
            finally:
                self._waiting.discard(delivery.id)
            if self._stopping:
                return  # stopping: not claimed, it stays pending for the next start
            replica = None if self.replica is None else self.replica.id
            if not await outbox.claim(delivery.id, replica):
                return  # no longer wanted: erased, withdrawn or blocked since it was loaded
            sent = True
            result = await self._send(delivery, message)
            self.outcomes[delivery.priority, result.status] += 1
            if result.status == DeliveryStatus.PENDING and result.counts:
                delay = self.policy.backoff * 2**delivery.attempts
                self._held_until[delivery.id] = time.monotonic() + delay
            await outbox.mark(delivery.id, result, self.clock.now())
        except Exception:
            logger.exception("Delivery %s could not be recorded", delivery.id)
        finally:
            ready = time.monotonic() + (self._interval(delivery.chat_id) if sent else 0.0)
            self._chat_ready[delivery.chat_id] = ready
            self._in_flight.pop(delivery.id, None)
            self._in_flight_chats.pop(delivery.id, None)
            self._slots.release()
            self._wakeup.set()

    async def _send(self, delivery: Delivery, message: OutgoingMessage) -> SendResult:
        """Sends once, and says how it ended."""
        try:
            await paid(
                self.budget,
                lambda: message.send(self.bot, delivery.chat_id, self.profile),
                delivery.chat_id,
            )
        except RetryAfter:  # the budget paused (every sender, or this chat): back in line
            if (held := self.budget.held(delivery.chat_id)) > 0:
                self._held_until[delivery.id] = time.monotonic() + held
            return SendResult(DeliveryStatus.PENDING, counts=False)
        except Forbidden as error:
            await self.storage.outbox.block_user(delivery.chat_id, self.clock.now())
            return SendResult(DeliveryStatus.BLOCKED, str(error))
        except BadRequest as error:
            return SendResult(DeliveryStatus.FAILED, str(error))
        except NetworkError as error:  # timeouts, 5xx, refused connections
            if delivery.attempts + 1 >= self.policy.max_attempts:
                return SendResult(DeliveryStatus.FAILED, str(error))
            return SendResult(DeliveryStatus.PENDING, str(error))
        except TelegramError as error:
            return SendResult(DeliveryStatus.FAILED, str(error))
        return SendResult(DeliveryStatus.SENT)

    async def _broadcast(self, broadcast_id: int) -> Broadcast:
        """The broadcast a delivery belongs to, read once: the batch's sends start together,
        and each reading it for itself took a pooled connection each on PostgreSQL (the
        pool grew to its ceiling at start-up, a new connection at a time)."""
        cached = self._payloads.get(broadcast_id)
        if cached is None:
            async with self._reading:
                cached = self._payloads.get(broadcast_id)
                if cached is None:
                    cached = await self.storage.outbox.get(broadcast_id)
                    assert cached is not None
                    self._payloads[broadcast_id] = cached
        return cached

    async def _finish_idle(self) -> None:
        """Marks broadcasts done once nothing of theirs is pending, in flight or held.

        With several replicas only the scheduler's holder does (it edits the progress
        messages too): two idle replicas would both show "done" and both mark it."""
        if self.replica is not None and not self.replica.leading:
            return
        # A held row is still pending and an in-flight one pending or sending: `left` counts both.
        for broadcast in await self.storage.outbox.sending():
            counts = await self.storage.outbox.counts(broadcast.id)
            if counts.left:
                continue
            # The admin sees "done" before the row says so: whoever waits for the row
            # (the tests, a restart) finds the last word already shown.
            await self._show(broadcast, counts, done=True)
            await self.storage.outbox.finish(broadcast.id, self.clock.now())
            self._payloads.pop(broadcast.id, None)
            self._last_seen.pop(broadcast.id, None)
            logger.info("Broadcast %s done: %s", broadcast.id, counts)

    async def _report_progress(self) -> None:
        if self.replica is not None and not self.replica.leading:
            return
        now = time.monotonic()
        for broadcast in await self.storage.outbox.sending():
            if broadcast.progress_message_id is None:
                continue
            if now - self._reported.get(broadcast.id, 0.0) < self.policy.progress_interval:
                continue
            counts = await self.storage.outbox.counts(broadcast.id)
            await self._show(broadcast, counts, done=False)

    async def _show(self, broadcast: Broadcast, counts: DeliveryCounts, *, done: bool) -> None:
        if self.progress is None or broadcast.progress_message_id is None:
            return
        now = time.monotonic()
        self._reported[broadcast.id] = now
        finished = counts.total - counts.left
        # The current rate: since the last report; the time left: at the learned rate.
        before, at = self._last_seen.get(broadcast.id, (finished, now))
        self._last_seen[broadcast.id] = (finished, now)
        speed = (finished - before) / (now - at) if now - at > 0.5 else None
        eta = None if done else counts.left / max(self.budget.rate, 0.1)
        try:
            await self.progress(broadcast, counts, speed, eta, done)
        except TelegramError as error:
            logger.info("Could not update the progress of broadcast %s: %s", broadcast.id, error)
