"""Who a bulk send goes to: a segment of the bot's users, or explicit chats."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class SegmentKind(StrEnum):
    EVERYONE = "everyone"  # everyone who ever started the bot (and has not blocked it)
    REGISTRANTS = "registrants"  # a call's registrants with one status ("active": any held)
    DRAFTS = "drafts"  # volunteers with an unfinished draft for a call
    FOLLOWERS = "followers"  # users who pressed "remind me" on a call
    CHATS = "chats"  # explicit chats: announcement channels, the admins' chat


@dataclass(frozen=True)
class Segment:
    kind: SegmentKind
    call_id: int | None = None
    status: str | None = None
    chat_ids: tuple[int | str, ...] = ()

    def describe(self) -> str:
        """A stable short name, stored with the broadcast (`registrants:3:submitted`)."""
        parts = [self.kind.value]
        if self.call_id is not None:
            parts.append(str(self.call_id))
        if self.status:
            parts.append(self.status)
        if self.kind == SegmentKind.CHATS:
            parts.append(",".join(str(chat) for chat in self.chat_ids))
        return ":".join(parts)


# The groups of a call an admin can write to, in the order the segment screen lists them.
CALL_SEGMENTS = ("active", "submitted", "waitlisted", "accepted", "rejected", "withdrawn",
                 "drafts", "followers")  # fmt: skip
# Groups only an admin's decision fills: on a call that is not moderated they stay empty.
DECIDED_SEGMENTS = frozenset({"accepted", "rejected"})


def offered(key: str, *, moderated: bool, reach: int) -> bool:
    """Whether a call's group is worth offering: accepted and rejected only on a moderated
    call, or while they still hold people (moderation turned off after some decisions)."""
    return key not in DECIDED_SEGMENTS or moderated or reach > 0


def segment_of(call_id: int, key: str) -> Segment | None:
    """The segment a button names: everyone (call 0), or one of a call's groups (None: neither)."""
    if call_id == 0:
        return Segment(SegmentKind.EVERYONE) if key == "everyone" else None
    if key not in CALL_SEGMENTS:
        return None
    if key in ("drafts", "followers"):
        return Segment(SegmentKind(key), call_id)
    return Segment(SegmentKind.REGISTRANTS, call_id, key)
