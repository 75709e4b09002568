"""Admins' screens of a call's registrants: the list and its filters, and how a registrant
is named (a registration's own screens are in registrant_card)."""

from __future__ import annotations

from bot.domain.calls import Call
from bot.domain.forms import Answer, Question
from bot.domain.models import Registration, RegistrationStatus
from bot.domain.registrants import (
    PAGE_SIZE,
    ChoiceFilter,
    Listing,
    RegistrantPage,
    RegistrantRow,
    choice_questions,
    name_question,
)
from bot.domain.text import cut, shorten
from bot.ui.callbacks import Action
from bot.ui.screens import Screen, button, lines_within, rows
from bot.ui.screens.answers import display_answer
from bot.ui.texts import Markup, Translator

NAME_ROOM = 60  # a name in a list's line or button (the form may allow 200 characters)
LABEL_ROOM = 40  # a question's or an option's label on a button


def status_text(t: Translator, status: RegistrationStatus | None) -> Markup:
    """A status (None: everyone who submitted) in the admin's words."""
    return t(f"registrants.status.{status or 'all'}")


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
    shown = status_text(t, status)
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
    status = status_text(t, row.status)
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
            + t("registrants.filter.status", status=status_text(t, status), count=count),
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
        filter=status_text(t, listing.status),
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
