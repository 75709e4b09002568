"""/find's screens: a query refused, and a page of the registrations found."""

from __future__ import annotations

from bot.domain.registrants import name_question
from bot.domain.search import (
    MAX_LENGTH,
    MAX_PAGES,
    MIN_LENGTH,
    PAGE_SIZE,
    Found,
    QueryProblem,
    SearchPage,
)
from bot.domain.text import shorten
from bot.ui.callbacks import Action
from bot.ui.screens import InlineButton, Screen, button, lines_within, rows
from bot.ui.texts import Markup, Translator

NAME_ROOM = 60  # graphemes of a name in a line; a text answer may hold thousands
TITLE_ROOM = 80
BUTTON_ROOM = 40


def refused(t: Translator, problem: QueryProblem) -> Screen:
    """Why a query was not searched (empty, too short, too long)."""
    return Screen(t(problem.value, min=MIN_LENGTH, max=MAX_LENGTH))


def results(t: Translator, page: SearchPage) -> Screen:
    """A page of the registrations found, newest first: a button to each one's card."""
    again = [
        button(t("find.button.again"), Action.ADMIN_FIND_OPEN),
        button(t("admin.button.home"), Action.ADMIN_HOME),
    ]
    if not page.found:
        return Screen(t("find.none", query=page.query), rows(again))
    head = [t("find.results", query=page.query, count=page.total)]
    if page.pages > 1:
        head.append(t("find.page", page=page.page + 1, pages=page.pages))
    if page.total > MAX_PAGES * PAGE_SIZE:
        head.append(t("find.narrow", shown=MAX_PAGES * PAGE_SIZE))
    first = page.page * PAGE_SIZE + 1
    entries = [_line(t, page, number, found) for number, found in enumerate(page.found, first)]
    buttons = [
        [button(f"{t.number(number)}. {_name(t, page, found, BUTTON_ROOM)}", Action.ADMIN_CARD,
                found.registration_id)]
        for number, found in enumerate(page.found, first)
    ]  # fmt: skip
    paging: list[InlineButton] = []
    if page.page > 0:
        paging.append(_page_button(t, "previous", page.page - 1))
    if page.page < page.pages - 1:
        paging.append(_page_button(t, "next", page.page + 1))
    lines: list[str] = [*head]
    for entry in entries:
        lines += ["", entry]
    return Screen(Markup(lines_within(lines)), rows(*buttons, paging, again))


def _page_button(t: Translator, which: str, page: int) -> InlineButton:
    return button(t(f"find.button.{which}"), Action.ADMIN_FIND_PAGE, index=page)


def _name(t: Translator, page: SearchPage, found: Found, room: int) -> str:
    call = page.calls.get(found.call_id)
    question = name_question(call.spec) if call else None  # display_key, or the first text
    value = found.answers.get(question.key) if question else None
    return shorten(value, room) if isinstance(value, str) and value else t("find.unnamed")


def _line(t: Translator, page: SearchPage, number: int, found: Found) -> Markup:
    call = page.calls.get(found.call_id)
    return t(
        "find.line",
        number=number,
        name=_name(t, page, found, NAME_ROOM),
        status=t(f"status.{found.status}"),
        title=shorten(t.pick(call.spec.title), TITLE_ROOM) if call else "—",
    )
