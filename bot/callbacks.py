"""Inline-button payloads: small, strictly parsed, never trusted beyond their shape.

A payload names an action and the record it acts on. Whether the presser may act on that
record, and whether it is still the step they are at, is checked by the handler each time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Action(StrEnum):
    CALL = "call"  # show a call's card
    JOIN = "join"  # ask consent for a call
    AGREE = "agree"
    DECLINE = "decline"
    CHOOSE = "opt"  # pick an option of a choice question
    TOGGLE = "tog"  # flip an option of a multi-choice question
    FINISH = "fin"  # confirm a multi-choice selection
    SKIP = "skip"
    KEEP = "keep"  # keep the current answer and move on
    BACK = "back"
    PAUSE = "pause"
    CONTINUE = "cont"
    DISCARD = "disc"
    DISCARD_YES = "discy"
    SUBMIT = "sub"
    EDIT = "edit"  # list answers to change
    EDIT_QUESTION = "editq"
    REVIEW = "rev"
    VIEW = "view"
    WITHDRAW = "wd"
    WITHDRAW_YES = "wdy"
    MY = "my"
    CALLS = "calls"
    LANGUAGE = "lang"


# What follows the action, by action: i = a record id, k = a question key, n = an index.
_SHAPES: dict[Action, str] = {
    Action.CALL: "i", Action.JOIN: "i", Action.AGREE: "i", Action.DECLINE: "i",
    Action.CHOOSE: "ikn", Action.TOGGLE: "ikn", Action.FINISH: "ik", Action.SKIP: "ik",
    Action.KEEP: "ik", Action.BACK: "ik", Action.PAUSE: "i", Action.CONTINUE: "i",
    Action.DISCARD: "i", Action.DISCARD_YES: "i", Action.SUBMIT: "i", Action.EDIT: "i",
    Action.EDIT_QUESTION: "ik", Action.REVIEW: "i", Action.VIEW: "i", Action.WITHDRAW: "i",
    Action.WITHDRAW_YES: "i", Action.MY: "", Action.CALLS: "", Action.LANGUAGE: "l",
}  # fmt: skip
_PART = {
    "i": re.compile(r"[1-9]\d{0,11}"),
    "n": re.compile(r"\d{1,2}"),
    "k": re.compile(r"[a-z][a-z0-9_]{0,23}"),
    "l": re.compile(r"fa|en"),
}


@dataclass(frozen=True)
class Callback:
    action: Action
    id: int = 0
    key: str = ""
    index: int = 0
    language: str = ""

    def encode(self) -> str:
        parts = [self.action.value]
        for kind in _SHAPES[self.action]:
            parts.append(
                {"i": str(self.id), "k": self.key, "n": str(self.index), "l": self.language}[kind]
            )
        return ":".join(parts)


def button_data(
    action: Action, id: int = 0, key: str = "", index: int = 0, language: str = ""
) -> str:
    """The payload for a button (shorthand for Callback(...).encode())."""
    return Callback(action, id, key, index, language).encode()


def parse_callback(data: str | None) -> Callback | None:
    """Reads a payload; None for anything that is not exactly one of ours."""
    if not data or len(data) > 64:
        return None
    action_text, *parts = data.split(":")
    try:
        action = Action(action_text)
    except ValueError:
        return None
    shape = _SHAPES[action]
    if len(parts) != len(shape):
        return None
    values: dict[str, object] = {}
    for kind, part in zip(shape, parts, strict=True):
        if not _PART[kind].fullmatch(part):
            return None
        name = {"i": "id", "k": "key", "n": "index", "l": "language"}[kind]
        values[name] = int(part) if kind in "in" else part
    return Callback(action, **values)  # type: ignore[arg-type]
