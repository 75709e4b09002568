"""Messages the bot sends on its own to admins and volunteers (queued in the outbox)."""

from __future__ import annotations

from bot.domain.calls import Call
from bot.domain.models import Registration, RegistrationStatus, User
from bot.ui.callbacks import Action
from bot.ui.screens import Screen, button, room_for, rows
from bot.ui.screens.form import summary
from bot.ui.texts import Markup, Translator


def _who(t: Translator, user: User) -> str:
    name = user.first_name or str(user.id)
    return f"{name} (@{user.username})" if user.username else name


def new_registration(t: Translator, call: Call, registration: Registration, user: User) -> Screen:
    text = t(
        "notice.new_registration",
        title=t.title(call.spec.title),
        who=_who(t, user),
        code=registration.reference_code or "",
        status=t(f"status.{registration.status}"),
    )
    answers = summary(t, call, registration, room_for(text))
    return Screen(Markup(f"{text}\n\n{answers.text}"))


def digest(t: Translator, call: Call, count: int, counts: dict[RegistrationStatus, int]) -> Screen:
    return Screen(
        t(
            "notice.digest",
            count=count,
            title=t.title(call.spec.title),
            submitted=counts[RegistrationStatus.SUBMITTED] + counts[RegistrationStatus.ACCEPTED],
            waitlisted=counts[RegistrationStatus.WAITLISTED],
        )
    )


def capacity_reached(t: Translator, call: Call) -> Screen:
    return Screen(
        t(
            "notice.capacity_reached",
            title=t.title(call.spec.title),
            capacity=call.spec.capacity or 0,
        )
    )


def moderation_request(
    t: Translator, call: Call, registration: Registration, user: User
) -> Screen:
    """A submission waiting for an admin: who, their answers, Accept / Reject."""
    text = t(
        "notice.moderation",
        title=t.title(call.spec.title),
        who=_who(t, user),
        code=registration.reference_code or "",
    )
    keyboard = rows(
        [
            button(t("admin.button.accept"), Action.ADMIN_DECIDE, registration.id, index=1),
            button(t("admin.button.reject"), Action.ADMIN_DECIDE, registration.id, index=0),
        ]
    )
    answers = summary(t, call, registration, room_for(text))
    return Screen(Markup(f"{text}\n\n{answers.text}"), keyboard)


def decided(t: Translator, call: Call, registration: Registration) -> Screen:
    """Tells a volunteer, in their language, what the organisers decided."""
    key = (
        "notice.accepted"
        if registration.status == RegistrationStatus.ACCEPTED
        else "notice.rejected"
    )
    return Screen(t(key, title=t.title(call.spec.title), code=registration.reference_code or ""))


def promoted(t: Translator, call: Call, registration: Registration) -> Screen:
    return Screen(
        t("promoted", title=t.title(call.spec.title), code=registration.reference_code or "")
    )
