"""Screens: what the bot shows at each step, as text plus keyboard, built from catalog texts.

They know the messenger's keyboard types but nothing of updates or sending, so they are
tested without a network.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NotRequired, TypedDict

from telegram import ReplyKeyboardMarkup, ReplyKeyboardRemove

from bot.domain.messenger import Entry
from bot.ui.callbacks import Action, button_data
from bot.ui.texts import Markup, Translator


class InlineButton(TypedDict):
    """An inline button as the Bot API takes it: a payload of ours, or a link."""

    text: str
    callback_data: NotRequired[str]
    url: NotRequired[str]


class InlineKeyboard(TypedDict):
    """Inline buttons in rows, as the Bot API takes them.

    Plain data rather than PTB's objects: most screens carry one, and building the objects
    only for PTB to turn them back into this was a tenth of the work of a volunteer's update
    (bench/FINDINGS.md).
    """

    inline_keyboard: list[list[InlineButton]]


Keyboard = InlineKeyboard | ReplyKeyboardMarkup | ReplyKeyboardRemove


MESSAGE_LIMIT = 4096  # UTF-16 units of a message's text, on every messenger we serve


def room_for(*parts: str) -> int:
    """What is left of a message's length for one part when `parts` (and blank lines between
    them) take the rest."""
    taken = sum(len(part.encode("utf-16-le")) // 2 + 2 for part in parts)
    return MESSAGE_LIMIT - taken


def lines_within(lines: Sequence[str], more: str = "…") -> str:
    """Lines joined into one message's text; when they would not fit, the first lines that
    do, then `more` (a list longer than a message is cut at a line, never mid-line)."""
    text = "\n".join(lines)
    if len(text.encode("utf-16-le")) // 2 <= MESSAGE_LIMIT:
        return text
    room = MESSAGE_LIMIT - len(more.encode("utf-16-le")) // 2 - 1
    kept: list[str] = []
    for line in lines:
        room -= len(line.encode("utf-16-le")) // 2 + 1
        if room < 0:
            break
        kept.append(line)
    return "\n".join([*kept, more])


@dataclass(frozen=True)
class Screen:
    text: str
    keyboard: Keyboard | None = None


def button(
    label: str, action: Action, id: int = 0, key: str = "", index: int = 0, language: str = ""
) -> InlineButton:
    """An inline button carrying one of our payloads."""
    return {"text": label, "callback_data": button_data(action, id, key, index, language)}


def link_button(label: str, url: str) -> InlineButton:
    """An inline button that opens a link."""
    return {"text": label, "url": url}


def way_in(t: Translator, entry: Entry, key: str, **params: object) -> Markup:
    """Catalog text `key` with the link into the bot; where the messenger has no link known,
    `key`_start instead, with the bot's @username and the /start command to send it."""
    if entry.link:
        return t(key, link=entry.link, **params)
    return t(f"{key}_start", bot=entry.handle, command=entry.command, **params)


def rows(*rows: list[InlineButton] | None) -> InlineKeyboard | None:
    """An inline keyboard from the non-empty rows given, or None if there are none."""
    kept = [row for row in rows if row]
    return {"inline_keyboard": kept} if kept else None


def inline_rows(keyboard: Keyboard | None) -> list[list[InlineButton]]:
    """The rows of an inline keyboard; none for a reply keyboard or no keyboard."""
    return keyboard["inline_keyboard"] if isinstance(keyboard, dict) else []


def token(name: str) -> str:
    """A place in a payload that each recipient's data fills in."""
    return f"⟦{name}⟧"
