"""A meeting as an iCalendar (.ics) file, so a volunteer can add it to their calendar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vCalAddress

from bot.domain.calls import Call, Meeting
from bot.domain.localized import pick


def meeting_ics(call: Call, meeting: Meeting, lang: str, now: datetime, *, tz: ZoneInfo) -> bytes:
    """One VEVENT for the meeting in the call's time zone `tz`, with that zone's VTIMEZONE.

    icalendar escapes, quotes and folds the lines as RFC 5545 asks.
    """
    starts_at = meeting.starts_at.astimezone(tz)
    ends_at = starts_at + timedelta(minutes=meeting.duration_minutes)
    event = Event()
    event.add("uid", f"{call.slug}-{meeting.key}@farakhan")
    event.add("dtstamp", now.astimezone(UTC))  # RFC 5545: DTSTAMP is in UTC
    event.add("dtstart", starts_at)
    event.add("dtend", ends_at)
    event.add("summary", f"{pick(meeting.title, lang)} — {pick(call.spec.title, lang)}")
    organiser = vCalAddress("mailto:noreply@farakhan.invalid")
    organiser.params["CN"] = pick(call.spec.organiser, lang)
    event.add("organizer", organiser)
    if meeting.place:
        event.add("location", pick(meeting.place, lang))
    if meeting.link:
        event.add("url", meeting.link)
        event.add("description", meeting.link)

    calendar = Calendar()
    calendar.add("prodid", "-//Farakhan//Participation calls//FA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # The zone's rules over the meeting's days are all a calendar needs to place it.
    zone = Timezone.from_tzinfo(
        tz, first_date=starts_at.date(), last_date=ends_at.date() + timedelta(days=1)
    )
    calendar.add_component(zone)
    calendar.add_component(event)
    return calendar.to_ical()
