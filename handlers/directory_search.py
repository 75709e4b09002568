"""Search in the directory of experts: `/directory <text>`, and 🔎 on the /directory screen.

The results are the directory's own pages (◀️ ▶️ and each entry's card as from the list).
`/directory <text>`, like `/directory`, starts with no options ticked and searches everyone;
🔎 searches among the people the ticked options select, as its screen shows them.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application

from bot.domain.admin_sessions import AdminSession, Flow
from bot.domain.search import QueryProblem
from bot.ui.callbacks import Action, Callback
from bot.ui.screens import admin as admin_screens
from bot.ui.screens import directory as screens
from handlers.admin_routing import admin_buttons, admin_id
from handlers.common import reply
from handlers.context import FarakhanContext


async def _search(
    update: Update, context: FarakhanContext, admin: int, typed: str, *, within_filters: bool
) -> None:
    """Shows the first page of what `typed` finds, or why it is not searched."""
    directory = context.services.directory
    outcome = await directory.search(admin, typed, within_filters=within_filters)
    if isinstance(outcome, QueryProblem):
        await reply(update, context, screens.search_refused(context.t, outcome))
        return
    await reply(update, context, screens.entries_page(context.t, *outcome))


async def search_command(update: Update, context: FarakhanContext, typed: str) -> None:
    """/directory <text>: the entries it finds among everyone."""
    # A 🔎 question left open is answered by the command (the search ends it).
    await _search(update, context, admin_id(update), typed, within_filters=False)


async def typed_query(
    update: Update, context: FarakhanContext, session: AdminSession, text: str
) -> None:
    """What the admin typed after 🔎: the entries it finds among those the ticked options
    select, or why not (and the question stays open)."""
    await _search(update, context, session.admin_id, text, within_filters=True)


async def ask_query(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """🔎 pressed: the admin types what to look for."""
    await context.services.sessions.begin(admin_id(update), Flow.DIRECTORY_FIND)
    await reply(update, context, admin_screens.prompt(context.t, "directory.search.prompt"))


def register(app: Application) -> None:
    app.add_handler(admin_buttons({Action.ADMIN_DIRECTORY_FIND: ask_query}))
