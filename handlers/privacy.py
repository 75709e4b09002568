"""/privacy, /mydata and /forget: see the policy, take your data, erase it."""

from __future__ import annotations

import io

from telegram import InputFile, Update
from telegram.ext import Application, CommandHandler, filters

from bot.domain.directory import WARN_BEFORE
from bot.ui.callbacks import Action, Callback
from bot.ui.screens import Screen, button, rows
from bot.ui.texts import Markup
from handlers.common import replace, reply
from handlers.context import FarakhanContext
from handlers.routing import button_handler


async def privacy_command(update: Update, context: FarakhanContext) -> None:
    """What is collected, why, who sees it, how long it is kept, how to see and erase it."""
    settings = context.services.settings
    t = context.t
    directory = t(
        "directory.privacy", days=settings.directory_retention_days, warn=WARN_BEFORE.days
    )
    text = Markup(f"{t('privacy.text', days=settings.retention_days)}\n\n{directory}")
    await reply(update, context, Screen(text))


async def mydata_command(update: Update, context: FarakhanContext) -> None:
    """Everything the bot holds about the person, as a JSON file in their language."""
    assert context.volunteer is not None and update.effective_chat is not None
    services = context.services
    t = context.t
    content = await services.privacy.my_data(context.volunteer.id, t)
    caption, parse_mode = services.profile.render(t("mydata.caption"))
    await context.bot.send_document(
        update.effective_chat.id,
        InputFile(io.BytesIO(content), filename="my-data.json"),
        caption=caption,
        parse_mode=parse_mode,
    )


async def forget_command(update: Update, context: FarakhanContext) -> None:
    """Asks first: erasing cannot be undone."""
    t = context.t
    keyboard = rows(
        [button(t("forget.yes"), Action.FORGET_YES)], [button(t("button.no"), Action.MY)]
    )
    await reply(update, context, Screen(t("forget.confirm"), keyboard))


async def forget_confirmed(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Erases the person's data (after withdrawing open registrations) and says so."""
    assert context.volunteer is not None
    services = context.services
    t = context.t
    await services.privacy.forget(context.volunteer.id)  # who moves up is told by it
    context.volunteer = None  # nothing of them is left, not even their language
    await replace(update, context, Screen(t("forget.done")))


def register(app: Application) -> None:
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler("privacy", privacy_command, private))
    app.add_handler(CommandHandler("mydata", mydata_command, private))
    app.add_handler(CommandHandler("forget", forget_command, private))
    app.add_handler(button_handler({Action.FORGET_YES: forget_confirmed}))
