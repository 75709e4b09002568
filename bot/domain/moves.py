"""A deadline or a meeting that moved, and whether the people it concerns were told."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.domain.calls import Call, Meeting

DEADLINE = ""  # the meeting key a move of the deadline has


class MoveDecision(StrEnum):
    TOLD = "told"
    NOT_TOLD = "not_told"
    NOBODY = "nobody"  # nobody was concerned: nothing to ask
    SUPERSEDED = "superseded"  # moved again before the admin decided


@dataclass(frozen=True)
class DateMove:
    id: int
    call_id: int
    meeting_key: str  # DEADLINE, or the key of the meeting that moved
    old_at: datetime
    new_at: datetime
    admin_id: int
    created_at: datetime
    decision: MoveDecision | None = None

    @property
    def is_deadline(self) -> bool:
        return self.meeting_key == DEADLINE

    def meeting(self, call: Call) -> Meeting | None:
        return next((m for m in call.spec.meetings if m.key == self.meeting_key), None)

    def current(self, call: Call) -> datetime | None:
        """When the moved date is now (None: the meeting is gone)."""
        if self.is_deadline:
            return call.deadline_at
        meeting = self.meeting(call)
        return meeting.starts_at if meeting else None


def moved_dates(before: Call, after: Call) -> list[tuple[str, datetime, datetime]]:
    """(DEADLINE or a meeting's key, old, new) for each date a change of the call moved.
    A meeting added or removed is not a move; meetings are matched by key."""
    moved = []
    if before.deadline_at != after.deadline_at:
        moved.append((DEADLINE, before.deadline_at, after.deadline_at))
    earlier = {meeting.key: meeting.starts_at for meeting in before.spec.meetings}
    for meeting in after.spec.meetings:
        old = earlier.get(meeting.key)
        if old is not None and old != meeting.starts_at:
            moved.append((meeting.key, old, meeting.starts_at))
    return moved
