"""What no feature claimed: other message kinds, edits, unknown buttons, and errors."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    MessageHandler,
    filters,
)

from bot.ui.screens import Screen
from handlers.common import notify, reply
from handlers.context import FarakhanContext
from handlers.form import non_text

logger = logging.getLogger(__name__)


async def edited_message(update: Update, context: FarakhanContext) -> None:
    """An edited message never changes an answer; say so."""
    await reply(update, context, Screen(context.t("edited_ignored")))


async def unknown_command(update: Update, context: FarakhanContext) -> None:
    await reply(update, context, Screen(context.t("not_understood")))


async def unknown_button(update: Update, context: FarakhanContext) -> None:
    """A payload that is not ours (forged, or from an old version): refuse, change nothing."""
    logger.info(
        "Refused callback data %r",
        (update.callback_query.data or "")[:64] if update.callback_query else None,
    )
    await notify(update, context, context.t("button.invalid"), alert=True)


async def on_error(update: object, context: FarakhanContext) -> None:
    """Logs the failure and, in a private chat, apologises instead of going silent."""
    logger.error("Update %s failed", getattr(update, "update_id", "?"), exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if update.effective_chat.type != "private":
        return
    try:
        if update.callback_query:
            await notify(update, context, context.t("error.generic"), alert=True)
        else:
            await reply(update, context, Screen(context.t("error.generic")))
    except Exception:  # the apology itself failed (e.g. the network): logging is all we can do
        logger.exception("Could not tell the user about the failure")


def register(app: Application) -> None:
    private = filters.ChatType.PRIVATE
    app.add_handler(MessageHandler(private & filters.UpdateType.EDITED, edited_message))
    app.add_handler(MessageHandler(private & filters.COMMAND, unknown_command))
    app.add_handler(MessageHandler(private & filters.UpdateType.MESSAGE, non_text))
    app.add_handler(CallbackQueryHandler(unknown_button))
    app.add_error_handler(on_error)
