"""The directory of experts: /directory for admins, invitations from a call's panel, and a
volunteer leaving the directory or staying in it."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from telegram import Update
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import Application

from bot.domain.calls import Call
from bot.ui.callbacks import Action, Callback
from bot.ui.screens import Screen
from bot.ui.screens import admin as admin_screens
from bot.ui.screens import directory as screens
from handlers.admin_routing import admin_buttons, admin_call, admin_command, admin_id
from handlers.common import notify, replace, reply, send
from handlers.context import FarakhanContext
from handlers.directory_search import search_command
from handlers.routing import button_handler

EXPORT_FORMATS = ("csv", "xlsx")


async def _home(context: FarakhanContext, admin: int, *, fresh: bool = False) -> Screen:
    overview, schema = await context.services.directory.overview(admin, fresh=fresh)
    return screens.home(context.t, overview, schema)


async def directory_command(update: Update, context: FarakhanContext) -> None:
    """/directory: everyone counted by each profile choice, with fresh filters;
    /directory <text>: the entries whose profile matches it (handlers/directory_search)."""
    assert update.message is not None
    words = (update.message.text or "").split(maxsplit=1)
    if len(words) > 1:
        await search_command(update, context, words[1])
        return
    await reply(update, context, await _home(context, admin_id(update), fresh=True))


async def directory_button(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Back to /directory, or one option ticked or unticked, or the filters cleared."""
    directory = context.services.directory
    admin = admin_id(update)
    if callback.index == screens.CLEAR:
        await directory.filter(admin, screens.NO_KEY, 0, clear=True)
    elif screens.SHOW < callback.index <= screens.MAX_OPTIONS:
        if not await directory.filter(admin, callback.key, callback.index - 1):
            await notify(update, context, context.t("button.invalid"), alert=True)
            return
    elif callback.index != screens.SHOW:
        await notify(update, context, context.t("button.invalid"), alert=True)
        return
    else:
        await directory.end_search(admin)  # this screen's list is the ticked options'
    await replace(update, context, await _home(context, admin))


async def entries(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """A page of the people the filters select."""
    page, schema = await context.services.directory.page(admin_id(update), callback.id)
    await replace(update, context, screens.entries_page(context.t, page, schema))


async def entry(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """One person's entry: profile, calls, dates (the opening goes into the audit log)."""
    services = context.services
    found = await services.directory.entry(admin_id(update), callback.id)
    if found is None:
        await notify(update, context, context.t("directory.not_found"), alert=True)
        return
    person, schema, calls = found
    keep = services.directory.keep
    await replace(update, context, screens.entry(context.t, person, schema, calls, keep))


async def export(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """The people the filters select (everyone, without filters) as a CSV or XLSX document."""
    if callback.index >= len(EXPORT_FORMATS):
        await notify(update, context, context.t("button.invalid"), alert=True)
        return
    fmt = EXPORT_FORMATS[callback.index]
    t = context.t
    services = context.services
    await notify(update, context, t("export.preparing"))
    chat_id = update.effective_chat.id if update.effective_chat else admin_id(update)
    profile = services.profile
    if profile.supports("sendChatAction"):
        with contextlib.suppress(TelegramError):  # only a courtesy
            await context.bot.send_chat_action(chat_id, ChatAction.UPLOAD_DOCUMENT)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"directory.{fmt}"
        count = await services.directory.export(admin_id(update), fmt, path, t)
        size = path.stat().st_size
        if size > profile.max_document_bytes:
            limit = profile.max_document_bytes // 2**20
            too_big = t("export.too_big", size=round(size / 2**20, 1), limit=limit,
                        slug="directory", format=fmt)  # fmt: skip
            await reply(update, context, Screen(too_big))
            return
        caption, parse_mode = profile.render(screens.export_sent(t, count))
        with path.open("rb") as document:
            await context.bot.send_document(
                chat_id, document, filename=path.name, caption=caption, parse_mode=parse_mode
            )


async def _invitable(update: Update, context: FarakhanContext, call_id: int) -> Call | None:
    """The call an invitation button names, if people could still register for it."""
    call = await admin_call(update, context, call_id)
    if call is not None and not context.services.directory.invitable(call):
        await notify(update, context, context.t("directory.invite.closed"), alert=True)
        return None
    return call


async def invite(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Invite from the directory: start afresh, tick options, or preview the invitation."""
    call = await _invitable(update, context, callback.id)
    if call is None:
        return
    directory = context.services.directory
    admin = admin_id(update)
    t = context.t
    if callback.index == screens.CLEAR:
        await directory.start_invitation(admin, call)
    elif callback.index == screens.PREVIEW:
        draft, reach = await directory.prepare(admin, call)
        if reach.reached:
            now = context.services.clock.now()
            await reply(update, context, *screens.invite_preview(t, call, now, reach, draft))
            return
    elif screens.SHOW < callback.index <= screens.MAX_OPTIONS:
        if not await directory.invite_filter(admin, call, callback.key, callback.index - 1):
            await notify(update, context, t("button.invalid"), alert=True)
            return
    elif callback.index != screens.SHOW:
        await notify(update, context, t("button.invalid"), alert=True)
        return
    reach, overview, schema = await directory.invitation(admin, call)
    await replace(update, context, screens.invite(t, call, reach, overview, schema))


async def invite_send(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Send confirmed: one delivery per person through the outbox, and a live progress."""
    services = context.services
    t = context.t
    assert update.effective_chat is not None
    chat_id = update.effective_chat.id
    sent = await services.directory.invite(
        admin_id(update), callback.id, language=t.lang, progress_chat_id=chat_id
    )
    if sent is None:  # an older preview's button, one pressed twice, or a call closed since
        await notify(update, context, t("button.stale"), alert=True)
        return
    _, broadcast, count = sent
    await replace(update, context, screens.invite_sent(t, count))
    if broadcast is None:
        return
    counts = await services.broadcasts.counts(broadcast.id)
    progress = await send(
        context, chat_id, admin_screens.progress(t, broadcast, counts, None, None, False)
    )
    assert progress is not None
    await services.broadcasts.watch(broadcast, chat_id, progress)


# A volunteer's own entry.


async def leave(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Leave the directory pressed (in /my or in the warning): confirm first."""
    assert context.volunteer is not None
    membership = await context.services.directory.membership(context.volunteer.id)
    if membership is None:
        await notify(update, context, context.t("directory.not_member"), alert=True)
        return
    await replace(update, context, screens.leave_confirm(context.t, membership.organisers))


async def leave_confirmed(update: Update, context: FarakhanContext, callback: Callback) -> None:
    assert context.volunteer is not None
    if not await context.services.directory.leave(context.volunteer.id):
        await notify(update, context, context.t("directory.not_member"), alert=True)
        return
    await replace(update, context, screens.left(context.t))


async def stay(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Stay, from the warning before erasure: the entry is renewed."""
    assert context.volunteer is not None
    directory = context.services.directory
    entry = await directory.stay(context.volunteer.id)
    if entry is None:
        await notify(update, context, context.t("directory.gone"), alert=True)
        return
    await replace(update, context, screens.stayed(context.t, entry.erased_on(directory.keep)))


def register(app: Application) -> None:
    app.add_handler(admin_command("directory", directory_command))
    app.add_handler(admin_buttons({
        Action.ADMIN_DIRECTORY: directory_button, Action.ADMIN_DIRECTORY_LIST: entries,
        Action.ADMIN_DIRECTORY_ENTRY: entry, Action.ADMIN_DIRECTORY_EXPORT: export,
        Action.ADMIN_INVITE: invite, Action.ADMIN_INVITE_SEND: invite_send,
    }))  # fmt: skip
    app.add_handler(button_handler({
        Action.DIRECTORY_LEAVE: leave, Action.DIRECTORY_LEAVE_YES: leave_confirmed,
        Action.DIRECTORY_STAY: stay,
    }))  # fmt: skip
