"""Writing to many: choose a segment, compose, preview with the exact count, confirm, send.

Sending goes through the outbox; the admin watches one progress message edited live.
Announcements post a call's card to ANNOUNCE_CHAT_IDS the same way.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application

from bot.domain.admin_sessions import AdminSession, Flow
from bot.domain.calls import Call
from bot.domain.segments import segment_of
from bot.sending.outgoing import payload_of
from bot.ui.callbacks import Action, Callback
from bot.ui.screens import Screen
from bot.ui.screens import admin as screens
from handlers.admin_routing import admin_buttons, admin_call, admin_command, admin_id
from handlers.common import notify, replace, reply, send
from handlers.context import FarakhanContext


async def choose_segment(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Who to write to, each choice with the number of people it reaches."""
    broadcasts = context.services.broadcasts
    if callback.id == 0:
        counts = await broadcasts.choices(None)
        await replace(update, context, screens.segments(context.t, None, counts))
        return
    if call := await admin_call(update, context, callback.id):
        counts = await broadcasts.choices(call)
        await replace(update, context, screens.segments(context.t, call, counts))


async def compose(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """A segment chosen: the admin writes the message next."""
    services = context.services
    segment = await services.broadcasts.segment(callback.id, callback.key)
    if segment is None:  # forged, or a group this call does not offer
        await notify(update, context, context.t("button.invalid"), alert=True)
        return
    count = await services.broadcasts.reach(segment)
    await services.sessions.begin(
        admin_id(update), Flow.COMPOSE, call_id=callback.id, segment=callback.key
    )
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
    count = await services.broadcasts.reach(segment)
    draft = await services.sessions.composed(session, html)
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
    session = await services.sessions.confirmed(admin, callback.id)
    if session is None:
        await notify(update, context, context.t("button.stale"), alert=True)
        return
    assert update.effective_chat is not None
    chat_id = update.effective_chat.id
    broadcast, count = await services.broadcasts.send(
        session, language=context.t.lang, progress_chat_id=chat_id
    )
    await replace(update, context, Screen(context.t("admin.preview.sent", count=count)))
    counts = await services.broadcasts.counts(broadcast.id)
    progress = await send(
        context, chat_id, screens.progress(context.t, broadcast, counts, None, None, False)
    )
    assert progress is not None
    await services.broadcasts.watch(broadcast, chat_id, progress)


async def broadcasts_command(update: Update, context: FarakhanContext) -> None:
    """/broadcasts: the latest broadcasts and how each went."""
    await reply(update, context, await _broadcasts(context))


async def broadcasts_button(update: Update, context: FarakhanContext, callback: Callback) -> None:
    await replace(update, context, await _broadcasts(context))


async def _broadcasts(context: FarakhanContext) -> Screen:
    return screens.broadcasts(context.t, await context.services.broadcasts.recent())


async def _announcement(
    update: Update, context: FarakhanContext, call_id: int
) -> tuple[Call, Screen] | None:
    """The call and its channel card (None when there are no channels to announce in)."""
    call = await admin_call(update, context, call_id)
    services = context.services
    if call is None or not (services.settings.announce_chat_ids or services.channels.channels):
        return None
    entry = services.entry(call.slug)
    return call, screens.announcement(context.t, call, services.clock.now(), entry)


async def announce(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """The card as each kind of channel will see it, then where it goes."""
    if (announcement := await _announcement(update, context, callback.id)) is None:
        return
    call, card = announcement
    services, t = context.services, context.t
    shown = (
        [Screen(t("admin.announce.preview")), card] if services.settings.announce_chat_ids else []
    )
    if services.channels.channels:
        shown += [
            Screen(t("admin.announce.eitaa_preview")),
            Screen(services.channels.preview(t, call)),
        ]
    targets = screens.announce_confirm(
        t,
        call,
        own=len(services.settings.announce_chat_ids),
        messenger=services.profile.name,
        eitaa=services.channels.channels,
        pinned=services.settings.eitaa_pin,
    )
    await reply(update, context, *shown, targets)


async def announce_send(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Posts the card to every announcement chat through the outbox, and to the Eitaa
    channels through Eitaayar (the admin hears how that went)."""
    if (announcement := await _announcement(update, context, callback.id)) is None:
        return
    call, card = announcement
    services = context.services
    count = 0
    if chats := services.settings.announce_chat_ids:
        count = await services.broadcasts.announce(call, payload_of(card), chats, admin_id(update))
    count += await services.channels.announce(call, admin_id(update))
    await replace(update, context, Screen(context.t("admin.announce.sent", count=count)))


def register(app: Application) -> None:
    app.add_handler(admin_command("broadcasts", broadcasts_command))
    app.add_handler(admin_buttons({
        Action.ADMIN_SEGMENTS: choose_segment, Action.ADMIN_COMPOSE: compose,
        Action.ADMIN_SEND: send_broadcast, Action.ADMIN_BROADCASTS: broadcasts_button,
        Action.ADMIN_ANNOUNCE: announce, Action.ADMIN_ANNOUNCE_YES: announce_send,
    }))  # fmt: skip
