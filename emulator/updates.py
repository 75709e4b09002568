"""The updates queue: enqueueing, getUpdates long polling, confirmation by offset."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from emulator.models import JsonDict

if TYPE_CHECKING:
    from emulator.host import EmulatorHost


class UpdateQueueMixin:
    """The Emulator's queue of updates waiting for the bot to confirm them."""

    def enqueue(self: EmulatorHost, update: JsonDict) -> JsonDict:
        """Give an update the next update_id, queue it for the bot and return it."""
        update = dict(update)
        update["update_id"] = self._next_update_id
        self._next_update_id += 1
        self._queue.append(update)
        self._signal.fire()
        if self.webhook is not None:
            self._delivery.ensure_running()
        return update

    def updates_made(self: EmulatorHost) -> int:
        """Return how many updates were ever queued for the bot."""
        return self._next_update_id - 1

    def pending_updates(self: EmulatorHost) -> int:
        """Return how many updates are queued and not yet confirmed by the bot."""
        return len(self._queue)

    def confirm_through(self: EmulatorHost, update_id: int) -> None:
        """Forget every queued update with an id up to update_id."""
        before = len(self._queue)
        self._queue = [u for u in self._queue if u["update_id"] > update_id]
        if len(self._queue) != before:
            self._signal.fire()

    def deliverable(self: EmulatorHost, limit: int | None = None) -> list[JsonDict]:
        """Return queued updates the bot asked for, dropping types outside allowed_updates."""
        allowed = self._allowed_updates
        if self.webhook is not None and self.webhook.allowed_updates:
            allowed = set(self.webhook.allowed_updates)
        if allowed:
            kept = [u for u in self._queue if allowed.intersection(u.keys() - {"update_id"})]
            if len(kept) != len(self._queue):
                self._queue = kept
                self._signal.fire()
        return self._queue[:limit] if limit else list(self._queue)

    def set_allowed_updates(self: EmulatorHost, allowed_updates: Any) -> None:
        """Remember the update types the bot asked for (an empty list means all)."""
        if isinstance(allowed_updates, list):
            self._allowed_updates = set(allowed_updates) or None

    def drop_pending(self: EmulatorHost) -> None:
        """Forget every queued update (drop_pending_updates)."""
        self._queue.clear()
        self._signal.fire()

    def kick_pollers(self: EmulatorHost) -> None:
        """Make any waiting getUpdates answer [] now."""
        self._poll_generation += 1
        self._signal.fire()

    async def get_updates(
        self: EmulatorHost,
        offset: int | None,
        limit: int,
        timeout: float,  # noqa: ASYNC109
    ) -> list[JsonDict]:
        """Serve getUpdates: confirm by offset, then long-poll up to timeout seconds."""
        self.kick_pollers()
        generation = self._poll_generation
        if offset is not None and offset < 0:
            self._queue = self._queue[offset:]
        elif offset:
            self.confirm_through(offset - 1)
        deadline = time.monotonic() + timeout
        while True:
            if generation != self._poll_generation or self._closed:
                return []
            ready = self.deliverable(limit)
            if ready:
                return ready
            if not await self._signal.wait(deadline - time.monotonic()):
                return []

    async def wait_confirmed(self: EmulatorHost, timeout: float = 5.0) -> bool:  # noqa: ASYNC109
        """Wait until the bot confirmed every update queued so far; False on timeout."""
        target = self._next_update_id - 1
        deadline = time.monotonic() + timeout
        while any(u["update_id"] <= target for u in self._queue):
            if not await self._signal.wait(deadline - time.monotonic()):
                return not any(u["update_id"] <= target for u in self._queue)
        return True
