"""Builds the PTB Application: storage opened in post_init, handlers registered in order."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import replace
from typing import Any

from telegram import Bot, BotCommand, BotCommandScopeDefault
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes
from telegram.request import HTTPXRequest

import handlers
from bot.domain.broadcasts import Priority
from bot.domain.budget import RateLearner
from bot.domain.clock import Clock, SystemClock
from bot.domain.messenger import Profile, profile_for, send_ceiling
from bot.domain.replicas import Replica
from bot.domain.settings import Settings
from bot.runtime.budgets import resume_budget, share_budget
from bot.runtime.replicas import AnotherPoller, Replicas
from bot.runtime.updates import PerChatUpdateProcessor, no_lock
from bot.runtime.webhook import WebhookServer
from bot.sending.budget import Budget, BudgetLimiter, SendBudget
from bot.sending.eitaa import DEFAULT_POLICY, Eitaayar
from bot.sending.lenient import LenientBot
from bot.sending.notices import Notices
from bot.sending.outbox import Outbox, OutboxPolicy, ProgressCallback
from bot.sending.progress import ProgressReporter
from bot.sending.tally import CountingLimiter
from bot.services.admin_sessions import AdminSessions
from bot.services.broadcasts import Broadcasts
from bot.services.call_admin import CallAdmin
from bot.services.calls import Calls
from bot.services.channels import ChannelPosts
from bot.services.container import Services
from bot.services.directory import Directory
from bot.services.journey import Journey
from bot.services.moves import DateMoves
from bot.services.people import People
from bot.services.privacy import Privacy
from bot.services.registrants import Registrants
from bot.services.registrations import Registrations
from bot.services.reports import Reports
from bot.services.scheduler import Scheduler, export_to_admins
from bot.services.search import Search
from bot.services.seats import Seats
from bot.ui.texts import CATALOGS, Translator
from handlers.context import SERVICES_KEY, FarakhanContext
from storage import Storage
from storage.db import Dialect
from storage.locks import Held

logger = logging.getLogger(__name__)

COMMANDS = ("start", "my", "cancel", "language", "privacy", "mydata", "forget", "help")
WAKE_JOB = "scheduler"


# A reply the messenger refused with 429 waits the pause out and goes again, first in line:
# a person waiting for an answer should lose it only to a messenger that keeps refusing.
REPLY_RETRIES = 5
STORAGE_KEY = "storage"  # the open database, for the runtime only (handlers get services)
REPLICAS_KEY = "replicas"  # this process among several on PostgreSQL (absent on SQLite)


def build_services(
    *,
    storage: Storage,
    settings: Settings,
    clock: Clock,
    sender: Bot,
    progress: ProgressCallback | None = None,
    arm: Callable[[float], None] = lambda delay: None,
    bot_username: str = "",
    budget: Budget | None = None,
    replica: Replica | None = None,
) -> Services:
    """Every service, wired once: what the handlers get. Nothing of PTB is started.

    `sender` sends bulk messages (the outbox's own Bot), `progress` edits a broadcast's
    progress message, `arm` asks the clock to wake the scheduler after so many seconds,
    `budget` is the send budget the replies spend too (a fresh one when none is given),
    `replica` this process among several on one PostgreSQL database (None: the only one).
    """
    profile = profile_for(settings)
    budget = budget or SendBudget(RateLearner(ceiling=send_ceiling(settings)))
    outbox = Outbox(
        storage=storage,
        bot=sender,
        budget=budget,
        clock=clock,
        policy=OutboxPolicy(),
        default_language=settings.default_language,
        progress=progress,
        profile=profile,
        replica=replica,
    )
    notices = Notices(storage=storage, outbox=outbox, settings=settings, clock=clock)
    directory = Directory(storage=storage, clock=clock, settings=settings, outbox=outbox)
    channels = ChannelPosts(
        storage=storage,
        clock=clock,
        settings=settings,
        notices=notices,
        client=eitaayar(settings),
        own=(profile, bot_username),
    )
    scheduler = Scheduler(
        storage=storage,
        notices=notices,
        clock=clock,
        settings=settings,
        arm=arm,
        send_export=export_to_admins(notices, storage, settings, sender, profile, budget),
        directory=directory,
        replica=replica,
        channels=channels,
    )
    seats = Seats(storage=storage, notices=notices, clock=clock)
    journey = Journey(storage=storage, clock=clock, seats=seats, directory=directory)
    moves = DateMoves(storage=storage, clock=clock, tz=settings.tz, outbox=outbox)
    return Services(
        settings=settings,
        clock=clock,
        profile=profile,
        people=People(storage=storage, clock=clock, default_language=settings.default_language),
        calls=Calls(storage=storage, clock=clock, admin_ids=settings.admin_ids),
        journey=journey,
        registrations=Registrations(storage=storage),
        privacy=Privacy(
            storage=storage, journey=journey, clock=clock, directory=directory, outbox=outbox
        ),
        admin=CallAdmin(
            storage=storage,
            clock=clock,
            settings=settings,
            seats=seats,
            replan=scheduler.replan,
            moves=moves,
        ),
        sessions=AdminSessions(storage=storage, clock=clock, tz=settings.tz),
        broadcasts=Broadcasts(storage=storage, clock=clock, outbox=outbox),
        channels=channels,
        reports=Reports(storage=storage, clock=clock, tz=settings.tz),
        search=Search(storage=storage, clock=clock),
        moves=moves,
        registrants=Registrants(storage=storage, clock=clock, outbox=outbox, tz=settings.tz),
        directory=directory,
        outbox=outbox,
        notices=notices,
        scheduler=scheduler,
        bot_username=bot_username,
    )


def eitaayar(settings: Settings) -> Eitaayar | None:
    """The Eitaayar client for EITAA_CHANNELS (None when they are not set)."""
    if not settings.eitaa or settings.eitaa_token is None:
        return None
    return Eitaayar(
        token=settings.eitaa_token.get_secret_value(),
        base_url=settings.eitaa_api_base_url,
        policy=replace(DEFAULT_POLICY, timeout=settings.eitaa_timeout),
    )


def build_application(
    settings: Settings, clock: Clock | None = None, *, webhook: bool = False
) -> Application:
    """The bot, ready for `run_polling` (or, with `webhook`, for a WebhookServer) or for
    tests to start against the emulator."""
    clock = clock or SystemClock()
    # One send budget for every request the messenger counts: replies spend it through the
    # bot's rate limiter, the outbox (its own Bot and connections) directly.
    budget = SendBudget(RateLearner(ceiling=send_ceiling(settings)))
    if settings.broadcast_rate is not None and settings.send_rate_ceiling is None:
        logger.warning(
            "BROADCAST_RATE is now SEND_RATE_CEILING (the most messages a second for replies"
            " and bulk sends together); using %s. Rename it in your .env.",
            settings.broadcast_rate,
        )

    async def post_init(app: Application) -> None:
        storage = await Storage.open(settings.database, serving=True)
        app.bot_data[STORAGE_KEY] = storage
        if not webhook and not await storage.locks.hold(Held.POLLING):
            raise AnotherPoller(settings.database_name)
        bot_key = f"{profile_for(settings).name}:{app.bot.id}"
        replicas = shared = None
        if storage.db.dialect == Dialect.POSTGRESQL:  # several processes may share it
            replicas = Replicas(storage=storage, clock=clock)
            app.bot_data[REPLICAS_KEY] = replicas
            if webhook:  # others may serve this bot's updates too (polling: this one alone)
                storage.among_replicas()
            shared = await share_budget(budget, storage, clock, bot_key, settings, replicas)
        else:
            await resume_budget(budget, storage, clock, bot_key)
        # Bulk sends get their own connection pool, so replies never queue behind them.
        sender = messenger_bot(settings, connections=16)
        await sender.initialize()
        services = build_services(
            storage=storage,
            settings=settings,
            clock=clock,
            sender=sender,
            budget=budget,
            progress=ProgressReporter(
                bot=app.bot, settings=settings, profile=profile_for(settings)
            ),
            arm=lambda delay: wake_later(app, delay),
            bot_username=app.bot.username or "",
            replica=replicas,
        )
        app.bot_data[SERVICES_KEY] = services
        await publish_commands(app, settings, services.profile)
        await services.outbox.start()
        await services.channels.start()
        if replicas is None:
            await services.scheduler.start()
        else:  # the scheduler starts on the replica that wins its lease, now or later
            scheduler = services.scheduler
            await replicas.start(
                on_lead=scheduler.tick,
                while_leading=scheduler.catch_up,
                every_beat=None if shared is None else shared.share,
            )

    async def post_stop(app: Application) -> None:
        services: Services | None = app.bot_data.get(SERVICES_KEY)
        if services is not None:
            await services.notices.stop()
            await services.channels.stop()
            await services.outbox.stop()
            await services.outbox.bot.shutdown()
        replicas: Replicas | None = app.bot_data.get(REPLICAS_KEY)
        if replicas is not None:
            await replicas.stop()
        await budget.close()

    async def post_shutdown(app: Application) -> None:
        storage: Storage | None = app.bot_data.get(STORAGE_KEY)
        if storage is not None:
            await storage.close()

    base, file_base = api_urls(settings)
    bot = LenientBot(
        settings.token(),
        base_url=base,
        base_file_url=file_base,
        request=HTTPXRequest(connection_pool_size=256),
        get_updates_request=HTTPXRequest(connection_pool_size=1),
        # Replies spend the send budget; the tally around it counts them for /metrics.
        rate_limiter=CountingLimiter(
            BudgetLimiter(budget, Priority.REPLY, max_retries=REPLY_RETRIES)
        ),
    )
    # A chat's updates one at a time across processes only where several share them (webhook
    # replicas): a poller is alone (Held.POLLING), and its per-chat asyncio locks suffice
    # without the two round trips an update of the advisory lock.
    processor = (
        PerChatUpdateProcessor(chat_lock=lambda chat: chat_lock(app, chat))
        if webhook
        else PerChatUpdateProcessor()
    )
    app = (
        ApplicationBuilder()
        .bot(bot)
        .context_types(ContextTypes(context=FarakhanContext))
        .concurrent_updates(processor)
        .post_init(post_init)
        .post_stop(post_stop)
        .post_shutdown(post_shutdown)
        .build()
    )
    handlers.register(app)
    return app


def chat_lock(app: Application, chat_id: int) -> AbstractAsyncContextManager[None]:
    """The lock between processes of one chat's updates (free on SQLite)."""
    storage: Storage | None = app.bot_data.get(STORAGE_KEY)
    return no_lock(chat_id) if storage is None else storage.locks.chat(chat_id)


def wake_later(app: Application, delay: float) -> None:
    """Asks the job queue (only a clock here) to wake the scheduler after `delay` seconds."""
    if app.job_queue is None:
        return
    for job in app.job_queue.get_jobs_by_name(WAKE_JOB):
        job.schedule_removal()

    async def wake(context: object) -> None:
        services: Services = app.bot_data[SERVICES_KEY]
        await services.scheduler.tick()

    app.job_queue.run_once(wake, when=delay, name=WAKE_JOB)


def api_urls(settings: Settings) -> tuple[str, str]:
    """The Bot API base and file URLs: the messenger's, unless the settings override them."""
    profile = profile_for(settings)
    base = settings.bot_api_base_url or profile.api_base
    derived = base[: -len("/bot")] + "/file/bot" if base.endswith("/bot") else base
    file_base = settings.bot_api_file_url or (
        derived if settings.bot_api_base_url else profile.file_base
    )
    return base, file_base


def messenger_bot(settings: Settings, connections: int) -> Bot:
    """A Bot of its own (own connections, no rate limiter): the outbox paces itself."""
    base, file_base = api_urls(settings)
    request = HTTPXRequest(connection_pool_size=connections, read_timeout=15, connect_timeout=10)
    return Bot(settings.token(), base_url=base, base_file_url=file_base, request=request)


async def publish_commands(app: Application, settings: Settings, profile: Profile) -> None:
    """Sets the command menu per language; a server that refuses it only costs a log line."""
    if not profile.supports("setMyCommands"):
        logger.info("%s has no command menu (setMyCommands); skipping it", profile.name)
        return
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
async def running(
    app: Application, webhook: WebhookServer | None = None, **polling: Any
) -> AsyncIterator[Application]:
    """Runs the application with the lifecycle of `run_polling`, by polling or webhook.

    initialize → post_init → start → updates … stop → post_stop → shutdown → post_shutdown;
    used by the command line (which handles signals itself) and by the tests.
    """
    updater = app.updater
    assert updater is not None  # built by ApplicationBuilder, which always makes one
    await app.initialize()
    try:
        if app.post_init:
            await app.post_init(app)
        if webhook is None:
            await updater.start_polling(**polling)
        await app.start()
        if webhook is not None:
            await webhook.start()
        try:
            yield app
        finally:
            if webhook is not None:
                await webhook.stop()
            if updater.running:
                await updater.stop()
            if app.running:
                await app.stop()  # the updates in hand are finished first
            if app.post_stop:
                await app.post_stop(app)
    finally:
        await app.shutdown()
        if app.post_shutdown:
            await app.post_shutdown(app)
