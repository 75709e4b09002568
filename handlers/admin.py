"""The admin's console: /admin, a call's panel, open/close/archive, stats, exports, /audit."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from telegram import Update
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import Application

from bot.domain.calls import Call
from bot.domain.models import RegistrationStatus
from bot.domain.refusal import Refusal
from bot.ui.callbacks import Action, Callback
from bot.ui.screens import Screen
from bot.ui.screens import admin as screens
from bot.ui.screens import audit as audit_screens
from bot.ui.screens.stats import stats as stats_screen
from handlers.admin_routing import admin_buttons, admin_call, admin_command, admin_id
from handlers.common import notify, replace, reply
from handlers.context import FarakhanContext
from handlers.stats_chart import send_chart

EXPORT_FORMATS = ("csv", "xlsx")


async def _home(context: FarakhanContext) -> Screen:
    return screens.home(context.t, await context.services.reports.overview())


async def panel(context: FarakhanContext, call: Call) -> Screen:
    """A call's panel for admins, with fresh counts."""
    services = context.services
    counts = await services.registrations.counts(call.id)
    return screens.call_panel(
        context.t,
        call,
        counts,
        services.entry(call.slug),
        can_announce=bool(services.settings.announce_chat_ids or services.channels.channels),
        pending_review=counts[RegistrationStatus.SUBMITTED] if call.spec.moderated else 0,
    )


async def admin_command_home(update: Update, context: FarakhanContext) -> None:
    """/admin: every call with its counts."""
    await reply(update, context, await _home(context))


async def home(update: Update, context: FarakhanContext, callback: Callback) -> None:
    await replace(update, context, await _home(context))


async def call_panel(update: Update, context: FarakhanContext, callback: Callback) -> None:
    if call := await admin_call(update, context, callback.id):
        await replace(update, context, await panel(context, call))


async def ask_status(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Open / close / archive pressed: confirm first."""
    if (call := await admin_call(update, context, callback.id)) and callback.index < 3:
        await replace(update, context, screens.status_confirm(context.t, call, callback.index))


async def set_status(update: Update, context: FarakhanContext, callback: Callback) -> None:
    call = await admin_call(update, context, callback.id)
    if call is None or callback.index >= 3:
        return
    target = screens.STATUS_TARGETS[callback.index]
    outcome = await context.services.admin.set_status(admin_id(update), call, target)
    if isinstance(outcome, Refusal):
        await notify(update, context, context.t(outcome.key, **outcome.params), alert=True)
        outcome = call
    await replace(update, context, await panel(context, outcome))


async def toggle_moderation(update: Update, context: FarakhanContext, callback: Callback) -> None:
    if call := await admin_call(update, context, callback.id):
        updated = await context.services.admin.toggle_moderation(admin_id(update), call)
        await replace(update, context, screens.edit_fields(context.t, updated))


async def edit_fields(update: Update, context: FarakhanContext, callback: Callback) -> None:
    if call := await admin_call(update, context, callback.id):
        await replace(update, context, screens.edit_fields(context.t, call))


async def show_stats(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """The funnel, registrations per day, and the split of choice answers; then the chart."""
    if call := await admin_call(update, context, callback.id):
        numbers = await context.services.reports.stats(call)
        await replace(update, context, stats_screen(context.t, call, numbers))
        await send_chart(update, context, call, numbers)


async def export(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Sends the call's registrations as a CSV or XLSX document (built on disk, streamed)."""
    call = await admin_call(update, context, callback.id)
    if call is None or callback.index >= len(EXPORT_FORMATS):
        return
    fmt = EXPORT_FORMATS[callback.index]
    t = context.t
    await notify(update, context, t("export.preparing"))
    chat_id = update.effective_chat.id if update.effective_chat else admin_id(update)
    profile = context.services.profile
    if profile.supports("sendChatAction"):
        with contextlib.suppress(TelegramError):  # only a courtesy
            await context.bot.send_chat_action(chat_id, ChatAction.UPLOAD_DOCUMENT)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{call.slug}.{fmt}"
        count = await context.services.reports.export(call, fmt, path, t, admin_id(update))
        size = path.stat().st_size
        if size > profile.max_document_bytes:
            # Bale, for one, refuses big documents: say so instead of failing silently.
            await reply(
                update,
                context,
                Screen(
                    t(
                        "export.too_big",
                        size=round(size / 2**20, 1),
                        limit=profile.max_document_bytes // 2**20,
                        slug=call.slug,
                        format=fmt,
                    )
                ),
            )
            return
        caption, parse_mode = profile.render(
            t("export.sent", count=count, title=t.title(call.spec.title))
        )
        with path.open("rb") as document:
            await context.bot.send_document(
                chat_id, document, filename=path.name, caption=caption, parse_mode=parse_mode
            )


async def audit_command(update: Update, context: FarakhanContext) -> None:
    """/audit: the latest admin actions."""
    await reply(update, context, await _audit(context))


async def audit_button(update: Update, context: FarakhanContext, callback: Callback) -> None:
    await reply(update, context, await _audit(context))


async def _audit(context: FarakhanContext) -> Screen:
    events, calls = await context.services.reports.audit_log()
    return audit_screens.audit(context.t, events, calls)


def register(app: Application) -> None:
    app.add_handler(admin_command("admin", admin_command_home))
    app.add_handler(admin_command("audit", audit_command))
    app.add_handler(admin_buttons({
        Action.ADMIN_HOME: home, Action.ADMIN_CALL: call_panel, Action.ADMIN_STATUS: ask_status,
        Action.ADMIN_STATUS_YES: set_status, Action.ADMIN_MODERATION: toggle_moderation,
        Action.ADMIN_EDIT: edit_fields, Action.ADMIN_STATS: show_stats,
        Action.ADMIN_EXPORT: export, Action.ADMIN_AUDIT: audit_button,
    }))  # fmt: skip
