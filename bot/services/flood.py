"""A per-person limit on incoming updates: a flood gets one "slow down", then silence."""

from __future__ import annotations

import logging
import time
from collections import deque
from enum import Enum

logger = logging.getLogger(__name__)


class Verdict(Enum):
    OK = "ok"
    WARN = "warn"  # the first update over the limit: say "slow down" once
    DROP = "drop"  # ignored until the silence is over


class FloodGuard:
    """More than `limit` updates in `window` seconds from one person is a flood."""

    # A person tapping fast manages a few updates a second; a script manages hundreds.
    def __init__(self, limit: int = 50, window: float = 10.0, silence: float = 30.0) -> None:
        self.limit = limit
        self.window = window
        self.silence = silence
        self._seen: dict[int, deque[float]] = {}
        self._quiet_until: dict[int, float] = {}

    def check(self, user_id: int, now: float | None = None) -> Verdict:
        now = time.monotonic() if now is None else now
        if self._quiet_until.get(user_id, 0.0) > now:
            return Verdict.DROP
        seen = self._seen.setdefault(user_id, deque())
        while seen and seen[0] <= now - self.window:
            seen.popleft()
        seen.append(now)
        if len(seen) <= self.limit:
            return Verdict.OK
        self._quiet_until[user_id] = now + self.silence
        seen.clear()
        logger.warning(
            "User %s sent more than %d updates in %ss; ignoring them for %ss",
            user_id,
            self.limit,
            self.window,
            self.silence,
        )
        if len(self._seen) > 10_000:  # forget people who went quiet long ago
            self._forget_idle(now)
        return Verdict.WARN

    def _forget_idle(self, now: float) -> None:
        for user_id in [u for u, seen in self._seen.items() if not seen or seen[-1] < now - 60]:
            del self._seen[user_id]
            self._quiet_until.pop(user_id, None)
