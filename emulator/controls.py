"""Test controls of the Emulator: injected faults, blocked users, rate limits, statistics."""

from __future__ import annotations

from typing import TYPE_CHECKING

from emulator.faults import Fault
from emulator.models import ApiCall, JsonDict

if TYPE_CHECKING:
    from emulator.host import EmulatorHost


class ControlsMixin:
    """Fault injection, blocking, rate limits and statistics of the Emulator."""

    def add_fault(
        self: EmulatorHost,
        method: str | None = None,
        chat_id: int | None = None,
        status: int = 500,
        retry_after: int | None = None,
        description: str | None = None,
        times: int = 1,
        delay: float = 0.0,
    ) -> Fault:
        """Make the next `times` matching calls fail (status 0 drops, 200 only delays)."""
        fault = Fault(method, chat_id, status, retry_after, description, times, delay)
        return self.faults.add(fault)

    def clear_faults(self: EmulatorHost) -> None:
        """Remove every pending fault."""
        self.faults.clear()

    def block(self: EmulatorHost, user_id: int, notify: bool = False) -> None:
        """Mark a user as having blocked the bot (notify: also queue a my_chat_member update)."""
        self.ensure_user(user_id)
        self.chats[user_id].started = True
        self.blocked.add(user_id)
        if notify:
            self.enqueue(self.my_chat_member_update(user_id, "member", "kicked"))

    def unblock(self: EmulatorHost, user_id: int, notify: bool = False) -> None:
        """Undo block() (notify: also queue a my_chat_member update)."""
        self.blocked.discard(user_id)
        if notify:
            self.enqueue(self.my_chat_member_update(user_id, "kicked", "member"))

    def set_rate_limits(
        self: EmulatorHost,
        global_per_second: float | None = None,
        per_chat_per_second: float | None = None,
        per_group_per_minute: float | None = None,
        *,
        per_chat_burst: int | None = None,
    ) -> None:
        """Answer sends beyond these rates with 429 (None lifts a limit); `per_chat_burst`
        lets a private chat have that many messages at once (see RateLimiter)."""
        self.limits.configure(
            global_per_second, per_chat_per_second, per_group_per_minute, per_chat_burst
        )

    @property
    def stats(self: EmulatorHost) -> JsonDict:
        """Return call counts per method and how many 429 answers were given."""
        return {
            "calls": dict(self._calls_by_method),
            "too_many_requests": self._too_many_requests,
            "rate_limited": self._rate_limited,
        }

    def calls(self: EmulatorHost, method: str | None = None) -> list[ApiCall]:
        """Return the recorded Bot API calls, optionally only those of one method."""
        return [c for c in self.api_calls if method is None or c.method == method]
