"""What several handlers share: sending and replacing screens, showing a journey step."""

from __future__ import annotations

import asyncio
import logging

from telegram import CallbackQuery, LinkPreviewOptions, Update
from telegram.error import BadRequest, NetworkError

from bot.domain.calls import Call
from bot.domain.models import Registration
from bot.domain.steps import (
    Ask,
    Closed,
    Review,
    Saved,
    Stale,
    Step,
    Submitted,
    TooManyDrafts,
)
from bot.services.journey import MAX_DRAFTS
from bot.ui.screens import Screen
from bot.ui.screens import calls as call_screens
from bot.ui.screens import form as form_screens
from bot.ui.screens import mine as mine_screens
from handlers.context import FarakhanContext

logger = logging.getLogger(__name__)

RETRY_PAUSES = (0.5, 1.5, 3.0)  # seconds before the 2nd, 3rd and 4th try of a reply
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


async def send(context: FarakhanContext, chat_id: int, *screens: Screen) -> int | None:
    """Sends each screen as a new message; returns the id of the last one sent."""
    message_id = None
    profile = context.services.profile
    for screen in screens:
        text, parse_mode = profile.render(screen.text)
        for attempt in range(len(RETRY_PAUSES) + 1):
            try:
                sent = await context.bot.call_unparsed(
                    "sendMessage",
                    chat_id=chat_id,
                    text=text,
                    parse_mode=parse_mode,
                    reply_markup=screen.keyboard,
                    link_preview_options=NO_PREVIEW,
                )
                message_id = sent["message_id"]
                break
            except BadRequest:
                raise  # the message itself is wrong: sending it again won't help
            except NetworkError as error:  # a hiccup (timeout, 5xx): the reply is worth a retry
                if attempt == len(RETRY_PAUSES):
                    raise
                pause = RETRY_PAUSES[attempt]
                logger.info("Reply to %s failed (%s); retrying in %ss", chat_id, error, pause)
                await asyncio.sleep(pause)
    return message_id


async def reply(update: Update, context: FarakhanContext, *screens: Screen) -> int | None:
    """Sends screens to the chat the update came from."""
    assert update.effective_chat is not None
    return await send(context, update.effective_chat.id, *screens)


async def replace(update: Update, context: FarakhanContext, screen: Screen) -> None:
    """Shows a screen in place of the pressed button's message (or below it, if it can't)."""
    query = update.callback_query
    keyboard = screen.keyboard
    profile = context.services.profile
    # Bale does not edit messages with inline keyboards dependably: a new message there.
    editable = profile.reliable_edits and isinstance(keyboard, dict | None)  # inline or none
    if query and query.message and editable:
        text, parse_mode = profile.render(screen.text)
        try:
            await context.bot.call_unparsed(
                "editMessageText",
                **_pressed(query),
                text=text,
                parse_mode=parse_mode,
                reply_markup=keyboard,
                link_preview_options=NO_PREVIEW,
            )
            return
        except BadRequest as error:
            if "not modified" in str(error).lower():
                return
            logger.info("Could not edit message, sending a new one: %s", error)
    await reply(update, context, screen)


def _pressed(query: CallbackQuery) -> dict[str, int]:
    """Where the pressed button's message is, as the edit methods take it."""
    assert query.message is not None
    return {"chat_id": query.message.chat.id, "message_id": query.message.message_id}


async def settle(update: Update, context: FarakhanContext, screen: Screen | None = None) -> None:
    """Takes the buttons off the pressed message (optionally showing a final text).

    Where edits are not dependable (Bale) the old buttons stay; pressing one later gets a
    polite "that button is from an earlier step", since every press is checked anyway.
    """
    query = update.callback_query
    profile = context.services.profile
    if query is None or query.message is None or not profile.reliable_edits:
        return
    try:
        if screen is None:
            await context.bot.call_unparsed("editMessageReplyMarkup", **_pressed(query))
        else:
            text, parse_mode = profile.render(screen.text)
            await context.bot.call_unparsed(
                "editMessageText", **_pressed(query), text=text, parse_mode=parse_mode
            )
    except BadRequest as error:
        logger.debug("Could not settle the pressed message: %s", error)


async def show_step(update: Update, context: FarakhanContext, call: Call, step: Step) -> None:
    """Renders where a journey step left the volunteer."""
    t = context.t
    now = context.services.clock.now()
    if isinstance(step, Stale):
        await notify(update, context, t("button.stale"))
        step = await context.services.journey.resume(step.registration, call)
        if isinstance(step, Stale):  # nothing to resume: show the record instead
            await show_registration(update, context, call, step.registration)
            return
    if isinstance(step, Ask):
        await reply(
            update,
            context,
            *asked(context, call, step),
        )
    elif isinstance(step, Review):
        await reply(update, context, form_screens.review(t, call, step.registration))
    elif isinstance(step, Saved):
        await reply(update, context, Screen(t("saved.ok")))
        await show_registration(update, context, call, step.registration, edit=False)
    elif isinstance(step, Submitted):
        screen = form_screens.submitted(t, call, step.registration, step.waitlist_position)
        await reply(update, context, screen)
    elif isinstance(step, Closed):
        await reply(update, context, call_screens.closed(t, call, step.window, now))
    elif isinstance(step, TooManyDrafts):
        await reply(update, context, Screen(t("drafts.too_many", max=MAX_DRAFTS)))


def asked(context: FarakhanContext, call: Call, step: Ask, *, error: bool = True) -> list[Screen]:
    """The question a step asks (with its error, unless `error` is False), as this messenger
    can show it: a contact button only where it has one."""
    return form_screens.question(
        context.t,
        call,
        step.registration,
        step.question,
        step.error if error else None,
        contact_button=context.services.profile.contact_button,
    )


async def show_registration(
    update: Update,
    context: FarakhanContext,
    call: Call,
    registration: Registration,
    *,
    edit: bool = True,
) -> None:
    """The registration's details and what can still be done with it."""
    services = context.services
    position = await services.journey.waitlist_position(registration)
    reminded = await services.calls.wants_reminders(call.id, registration.user_id)
    screen = mine_screens.registration_view(
        context.t, call, registration, services.clock.now(), position, reminded
    )
    if edit and update.callback_query:
        await replace(update, context, screen)
    else:
        await reply(update, context, screen)


async def notify(
    update: Update, context: FarakhanContext, text: str | None = None, *, alert: bool = False
) -> None:
    """Answers the pressed button once, optionally with a short notice (toast or alert)."""
    if update.callback_query is None or context.query_answered:
        return
    context.query_answered = True
    plain = context.services.profile.plain(text) if text else None
    try:
        await update.callback_query.answer(plain, show_alert=alert)
    except BadRequest as error:
        logger.debug("Could not answer the callback query: %s", error)


async def own_registration(
    update: Update, context: FarakhanContext, registration_id: int
) -> tuple[Registration, Call] | None:
    """The presser's own registration and its call; a refusal (and None) for anyone else's."""
    volunteer = context.volunteer
    owned = None
    if volunteer is not None:
        owned = await context.services.registrations.own(registration_id, volunteer.id)
    if owned is None:
        await notify(update, context, context.t("button.invalid"), alert=True)
        return None
    return owned
