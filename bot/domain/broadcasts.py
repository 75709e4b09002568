"""Broadcasts and deliveries: what the outbox sends, to whom, and how each send ended."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum, StrEnum
from typing import Any

from bot.domain.text import ELLIPSIS, grapheme_count, shorten

# A tag of Telegram's HTML; text between tags arrives entity-escaped, so it holds no `<`.
_TAG = re.compile(r"<[^>]*>")


class BroadcastKind(StrEnum):
    """Why a broadcast was made (stored in `broadcasts.kind`, shown in /mydata)."""

    BROADCAST = "broadcast"  # an admin wrote to a segment
    ANNOUNCEMENT = "announcement"  # a call's card posted to announcement chats
    REMINDER = "reminder"
    NOTICE = "notice"  # news for one volunteer (moved up, accepted, …)
    ADMIN_NOTICE = "admin_notice"
    CLOSING = "closing"  # the deadline passed: what each registrant is told
    MESSAGE = "message"  # an admin wrote to one registrant
    INVITATION = "invitation"  # a call's card sent to people in the directory


class Priority(IntEnum):
    """Who goes first when the messenger's send budget is short (lower goes first).

    A reply to someone using the bot never waits behind bulk sends; among bulk sends, news
    for one person goes before reminders, and reminders before messages to many.
    """

    REPLY = 0  # an answer to a volunteer or an admin who is using the bot now
    NOTICE = 1  # news for one person: moved up, accepted, a date moved, an admin's message
    REMINDER = 2  # before a deadline or a meeting, and the deadline's closing word
    BULK = 3  # broadcasts, announcements, directory invitations


_PRIORITIES = {
    BroadcastKind.NOTICE: Priority.NOTICE,
    BroadcastKind.ADMIN_NOTICE: Priority.NOTICE,
    BroadcastKind.MESSAGE: Priority.NOTICE,
    BroadcastKind.REMINDER: Priority.REMINDER,
    BroadcastKind.CLOSING: Priority.REMINDER,
    BroadcastKind.BROADCAST: Priority.BULK,
    BroadcastKind.ANNOUNCEMENT: Priority.BULK,
    BroadcastKind.INVITATION: Priority.BULK,
}


def priority_of(kind: str) -> Priority:
    """The place of a broadcast's deliveries in the send budget's queue."""
    return _PRIORITIES.get(BroadcastKind(kind), Priority.BULK)


class BroadcastStatus(StrEnum):
    SENDING = "sending"
    DONE = "done"


class DeliveryStatus(StrEnum):
    """A delivery's state; every state but PENDING and SENDING is final."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    BLOCKED = "blocked"
    FAILED = "failed"
    UNKNOWN = "unknown"  # interrupted while sending: never retried, it may have arrived


@dataclass(frozen=True)
class SendResult:
    """How one attempt ended: the delivery's next status, the error, and whether the
    attempt counts against the delivery's tries (a server's 429 does not)."""

    status: DeliveryStatus
    error: str | None = None
    counts: bool = True


@dataclass(frozen=True)
class Broadcast:
    id: int
    kind: str
    call_id: int | None
    segment: str
    payload: dict[str, Any]
    created_by: int | None
    created_at: datetime
    status: BroadcastStatus
    progress_chat_id: int | None
    progress_message_id: int | None
    finished_at: datetime | None


@dataclass(frozen=True)
class Delivery:
    id: int
    broadcast_id: int
    chat_id: int | str
    attempts: int
    language: str | None  # the recipient's language, when they are a user of the bot
    data: dict[str, Any] | None = None  # what this recipient's copy fills in (see outgoing)
    priority: Priority = Priority.BULK


@dataclass(frozen=True)
class DeliveryCounts:
    pending: int = 0
    sending: int = 0
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    unknown: int = 0

    @property
    def total(self) -> int:
        return self.pending + self.sending + self.sent + self.blocked + self.failed + self.unknown

    @property
    def left(self) -> int:
        return self.pending + self.sending


OPENING = 60  # graphemes of a broadcast's text that a list of broadcasts shows


def opening(text: str, limit: int = OPENING) -> str:
    """A message's first words as a list shows them: plain text on one line, at most `limit`
    graphemes with the ellipsis, cut after a whole word where one ends in the second half
    (else between graphemes). `text` is Telegram HTML, as an admin's message is kept."""
    plain = " ".join(html.unescape(_TAG.sub("", text)).split())
    if grapheme_count(plain) <= limit:
        return plain
    head = shorten(plain, limit).removesuffix(ELLIPSIS)
    words, _, _ = head.rpartition(" ")
    if grapheme_count(words) >= limit // 2:
        head = words
    return head.rstrip() + ELLIPSIS
