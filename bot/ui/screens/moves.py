"""A moved deadline or meeting: the admin's question (tell them or not), and the news."""

from __future__ import annotations

from bot.domain.calls import Call
from bot.domain.moves import DateMove
from bot.ui.callbacks import Action
from bot.ui.screens import Screen, button, rows
from bot.ui.texts import Markup, Translator


def _dates(t: Translator, call: Call, move: DateMove) -> dict[str, object]:
    """What both texts fill in: the call, the meeting, the old and the new date."""
    meeting = move.meeting(call)
    values: dict[str, object] = {
        "title": t.title(call.spec.title),
        "old": t.date(move.old_at),
        "new": t.date(move.new_at),
    }
    if not move.is_deadline:
        values["meeting"] = t.title(meeting.title) if meeting else Markup("")
    return values


def move_question(t: Translator, call: Call, move: DateMove, count: int) -> Screen:
    """The date moved: how many it concerns, and whether to tell them."""
    key = "move.ask.deadline" if move.is_deadline else "move.ask.meeting"
    keyboard = rows(
        [button(t("move.button.tell", count=count), Action.ADMIN_DATE_MOVE, move.id, index=1)],
        [button(t("move.button.silent"), Action.ADMIN_DATE_MOVE, move.id, index=0)],
    )
    return Screen(t(key, count=count, **_dates(t, call, move)), keyboard)


def move_decided(t: Translator, told: int | None) -> Screen:
    """What became of the question: how many will hear of it, or that nobody will."""
    return Screen(t("move.not_told") if told is None else t("move.told", count=told))


def move_notice(t: Translator, call: Call, move: DateMove) -> Screen:
    """What each person concerned reads, in their language, with the call a tap away."""
    key = "move.notice.deadline" if move.is_deadline else "move.notice.meeting"
    keyboard = rows([button(t("move.button.see"), Action.CALL, call.id)])
    return Screen(t(key, **_dates(t, call, move)), keyboard)
