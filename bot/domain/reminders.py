"""Which reminders a call needs and when: offsets before the deadline and meetings, quiet hours.

The plan is pure: the scheduler stores it as rows and sends what is due.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo
from enum import StrEnum

from bot.domain.calls import Call, offset_minutes
from bot.domain.normalize import to_ascii_digits

# Just before the quiet window, when its end would be too late.
BEFORE_QUIET = timedelta(minutes=5)
DEADLINE_AUDIENCES = ("drafts", "followers", "everyone")
# A deadline reminder posted to the announcement channels rather than sent to people.
CHANNELS = "channels"


class ReminderKind(StrEnum):
    DEADLINE = "deadline"  # before the deadline, to those who have not finished
    MEETING = "meeting"  # before a meeting, to registrants
    CLOSE = "close"  # at the deadline: registration closes


class ReminderStatus(StrEnum):
    PLANNED = "planned"
    SENT = "sent"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class PlannedReminder:
    kind: ReminderKind
    audience: str  # drafts, followers, everyone, channels, registrants, or call (for close)
    offset_minutes: int
    meeting_key: str
    due_at: datetime


# Units an admin may type for a reminder's time, in either language.
_UNITS = {
    "d": "d", "day": "d", "days": "d", "روز": "d",
    "h": "h", "hour": "h", "hours": "h", "ساعت": "h",
    "m": "m", "min": "m", "minute": "m", "minutes": "m", "دقیقه": "m",
}  # fmt: skip
_OFFSET = re.compile(r"^(\d{1,4})\s*([^\d\s]+)$")
MAX_OFFSETS = 10


def parse_offsets(text: str) -> list[str] | None:
    """Reminder times as an admin types them (`۳ روز، ۱ روز، ۳ ساعت` or `3d, 1d, 3h`), in
    the call file's form (`3d`); None when any part can't be read or there are too many."""
    parts = re.split(r"\s*[,،;؛]\s*", to_ascii_digits(text).strip().lower())
    offsets = []
    for part in filter(None, parts):
        match = _OFFSET.match(part.strip())
        unit = _UNITS.get(match.group(2)) if match else None
        if match is None or unit is None:
            return None
        offsets.append(f"{int(match.group(1))}{unit}")
    return offsets if 0 < len(offsets) <= MAX_OFFSETS else None


def in_quiet(moment: datetime, quiet: tuple[time, time], tz: tzinfo) -> bool:
    """Whether a moment falls inside the quiet window (which may cross midnight)."""
    start, end = quiet
    local = moment.astimezone(tz).time()
    if start < end:
        return start <= local < end
    return local >= start or local < end


def outside_quiet(
    due: datetime, limit: datetime, quiet: tuple[time, time] | None, tz: tzinfo
) -> datetime:
    """Moves a due time out of the quiet window: to its end, or, when that is past `limit`
    (the deadline or the meeting), to just before the window starts."""
    if quiet is None or not in_quiet(due, quiet, tz):
        return due
    start, end = quiet
    local = due.astimezone(tz)
    window_end = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    if window_end <= local:
        window_end += timedelta(days=1)
    if window_end < limit:
        return window_end.astimezone(due.tzinfo)
    window_start = local.replace(hour=start.hour, minute=start.minute, second=0, microsecond=0)
    if window_start > local:
        window_start -= timedelta(days=1)
    return (window_start - BEFORE_QUIET).astimezone(due.tzinfo)


def plan(call: Call, quiet: tuple[time, time] | None, tz: tzinfo) -> list[PlannedReminder]:
    """Every reminder the call's plan asks for, and closing at the deadline."""
    spec = call.spec
    wanted = [a for a in DEADLINE_AUDIENCES if getattr(spec.reminders, a)]
    planned = []

    def before_deadline(offset: str) -> tuple[int, datetime]:
        minutes = offset_minutes(offset)
        due = call.deadline_at - timedelta(minutes=minutes)
        return minutes, outside_quiet(due, call.deadline_at, quiet, tz)

    for offset in spec.reminders.before_deadline:
        minutes, due = before_deadline(offset)
        planned += [
            PlannedReminder(ReminderKind.DEADLINE, audience, minutes, "", due)
            for audience in wanted
        ]
    for offset in spec.reminders.channels:
        minutes, due = before_deadline(offset)
        planned.append(PlannedReminder(ReminderKind.DEADLINE, CHANNELS, minutes, "", due))
    for meeting in spec.meetings:
        for offset in spec.reminders.before_meetings:
            minutes = offset_minutes(offset)
            due = outside_quiet(
                meeting.starts_at - timedelta(minutes=minutes), meeting.starts_at, quiet, tz
            )
            planned.append(
                PlannedReminder(ReminderKind.MEETING, "registrants", minutes, meeting.key, due)
            )
    planned.append(PlannedReminder(ReminderKind.CLOSE, "call", 0, "", call.deadline_at))
    return planned


def questions_left(call: Call, answers: dict, step: str | None) -> int:
    """How many questions a draft still has to answer (0: only the confirmation is left)."""
    if step == "review":
        return 0
    return sum(1 for q in call.form.applicable(answers) if q.key not in answers)


@dataclass(frozen=True)
class Reminder:
    id: int
    call_id: int
    kind: ReminderKind
    audience: str
    offset_minutes: int
    meeting_key: str
    due_at: datetime
    status: ReminderStatus
    broadcast_id: int | None
    note: str
    done_at: datetime | None
