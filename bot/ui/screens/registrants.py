"""Admins' screens of a call's registrants: the list and its filters, a registration's card,
and a message to one person."""

from __future__ import annotations

from bot.domain.broadcasts import DeliveryStatus
from bot.domain.calls import Call
from bot.domain.forms import Answer, Question
from bot.domain.models import Registration, RegistrationStatus, User
from bot.domain.registrants import (
    PAGE_SIZE,
    ChoiceFilter,
    Listing,
    RegistrantPage,
    RegistrantRow,
    choice_questions,
    name_question,
)
from bot.domain.registrants import Card as CardRecord
from bot.domain.text import cut, shorten
from bot.ui.callbacks import Action
from bot.ui.screens import Screen, button, lines_within, room_for, rows
from bot.ui.screens.answers import display_answer
from bot.ui.screens.form import summary
from bot.ui.texts import Markup, Translator
from bot.ui.texts.bidi import isolate

NAME_ROOM = 60  # a name in a list's line or button (the form may allow 200 characters)
LABEL_ROOM = 40  # a question's or an option's label on a button


def _status_key(status: RegistrationStatus | None) -> str:
    return f"registrants.status.{status or 'all'}"


def person_name(t: Translator, call: Call, name: Answer | None, code: str | None) -> str:
    """How a registrant is named to admins: their answer to the naming question, else their
    reference code (plain text: escape before use)."""
    question = name_question(call.spec)
    if question is not None and name not in (None, "", []):
        return shorten(display_answer(t, question, name), NAME_ROOM)
    return code or t("registrants.unnamed")


def registrant_name(t: Translator, call: Call, registration: Registration) -> str:
    """A registration's person as admins see them named (plain text)."""
    question = name_question(call.spec)
    answer = registration.answers.get(question.key) if question else None
    return person_name(t, call, answer, registration.reference_code)


def _showing(t: Translator, status: RegistrationStatus | None, choice: ChoiceFilter | None):
    """The filter in words: the status, and the answer when there is one."""
    shown = t(_status_key(status))
    if choice is None:
        return shown
    answer = t(
        "registrants.answer_filter",
        question=t.label(cut(t.pick(choice.question.label), 200)),
        option=cut(t.pick(choice.option.label), 200),
    )
    return t("registrants.filters", status=shown, answer=answer)


def _line(t: Translator, call: Call, number: int, row: RegistrantRow) -> Markup:
    name = person_name(t, call, row.name, row.reference_code)
    status = t(_status_key(row.status))
    if row.submitted_at is None:
        return t(
            "registrants.line_started",
            number=number,
            name=name,
            status=status,
            date=t.date(row.created_at),
        )
    return t(
        "registrants.line", number=number, name=name, status=status, date=t.date(row.submitted_at)
    )


def registrant_list(t: Translator, call: Call, page: RegistrantPage) -> Screen:
    """A page of registrants, newest first: a line each, a button each to their card, the
    count under the current filter, the pages, and the filters."""
    listing = page.listing
    first = listing.page * PAGE_SIZE + 1
    lines = [
        t("registrants.title", title=t.title(call.spec.title)),
        t("registrants.showing", filter=_showing(t, listing.status, page.choice)),
        t("registrants.count", count=page.count, page=listing.page + 1, pages=page.pages),
        "",
    ]
    lines += [_line(t, call, first + i, row) for i, row in enumerate(page.rows)]
    if not page.rows:
        lines.append(t("registrants.empty"))
    people = [
        [
            button(
                f"{t.number(first + i)}. {person_name(t, call, row.name, row.reference_code)}",
                Action.ADMIN_CARD,
                row.id,
            )
        ]
        for i, row in enumerate(page.rows)
    ]
    turn = []
    if listing.page > 0:
        turn.append(
            button(
                t("registrants.button.previous"),
                Action.ADMIN_REGISTRANTS,
                call.id,
                listing.at(listing.page - 1).encode(),
            )
        )
    if listing.page + 1 < page.pages:
        turn.append(
            button(
                t("registrants.button.next"),
                Action.ADMIN_REGISTRANTS,
                call.id,
                listing.at(listing.page + 1).encode(),
            )
        )
    filters = [
        button(
            t("registrants.button.filter"),
            Action.ADMIN_REGISTRANTS_FILTER,
            call.id,
            listing.encode(),
            0,
        )
    ]
    if listing.filtered:
        filters.append(
            button(
                t("registrants.button.clear"),
                Action.ADMIN_REGISTRANTS,
                call.id,
                Listing().encode(),
            )
        )
    keyboard = rows(
        *people, turn, filters, [button(t("admin.button.back"), Action.ADMIN_CALL, call.id)]
    )
    return Screen(Markup(lines_within(lines)), keyboard)


def filter_menu(
    t: Translator,
    call: Call,
    listing: Listing,
    choice: ChoiceFilter | None,
    counts: dict[RegistrationStatus | None, int],
) -> Screen:
    """The status filters with their counts (under the current answer filter), and the choice
    questions to filter by an answer."""
    text = t(
        "registrants.filter.title",
        title=t.title(call.spec.title),
        filter=_showing(t, listing.status, choice),
    )
    statuses = [
        button(
            ("✔️ " if status == listing.status else "")
            + t("registrants.filter.status", status=t(_status_key(status)), count=count),
            Action.ADMIN_REGISTRANTS,
            call.id,
            listing.with_status(status).encode(),
        )
        for status, count in counts.items()
    ]
    questions = [
        [
            button(
                ("✔️ " if index == listing.question else "🏷 ")
                + shorten(t.pick(question.label), LABEL_ROOM),
                Action.ADMIN_REGISTRANTS_FILTER,
                call.id,
                listing.encode(),
                index + 1,
            )
        ]
        for index, question in choice_questions(call.spec)
    ]
    clear = (
        [
            button(
                t("registrants.filter.any_answer"),
                Action.ADMIN_REGISTRANTS,
                call.id,
                listing.with_choice(None, None).encode(),
            )
        ]
        if choice is not None
        else None
    )
    back = [
        button(
            t("registrants.button.back_to_list"),
            Action.ADMIN_REGISTRANTS,
            call.id,
            listing.encode(),
        )
    ]
    pairs = [statuses[i : i + 2] for i in range(0, len(statuses), 2)]
    return Screen(text, rows(*pairs, *questions, clear, back))


def option_menu(
    t: Translator,
    call: Call,
    listing: Listing,
    question_index: int,
    question: Question,
    counts: dict[str, int],
) -> Screen:
    """The options of one choice question, each with how many chose it (under the current
    status filter): pressing one lists those who did."""
    text = t(
        "registrants.filter.options",
        question=cut(t.pick(question.label), 200),
        filter=t(_status_key(listing.status)),
    )
    chosen = (listing.question, listing.option)
    options = [
        [
            button(
                ("✔️ " if (question_index, i) == chosen else "")
                + shorten(t.pick(option.label), LABEL_ROOM)
                + f" ({t.number(counts.get(option.value, 0))})",
                Action.ADMIN_REGISTRANTS,
                call.id,
                listing.with_choice(question_index, i).encode(),
            )
        ]
        for i, option in enumerate(question.options)
    ]
    back = [
        button(
            t("admin.button.back"), Action.ADMIN_REGISTRANTS_FILTER, call.id, listing.encode(), 0
        )
    ]
    return Screen(text, rows(*options, back))


def _account(t: Translator, user: User) -> Markup:
    name = user.first_name or t("registrants.unnamed")
    if user.username:
        return t(
            "registrants.card.person_username", name=name, username=f"@{user.username}", id=user.id
        )
    return t("registrants.card.person", name=name, id=user.id)


def card(t: Translator, record: CardRecord) -> Screen:
    """One registration for an admin: who, status and history, consent, code, every answer
    (shortened when they would not fit), the bot's messages to them, and what can be done."""
    call, registration = record.call, record.registration
    head = [
        t("registrants.card.title", title=t.title(call.spec.title)),
        _account(t, record.user),
        t("registrants.card.status", status=t(_status_key(registration.status))),
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
