"""Admin commands and buttons: ADMIN_IDS is checked at the moment of every use."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.domain.calls import Call
from bot.ui.callbacks import Action, Callback
from bot.ui.screens import Screen
from handlers.common import notify, reply
from handlers.context import FarakhanContext
from handlers.routing import ButtonCallback, button_handler

logger = logging.getLogger(__name__)

AdminCommand = Callable[[Update, FarakhanContext], Awaitable[None]]


def _is_admin(update: Update, context: FarakhanContext) -> bool:
    user = update.effective_user
    return context.services.admin.is_admin(user.id if user else None)


async def refuse(update: Update, context: FarakhanContext) -> None:
    """A non-admin used an admin command or button (perhaps a replayed one): nothing happens."""
    user = update.effective_user
    logger.warning("Refused an admin action from user %s", user.id if user else None)
    if update.callback_query:
        await notify(update, context, context.t("admin.only"), alert=True)
    else:
        await reply(update, context, Screen(context.t("admin.only")))


def admin_buttons(routes: dict[Action, ButtonCallback]) -> CallbackQueryHandler:
    """Like button_handler, for admins only."""

    def guarded(route: ButtonCallback) -> ButtonCallback:
        async def checked(update: Update, context: FarakhanContext, callback: Callback) -> None:
            if not _is_admin(update, context):
                await refuse(update, context)
                return
            await route(update, context, callback)

        return checked

    return button_handler({action: guarded(route) for action, route in routes.items()})


def admin_command(name: str, callback: AdminCommand) -> CommandHandler:
    """A private-chat command for admins only."""

    async def checked(update: Update, context: FarakhanContext) -> None:
        if not _is_admin(update, context):
            await refuse(update, context)
            return
        await callback(update, context)

    return CommandHandler(name, checked, filters.ChatType.PRIVATE)


async def admin_call(update: Update, context: FarakhanContext, call_id: int) -> Call | None:
    """The call an admin button names, or a refusal when it does not exist."""
    call = await context.services.admin.get(call_id)
    if call is None:
        await notify(update, context, context.t("button.invalid"), alert=True)
    return call


def admin_id(update: Update) -> int:
    assert update.effective_user is not None
    return update.effective_user.id
