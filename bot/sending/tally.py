"""Counts the replies that went through: a rate limiter around the reply Bot's own.

PTB hands every request of a Bot to its rate limiter, so wrapping the budget's limiter sees
each reply without touching the send budget. Only the methods the messenger counts are
tallied (by method: a fixed, small set of names; nothing of the chat or the text).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.ext import BaseRateLimiter

from bot.domain.messenger import COUNTED_METHODS

Answer = bool | dict[str, Any] | list[dict[str, Any]]


class CountingLimiter(BaseRateLimiter[int]):
    """Another rate limiter's pacing, and a count of the counted requests it let through."""

    def __init__(self, inner: BaseRateLimiter[int]) -> None:
        self.inner = inner
        self.sent: Counter[str] = Counter()  # method -> requests answered without an error

    async def initialize(self) -> None:
        await self.inner.initialize()

    async def shutdown(self) -> None:
        await self.inner.shutdown()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Answer]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Answer:
        answer = await self.inner.process_request(
            callback, args, kwargs, endpoint, data, rate_limit_args
        )
        if endpoint in COUNTED_METHODS:
            self.sent[endpoint] += 1
        return answer
