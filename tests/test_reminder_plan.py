"""The reminder plan without Telegram: offsets, quiet hours, meetings, the .ics file."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from bot.domain.calls import Call, CallSpec, CallStatus, Meeting, offset_minutes
from bot.domain.ics import meeting_ics
from bot.domain.localized import pick
from bot.domain.reminders import in_quiet, outside_quiet, plan, questions_left
from tests.factories import sample_call

TEHRAN = ZoneInfo("Asia/Tehran")
QUIET = (time(23, 0), time(8, 0))


def tehran(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=TEHRAN)


def call_with(**changes) -> Call:
    spec = CallSpec.model_validate({**sample_call().model_dump(), **changes})
    return Call(1, spec, CallStatus.OPEN, spec.opens_at, spec.deadline_at)


def test_offsets_read_days_hours_and_minutes() -> None:
    assert [offset_minutes(o) for o in ("3d", "1h", "30m", "۲h")] == [4320, 60, 30, 120]
    with pytest.raises(ValueError):
        offset_minutes("soon")


def test_the_quiet_window_crosses_midnight() -> None:
    assert in_quiet(tehran(10, 23, 30), QUIET, TEHRAN)
    assert in_quiet(tehran(10, 7, 59), QUIET, TEHRAN)
    assert not in_quiet(tehran(10, 8, 0), QUIET, TEHRAN)
    assert not in_quiet(tehran(10, 22, 59), QUIET, TEHRAN)


def test_a_reminder_in_the_night_moves_to_the_morning() -> None:
    moved = outside_quiet(tehran(10, 2, 0), tehran(12, 18), QUIET, TEHRAN)
    assert moved == tehran(10, 8, 0)
    late_evening = outside_quiet(tehran(10, 23, 30), tehran(12, 18), QUIET, TEHRAN)
    assert late_evening == tehran(11, 8, 0)


def test_when_the_morning_is_too_late_it_goes_before_the_night() -> None:
    # Deadline 07:00: a 3h reminder falls at 04:00; 08:00 would be after the deadline.
    moved = outside_quiet(tehran(10, 4, 0), tehran(10, 7, 0), QUIET, TEHRAN)
    assert moved == tehran(9, 22, 55)


def test_outside_the_quiet_window_nothing_moves() -> None:
    assert outside_quiet(tehran(10, 15), tehran(12, 18), QUIET, TEHRAN) == tehran(10, 15)
    assert outside_quiet(tehran(10, 2), tehran(12, 18), None, TEHRAN) == tehran(10, 2)


def test_the_default_plan_reminds_drafts_and_followers_and_closes_at_the_deadline() -> None:
    call = call_with()
    planned = plan(call, QUIET, TEHRAN)
    deadline = call.deadline_at
    kinds = sorted((p.kind, p.audience, p.offset_minutes) for p in planned)
    assert kinds == [
        ("close", "call", 0),
        ("deadline", "drafts", 180), ("deadline", "drafts", 1440), ("deadline", "drafts", 4320),
        ("deadline", "followers", 180), ("deadline", "followers", 1440),
        ("deadline", "followers", 4320),
    ]  # fmt: skip
    due = {(p.audience, p.offset_minutes): p.due_at for p in planned}
    assert due[("drafts", 180)] == deadline - timedelta(hours=3)
    assert due[("call", 0)] == deadline


def test_meetings_get_reminders_for_registrants() -> None:
    meeting = {"title": {"fa": "جلسهٔ نخست"}, "starts_at": datetime(2027, 1, 10, 6, 30, tzinfo=UTC)}
    planned = plan(call_with(meetings=[meeting]), QUIET, TEHRAN)
    meetings = [
        (p.meeting_key, p.offset_minutes, p.due_at) for p in planned if p.kind == "meeting"
    ]
    assert meetings == [
        ("m1", 1440, datetime(2027, 1, 9, 6, 30, tzinfo=UTC)),
        ("m1", 60, datetime(2027, 1, 10, 5, 30, tzinfo=UTC)),
    ]


def test_questions_left_counts_what_the_volunteer_will_still_be_asked() -> None:
    call = call_with()
    assert questions_left(call, {}, "full_name") == 7  # the directory's question last
    assert questions_left(call, {"full_name": "x", "registering_as": "organisation"}, "x") == 7
    assert questions_left(call, {"full_name": "x"}, "review") == 0


def test_the_ics_file_parses_and_says_when_and_where() -> None:
    meeting = Meeting(
        key="m1",
        title={"fa": "جلسهٔ نخست، آشنایی", "en": "First meeting"},
        starts_at=datetime(2027, 1, 10, 6, 30, tzinfo=UTC),
        duration_minutes=90,
        place={"fa": "تهران؛ خیابان ولیعصر، ساختمان نصر"},
        link="https://meet.example.org/ug",
    )
    raw = meeting_ics(call_with(), meeting, "fa", datetime(2026, 12, 1, tzinfo=UTC), tz=TEHRAN)
    assert all(len(line.encode()) <= 75 for line in raw.decode().split("\r\n"))
    event = icalendar.Calendar.from_ical(raw).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == datetime(2027, 1, 10, 6, 30, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2027, 1, 10, 8, 0, tzinfo=UTC)
    assert str(event["SUMMARY"]).startswith("جلسهٔ نخست، آشنایی — کارگروه ویژهٔ")
    assert str(event["LOCATION"]) == "تهران؛ خیابان ولیعصر، ساختمان نصر"
    assert str(event["URL"]) == "https://meet.example.org/ug"


def test_an_admin_types_reminder_times_in_persian_or_in_the_files_form() -> None:
    from bot.domain.reminders import parse_offsets

    assert parse_offsets("۳ روز، ۱ روز، ۳ ساعت") == ["3d", "1d", "3h"]
    assert parse_offsets("3d, 1d, 3h") == ["3d", "1d", "3h"]
    assert parse_offsets("2 days; 30 minutes") == ["2d", "30m"]
    assert parse_offsets("۳ روز و ۲ ساعت") is None  # one time or two? asked again
    assert parse_offsets("سه روز") is None
    assert parse_offsets("") is None
    assert parse_offsets(", ".join(["1d"] * 11)) is None  # at most ten


def test_the_ics_file_places_the_meeting_in_the_calls_time_zone() -> None:
    meeting = Meeting(
        key="m1", title={"fa": "جلسه"}, starts_at=datetime(2027, 1, 10, 6, 30, tzinfo=UTC)
    )
    stamp = datetime(2026, 12, 1, tzinfo=UTC)
    calendar = icalendar.Calendar.from_ical(
        meeting_ics(call_with(), meeting, "fa", stamp, tz=TEHRAN)
    )
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Asia/Tehran"
    event = calendar.walk("VEVENT")[0]
    assert event["DTSTART"].params["TZID"] == "Asia/Tehran"
    starts = event.decoded("DTSTART")
    assert (starts.hour, starts.minute) == (10, 0)  # 06:30 UTC is 10:00 in Tehran
    assert starts.utcoffset() == timedelta(hours=3, minutes=30)
    assert event.decoded("DTSTAMP") == stamp


def test_the_ics_file_keeps_commas_semicolons_colons_and_newlines() -> None:
    title = "Kick-off, part 1; agenda: intros\nthen tasks, " * 3
    organiser = "Open Data, Iran; working group: UG"
    place = "Tehran; Valiasr St., Nasr building\nfloor 3"
    call = call_with(organiser={"fa": organiser})
    meeting = Meeting(
        key="m1",
        title={"en": title},
        starts_at=datetime(2027, 1, 10, 6, 30, tzinfo=UTC),
        place={"en": place},
    )
    raw = meeting_ics(call, meeting, "en", datetime(2026, 12, 1, tzinfo=UTC), tz=TEHRAN)
    assert all(len(line.encode()) <= 75 for line in raw.decode().split("\r\n"))
    event = icalendar.Calendar.from_ical(raw).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == f"{title} — {pick(call.spec.title, 'en')}"
    assert str(event["LOCATION"]) == place
    assert event["ORGANIZER"].params["CN"] == organiser
