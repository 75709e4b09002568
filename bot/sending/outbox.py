"""The outbox sender: one paced loop that delivers every bulk message exactly once.

Deliveries are rows (storage/outbox.py). The sender takes due rows in order, keeps under the
overall rate and one message a second per chat, waits out RetryAfter for everyone, marks
blocked users, retries network errors with backoff a bounded number of times, and records
each outcome. A row is marked `sending` before its send: after a crash such rows become
`unknown` and are never sent again, so nobody gets a second copy.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.domain.broadcasts import Broadcast, Delivery, DeliveryCounts, DeliveryStatus, SendResult
from bot.domain.clock import Clock
from bot.domain.messenger import TELEGRAM, Profile
from bot.sending.outgoing import OutgoingMessage, message_for
from storage import Storage

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[Broadcast, DeliveryCounts, float | None, bool], Awaitable[None]]


@dataclass(frozen=True)
class OutboxPolicy:
    rate: float = 25.0  # messages a second, overall
    per_chat_interval: float = 1.0  # seconds between two messages to one chat
    max_attempts: int = 4  # for network errors and 5xx; then the delivery is failed
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    concurrency: int = 8  # sends in flight at once (the rate still caps them)
    progress_interval: float = 3.0  # seconds between two edits of a progress message
    batch: int = 50


class Outbox:
    """Delivers the outbox's rows; started in post_init, stopped in post_stop."""

    def __init__(
        self,
        *,
        storage: Storage,
        bot: Bot,
        clock: Clock,
        policy: OutboxPolicy,
        default_language: str,
        progress: ProgressCallback | None = None,
        profile: Profile = TELEGRAM,
    ) -> None:
        self.storage = storage
        self.bot = bot
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
        self._held_until: dict[int, float] = {}  # delivery id -> monotonic time it may go
        self._chat_ready: dict[int | str, float] = {}
        self._next_slot = 0.0
        self._paused_until = 0.0
        self._payloads: dict[int, Broadcast] = {}
        self._reported: dict[int, float] = {}
        self._started_at: dict[int, tuple[float, int]] = {}

    async def start(self) -> None:
        """Recovers rows a crash left mid-send, then starts delivering in the background."""
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
        """Stops between two sends: the ones in flight finish and are recorded."""
        self._stopping = True
        self._wakeup.set()
        if self._task is not None:
            await self._task
            self._task = None

    @property
    def busy(self) -> bool:
        return bool(self._in_flight)

    async def _run(self) -> None:
        try:
            while not self._stopping:
                await self._wait_out_pause()
                if self._stopping:
                    break
                due = await self.storage.outbox.due(self.policy.batch, self._held())
                if not due:
                    await self._finish_idle()
                    await self._sleep_until_work()
                    continue
                for delivery in due:
                    if self._stopping or time.monotonic() < self._paused_until:
                        break
                    await self._launch(delivery)
                await self._report_progress()
        except Exception:
            logger.exception("The outbox sender stopped on an unexpected error")
            raise
        finally:
            if self._in_flight:
                await asyncio.gather(*self._in_flight.values(), return_exceptions=True)

    def _held(self) -> set[int]:
        now = time.monotonic()
        for delivery_id in [d for d, until in self._held_until.items() if until <= now]:
            del self._held_until[delivery_id]
        return set(self._in_flight) | set(self._held_until)

    async def _launch(self, delivery: Delivery) -> None:
        now = time.monotonic()
        ready = self._chat_ready.get(delivery.chat_id, 0.0)
        if ready > now:  # this chat had a message less than a second ago: later
            self._held_until[delivery.id] = ready
            return
        await self._pace()
        await self._slots.acquire()
        self._chat_ready[delivery.chat_id] = time.monotonic() + self.policy.per_chat_interval
        task = asyncio.create_task(self._deliver(delivery))
        self._in_flight[delivery.id] = task

    async def _pace(self) -> None:
        now = time.monotonic()
        slot = max(self._next_slot, now)
        self._next_slot = slot + 1.0 / self.policy.rate
        if slot > now:
            await asyncio.sleep(slot - now)

    async def _wait_out_pause(self) -> None:
        while (wait := self._paused_until - time.monotonic()) > 0 and not self._stopping:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop_requested(), timeout=wait)

    async def _stop_requested(self) -> None:
        while not self._stopping:
            self._wakeup.clear()
            await self._wakeup.wait()

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
        try:
            broadcast = await self._broadcast(delivery.broadcast_id)
            language = delivery.language or self.default_language
            message = message_for(broadcast.payload, language, delivery.data)
            await outbox.mark_sending(delivery.id)
            result = await self._send(delivery, message)
            if result.status == DeliveryStatus.PENDING and result.counts:
                delay = self.policy.backoff * 2**delivery.attempts
                self._held_until[delivery.id] = time.monotonic() + delay
            await outbox.mark(delivery.id, result, self.clock.now())
        except Exception:
            logger.exception("Delivery %s could not be recorded", delivery.id)
        finally:
            self._in_flight.pop(delivery.id, None)
            self._slots.release()
            self._wakeup.set()

    async def _send(self, delivery: Delivery, message: OutgoingMessage) -> SendResult:
        """Sends once, and says how it ended."""
        try:
            await message.send(self.bot, delivery.chat_id, self.profile)
        except RetryAfter as error:
            wait = error.retry_after
            seconds = wait if isinstance(wait, int | float) else wait.total_seconds()
            self._paused_until = max(self._paused_until, time.monotonic() + seconds)
            logger.info("Rate limited by the server: pausing the outbox for %ss", seconds)
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
        cached = self._payloads.get(broadcast_id)
        if cached is None:
            cached = await self.storage.outbox.get(broadcast_id)
            assert cached is not None
            self._payloads[broadcast_id] = cached
        return cached

    async def _finish_idle(self) -> None:
        """Marks broadcasts done once nothing of theirs is pending, in flight or held."""
        # A held row is still pending and an in-flight one pending or sending: `left` counts both.
        for broadcast in await self.storage.outbox.sending():
            counts = await self.storage.outbox.counts(broadcast.id)
            if counts.left:
                continue
            await self.storage.outbox.finish(broadcast.id, self.clock.now())
            self._payloads.pop(broadcast.id, None)
            logger.info("Broadcast %s done: %s", broadcast.id, counts)
            await self._show(broadcast, counts, done=True)

    async def _report_progress(self) -> None:
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
        self._reported[broadcast.id] = time.monotonic()
        finished = counts.total - counts.left
        start = self._started_at.setdefault(broadcast.id, (time.monotonic(), finished))
        elapsed, progressed = time.monotonic() - start[0], finished - start[1]
        speed = progressed / elapsed if elapsed > 1 and progressed else self.policy.rate
        eta = None if done else counts.left / max(speed, 0.1)
        try:
            await self.progress(broadcast, counts, eta, done)
        except TelegramError as error:
            logger.info("Could not update the progress of broadcast %s: %s", broadcast.id, error)
