"""Admins' view of a call's reminders: what is planned, what went out; times and audiences."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application

from bot.domain.admin_sessions import Flow
from bot.domain.calls import Call
from bot.ui.callbacks import Action, Callback
from bot.ui.screens import Screen
from bot.ui.screens import admin as admin_screens
from bot.ui.screens import reminders as screens
from bot.ui.screens.reminders import offsets_in_words
from handlers.admin_routing import admin_buttons, admin_call, admin_id
from handlers.common import replace, reply
from handlers.context import FarakhanContext


async def schedule_screen(context: FarakhanContext, call: Call) -> Screen:
    """The call's reminder rows, with how many each one reached."""
    reminders, reached = await context.services.reports.reminders(call)
    return screens.schedule(context.t, call, reminders, reached)


async def show(update: Update, context: FarakhanContext, callback: Callback) -> None:
    if call := await admin_call(update, context, callback.id):
        await replace(update, context, await schedule_screen(context, call))


async def toggle_audience(update: Update, context: FarakhanContext, callback: Callback) -> None:
    if call := await admin_call(update, context, callback.id):
        updated = await context.services.admin.toggle_reminder_audience(
            admin_id(update), call, callback.key
        )
        await replace(update, context, await schedule_screen(context, updated))


async def ask_offsets(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """The admin types new times before the deadline (handled in admin_input)."""
    if call := await admin_call(update, context, callback.id):
        await context.services.sessions.begin(admin_id(update), Flow.OFFSETS, call_id=call.id)
        current = offsets_in_words(context.t, call.spec.reminders.before_deadline)
        await reply(
            update,
            context,
            admin_screens.prompt(context.t, "admin.prompt.offsets", current=current),
        )


def register(app: Application) -> None:
    app.add_handler(admin_buttons({
        Action.ADMIN_REMINDERS: show, Action.ADMIN_REMINDER_AUDIENCE: toggle_audience,
        Action.ADMIN_REMINDER_OFFSETS: ask_offsets,
    }))  # fmt: skip
