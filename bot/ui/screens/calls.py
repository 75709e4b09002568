"""Screens about calls: the welcome, the list, a call's card, consent, and refusals."""

from __future__ import annotations

from datetime import datetime

from bot.domain.calls import Call, Window
from bot.domain.models import Registration, RegistrationStatus
from bot.ui.callbacks import Action
from bot.ui.screens import InlineKeyboard, Screen, button, rows
from bot.ui.texts import Markup, Translator


def call_list(t: Translator, calls: list[Call], lead: Markup) -> Screen:
    """A lead text and one button per listed call (or the no-calls line)."""
    if not calls:
        return Screen(Markup(f"{lead}\n\n{t('start.no_calls')}"))
    buttons = [[button(t.pick(call.spec.title), Action.CALL, call.id)] for call in calls]
    return Screen(Markup(f"{lead}\n\n{t('start.calls')}"), rows(*buttons))


def call_card(
    t: Translator,
    call: Call,
    registration: Registration | None,
    now: datetime,
    following: bool = False,
    *,
    full: bool = False,
) -> Screen:
    """Everything a volunteer needs to decide: what, who, for whom, until when, and whether
    a seat is left (`full`: every one is taken)."""
    spec = call.spec
    lines = [f"<b>{t.pick(spec.title)}</b>", t("call.organiser", organiser=t.pick(spec.organiser))]
    lines += ["", t("call.description", description=t.pick(spec.description))]
    if spec.invited_groups:
        lines += ["", t("call.invited")]
        lines += [t("call.invited_item", group=t.pick(group)) for group in spec.invited_groups]
    lines.append("")
    window = call.window(now)
    lines.append(_window_line(t, call, window, now))
    holds_place = registration is not None and registration.is_active
    if spec.capacity and full and window == Window.OPEN and not holds_place:
        lines.append(t("call.full", capacity=spec.capacity))  # before they answer anything
    elif spec.capacity:
        lines.append(t("call.capacity", capacity=spec.capacity))
    if registration is not None:
        lines.append(t("call.your_status", status=t(f"status.{registration.status}")))
    return Screen(
        Markup("\n".join(lines)), _card_buttons(t, call, registration, window, following)
    )


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


def consent(t: Translator, call: Call, text: str, version: str) -> Screen:
    """What will be collected, why, for how long and how to erase it; Agree / Decline."""
    text = Markup(f"{text}\n{t('consent.version', version=version)}")
    keyboard = rows(
        [button(t("button.agree"), Action.AGREE, call.id)],
        [button(t("button.decline"), Action.DECLINE, call.id)],
    )
    return Screen(Markup(f"{t('consent.title')}\n\n{text}\n\n{t('consent.question')}"), keyboard)


def closed(t: Translator, call: Call, window: Window, now: datetime) -> Screen:
    """Why this cannot be done now, with the Jalali deadline (or opening) in it."""
    title = t.pick(call.spec.title)
    if window == Window.NOT_YET:
        return Screen(t("closed.not_yet", title=title, opens=t.date(call.opens_at)))
    if now >= call.deadline_at:
        return Screen(t("closed.deadline", title=title, deadline=t.date(call.deadline_at)))
    return Screen(t("closed.status", title=title))
