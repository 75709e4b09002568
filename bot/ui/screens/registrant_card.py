"""Admins' screens of one registration: its card, the outcome of a decision taken on it, and
a message to its person (written, previewed, confirmed)."""

from __future__ import annotations

from bot.domain.broadcasts import DeliveryStatus
from bot.domain.calls import Call
from bot.domain.models import Registration, RegistrationStatus, User
from bot.domain.registrants import Card, Listing
from bot.ui.callbacks import Action
from bot.ui.screens import Screen, button, room_for, rows
from bot.ui.screens.form import summary
from bot.ui.screens.registrants import status_text
from bot.ui.texts import Markup, Translator
from bot.ui.texts.bidi import isolate


def _account(t: Translator, user: User) -> Markup:
    name = user.first_name or t("registrants.unnamed")
    if user.username:
        return t(
            "registrants.card.person_username", name=name, username=f"@{user.username}", id=user.id
        )
    return t("registrants.card.person", name=name, id=user.id)


def card(t: Translator, record: Card) -> Screen:
    """One registration for an admin: who, status and history, consent, code, every answer
    (shortened when they would not fit), the bot's messages to them, and what can be done."""
    call, registration = record.call, record.registration
    head = [
        t("registrants.card.title", title=t.title(call.spec.title)),
        _account(t, record.user),
        t("registrants.card.status", status=status_text(t, registration.status)),
        t("registrants.card.code", code=registration.reference_code)
        if registration.reference_code
        else t("registrants.card.no_code"),
    ]
    if registration.consent_version and registration.consented_at:
        head.append(
            t(
                "registrants.card.consent",
                version=registration.consent_version,
                at=t.date(registration.consented_at),
            )
        )
    else:
        head.append(t("registrants.card.no_consent"))
    story = [t("registrants.card.history")]
    if record.earlier:
        story.append(t("registrants.card.earlier", count=record.earlier))
    story += [
        t("registrants.history.item", at=t.date(at), moment=t(f"registrants.moment.{moment}"))
        for moment, at in record.history
    ]
    if record.message_count:
        sent = [t("registrants.card.messages", count=record.message_count)]
        for message in record.messages:
            kind = t(f"mydata.kind.{message.kind}")
            if message.status == DeliveryStatus.SENT:
                sent.append(t("registrants.message.item", at=t.date(message.at), kind=kind))
            else:
                sent.append(
                    t(
                        "registrants.message.item_status",
                        at=t.date(message.at),
                        kind=kind,
                        status=t(f"registrants.delivery.{message.status}"),
                    )
                )
    else:
        sent = [t("registrants.card.no_messages")]
    top, bottom = "\n".join(head), "\n".join([*story, "", *sent])
    heading = t("registrants.card.answers")
    answers = summary(t, call, registration, room_for(top, bottom, heading) - 1)
    text = Markup(f"{top}\n\n{bottom}\n\n{heading}\n{answers.text}")
    reg = registration.id
    decide = None
    if call.spec.moderated and registration.status == RegistrationStatus.SUBMITTED:
        decide = [
            button(t("admin.button.accept"), Action.ADMIN_DECIDE, reg, index=1),
            button(t("admin.button.reject"), Action.ADMIN_DECIDE, reg, index=0),
        ]
    keyboard = rows(
        decide,
        [button(t("registrants.button.all_answers"), Action.ADMIN_CARD_ANSWERS, reg)]
        if answers.shortened
        else None,
        [button(t("registrants.button.message"), Action.ADMIN_MESSAGE, reg)],
        [
            button(
                t("registrants.button.list"), Action.ADMIN_REGISTRANTS, call.id, Listing().encode()
            )
        ],
    )
    return Screen(text, keyboard)


def decided(t: Translator, call: Call, registration: Registration) -> Screen:
    """After Accept or Reject: what was decided, and the way back to the card."""
    key = (
        "admin.decided.accepted"
        if registration.status == RegistrationStatus.ACCEPTED
        else "admin.decided.rejected"
    )
    text = t(key, code=registration.reference_code or "", title=t.title(call.spec.title))
    return Screen(
        text, rows([button(t("registrants.button.card"), Action.ADMIN_CARD, registration.id)])
    )


def message_prompt(t: Translator, call: Call, name: str) -> Screen:
    """Asks the admin to write to one person, with a way out."""
    text = t("registrants.message.prompt", name=name, title=t.title(call.spec.title))
    return Screen(text, rows([button(t("admin.button.cancel"), Action.ADMIN_CANCEL)]))


def personal_message(t: Translator, call: Call, html: str) -> Screen:
    """What one person receives (in their language): whose message it is, then the admin's
    words as they typed them (`html`: their message's own markup), each line kept apart in
    its own direction."""
    head = t("registrants.personal.header", title=t.title(call.spec.title))
    words = "\n".join(isolate(line) for line in html.split("\n"))
    return Screen(Markup(f"{head}\n\n{words}"))


def message_preview(t: Translator, name: str) -> Screen:
    return Screen(t("registrants.message.preview", name=name))


def message_confirm(t: Translator, draft: int) -> Screen:
    keyboard = rows(
        [button(t("registrants.button.send"), Action.ADMIN_MESSAGE_SEND, draft)],
        [button(t("admin.button.cancel"), Action.ADMIN_CANCEL)],
    )
    return Screen(t("registrants.message.confirm"), keyboard)


def message_sent(t: Translator, registration: Registration, name: str) -> Screen:
    return Screen(
        t("registrants.message.sent", name=name),
        rows([button(t("registrants.button.card"), Action.ADMIN_CARD, registration.id)]),
    )
