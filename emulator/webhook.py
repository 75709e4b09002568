"""Webhook mode: POSTs queued updates, one at a time and in order, to the bot's webhook URL."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import TYPE_CHECKING

import aiohttp

from emulator.models import JsonDict, WebhookConfig, now_unix
from emulator.params import decode_params

if TYPE_CHECKING:
    from emulator.state import Emulator

logger = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebhookDelivery:
    """A background task that delivers updates while a webhook is set, retrying failures."""

    def __init__(self, emulator: Emulator) -> None:
        self._emulator = emulator
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    def ensure_running(self) -> None:
        """Start the delivery task if a loop is running and the task is not alive."""
        if self._task is not None and not self._task.done():
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._stopping = False
        self._task = loop.create_task(self._run(), name="emulator-webhook")

    def cancel(self) -> None:
        """Stop the delivery task without waiting for it."""
        # Python 3.11's wait_for can swallow a cancellation that races a wake-up; the flag
        # makes the loop end anyway.
        self._stopping = True
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._task = None

    async def stop(self) -> None:
        """Stop the delivery task and wait until it is gone."""
        task = self._task
        self.cancel()
        if task is not None:
            with contextlib.suppress(asyncio.CancelledError, RuntimeError):
                await task

    async def _run(self) -> None:
        """Deliver updates until the webhook is removed."""
        emu = self._emulator
        failures = 0
        async with aiohttp.ClientSession() as session:
            while emu.webhook is not None and not self._stopping:
                ready = emu.deliverable(1)
                if not ready:
                    await emu.wait_change(1.0)
                    continue
                hook = emu.webhook
                update = ready[0]
                error = await self._post(session, hook, update)
                if error is None:
                    failures = 0
                    emu.confirm_through(update["update_id"])
                    continue
                hook.last_error_date = now_unix()
                hook.last_error_message = error
                delays = emu.webhook_retry_delays
                logger.debug("webhook delivery of %s failed: %s", update["update_id"], error)
                await asyncio.sleep(delays[min(failures, len(delays) - 1)])
                failures += 1

    async def _post(
        self, session: aiohttp.ClientSession, hook: WebhookConfig, update: JsonDict
    ) -> str | None:
        """POST one update; return None on a 2xx answer, else the error text."""
        headers = {"Content-Type": "application/json"}
        if hook.secret_token:
            headers[SECRET_HEADER] = hook.secret_token
        timeout = aiohttp.ClientTimeout(total=self._emulator.webhook_timeout)
        try:
            async with session.post(
                hook.url, data=json.dumps(update), headers=headers, timeout=timeout
            ) as response:
                body = await response.read()
                if not 200 <= response.status < 300:
                    return f"Wrong response from the webhook: {response.status} {response.reason}"
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            return f"Connection failed: {exc.__class__.__name__}"
        await self._run_reply_method(body)
        return None

    async def _run_reply_method(self, body: bytes) -> None:
        """Execute a Bot API call returned in the webhook answer, as Telegram allows."""
        try:
            reply = json.loads(body) if body else None
        except ValueError:
            return
        if isinstance(reply, dict) and isinstance(reply.get("method"), str):
            params = decode_params({k: v for k, v in reply.items() if k != "method"})
            await self._emulator.call_api(reply["method"], params)
