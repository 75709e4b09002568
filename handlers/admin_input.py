"""What admins type: answers to the wizard, new field values, a deadline, a broadcast.

An admin's conversation lives in the database (admin_sessions), so a restart loses nothing.
This runs before the volunteers' handlers; without a session it lets the update pass.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, MessageHandler, filters

from bot.domain import wizard
from bot.domain.admin_sessions import AdminSession, Flow, Step
from bot.domain.refusal import Refusal
from bot.ui.screens import Screen, admin_wizard
from bot.ui.screens import admin as screens
from handlers import directory_search, registrants
from handlers.admin import panel
from handlers.admin_routing import admin_id
from handlers.common import reply
from handlers.context import FarakhanContext
from handlers.find import typed_query
from handlers.moves import questions

logger = logging.getLogger(__name__)

MAX_CALL_FILE = 256 * 1024


async def admin_input(update: Update, context: FarakhanContext) -> None:
    """Routes an admin's message to their open conversation, or an uploaded call file."""
    services = context.services
    user = update.effective_user
    message = update.message
    if user is None or message is None or not services.admin.is_admin(user.id):
        return
    text = message.text or ""
    if text.startswith("/"):
        # Read only for /cancel: every other admin command (/admin, /find …) is spared a
        # round trip to the database.
        if text.split()[0].split("@")[0] == "/cancel" and await services.sessions.end(user.id):
            await reply(update, context, Screen(context.t("admin.cancelled")))
            raise ApplicationHandlerStop
        return  # other commands work as usual; the conversation waits
    session = await services.sessions.current(user.id)
    if message.document is not None:
        await _document(update, context, session)
        raise ApplicationHandlerStop
    if session is None or not text:
        return
    flows = {
        Flow.OFFSETS: _call_change,
        Flow.DEADLINE: _call_change,
        Flow.FIELD: _call_change,
        Flow.WIZARD: _wizard,
        Flow.COMPOSE: _compose,
        Flow.FIND: typed_query,
        Flow.MESSAGE: registrants.typed_message,
        Flow.DIRECTORY_FIND: directory_search.typed_query,
    }
    await flows[session.flow](update, context, session, text)
    raise ApplicationHandlerStop


async def _call_change(
    update: Update, context: FarakhanContext, session: AdminSession, text: str
) -> None:
    """A new deadline or field value typed for a call: saved, or refused and asked again."""
    services = context.services
    call = await services.admin.get(session.data["call_id"])
    if call is None:
        await services.sessions.end(session.admin_id)
        return
    if session.flow == Flow.DEADLINE:
        outcome = await services.admin.change_deadline(session.admin_id, call, text)
    elif session.flow == Flow.OFFSETS:
        outcome = await services.admin.set_reminder_offsets(session.admin_id, call, text)
    else:
        field = session.data["field"]
        outcome = await services.admin.edit_field(session.admin_id, call, field, text)
    t = context.t
    if isinstance(outcome, Refusal):
        await reply(update, context, screens.prompt(t, outcome.key, **outcome.params))
        return
    await services.sessions.end(session.admin_id)
    done = (
        t("admin.done.deadline", deadline=t.date(outcome.deadline_at))
        if session.flow == Flow.DEADLINE
        else t("admin.done.saved")
    )
    if session.flow == Flow.OFFSETS:
        from handlers.admin_reminders import schedule_screen

        await reply(update, context, Screen(done), await schedule_screen(context, outcome))
        return
    # A moved deadline asks, last, whether to tell the people it concerns.
    asked = await questions(context, outcome)
    await reply(update, context, Screen(done), await panel(context, outcome), *asked)


async def _wizard(
    update: Update, context: FarakhanContext, session: AdminSession, text: str
) -> None:
    """One typed answer to the wizard: taken (and the next question asked), or refused."""
    t = context.t
    refusal = await context.services.sessions.wizard_typed(session, text, t.lang)
    if refusal is not None:
        await reply(
            update,
            context,
            Screen(t(refusal.key, **refusal.params)),
            admin_wizard.ask(t, session),
        )
        return
    await reply(update, context, admin_wizard.ask(t, session))


async def _compose(
    update: Update, context: FarakhanContext, session: AdminSession, text: str
) -> None:
    """The admin's message: shown back exactly as recipients will get it, then confirm."""
    from handlers.broadcast import preview

    assert update.message is not None
    await preview(update, context, session, update.message.text_html)


async def _document(
    update: Update, context: FarakhanContext, session: AdminSession | None
) -> None:
    """A YAML file: the wizard's form, or (outside the wizard) a call to create or replace."""
    assert update.message is not None and update.message.document is not None
    services = context.services
    t = context.t
    document = update.message.document
    if (document.file_size or 0) > MAX_CALL_FILE:
        await reply(update, context, Screen(t("admin.file.too_big")))
        return
    file = await document.get_file()
    text = bytes(await file.download_as_bytearray()).decode("utf-8", errors="replace")
    if session is not None and session.flow == Flow.WIZARD and session.step == Step.FORM:
        form = wizard.form_from_file(text)
        if isinstance(form, list):
            await reply(
                update, context, admin_wizard.problems(t, form), admin_wizard.ask(t, session)
            )
            return
        await services.sessions.wizard_form(session, form)
        await reply(update, context, admin_wizard.ask(t, session))
        return
    outcome = await services.admin.import_file(admin_id(update), text)
    if isinstance(outcome[0], Refusal):
        refusal, found = outcome
        await reply(update, context, admin_wizard.problems(t, found, refusal))
        return
    call, created = outcome
    key = "admin.file.created" if created else "admin.file.replaced"
    done = Screen(t(key, title=t.title(call.spec.title)))
    # A file that moved the deadline or a meeting asks, last, whether to tell people.
    await reply(update, context, done, await panel(context, call), *await questions(context, call))


def register(app: Application, *, group: int) -> None:
    kinds = filters.TEXT | filters.Document.ALL
    app.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE & kinds, admin_input),
        group=group,
    )
