"""Injected faults (errors, slow answers, dropped connections) and optional rate limits."""

from __future__ import annotations

import math
import time
from collections import deque
from dataclasses import dataclass

from emulator.models import ApiError, JsonDict, RateLimited

DROP_CONNECTION = 0
SLOW_SUCCESS = 200
MALFORMED = 1  # answer 200 with a body that is not JSON (a broken proxy, say)
# What the messenger counts against a bot's limits: every request that puts a message into a
# chat or changes one there (Telegram's Bot FAQ limits messages). Answering a callback
# query, chat actions, getUpdates, getMe and setMyCommands are not counted. The bot keeps
# the same list (bot/domain/messenger.py COUNTED_METHODS; a test holds them equal).
RATE_LIMITED_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendMediaGroup",
        "copyMessage",
        "forwardMessage",
        "editMessageText",
        "editMessageCaption",
        "editMessageReplyMarkup",
    }
)
GROUP_WINDOW = 60.0  # seconds: Telegram's group limit is 20 messages a minute
_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


@dataclass
class Fault:
    """A planned misbehaviour for the next `times` matching calls (times < 0: forever)."""

    method: str | None = None
    chat_id: int | str | None = None
    status: int = 500
    retry_after: int | None = None
    description: str | None = None
    times: int = 1
    delay: float = 0.0

    def matches(self, method: str, params: JsonDict) -> bool:
        """Return whether this fault applies to a call."""
        if self.times == 0:
            return False
        if self.method is not None and self.method != method:
            return False
        return self.chat_id is None or str(params.get("chat_id")) == str(self.chat_id)

    def error(self) -> ApiError | None:
        """Return the error this fault answers with (None for slow success or a dropped call)."""
        if self.status in (DROP_CONNECTION, SLOW_SUCCESS, MALFORMED):
            return None
        if self.status == 429:
            retry_after = self.retry_after if self.retry_after is not None else 1
            description = self.description or f"Too Many Requests: retry after {retry_after}"
            return ApiError(429, description, retry_after=retry_after)
        description = self.description or _DEFAULT_DESCRIPTIONS.get(self.status, "Error")
        return ApiError(self.status, description, retry_after=self.retry_after)

    def to_json(self) -> JsonDict:
        """Return the fault as a JSON-ready dict."""
        return {
            "method": self.method,
            "chat_id": self.chat_id,
            "status": self.status,
            "retry_after": self.retry_after,
            "description": self.description,
            "times": self.times,
            "delay": self.delay,
        }


class FaultBook:
    """The list of pending faults; consumes them as matching calls arrive."""

    def __init__(self) -> None:
        self.faults: list[Fault] = []

    def add(self, fault: Fault) -> Fault:
        """Register a fault and return it."""
        self.faults.append(fault)
        return fault

    def take(self, method: str, params: JsonDict) -> Fault | None:
        """Return the first fault matching a call, using up one of its times."""
        for fault in self.faults:
            if fault.matches(method, params):
                if fault.times > 0:
                    fault.times -= 1
                if fault.times == 0:
                    self.faults.remove(fault)
                return fault
        return None

    def clear(self) -> None:
        """Drop every pending fault."""
        self.faults.clear()


class RateLimiter:
    """Sliding windows for sends: one second globally and per private chat, one minute per
    group or channel (a negative id or an @name); off until limits are set.

    Telegram lets a private chat have "short bursts" above its one message a second
    (Bot FAQ). With `per_chat_burst` set, a private chat holds that many messages at once
    and earns one back every 1/`per_chat_per_second` seconds (a token bucket): two requests
    a few milliseconds apart (an edit and the next question) pass, a steady two a second do
    not. Without it the window is strict: one message in any second.
    """

    def __init__(self) -> None:
        self.global_per_second: float | None = None
        self.per_chat_per_second: float | None = None
        self.per_chat_burst: int | None = None
        self.per_group_per_minute: float | None = None
        self._global: deque[float] = deque()
        self._per_chat: dict[str, deque[float]] = {}
        self._buckets: dict[str, tuple[float, float]] = {}  # chat -> (tokens, when counted)

    def configure(
        self,
        global_per_second: float | None,
        per_chat_per_second: float | None,
        per_group_per_minute: float | None = None,
        per_chat_burst: int | None = None,
    ) -> None:
        """Set (or with None, lift) the limits and forget past sends."""
        self.global_per_second = global_per_second
        self.per_chat_per_second = per_chat_per_second
        self.per_group_per_minute = per_group_per_minute
        self.per_chat_burst = per_chat_burst
        self._global.clear()
        self._per_chat.clear()
        self._buckets.clear()

    @staticmethod
    def _retry_after(
        window: deque[float], limit: float, now: float, span: float = 1.0
    ) -> int | None:
        """Prune the window; return seconds to wait when it is full, else None."""
        span, capacity = (span, int(limit)) if limit >= 1 else (span / max(limit, 1e-6), 1)
        while window and window[0] <= now - span:
            window.popleft()
        if len(window) < capacity:
            return None
        return max(1, math.ceil(window[0] + span - now))

    def _tokens(self, chat_key: str, rate: float, burst: int, now: float) -> float:
        tokens, counted = self._buckets.get(chat_key, (float(burst), now))
        return min(float(burst), tokens + (now - counted) * rate)

    def check(self, method: str, params: JsonDict) -> RateLimited | None:
        """Count a call against the limits; return a 429 error, naming the limit, when it
        exceeds them."""
        if method not in RATE_LIMITED_METHODS:
            return None
        now = time.monotonic()
        chat_key = str(params.get("chat_id"))
        chat_window = self._per_chat.setdefault(chat_key, deque())
        group = chat_key.startswith(("-", "@"))
        chat_limit = (
            (self.per_group_per_minute, GROUP_WINDOW) if group else (self.per_chat_per_second, 1.0)
        )
        bucket = bool(not group and self.per_chat_per_second and self.per_chat_burst)
        windows = [(self._global, (self.global_per_second, 1.0), RateLimited.BOT)]
        if not bucket:
            windows.append((chat_window, chat_limit, RateLimited.CHAT))
        for window, (limit, span), which in windows:
            if limit is None:
                continue
            wait = self._retry_after(window, limit, now, span)
            if wait is not None:
                return RateLimited(wait, which)
        if bucket:
            rate, burst = float(self.per_chat_per_second or 1), int(self.per_chat_burst or 1)
            tokens = self._tokens(chat_key, rate, burst, now)
            if tokens < 1:
                return RateLimited(max(1, math.ceil((1 - tokens) / rate)), RateLimited.CHAT)
            self._buckets[chat_key] = (tokens - 1, now)
        self._global.append(now)
        if not bucket:
            chat_window.append(now)
        return None

    def to_json(self) -> JsonDict:
        """Return the current limits as a JSON-ready dict."""
        return {
            "global_per_second": self.global_per_second,
            "per_chat_per_second": self.per_chat_per_second,
            "per_chat_burst": self.per_chat_burst,
            "per_group_per_minute": self.per_group_per_minute,
        }
