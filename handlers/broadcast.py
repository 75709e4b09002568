"""Writing to many: choose a segment, compose, preview with the exact count, confirm, send.

Sending goes through the outbox; the admin watches one progress message edited live.
Announcements post a call's card to ANNOUNCE_CHAT_IDS the same way.
"""

from __future__ import annotations

import secrets

from telegram import Update
from telegram.ext import Application

from bot.callbacks import Action, Callback
from bot.calls import Call
from bot.context import FarakhanContext
from bot.outgoing import payload_of
from bot.screens import Screen
from bot.screens import admin as screens
from bot.segments import Segment, SegmentKind
from handlers.admin_routing import admin_buttons, admin_call, admin_command, admin_id
from handlers.common import notify, replace, reply, send
from storage.admin_sessions import AdminSession


def segment_of(call_id: int, key: str) -> Segment | None:
    """The segment a button names: everyone (no call), or one of a call's groups."""
    if call_id == 0:
        return Segment(SegmentKind.EVERYONE) if key == "everyone" else None
    if key not in screens.CALL_SEGMENTS:
        return None
    if key in ("drafts", "followers"):
        return Segment(SegmentKind(key), call_id)
    return Segment(SegmentKind.REGISTRANTS, call_id, key)


async def choose_segment(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Who to write to, each choice with the number of people it reaches."""
    outbox = context.services.storage.outbox
    if callback.id == 0:
        counts = {"everyone": await outbox.count(Segment(SegmentKind.EVERYONE))}
        await replace(update, context, screens.segments(context.t, None, counts))
        return
    if call := await admin_call(update, context, callback.id):
        counts = {
            key: await outbox.count(segment_of(call.id, key)) for key in screens.CALL_SEGMENTS
        }
        await replace(update, context, screens.segments(context.t, call, counts))


async def compose(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """A segment chosen: the admin writes the message next."""
    segment = segment_of(callback.id, callback.key)
    if segment is None:
        await notify(update, context, context.t("button.invalid"), alert=True)
        return
    services = context.services
    count = await services.storage.outbox.count(segment)
    session = AdminSession(
        admin_id(update), "compose", "text", {"call_id": callback.id, "segment": callback.key}
    )
    await services.storage.admin_sessions.save(session, services.clock.now())
    t = context.t
    await replace(
        update,
        context,
        screens.prompt(
            t, "admin.prompt.compose", count=count, segment=t(f"admin.segment_name.{callback.key}")
        ),
    )


async def preview(
    update: Update, context: FarakhanContext, session: AdminSession, html: str
) -> None:
    """Shows the message exactly as recipients will see it, with the exact recipient count."""
    services = context.services
    segment = segment_of(session.data["call_id"], session.data["segment"])
    assert segment is not None
    count = await services.storage.outbox.count(segment)
    draft = secrets.randbelow(10**9) + 1  # a replayed Send from an older preview won't match
    session.step = "confirm"
    session.data.update(html=html, draft=draft)
    await services.storage.admin_sessions.save(session, services.clock.now())
    t = context.t
    label = t(f"admin.segment_name.{session.data['segment']}")
    await reply(
        update,
        context,
        screens.broadcast_preview_intro(t, count, label),
        Screen(html),
        screens.broadcast_confirm(t, count, draft),
    )


async def send_broadcast(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Confirmed: one delivery per recipient in the outbox, and a live progress message."""
    services = context.services
    admin = admin_id(update)
    session = await services.storage.admin_sessions.get(admin)
    if session is None or session.flow != "compose" or session.data.get("draft") != callback.id:
        await notify(update, context, context.t("button.stale"), alert=True)
        return
    segment = segment_of(session.data["call_id"], session.data["segment"])
    assert segment is not None and update.effective_chat is not None
    await services.storage.admin_sessions.end(admin)
    payload = {"text": session.data["html"], "progress_language": context.t.lang}
    broadcast, count = await services.storage.outbox.create(
        "broadcast",
        segment,
        payload,
        services.clock.now(),
        call_id=session.data["call_id"] or None,
        created_by=admin,
        progress_chat_id=update.effective_chat.id,
    )
    await replace(update, context, Screen(context.t("admin.preview.sent", count=count)))
    progress = await send(
        context,
        update.effective_chat.id,
        screens.progress(
            context.t, broadcast, await services.storage.outbox.counts(broadcast.id), None, False
        ),
    )
    assert progress is not None
    await services.storage.outbox.set_progress_message(
        broadcast.id, update.effective_chat.id, progress
    )
    await services.admin.audit(admin, "broadcast", None, f"{segment.describe()} → {count}")
    services.outbox.wake()


async def broadcasts_command(update: Update, context: FarakhanContext) -> None:
    """/broadcasts: the latest broadcasts and how each went."""
    await reply(update, context, await _broadcasts(context))


async def broadcasts_button(update: Update, context: FarakhanContext, callback: Callback) -> None:
    await replace(update, context, await _broadcasts(context))


async def _broadcasts(context: FarakhanContext) -> Screen:
    outbox = context.services.storage.outbox
    items = [(b, await outbox.counts(b.id)) for b in await outbox.recent(10, ("broadcast",))]
    return screens.broadcasts(context.t, items)


async def _announcement(
    update: Update, context: FarakhanContext, call_id: int
) -> tuple[Call, Screen] | None:
    """The call and its channel card (None when there are no channels to announce in)."""
    call = await admin_call(update, context, call_id)
    if call is None or not context.services.settings.announce_chat_ids:
        return None
    services = context.services
    link = services.deep_link(call.slug)
    return call, screens.announcement(context.t, call, services.clock.now(), link)


async def announce(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """The card as channels will see it, then how many channels it goes to."""
    if (announcement := await _announcement(update, context, callback.id)) is None:
        return
    call, card = announcement
    chats = context.services.settings.announce_chat_ids
    await reply(
        update,
        context,
        Screen(context.t("admin.announce.preview")),
        card,
        screens.announce_confirm(context.t, call, len(chats)),
    )


async def announce_send(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Posts the card to every announcement chat, through the outbox."""
    if (announcement := await _announcement(update, context, callback.id)) is None:
        return
    call, card = announcement
    services = context.services
    chats = services.settings.announce_chat_ids
    segment = Segment(SegmentKind.CHATS, chat_ids=tuple(chats))
    _, count = await services.storage.outbox.create(
        "announcement",
        segment,
        payload_of(card),
        services.clock.now(),
        call_id=call.id,
        created_by=admin_id(update),
    )
    services.outbox.wake()
    await services.admin.audit(admin_id(update), "announce", call, str(count))
    await replace(update, context, Screen(context.t("admin.announce.sent", count=count)))


def register(app: Application) -> None:
    app.add_handler(admin_command("broadcasts", broadcasts_command))
    app.add_handler(admin_buttons({
        Action.ADMIN_SEGMENTS: choose_segment, Action.ADMIN_COMPOSE: compose,
        Action.ADMIN_SEND: send_broadcast, Action.ADMIN_BROADCASTS: broadcasts_button,
        Action.ADMIN_ANNOUNCE: announce, Action.ADMIN_ANNOUNCE_YES: announce_send,
    }))  # fmt: skip
