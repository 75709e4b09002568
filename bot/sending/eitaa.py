"""Eitaayar, the service through which a channel's admin posts to Eitaa (no chat-bot API).

`https://eitaayar.ir/api/<TOKEN>/<METHOD>`, answering `{"ok": …}`. Its requests are not the
messenger's: they spend no send budget, but are paced (one at a time, `interval` apart),
retried with backoff on timeouts, 5xx, 429 and `ok: false` (honouring a `retry_after` if
one is given), and logged by method and channel only: the token is in the URL, so no URL
and no library message that could hold one is ever logged or stored.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass

import aiohttp

from bot.domain.channels import PostResult

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class EitaaPolicy:
    interval: float = 1.0  # seconds between two requests: Eitaayar publishes no limit
    attempts: int = 4  # then the post is failed and the admin told why
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    timeout: float = 15.0  # seconds for one request, answer included
    max_wait: float = 60.0  # a retry_after longer than this fails the post instead


DEFAULT_POLICY = EitaaPolicy()


@dataclass(frozen=True)
class _Answer:
    """One request's outcome."""

    error: str = ""  # "" when it worked
    message_id: str | None = None
    retry_after: float | None = None
    refused: bool = False  # trying again is pointless (4xx other than 429)


class Eitaayar:
    """Posts to Eitaa channels with one panel's token."""

    def __init__(self, *, token: str, base_url: str, policy: EitaaPolicy = DEFAULT_POLICY) -> None:
        self._token = token
        self._base = base_url.rstrip("/")
        self.policy = policy
        self._session: aiohttp.ClientSession | None = None
        self._turn = asyncio.Lock()
        self._last = 0.0

    async def send_message(self, channel: str, text: str, *, pin: bool = False) -> PostResult:
        """Posts a text to a channel (pinned if asked); retried as the policy says."""
        fields = {"chat_id": channel.removeprefix("@"), "text": text}
        if pin:
            fields["pin"] = "1"
        return await self._call("sendMessage", fields, channel)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _call(self, method: str, fields: dict[str, str], channel: str) -> PostResult:
        policy = self.policy
        error = ""
        for attempt in range(1, policy.attempts + 1):
            answer = await self._attempt(method, fields)
            error = answer.error
            if not error:
                return PostResult(ok=True, attempts=attempt, message_id=answer.message_id)
            logger.warning(
                "Eitaayar %s to %s failed (attempt %d of %d): %s",
                method,
                channel,
                attempt,
                policy.attempts,
                error,
            )
            wait = answer.retry_after or 0.0
            if answer.refused or attempt == policy.attempts or wait > policy.max_wait:
                return PostResult(ok=False, error=error, attempts=attempt)
            await asyncio.sleep(max(policy.backoff * 2 ** (attempt - 1), wait))
        return PostResult(ok=False, error=error, attempts=policy.attempts)

    async def _attempt(self, method: str, fields: dict[str, str]) -> _Answer:
        """One request, paced after the one before."""
        async with self._turn:  # paced: one request at a time, `interval` apart
            pause = self._last + self.policy.interval - time.monotonic()
            if pause > 0:
                await asyncio.sleep(pause)
            try:
                return await self._request(method, fields)
            except TimeoutError:
                return _Answer("timeout")
            except aiohttp.ClientError as error:
                # The library's message may name the URL, and the URL holds the token.
                return _Answer(f"network error ({type(error).__name__})")
            finally:
                self._last = time.monotonic()

    async def _request(self, method: str, fields: dict[str, str]) -> _Answer:
        if self._session is None:
            self._session = aiohttp.ClientSession()
        timeout = aiohttp.ClientTimeout(total=self.policy.timeout)
        url = f"{self._base}/{self._token}/{method}"
        async with self._session.post(url, data=fields, timeout=timeout) as response:
            status = response.status
            try:
                body = await response.json(content_type=None)
            except ValueError:
                body = None
        if not isinstance(body, dict):
            body = {}
        if status < 300 and body.get("ok") is True:
            result = body.get("result")
            message_id = result.get("message_id") if isinstance(result, dict) else None
            return _Answer(message_id=None if message_id is None else str(message_id))
        description = self._hidden(str(body.get("description") or ""))[:200]
        parameters = body.get("parameters")
        retry_after = parameters.get("retry_after") if isinstance(parameters, dict) else None
        code = body["error_code"] if isinstance(body.get("error_code"), int) else status
        if status >= 300:
            error = f"HTTP {status}" + (f": {description}" if description else "")
        else:
            error = "ok: false" + (f": {description}" if description else "")
        # A refusal (4xx, bad channel, bad token) stays a refusal; the rest may pass.
        return _Answer(
            error,
            retry_after=float(retry_after) if isinstance(retry_after, int | float) else None,
            refused=400 <= code < 500 and code != 429,
        )

    def _hidden(self, text: str) -> str:
        return text.replace(self._token, "***")
