"""A call's registrants for admins: the list with its filters, a registration's card, and a
message to one person (written, previewed, confirmed, sent through the outbox)."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import Application

from bot.domain.admin_sessions import AdminSession, Flow
from bot.domain.refusal import Refusal
from bot.domain.registrants import Listing
from bot.ui.callbacks import Action, Callback
from bot.ui.screens import Screen
from bot.ui.screens import admin as admin_screens
from bot.ui.screens import form as form_screens
from bot.ui.screens import registrant_card as card_screens
from bot.ui.screens import registrants as screens
from handlers.admin_routing import admin_buttons, admin_call, admin_id
from handlers.common import notify, replace, reply
from handlers.context import FarakhanContext


async def _invalid(update: Update, context: FarakhanContext) -> None:
    await notify(update, context, context.t("button.invalid"), alert=True)


async def registrants(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """A page of the call's registrants under a filter."""
    listing = Listing.decode(callback.key)
    call = await admin_call(update, context, callback.id)
    if call is None:
        return
    page = await context.services.registrants.page(call, listing) if listing else None
    if page is None:
        await _invalid(update, context)
        return
    await replace(update, context, screens.registrant_list(context.t, call, page))


async def filters(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """The filters: statuses and choice questions (0), or one question's options (its index
    + 1), each with its count."""
    listing = Listing.decode(callback.key)
    call = await admin_call(update, context, callback.id)
    if call is None:
        return
    service = context.services.registrants
    if listing is None:
        await _invalid(update, context)
        return
    if callback.index == 0:
        found_counts = await service.status_counts(call, listing)
        if found_counts is None:
            await _invalid(update, context)
            return
        choice, counts = found_counts
        screen = screens.filter_menu(context.t, call, listing, choice, counts)
    else:
        found = await service.option_counts(call, listing, callback.index - 1)
        if found is None:
            await _invalid(update, context)
            return
        question, options = found
        screen = screens.option_menu(
            context.t, call, listing, callback.index - 1, question, options
        )
    await replace(update, context, screen)


async def card(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """One registration's card, as a new message (the list it was opened from stays)."""
    record = await context.services.registrants.card(admin_id(update), callback.id)
    if record is None:
        await _invalid(update, context)
        return
    await reply(update, context, card_screens.card(context.t, record))


async def all_answers(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Every answer of the registration whole, in as many messages as they need."""
    found = await context.services.registrants.answers(admin_id(update), callback.id)
    if found is None:
        await _invalid(update, context)
        return
    registration, call, _ = found
    await reply(update, context, *form_screens.full_answers(context.t, call, registration))


async def write(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """✉️ pressed on a card: the admin writes the message next (in their private chat)."""
    t = context.t
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:
        await notify(update, context, t("registrants.message.in_private"), alert=True)
        return
    found = await context.services.registrants.person(callback.id)
    if found is None:
        await _invalid(update, context)
        return
    registration, call, _ = found
    await context.services.sessions.begin(
        admin_id(update), Flow.MESSAGE, registration_id=registration.id
    )
    name = screens.registrant_name(t, call, registration)
    await reply(update, context, card_screens.message_prompt(t, call, name))


async def typed_message(
    update: Update, context: FarakhanContext, session: AdminSession, text: str
) -> None:
    """The admin's message: shown back exactly as the person will get it, then confirm."""
    assert update.message is not None
    services = context.services
    t = context.t
    found = await services.registrants.person(session.data["registration_id"])
    if found is None:
        await services.sessions.end(session.admin_id)
        await reply(update, context, Screen(t("registrants.message.gone")))
        return
    registration, call, user = found
    composed = services.registrants.compose(call, user, text, update.message.text_html)
    if isinstance(composed, Refusal):
        await reply(update, context, admin_screens.prompt(t, composed.key, **composed.params))
        return
    draft = await services.sessions.composed(session, composed)
    name = screens.registrant_name(t, call, registration)
    await reply(
        update,
        context,
        card_screens.message_preview(t, name),
        Screen(composed),
        card_screens.message_confirm(t, draft),
    )


async def send_message(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Confirmed: the message goes into the outbox as one delivery."""
    services = context.services
    t = context.t
    session = await services.sessions.confirmed(admin_id(update), callback.id, Flow.MESSAGE)
    if session is None:
        await notify(update, context, t("button.stale"), alert=True)
        return
    sent = await services.registrants.send(admin_id(update), session)
    if isinstance(sent, Refusal):
        await replace(update, context, Screen(t(sent.key, **sent.params)))
        return
    registration, call, _ = sent
    name = screens.registrant_name(t, call, registration)
    await replace(update, context, card_screens.message_sent(t, registration, name))


def register(app: Application) -> None:
    app.add_handler(admin_buttons({
        Action.ADMIN_REGISTRANTS: registrants, Action.ADMIN_REGISTRANTS_FILTER: filters,
        Action.ADMIN_CARD: card, Action.ADMIN_CARD_ANSWERS: all_answers,
        Action.ADMIN_MESSAGE: write, Action.ADMIN_MESSAGE_SEND: send_message,
    }))  # fmt: skip
