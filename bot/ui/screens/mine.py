"""Screens of /my: the list, one registration, and the confirm steps around it."""

from __future__ import annotations

from datetime import datetime

from bot.domain.calls import Call, Window
from bot.domain.models import Registration, RegistrationStatus
from bot.ui.callbacks import Action
from bot.ui.screens import Screen, button, room_for, rows
from bot.ui.screens.form import summary
from bot.ui.texts import Markup, Translator


def my_list(t: Translator, items: list[tuple[Registration, Call]]) -> Screen:
    """The volunteer's registrations, newest call last, each a button to its details."""
    if not items:
        return Screen(t("my.empty"))
    buttons = [
        [
            button(
                t("my.item", title=t.title(call.spec.title), status=t(f"status.{reg.status}")),
                Action.VIEW,
                reg.id,
            )
        ]
        for reg, call in items
    ]
    return Screen(t("my.title"), rows(*buttons))


def registration_view(
    t: Translator,
    call: Call,
    registration: Registration,
    now: datetime,
    position: int | None,
    reminders_on: bool = True,
) -> Screen:
    """One registration: status, code, answers, and what can still be done with it."""
    lines = [
        f"<b>{t.text(call.spec.title)}</b>",
        t("view.status", status=t(f"status.{registration.status}")),
    ]
    if registration.reference_code:
        lines.append(t("view.code", code=registration.reference_code))
    if position is not None:
        lines.append(t("view.waitlist", position=position))
    withdrawn = registration.status == RegistrationStatus.WITHDRAWN
    finished = withdrawn or registration.status == RegistrationStatus.REJECTED
    if not finished:  # a withdrawn or rejected registration is reminded of nothing
        lines.append(t("view.reminders_on" if reminders_on else "view.reminders_off"))
    reg = registration.id
    open_now = call.window(now) == Window.OPEN
    deadline = t.date(call.deadline_at)
    if registration.status == RegistrationStatus.REJECTED:
        foot = t("view.rejected")  # decided: nothing is left to edit or withdraw
    elif not open_now:
        foot = t("view.locked", deadline=deadline)
    elif withdrawn:
        foot = t("view.register_again", deadline=deadline)
    else:
        foot = t("view.editable", deadline=deadline)
    answers = summary(t, call, registration, room_for("\n".join(lines), foot))
    lines += ["", answers.text, "", foot]
    actions: list = []
    if open_now and registration.is_draft:
        actions = [
            button(t("button.continue"), Action.CONTINUE, reg),
            button(t("button.discard"), Action.DISCARD, reg),
        ]
    elif open_now and registration.is_active:
        actions = [
            button(t("button.edit"), Action.EDIT, reg),
            button(t("button.withdraw"), Action.WITHDRAW, reg),
        ]
    elif open_now and withdrawn:
        actions = [button(t("button.register_again"), Action.JOIN, call.id)]
    toggle = []
    if not finished:
        toggle = [
            button(t("button.reminders_off"), Action.REMINDERS_OFF, call.id, index=1)
            if reminders_on
            else button(t("button.reminders_on"), Action.REMINDERS_ON, call.id, index=1)
        ]
    whole = [button(t("button.full_answers"), Action.ANSWERS, reg)] if answers.shortened else None
    keyboard = rows(actions, whole, [*toggle, button(t("button.my"), Action.MY)])
    return Screen(Markup("\n".join(lines)), keyboard)


def paused(t: Translator, registration: Registration) -> Screen:
    """After Pause: the draft is kept; continue or discard."""
    if not registration.is_draft:
        return Screen(t("saved.ok"), rows([button(t("button.my"), Action.MY)]))
    keyboard = rows(
        [button(t("button.continue"), Action.CONTINUE, registration.id)],
        [button(t("button.discard"), Action.DISCARD, registration.id)],
    )
    return Screen(t("cancel.kept"), keyboard)


def discard_confirm(t: Translator, call: Call, registration: Registration) -> Screen:
    keyboard = rows(
        [
            button(t("button.discard_yes"), Action.DISCARD_YES, registration.id),
            button(t("button.no"), Action.VIEW, registration.id),
        ]
    )
    return Screen(t("discard.confirm", title=t.title(call.spec.title)), keyboard)


def withdraw_confirm(t: Translator, call: Call, registration: Registration) -> Screen:
    keyboard = rows(
        [
            button(t("button.withdraw_yes"), Action.WITHDRAW_YES, registration.id),
            button(t("button.no"), Action.VIEW, registration.id),
        ]
    )
    text = t("withdraw.confirm", title=t.title(call.spec.title), deadline=t.date(call.deadline_at))
    return Screen(text, keyboard)
