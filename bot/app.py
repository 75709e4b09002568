"""Builds the PTB Application: storage opened in post_init, handlers registered in order."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from telegram import Bot, BotCommand, BotCommandScopeDefault
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes
from telegram.request import HTTPXRequest

import handlers
from bot.call_admin import CallAdmin
from bot.clock import Clock, SystemClock
from bot.context import SERVICES_KEY, FarakhanContext
from bot.journey import Journey
from bot.notices import Notices
from bot.outbox import Outbox, OutboxPolicy
from bot.scheduler import Scheduler, export_to_admins
from bot.screens import admin as admin_screens
from bot.services import Services
from bot.settings import Settings
from bot.texts import CATALOGS, Translator
from bot.updates import PerChatUpdateProcessor
from storage import Storage
from storage.outbox import Broadcast, DeliveryCounts

logger = logging.getLogger(__name__)

COMMANDS = ("start", "my", "cancel", "language", "help")
WAKE_JOB = "scheduler"


def build_application(settings: Settings, clock: Clock | None = None) -> Application:
    """The bot, ready for `run_polling` or for tests to start against the emulator."""
    clock = clock or SystemClock()

    async def post_init(app: Application) -> None:
        storage = await Storage.open(settings.database_path)
        # Bulk sends get their own connection pool, so replies never queue behind them.
        sender = messenger_bot(settings, connections=16)
        await sender.initialize()
        policy = OutboxPolicy(rate=settings.broadcast_rate)

        async def show_progress(broadcast, counts, eta, done) -> None:
            await report_progress(app, settings, broadcast, counts, eta, done)

        outbox = Outbox(storage, sender, clock, policy, settings.default_language, show_progress)
        notices = Notices(storage, outbox, settings, clock)
        scheduler = Scheduler(
            storage, notices, clock, settings, export_to_admins(notices, storage, settings, sender)
        )
        scheduler.arm = lambda delay: wake_later(app, scheduler, delay)
        admin = CallAdmin(storage, clock, settings)
        admin.replan = scheduler.replan
        app.bot_data[SERVICES_KEY] = Services(
            settings,
            storage,
            clock,
            Journey(storage, clock),
            outbox,
            notices,
            admin,
            scheduler,
            bot_username=app.bot.username or "",
        )
        await publish_commands(app, settings)
        await outbox.start()
        await scheduler.start()

    async def post_stop(app: Application) -> None:
        services: Services | None = app.bot_data.get(SERVICES_KEY)
        if services is not None:
            await services.notices.stop()
            await services.outbox.stop()
            await services.outbox.bot.shutdown()

    async def post_shutdown(app: Application) -> None:
        services: Services | None = app.bot_data.get(SERVICES_KEY)
        if services is not None:
            await services.storage.close()

    builder = (
        ApplicationBuilder()
        .token(settings.token())
        .context_types(ContextTypes(context=FarakhanContext))
        .concurrent_updates(PerChatUpdateProcessor())
        .rate_limiter(AIORateLimiter(max_retries=2))
        .post_init(post_init)
        .post_stop(post_stop)
        .post_shutdown(post_shutdown)
    )
    base, file_base = api_urls(settings)
    app = builder.base_url(base).base_file_url(file_base).build()
    handlers.register(app)
    return app


def wake_later(app: Application, scheduler: Scheduler, delay: float) -> None:
    """Asks the job queue (only a clock here) to wake the scheduler after `delay` seconds."""
    if app.job_queue is None:
        return
    for job in app.job_queue.get_jobs_by_name(WAKE_JOB):
        job.schedule_removal()

    async def wake(context: object) -> None:
        await scheduler.tick()

    app.job_queue.run_once(wake, when=delay, name=WAKE_JOB)


def api_urls(settings: Settings) -> tuple[str, str]:
    """The Bot API base URL and file URL (the messenger's, or BOT_API_BASE_URL)."""
    base = settings.bot_api_base_url or "https://api.telegram.org/bot"
    file_base = base[: -len("/bot")] + "/file/bot" if base.endswith("/bot") else base
    return base, file_base


def messenger_bot(settings: Settings, connections: int) -> Bot:
    """A Bot of its own (own connections, no rate limiter): the outbox paces itself."""
    base, file_base = api_urls(settings)
    request = HTTPXRequest(connection_pool_size=connections, read_timeout=15, connect_timeout=10)
    return Bot(settings.token(), base_url=base, base_file_url=file_base, request=request)


async def report_progress(
    app: Application,
    settings: Settings,
    broadcast: Broadcast,
    counts: DeliveryCounts,
    eta: float | None,
    done: bool,
) -> None:
    """Edits a broadcast's progress message, in the language of the admin who sent it."""
    lang = broadcast.payload.get("progress_language", settings.default_language)
    screen = admin_screens.progress(Translator(lang, settings.tz), broadcast, counts, eta, done)
    await app.bot.edit_message_text(
        screen.text,
        chat_id=broadcast.progress_chat_id,
        message_id=broadcast.progress_message_id,
        parse_mode=ParseMode.HTML,
    )


async def publish_commands(app: Application, settings: Settings) -> None:
    """Sets the command menu per language; a server that refuses it only costs a log line."""
    try:
        for lang in CATALOGS:
            t = Translator(lang, settings.tz)
            commands = [BotCommand(name, t(f"command.{name}")) for name in COMMANDS]
            await app.bot.set_my_commands(commands, BotCommandScopeDefault(), language_code=lang)
        t = Translator(settings.default_language, settings.tz)
        default = [BotCommand(name, t(f"command.{name}")) for name in COMMANDS]
        await app.bot.set_my_commands(default)
    except TelegramError as error:
        logger.warning("The command menu could not be set (%s); continuing without it", error)


@asynccontextmanager
async def running(app: Application, **polling: Any) -> AsyncIterator[Application]:
    """Runs the application polling for updates, with the lifecycle of `run_polling`.

    initialize → post_init → polling → start … stop → post_stop → shutdown → post_shutdown;
    used by the command line (which handles signals itself) and by the tests.
    """
    await app.initialize()
    try:
        if app.post_init:
            await app.post_init(app)
        await app.updater.start_polling(**polling)
        await app.start()
        try:
            yield app
        finally:
            if app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()
            if app.post_stop:
                await app.post_stop(app)
    finally:
        await app.shutdown()
        if app.post_shutdown:
            await app.post_shutdown(app)
