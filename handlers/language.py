"""/language and /help."""

from __future__ import annotations

from dataclasses import replace as with_changes

from telegram import Update
from telegram.ext import Application, CommandHandler, filters

from bot.ui.callbacks import Action, Callback
from bot.ui.screens import Screen, button, rows
from bot.ui.texts import LANGUAGE_NAMES
from handlers.common import replace, reply
from handlers.context import FarakhanContext
from handlers.routing import button_handler


async def language_command(update: Update, context: FarakhanContext) -> None:
    """Offers the languages as buttons."""
    keyboard = rows(
        [button(name, Action.LANGUAGE, language=lang) for lang, name in LANGUAGE_NAMES.items()]
    )
    await reply(update, context, Screen(context.t("language.choose"), keyboard))


async def choose_language(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Remembers the chosen language and answers in it."""
    assert context.volunteer is not None
    await context.services.people.set_language(context.volunteer.id, callback.language)
    context.volunteer = with_changes(context.volunteer, language=callback.language)
    await replace(update, context, Screen(context.t("language.set")))


async def help_command(update: Update, context: FarakhanContext) -> None:
    """What the bot can do, command by command."""
    await reply(update, context, Screen(context.t("help.text")))


def register(app: Application) -> None:
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler("language", language_command, private))
    app.add_handler(CommandHandler("help", help_command, private))
    app.add_handler(button_handler({Action.LANGUAGE: choose_language}))
