"""Webhook mode: a small aiohttp server the messenger POSTs updates to, /healthz and /metrics.

The secret travels in the X-Telegram-Bot-Api-Secret-Token header on Telegram, and in the
URL path on Bale (which has no such header). A request without the right secret gets 403
and is never processed.
"""

from __future__ import annotations

import hmac
import json
import logging
from urllib.parse import urlparse

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.domain.messenger import Profile
from bot.domain.settings import Settings, SettingsError
from bot.runtime.metrics import Metrics
from bot.sending.budget import Budget, SendBudget
from bot.sending.lenient import readable
from handlers.context import SERVICES_KEY

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebhookServer:
    def __init__(self, app: Application, settings: Settings, profile: Profile) -> None:
        if not settings.webhook_url:
            raise SettingsError("WEBHOOK_URL is missing: webhook mode needs the public URL")
        if settings.webhook_secret is None:
            raise SettingsError("WEBHOOK_SECRET is missing: webhook mode needs a secret")
        self.app = app
        self.settings = settings
        self.profile = profile
        self.secret = settings.webhook_secret.get_secret_value()
        self.path = urlparse(settings.webhook_url).path.rstrip("/") or "/"
        self.metrics = Metrics(app)
        self._runner: web.AppRunner | None = None

    @property
    def public_url(self) -> str:
        """What the messenger is told to call (Bale: the secret is part of it)."""
        assert self.settings.webhook_url
        if self.profile.secret_in_path:
            return f"{self.settings.webhook_url}/{self.secret}"
        return self.settings.webhook_url

    async def start(self) -> None:
        """Listens on WEBHOOK_LISTEN:WEBHOOK_PORT, then registers the webhook."""
        server = web.Application(client_max_size=1024 * 1024)
        base = "" if self.path == "/" else self.path
        route = f"{base}/{{secret}}" if self.profile.secret_in_path else self.path
        server.router.add_post(route, self._receive)
        server.router.add_get("/healthz", self._health)
        server.router.add_get("/metrics", self.metrics.handle)
        self._runner = web.AppRunner(server, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.settings.webhook_listen, self.settings.webhook_port)
        await site.start()
        await self.app.bot.set_webhook(
            self.public_url,
            secret_token=None if self.profile.secret_in_path else self.secret,
            allowed_updates=[Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY],
        )
        logger.info(
            "Listening for updates on %s:%s%s",
            self.settings.webhook_listen,
            self.settings.webhook_port,
            self.path,
        )

    async def stop(self) -> None:
        """Stops listening (the webhook stays registered: updates wait for the next start)."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def _authentic(self, request: web.Request) -> bool:
        given = (
            request.match_info.get("secret", "")
            if self.profile.secret_in_path
            else request.headers.get(SECRET_HEADER, "")
        )
        return hmac.compare_digest(given.encode(), self.secret.encode())

    async def _receive(self, request: web.Request) -> web.Response:
        if not self._authentic(request):
            logger.warning(
                "Refused a webhook request without the right secret from %s", request.remote
            )
            return web.Response(status=403, text="forbidden")
        try:
            data = await request.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            return web.Response(status=400, text="not JSON")
        if not isinstance(data, dict):
            return web.Response(status=400, text="not an update")
        # Unreadable updates are answered 200 (and skipped), or the sender retries for ever.
        update = Update.de_json(readable(data, self.app.bot), self.app.bot)
        await self.app.update_queue.put(update)
        return web.Response(text="ok")

    async def _health(self, request: web.Request) -> web.Response:
        """200 with the outbox's backlog (by priority) and the send budget's learned rate when
        the database answers; 503 when it does not."""
        from bot.runtime.app import STORAGE_KEY

        storage = self.app.bot_data.get(STORAGE_KEY)
        try:
            await storage.db.fetch_value("SELECT 1")
            by_priority = await storage.outbox.backlog_by_priority()
        except Exception as error:  # any failure here means "not healthy"
            logger.warning("Health check failed: %s", error)
            return web.json_response({"status": "error", "database": "unreachable"}, status=503)
        health: dict[str, object] = {
            "status": "ok",
            "database": "ok",
            "outbox_backlog": sum(by_priority.values()),
            "outbox_backlog_by_priority": {p.name.lower(): n for p, n in by_priority.items()},
        }
        services = self.app.bot_data.get(SERVICES_KEY)
        if services is not None:
            health["send_budget"] = budget_state(services.outbox.budget)
        return web.json_response(health)


def budget_state(budget: Budget) -> dict[str, object]:
    """The send budget as an operator reads it: the learned rate, and (in this process) the
    ceiling, the limit the last 429 measured, the pause and who waits."""
    state: dict[str, object] = {"rate": round(budget.rate, 2)}
    if isinstance(budget, SendBudget):
        state["ceiling"] = budget.learner.ceiling
        state["known_limit"] = budget.learner.limit
        state["paused_for"] = round(budget.paused_for, 2)
        state["waiting"] = {p.name.lower(): n for p, n in budget.waiting().items()}
        state["limited"] = budget.limited_count
    return state
