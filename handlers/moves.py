"""A moved deadline or meeting: the admin is asked whether to tell the people it concerns."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application

from bot.domain.calls import Call
from bot.ui.callbacks import Action, Callback
from bot.ui.screens import Screen
from bot.ui.screens.moves import move_decided, move_question
from handlers.admin_routing import admin_buttons, admin_id
from handlers.common import notify, replace
from handlers.context import FarakhanContext


async def questions(context: FarakhanContext, call: Call) -> list[Screen]:
    """One question per date of the call that moved and concerns someone: tell them?"""
    waiting = await context.services.moves.waiting(call)
    return [move_question(context.t, call, move, count) for move, count in waiting]


async def decide(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Tell (1) or not (0): news queued in the outbox, or nothing; the question is settled."""
    if callback.index > 1:
        await notify(update, context, context.t("button.invalid"), alert=True)
        return
    outcome = await context.services.moves.decide(
        admin_id(update), callback.id, tell=callback.index == 1
    )
    if outcome is None:  # decided already, moved again since, or never there (forged)
        await notify(update, context, context.t("move.stale"), alert=True)
        return
    _, told = outcome
    await replace(update, context, move_decided(context.t, told))


def register(app: Application) -> None:
    app.add_handler(admin_buttons({Action.ADMIN_DATE_MOVE: decide}))
