"""A meeting as an iCalendar (.ics) file, so a volunteer can add it to their calendar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain.calls import Call, Meeting
from bot.domain.localized import pick


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> list[str]:
    """Splits a content line into 75-octet pieces, as RFC 5545 asks."""
    pieces, current = [], ""
    for char in line:
        if len((current + char).encode()) > 75:
            pieces.append(current)
            current = " " + char
        else:
            current += char
    return [*pieces, current]


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def meeting_ics(call: Call, meeting: Meeting, lang: str, now: datetime) -> bytes:
    """One VEVENT for the meeting: title, start and end in UTC, place or link."""
    title = f"{pick(meeting.title, lang)} — {pick(call.spec.title, lang)}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Farakhan//Participation calls//FA",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{call.slug}-{meeting.key}@farakhan",
        f"DTSTAMP:{_stamp(now)}",
        f"DTSTART:{_stamp(meeting.starts_at)}",
        f"DTEND:{_stamp(meeting.starts_at + timedelta(minutes=meeting.duration_minutes))}",
        f"SUMMARY:{_escape(title)}",
        f"ORGANIZER;CN={_escape(pick(call.spec.organiser, lang))}:mailto:noreply@farakhan.invalid",
    ]
    if meeting.place:
        lines.append(f"LOCATION:{_escape(pick(meeting.place, lang))}")
    if meeting.link:
        lines += [f"URL:{meeting.link}", f"DESCRIPTION:{_escape(meeting.link)}"]
    lines += ["END:VEVENT", "END:VCALENDAR"]
    folded = [piece for line in lines for piece in _fold(line)]
    return ("\r\n".join(folded) + "\r\n").encode("utf-8")
