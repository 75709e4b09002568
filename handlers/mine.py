"""/my: a volunteer's registrations — view, edit (via the form), withdraw."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import Application, CommandHandler, filters

from bot.callbacks import Action, Callback
from bot.calls import Call
from bot.context import FarakhanContext
from bot.models import Registration
from bot.screens import Screen, admin_notices
from bot.screens import calls as call_screens
from bot.screens import mine as screens
from bot.steps import Closed, Stale
from handlers.common import notify, own_registration, replace, reply, show_registration
from handlers.routing import button_handler

logger = logging.getLogger(__name__)


async def _my_list(context: FarakhanContext) -> Screen:
    storage = context.services.storage
    assert context.volunteer is not None
    items = []
    for registration in await storage.registrations.for_user(context.volunteer.id):
        call = await storage.calls.get(registration.call_id)
        if call is not None:
            items.append((registration, call))
    return screens.my_list(context.t, items)


async def my_command(update: Update, context: FarakhanContext) -> None:
    """/my: the volunteer's registrations."""
    await reply(update, context, await _my_list(context))


async def my_button(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Back to the list of registrations."""
    await replace(update, context, await _my_list(context))


async def on_registration_button(
    update: Update, context: FarakhanContext, callback: Callback
) -> None:
    """View a registration, ask to confirm withdrawal, or withdraw."""
    owned = await own_registration(update, context, callback.id)
    if owned is None:
        return
    registration, call = owned
    if callback.action == Action.VIEW:
        await show_registration(update, context, call, registration)
    elif callback.action == Action.WITHDRAW:
        await replace(update, context, screens.withdraw_confirm(context.t, call, registration))
    else:
        await _withdraw(update, context, call, registration)


async def _withdraw(
    update: Update, context: FarakhanContext, call: Call, registration: Registration
) -> None:
    t = context.t
    outcome = await context.services.journey.withdraw(registration, call)
    if isinstance(outcome, Closed):
        now = context.services.clock.now()
        await replace(update, context, call_screens.closed(t, call, outcome.window, now))
        return
    if isinstance(outcome, Stale):
        await show_registration(update, context, call, outcome.registration)
        return
    withdrawn, promoted = outcome
    await replace(update, context, Screen(t("withdraw.done", title=t.pick(call.spec.title))))
    await show_registration(update, context, call, withdrawn, edit=False)
    for moved_up in promoted:  # told in their own language, through the outbox
        await context.services.notices.to_user(
            moved_up.user_id, lambda tr, r=moved_up: admin_notices.promoted(tr, call, r), call.id
        )


async def reminders_switch(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Stop (or resume) reminders for a call: from a reminder itself, or from /my."""
    services = context.services
    call = await services.storage.calls.get(callback.id)
    if call is None or context.volunteer is None or callback.index > 1:
        await notify(update, context, context.t("button.invalid"), alert=True)
        return
    user_id = context.volunteer.id
    if callback.action == Action.REMINDERS_OFF:
        await services.storage.reminders.opt_out(call.id, user_id, services.clock.now())
        await notify(update, context, context.t("reminders.stopped"))
    else:
        await services.storage.reminders.opt_in(call.id, user_id)
        await notify(update, context, context.t("reminders.resumed"))
    registration = await services.storage.registrations.for_user_and_call(user_id, call.id)
    if callback.index == 1 and registration is not None:  # pressed in /my: show the new state
        await show_registration(update, context, call, registration)


def register(app: Application) -> None:
    app.add_handler(CommandHandler("my", my_command, filters.ChatType.PRIVATE))
    app.add_handler(button_handler({
        Action.MY: my_button, Action.VIEW: on_registration_button,
        Action.WITHDRAW: on_registration_button, Action.WITHDRAW_YES: on_registration_button,
        Action.REMINDERS_OFF: reminders_switch, Action.REMINDERS_ON: reminders_switch,
    }))  # fmt: skip
