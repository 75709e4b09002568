"""Builds the PTB Application: storage opened in post_init, handlers registered in order."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from telegram import BotCommand, BotCommandScopeDefault
from telegram.error import TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes

import handlers
from bot.clock import Clock, SystemClock
from bot.context import SERVICES_KEY, FarakhanContext
from bot.journey import Journey
from bot.services import Services
from bot.settings import Settings
from bot.texts import CATALOGS, Translator
from bot.updates import PerChatUpdateProcessor
from storage import Storage

logger = logging.getLogger(__name__)

COMMANDS = ("start", "my", "cancel", "language", "help")


def build_application(settings: Settings, clock: Clock | None = None) -> Application:
    """The bot, ready for `run_polling` or for tests to start against the emulator."""
    clock = clock or SystemClock()

    async def post_init(app: Application) -> None:
        storage = await Storage.open(settings.database_path)
        journey = Journey(storage, clock)
        app.bot_data[SERVICES_KEY] = Services(
            settings, storage, clock, journey, bot_username=app.bot.username or ""
        )
        await publish_commands(app, settings)

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
        .post_shutdown(post_shutdown)
    )
    if settings.bot_api_base_url:
        base = settings.bot_api_base_url
        file_base = base[: -len("/bot")] + "/file/bot" if base.endswith("/bot") else base
        builder = builder.base_url(base).base_file_url(file_base)
    app = builder.build()
    handlers.register(app)
    return app


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
