"""Inline buttons: one handler per feature, routing our payloads to its callbacks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import CallbackQueryHandler

from bot.ui.callbacks import Action, Callback, parse_callback
from handlers.common import notify
from handlers.context import FarakhanContext

ButtonCallback = Callable[[Update, FarakhanContext, Callback], Awaitable[None]]


def button_handler(routes: dict[Action, ButtonCallback]) -> CallbackQueryHandler:
    """A handler for the payloads whose action is in `routes` (anything else passes by)."""

    def matches(data: object) -> bool:
        callback = parse_callback(data) if isinstance(data, str) else None
        return callback is not None and callback.action in routes

    async def route(update: Update, context: FarakhanContext) -> None:
        assert update.callback_query is not None
        callback = parse_callback(update.callback_query.data)
        assert callback is not None  # `matches` let it through
        try:
            await routes[callback.action](update, context, callback)
        finally:
            await notify(update, context)  # every press gets its answer, once

    return CallbackQueryHandler(route, pattern=matches)
