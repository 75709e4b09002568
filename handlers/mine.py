"""/my: a volunteer's registrations — view, edit (via the form), withdraw."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import Application, CommandHandler, filters

from bot.domain.calls import Call
from bot.domain.models import Registration
from bot.domain.steps import Closed, Stale
from bot.ui.callbacks import Action, Callback
from bot.ui.screens import Screen
from bot.ui.screens import calls as call_screens
from bot.ui.screens import directory as directory_screens
from bot.ui.screens import form as form_screens
from bot.ui.screens import mine as screens
from handlers.common import notify, own_registration, replace, reply, show_registration
from handlers.context import FarakhanContext
from handlers.routing import button_handler

logger = logging.getLogger(__name__)


async def _my_list(context: FarakhanContext) -> Screen:
    assert context.volunteer is not None
    items = await context.services.registrations.of_user(context.volunteer.id)
    screen = screens.my_list(context.t, items)
    member = await context.services.directory.membership(context.volunteer.id)
    if member is None:
        return screen
    return directory_screens.with_membership(
        context.t, screen, member.organisers, member.entry.created_at
    )


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
    if callback.action in (Action.VIEW, Action.VIEW_BELOW):
        edit = callback.action == Action.VIEW  # VIEW_BELOW: the pressed message is kept
        await show_registration(update, context, call, registration, edit=edit)
    elif callback.action == Action.WITHDRAW:
        await replace(update, context, screens.withdraw_confirm(context.t, call, registration))
    else:
        await _withdraw(update, context, call, registration)


async def whole_answers(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Every answer in full, below, when a summary had to shorten them."""
    if (owned := await own_registration(update, context, callback.id)) is None:
        return
    registration, call = owned
    await notify(update, context)
    await reply(update, context, *form_screens.full_answers(context.t, call, registration))


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
    withdrawn, _ = outcome  # whoever moved up into the seat is told by the service
    await replace(update, context, Screen(t("withdraw.done", title=t.title(call.spec.title))))
    await show_registration(update, context, call, withdrawn, edit=False)


async def reminders_switch(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Stop (or resume) reminders for a call: from a reminder itself, or from /my."""
    services = context.services
    volunteer = context.volunteer
    call = await services.calls.get(callback.id, volunteer.id) if volunteer else None
    if call is None or volunteer is None or callback.index > 1:
        await notify(update, context, context.t("button.invalid"), alert=True)
        return
    user_id = volunteer.id
    wanted = callback.action == Action.REMINDERS_ON
    await services.calls.set_reminders(call, user_id, wanted=wanted)
    await notify(
        update, context, context.t("reminders.resumed" if wanted else "reminders.stopped")
    )
    registration = await services.registrations.in_call(user_id, call.id)
    if callback.index == 1 and registration is not None:  # pressed in /my: show the new state
        await show_registration(update, context, call, registration)


def register(app: Application) -> None:
    app.add_handler(CommandHandler("my", my_command, filters.ChatType.PRIVATE))
    app.add_handler(button_handler({
        Action.MY: my_button, Action.VIEW: on_registration_button,
        Action.VIEW_BELOW: on_registration_button, Action.ANSWERS: whole_answers,
        Action.WITHDRAW: on_registration_button, Action.WITHDRAW_YES: on_registration_button,
        Action.REMINDERS_OFF: reminders_switch, Action.REMINDERS_ON: reminders_switch,
    }))  # fmt: skip
