"""Posts to channels outside the messenger (Eitaa): what a post is and how it ended."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class PostKind(StrEnum):
    ANNOUNCEMENT = "announcement"  # a call's card, pressed by an admin
    REMINDER = "reminder"  # before the deadline (`reminders: {channels: […]}`)
    CLOSING = "closing"  # the call closed: said where a pinned announcement still stands


class PostStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed: its request is (or was, before a crash) under way
    SENT = "sent"
    FAILED = "failed"
    UNKNOWN = "unknown"  # cut off mid-request by a crash: never tried again


@dataclass(frozen=True)
class NewPost:
    """A post to make: written as a row first, then sent."""

    call_id: int
    service: str
    channel: str
    kind: PostKind
    text: str
    pin: bool = False
    reminder_id: int | None = None
    requested_by: int | None = None


@dataclass(frozen=True)
class ChannelPost:
    id: int
    call_id: int
    service: str
    channel: str
    kind: PostKind
    text: str
    pin: bool
    status: PostStatus
    error: str
    attempts: int
    reminder_id: int | None
    requested_by: int | None
    created_at: datetime
    done_at: datetime | None


@dataclass(frozen=True)
class PostResult:
    """How one post's requests ended: posted, or why not (a few words, never the token)."""

    ok: bool
    error: str = ""
    attempts: int = 1
    message_id: str | None = None
