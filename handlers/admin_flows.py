"""Buttons that start or steer what an admin types: wizard, field edits, deadline, cancel."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application

from bot.domain.admin_sessions import AdminSession, Flow, Step
from bot.ui.callbacks import Action, Callback
from bot.ui.screens import Screen, admin_wizard, way_in
from bot.ui.screens import admin as screens
from handlers.admin import panel
from handlers.admin_routing import admin_buttons, admin_call, admin_id
from handlers.common import notify, replace, reply, settle
from handlers.context import FarakhanContext


async def ask_deadline(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Extend or shorten the deadline: the admin types the new one."""
    if call := await admin_call(update, context, callback.id):
        await context.services.sessions.begin(admin_id(update), Flow.DEADLINE, call_id=call.id)
        current = context.t.typed_date(call.deadline_at)
        await reply(
            update, context, screens.prompt(context.t, "admin.prompt.deadline", current=current)
        )


async def ask_field(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """One field to change: the admin types its new value."""
    call = await admin_call(update, context, callback.id)
    if call is None or callback.key not in screens.EDITABLE_FIELDS:
        return
    await context.services.sessions.begin(
        admin_id(update), Flow.FIELD, call_id=call.id, field=callback.key
    )
    await reply(
        update,
        context,
        screens.prompt(
            context.t,
            "admin.prompt.field",
            field=context.t(f"admin.field.{callback.key}"),
            current=screens.current_value(context.t, call, callback.key),
        ),
    )


async def new_call(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """The wizard's first question."""
    session = await context.services.sessions.begin(admin_id(update), Flow.WIZARD, Step.TITLE)
    await reply(update, context, admin_wizard.ask(context.t, session))


async def _wizard_session(
    update: Update, context: FarakhanContext, step: Step
) -> AdminSession | None:
    """The admin's wizard when it stands at `step`; a stale button's notice otherwise."""
    session = await context.services.sessions.at(admin_id(update), Flow.WIZARD, step)
    if session is None:
        await notify(update, context, context.t("button.stale"))
    return session


async def use_template(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """The working-group form, as the wizard's default."""
    if session := await _wizard_session(update, context, Step.FORM):
        await context.services.sessions.wizard_template(session)
        await settle(update, context)
        await reply(update, context, admin_wizard.ask(context.t, session))


async def skip_capacity(update: Update, context: FarakhanContext, callback: Callback) -> None:
    if session := await _wizard_session(update, context, Step.CAPACITY):
        await context.services.sessions.skip_capacity(session)
        await settle(update, context)
        await reply(update, context, admin_wizard.ask(context.t, session))


async def publish(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Creates the call the wizard collected: open now (1) or as a draft (0)."""
    session = await _wizard_session(update, context, Step.CONFIRM)
    if session is None:
        return
    services = context.services
    outcome = await services.admin.create(session.admin_id, session.data, bool(callback.index))
    if isinstance(outcome, list):
        await reply(update, context, admin_wizard.problems(context.t, outcome))
        return
    await services.sessions.end(session.admin_id)
    await settle(update, context)
    t = context.t
    await reply(
        update,
        context,
        Screen(
            way_in(
                t,
                services.entry(outcome.slug),
                "admin.wizard.created",
                title=t.title(outcome.spec.title),
            )
        ),
        await panel(context, outcome),
    )


async def cancel(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Leaves whatever the admin was typing for; nothing is saved."""
    await context.services.sessions.end(admin_id(update))
    await replace(update, context, Screen(context.t("admin.cancelled")))


def register(app: Application) -> None:
    app.add_handler(admin_buttons({
        Action.ADMIN_DEADLINE: ask_deadline, Action.ADMIN_EDIT_FIELD: ask_field,
        Action.ADMIN_NEW: new_call, Action.ADMIN_TEMPLATE: use_template,
        Action.ADMIN_SKIP: skip_capacity, Action.ADMIN_PUBLISH: publish,
        Action.ADMIN_CANCEL: cancel,
    }))  # fmt: skip
