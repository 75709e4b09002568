"""Inline-button payloads: small, strictly parsed, never trusted beyond their shape.

A payload names an action and the record it acts on. Whether the presser may act on that
record, and whether it is still the step they are at, is checked by the handler each time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache


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
    VIEW_BELOW = "viewb"  # the same, as a new message: under one worth keeping (the thanks)
    WITHDRAW = "wd"
    WITHDRAW_YES = "wdy"
    MY = "my"
    CALLS = "calls"
    LANGUAGE = "lang"
    FOLLOW = "fol"  # remind me about a call
    UNFOLLOW = "unf"
    REMINDERS_OFF = "roff"  # stop reminders for a call
    REMINDERS_ON = "ron"
    FORGET_YES = "fgy"  # erase everything about me
    ANSWERS = "ans"  # a registration's answers, whole, when a summary had to cut them
    CALL_TEXT = "ctx"  # a call's whole description, when its card had to cut it
    # Admins' buttons: each is checked against ADMIN_IDS when pressed.
    ADMIN_HOME = "ah"
    ADMIN_CALL = "ac"  # a call's panel
    ADMIN_STATUS = "as"  # ask to open (0), close (1) or archive (2) a call
    ADMIN_STATUS_YES = "asy"
    ADMIN_DEADLINE = "adl"
    ADMIN_EDIT = "aed"  # the list of fields to edit
    ADMIN_EDIT_FIELD = "aef"
    ADMIN_MODERATION = "amo"  # moderation on/off
    ADMIN_EXPORT = "aex"  # CSV (0) or XLSX (1)
    ADMIN_STATS = "ast"
    ADMIN_ANNOUNCE = "aan"
    ADMIN_ANNOUNCE_YES = "aay"
    ADMIN_SEGMENTS = "asg"  # who to write to (0: every user of the bot)
    ADMIN_COMPOSE = "acm"  # write to segment n of a call (or of everyone)
    ADMIN_SEND = "asd"  # send the composed broadcast (id: the draft's number)
    ADMIN_NEW = "anw"  # the new-call wizard
    ADMIN_TEMPLATE = "atp"
    ADMIN_PUBLISH = "apb"  # create the call as draft (0) or open (1)
    ADMIN_SKIP = "ask"  # skip an optional wizard step
    ADMIN_CANCEL = "axx"  # leave whatever the admin was typing for
    ADMIN_PENDING = "apd"  # registrations waiting for moderation
    ADMIN_REVIEW = "arv"  # one registration, with Accept / Reject
    ADMIN_DECIDE = "adc"  # reject (0) or accept (1)
    ADMIN_BROADCASTS = "abl"
    ADMIN_AUDIT = "aau"
    ADMIN_REMINDERS = "arm"  # a call's planned and sent reminders
    ADMIN_REMINDER_OFFSETS = "aro"  # type new offsets before the deadline
    ADMIN_REMINDER_AUDIENCE = "ara"  # turn one audience on or off
    ADMIN_FIND_PAGE = "fd"  # a page of /find's results (the query is kept for the admin)
    ADMIN_FIND_OPEN = "fo"  # ask what to look for
    ADMIN_DATE_MOVE = "dm"  # a moved date: tell the people it concerns (1) or not (0)
    ADMIN_REGISTRANTS = "rg"  # a call's registrants (k: the listing, bot.domain.registrants)
    ADMIN_REGISTRANTS_FILTER = "rf"  # the filters (n: 0, or a choice question's index + 1)
    ADMIN_CARD = "rc"  # one registration's card, by registration id
    ADMIN_CARD_ANSWERS = "rx"  # the card's answers, whole
    ADMIN_MESSAGE = "rm"  # write to the registration's person
    ADMIN_MESSAGE_SEND = "rs"  # send the message written (id: the draft's number)
    # The directory of experts (n: an option to tick, 1-based; 0 shows, 98 previews, 99 clears).
    ADMIN_DIRECTORY = "dy"  # /directory: counts and filters
    ADMIN_DIRECTORY_LIST = "dl"  # a page of the people the filters select (z: from 0)
    ADMIN_DIRECTORY_ENTRY = "de"  # one person (i: their user id)
    ADMIN_DIRECTORY_EXPORT = "dx"  # CSV (0) or XLSX (1)
    ADMIN_INVITE = "di"  # invite from the directory to call i: filters, preview
    ADMIN_INVITE_SEND = "dk"  # send the previewed invitation (i: its draft number)
    DIRECTORY_LEAVE = "dq"  # a volunteer asks to leave the directory
    DIRECTORY_LEAVE_YES = "dw"
    DIRECTORY_STAY = "ds"  # stay in it, from the warning before erasure
    ADMIN_DIRECTORY_FIND = "dt"  # ask what to look for in the directory (pages: dl)


# What follows the action: i = a record id (z: or 0), k = a key, n = an index, l = a language.
_SHAPES: dict[Action, str] = {
    Action.CALL: "i", Action.JOIN: "i", Action.AGREE: "i", Action.DECLINE: "i",
    Action.CHOOSE: "ikn", Action.TOGGLE: "ikn", Action.FINISH: "ik", Action.SKIP: "ik",
    Action.KEEP: "ik", Action.BACK: "ik", Action.PAUSE: "i", Action.CONTINUE: "i",
    Action.DISCARD: "i", Action.DISCARD_YES: "i", Action.SUBMIT: "i", Action.EDIT: "i",
    Action.EDIT_QUESTION: "ik", Action.REVIEW: "i", Action.VIEW: "i", Action.VIEW_BELOW: "i",
    Action.WITHDRAW: "i", Action.WITHDRAW_YES: "i", Action.MY: "", Action.CALLS: "",
    Action.LANGUAGE: "l",
    Action.FOLLOW: "i", Action.UNFOLLOW: "i",
    Action.REMINDERS_OFF: "in", Action.REMINDERS_ON: "in",  # n: 1 when pressed in /my
    Action.FORGET_YES: "", Action.ANSWERS: "i", Action.CALL_TEXT: "i",
    Action.ADMIN_HOME: "", Action.ADMIN_CALL: "i", Action.ADMIN_STATUS: "in",
    Action.ADMIN_STATUS_YES: "in", Action.ADMIN_DEADLINE: "i", Action.ADMIN_EDIT: "i",
    Action.ADMIN_EDIT_FIELD: "ik", Action.ADMIN_MODERATION: "i", Action.ADMIN_EXPORT: "in",
    Action.ADMIN_STATS: "i", Action.ADMIN_ANNOUNCE: "i", Action.ADMIN_ANNOUNCE_YES: "i",
    Action.ADMIN_SEGMENTS: "z", Action.ADMIN_COMPOSE: "zk", Action.ADMIN_SEND: "i",
    Action.ADMIN_NEW: "", Action.ADMIN_TEMPLATE: "n", Action.ADMIN_PUBLISH: "n",
    Action.ADMIN_SKIP: "", Action.ADMIN_CANCEL: "", Action.ADMIN_PENDING: "i",
    Action.ADMIN_REVIEW: "i", Action.ADMIN_DECIDE: "in", Action.ADMIN_BROADCASTS: "",
    Action.ADMIN_AUDIT: "", Action.ADMIN_REMINDERS: "i", Action.ADMIN_REMINDER_OFFSETS: "i",
    Action.ADMIN_REMINDER_AUDIENCE: "ik", Action.ADMIN_DATE_MOVE: "in",
    Action.ADMIN_FIND_PAGE: "n", Action.ADMIN_FIND_OPEN: "",
    Action.ADMIN_REGISTRANTS: "ik", Action.ADMIN_REGISTRANTS_FILTER: "ikn",
    Action.ADMIN_CARD: "i", Action.ADMIN_CARD_ANSWERS: "i", Action.ADMIN_MESSAGE: "i",
    Action.ADMIN_MESSAGE_SEND: "i",
    Action.ADMIN_DIRECTORY: "kn", Action.ADMIN_DIRECTORY_LIST: "z",
    Action.ADMIN_DIRECTORY_ENTRY: "i", Action.ADMIN_DIRECTORY_EXPORT: "n",
    Action.ADMIN_INVITE: "ikn", Action.ADMIN_INVITE_SEND: "i",
    Action.DIRECTORY_LEAVE: "", Action.DIRECTORY_LEAVE_YES: "", Action.DIRECTORY_STAY: "",
    Action.ADMIN_DIRECTORY_FIND: "",
}  # fmt: skip
_PART = {
    "i": re.compile(r"[1-9]\d{0,11}"),
    "z": re.compile(r"0|[1-9]\d{0,11}"),  # an id, or 0 for "none"
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
                {
                    "i": str(self.id),
                    "z": str(self.id),
                    "k": self.key,
                    "n": str(self.index),
                    "l": self.language,
                }[kind]
            )
        return ":".join(parts)


ADMIN_ACTIONS = frozenset(action for action in Action if action.name.startswith("ADMIN_"))


def button_data(
    action: Action, id: int = 0, key: str = "", index: int = 0, language: str = ""
) -> str:
    """The payload for a button (shorthand for Callback(...).encode())."""
    return Callback(action, id, key, index, language).encode()


@lru_cache(maxsize=4096)  # each press is checked by every button handler: read it once
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
        name = {"i": "id", "z": "id", "k": "key", "n": "index", "l": "language"}[kind]
        values[name] = int(part) if kind in "izn" else part
    # Each value was read as the int or str its field wants (the shape says which).
    return Callback(action, **values)  # type: ignore[arg-type]  # mixed-type dict, by shape
