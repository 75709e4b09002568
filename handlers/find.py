"""/find and 🔎: admins look a person up among every call's registrations."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application

from bot.domain.admin_sessions import AdminSession, Flow
from bot.domain.search import QueryProblem
from bot.ui.callbacks import Action, Callback
from bot.ui.screens import admin as admin_screens
from bot.ui.screens import find as screens
from handlers.admin_routing import admin_buttons, admin_command, admin_id
from handlers.common import notify, replace, reply
from handlers.context import FarakhanContext


async def find_command(update: Update, context: FarakhanContext) -> None:
    """/find <text>: the first page of what it finds (the words after the command, as typed)."""
    assert update.message is not None
    words = (update.message.text or "").split(maxsplit=1)
    typed = words[1] if len(words) > 1 else ""
    services = context.services
    outcome = await services.search.find(admin_id(update), typed)
    if isinstance(outcome, QueryProblem):
        await reply(update, context, screens.refused(context.t, outcome))
        return
    await reply(update, context, screens.results(context.t, outcome))


async def typed_query(
    update: Update, context: FarakhanContext, session: AdminSession, text: str
) -> None:
    """What the admin typed after 🔎: its results, or why not (and the question stays open)."""
    services = context.services
    outcome = await services.search.find(session.admin_id, text)
    if isinstance(outcome, QueryProblem):
        await reply(update, context, screens.refused(context.t, outcome))
        return
    await reply(update, context, screens.results(context.t, outcome))


async def ask_query(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """🔎 pressed: the admin types what to look for."""
    await context.services.sessions.begin(admin_id(update), Flow.FIND)
    await reply(update, context, admin_screens.prompt(context.t, "find.prompt"))


async def results_page(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """◀️ ▶️: another page of the admin's latest search."""
    page = await context.services.search.page(admin_id(update), callback.index)
    if page is None:
        await notify(update, context, context.t("find.expired"), alert=True)
        return
    await replace(update, context, screens.results(context.t, page))


def register(app: Application) -> None:
    app.add_handler(admin_command("find", find_command))
    app.add_handler(
        admin_buttons({Action.ADMIN_FIND_OPEN: ask_query, Action.ADMIN_FIND_PAGE: results_page})
    )
