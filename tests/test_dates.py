"""Jalali and ISO dates: what admins type, what volunteers read."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.dates import (
    DateParseError,
    format_datetime,
    format_duration,
    format_jalali_iso,
    parse_datetime,
)

TEHRAN = ZoneInfo("Asia/Tehran")


def test_the_seed_deadline_in_jalali_is_read_in_tehran_time() -> None:
    # 1400/05/18 18:00 in Tehran (UTC+4:30 that summer, before DST ended) is 13:30 UTC.
    assert parse_datetime("1400/05/18 18:00", TEHRAN) == datetime(2021, 8, 9, 13, 30, tzinfo=UTC)


def test_persian_digits_and_a_date_without_time() -> None:
    assert parse_datetime("۱۴۰۵/۰۹/۳۰", TEHRAN) == datetime(2026, 12, 20, 20, 30, tzinfo=UTC)


def test_iso_with_and_without_offset() -> None:
    assert parse_datetime("2026-12-21T18:00", TEHRAN) == datetime(2026, 12, 21, 14, 30, tzinfo=UTC)
    assert parse_datetime("2026-12-21T18:00+00:00", TEHRAN) == datetime(
        2026, 12, 21, 18, 0, tzinfo=UTC
    )


@pytest.mark.parametrize("text", ["1405/13/01", "1405/12/31 25:00", "tomorrow", "", "31/12/2026"])
def test_nonsense_is_refused(text: str) -> None:
    with pytest.raises(DateParseError):
        parse_datetime(text, TEHRAN)


def test_persian_readers_see_jalali_month_names_and_persian_digits() -> None:
    moment = datetime(2021, 8, 9, 13, 30, tzinfo=UTC)
    assert format_datetime(moment, "fa", TEHRAN) == "۱۸ مرداد ۱۴۰۰، ساعت ۱۸:۰۰"


def test_english_readers_see_the_gregorian_date_in_tehran_time() -> None:
    moment = datetime(2021, 8, 9, 13, 30, tzinfo=UTC)
    assert format_datetime(moment, "en", TEHRAN) == "9 August 2021, 18:00"


def test_exports_get_sortable_jalali() -> None:
    assert (
        format_jalali_iso(datetime(2021, 8, 9, 13, 30, tzinfo=UTC), TEHRAN) == "1400/05/18 18:00"
    )


def test_time_left_reads_at_a_glance() -> None:
    assert format_duration(timedelta(days=3, hours=4, minutes=10), "fa") == "۳ روز و ۴ ساعت"
    assert format_duration(timedelta(hours=2, minutes=5), "en") == "2 hours 5 minutes"
    assert format_duration(timedelta(days=1), "en") == "1 day"
    assert format_duration(timedelta(seconds=20), "fa") == "۱ دقیقه"
