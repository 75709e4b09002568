"""Screens about calls: the welcome, the list, a call's card, consent, and refusals."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.domain.calls import Call, Window
from bot.domain.models import Registration, RegistrationStatus
from bot.domain.text import cut, pieces, utf16_length
from bot.ui.callbacks import Action
from bot.ui.screens import (
    MESSAGE_LIMIT,
    InlineKeyboard,
    Screen,
    button,
    inline_rows,
    room_for,
    rows,
)
from bot.ui.screens.form import long_text
from bot.ui.texts import Markup, Translator

GROUP_ROOM = 100  # an invited group's name on a card (a call file allows 4,000 characters)
ISOLATES = 2  # the marks that keep an inserted text's direction apart


def call_list(t: Translator, calls: list[Call], lead: Markup) -> Screen:
    """A lead text and one button per listed call (or the no-calls line)."""
    if not calls:
        return Screen(Markup(f"{lead}\n\n{t('start.no_calls')}"))
    buttons = [[button(t.title(call.spec.title), Action.CALL, call.id)] for call in calls]
    return Screen(Markup(f"{lead}\n\n{t('start.calls')}"), rows(*buttons))


def call_card(
    t: Translator,
    call: Call,
    registration: Registration | None,
    now: datetime,
    following: bool = False,
    *,
    full: bool = False,
    after: Sequence[str] = (),
) -> Screen:
    """Everything a volunteer needs to decide: what, who, for whom, until when, and whether
    a seat is left (`full`: every one is taken; `after`: lines the card ends with, which
    the description gives way to)."""
    card, cut_short = _card_text(t, call, registration, now, full, after)
    keyboard = _card_buttons(t, call, registration, call.window(now), following)
    if cut_short:  # the description had to be shortened: offer it whole
        whole = [button(t("button.call_text"), Action.CALL_TEXT, call.id)]
        keyboard = {"inline_keyboard": [whole, *inline_rows(keyboard)]}
    return Screen(card, keyboard)


def _card_text(
    t: Translator,
    call: Call,
    registration: Registration | None,
    now: datetime,
    full: bool,
    after: Sequence[str] = (),
) -> tuple[Markup, bool]:
    """The card's text, its description shortened to what the message has room for."""
    spec = call.spec
    head = [f"<b>{t.text(spec.title)}</b>", t("call.organiser", organiser=t.title(spec.organiser))]
    tail: list[str] = []
    if spec.invited_groups:
        tail += ["", t("call.invited")]
        tail += [
            t("call.invited_item", group=cut(t.pick(group), GROUP_ROOM))
            for group in spec.invited_groups
        ]
    tail.append("")
    window = call.window(now)
    tail.append(_window_line(t, call, window, now))
    holds_place = registration is not None and registration.is_active
    if spec.capacity and full and window == Window.OPEN and not holds_place:
        tail.append(t("call.full", capacity=spec.capacity))  # before they answer anything
    elif spec.capacity:
        tail.append(t("call.capacity", capacity=spec.capacity))
    if registration is not None:
        tail.append(t("call.your_status", status=t(f"status.{registration.status}")))
    if after:
        tail += ["", *after]
    description = t.pick(spec.description)
    room = room_for("\n".join(head), "\n".join(tail), t("call.description", description=""))
    shown = cut(description, max(room - ISOLATES, 0))
    body = t("call.description", description=shown)
    return Markup("\n".join([*head, "", body, *tail])), shown != description


def full_description(t: Translator, call: Call) -> list[Screen]:
    """A call's whole description, in as many messages as it needs."""
    return long_text(t, t.pick(call.spec.description))


def _window_line(t: Translator, call: Call, window: Window, now: datetime) -> Markup:
    if window == Window.OPEN:
        left = t.duration(call.deadline_at - now)
        return t("call.deadline_open", deadline=t.date(call.deadline_at), left=left)
    if window == Window.NOT_YET:
        return t("call.opens_later", opens=t.date(call.opens_at))
    if now >= call.deadline_at:
        return t("call.deadline_passed", deadline=t.date(call.deadline_at))
    return t("call.closed")


def _card_buttons(
    t: Translator, call: Call, registration: Registration | None, window: Window, following: bool
) -> InlineKeyboard | None:
    mine = None
    remind = None
    if window != Window.CLOSED and (
        registration is None
        or registration.is_draft
        or registration.status == RegistrationStatus.WITHDRAWN
    ):
        # Someone not registered (yet) may ask to be reminded before the deadline.
        remind = [
            button(t("button.unfollow"), Action.UNFOLLOW, call.id)
            if following
            else button(t("button.follow"), Action.FOLLOW, call.id)
        ]
    if registration is not None and registration.status != RegistrationStatus.WITHDRAWN:
        if registration.is_draft and window == Window.OPEN:
            mine = [button(t("button.continue"), Action.CONTINUE, registration.id)]
        elif not registration.is_draft:
            mine = [button(t("button.view_mine"), Action.VIEW, registration.id)]
    elif window == Window.OPEN:
        label = "button.register_again" if registration is not None else "button.register"
        mine = [button(t(label), Action.JOIN, call.id)]
    return rows(mine, remind, [button(t("button.calls"), Action.CALLS)])


def consent(t: Translator, call: Call, text: str, version: str) -> list[Screen]:
    """What will be collected, why, for how long and how to erase it; Agree / Decline.

    Consent is never shortened: a text longer than a message comes in several, the last
    one with the buttons.
    """
    keyboard = rows(
        [button(t("button.agree"), Action.AGREE, call.id)],
        [button(t("button.decline"), Action.DECLINE, call.id)],
    )
    whole = Markup(
        f"{t('consent.title')}\n\n{text}\n{t('consent.version', version=version)}"
        f"\n\n{t('consent.question')}"
    )
    if utf16_length(whole) <= MESSAGE_LIMIT:
        return [Screen(whole, keyboard)]
    body = Markup(f"{t('consent.title')}\n\n{text}")
    question = Markup(f"{t('consent.version', version=version)}\n\n{t('consent.question')}")
    return [Screen(Markup(piece)) for piece in pieces(body, MESSAGE_LIMIT)] + [
        Screen(question, keyboard)
    ]


def closed(t: Translator, call: Call, window: Window, now: datetime) -> Screen:
    """Why this cannot be done now, with the Jalali deadline (or opening) in it."""
    title = t.title(call.spec.title)
    if window == Window.NOT_YET:
        return Screen(t("closed.not_yet", title=title, opens=t.date(call.opens_at)))
    if now >= call.deadline_at:
        return Screen(t("closed.deadline", title=title, deadline=t.date(call.deadline_at)))
    return Screen(t("closed.status", title=title))
