"""Jalali and ISO dates: parsing what admins type, showing what volunteers read."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo

import jdatetime

from bot.domain.normalize import to_ascii_digits, to_persian_digits

_JALALI = re.compile(
    r"^(?P<y>1[34]\d\d)[/\-.](?P<m>\d{1,2})[/\-.](?P<d>\d{1,2})"
    r"(?:[ T،,]+(?:ساعت\s*)?(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?$"
)
_PERSIAN_MONTHS = jdatetime.date.j_months_fa
_ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


class DateParseError(ValueError):
    """Text that is neither a Jalali nor an ISO 8601 date."""


def parse_datetime(text: str, tz: tzinfo) -> datetime:
    """Parses `1405/09/30 18:00` (Jalali, any digits) or ISO 8601; returns an aware UTC time.

    A time without an offset is read in `tz`; a date without a time means its midnight.
    """
    cleaned = to_ascii_digits(text.strip())
    match = _JALALI.match(cleaned)
    if match:
        parts = {key: int(value) if value else 0 for key, value in match.groupdict().items()}
        try:
            local = jdatetime.datetime(
                parts["y"], parts["m"], parts["d"], parts["H"], parts["M"], parts["S"]
            ).togregorian()
        except ValueError as error:
            raise DateParseError(f"not a valid Jalali date: {text!r}") from error
        return local.replace(tzinfo=tz).astimezone(UTC)
    try:
        moment = datetime.fromisoformat(cleaned)
    except ValueError:
        raise DateParseError(
            f"not a date: {text!r} (use 1405/09/30 18:00 or 2026-12-21T18:00)"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.astimezone(UTC)


def format_datetime(moment: datetime, lang: str, tz: tzinfo) -> str:
    """Shows a moment as a reader expects: Jalali with Persian digits, or Gregorian."""
    local = moment.astimezone(tz)
    if lang == "fa":
        j = jdatetime.datetime.fromgregorian(datetime=local.replace(tzinfo=None))
        text = f"{j.day} {_PERSIAN_MONTHS[j.month - 1]} {j.year}، ساعت {j.hour:02d}:{j.minute:02d}"
        return to_persian_digits(text)
    return f"{local.day} {_ENGLISH_MONTHS[local.month - 1]} {local.year}, {local:%H:%M}"


def format_jalali_iso(moment: datetime, tz: tzinfo) -> str:
    """Jalali date and time with ASCII digits, for exports: `1405/09/30 18:00`."""
    local = moment.astimezone(tz).replace(tzinfo=None)
    j = jdatetime.datetime.fromgregorian(datetime=local)
    return f"{j.year:04d}/{j.month:02d}/{j.day:02d} {j.hour:02d}:{j.minute:02d}"


def format_duration(delta: timedelta, lang: str) -> str:
    """Time left in words, coarse enough to read at a glance: `۳ روز و ۴ ساعت`."""
    minutes = max(0, round(delta.total_seconds() / 60))  # 1:59 reads "2 minutes", not 1
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        units = [(days, "day"), (hours, "hour")]
    elif hours:
        units = [(hours, "hour"), (mins, "minute")]
    else:
        units = [(max(mins, 1), "minute")]
    words = [_unit(count, unit, lang) for count, unit in units if count]
    if lang == "fa":
        return to_persian_digits(" و ".join(words))
    return " ".join(words)


def _unit(count: int, unit: str, lang: str) -> str:
    if lang == "fa":
        return f"{count} " + {"day": "روز", "hour": "ساعت", "minute": "دقیقه"}[unit]
    return f"{count} {unit}" + ("" if count == 1 else "s")


def jalali_day(day: date) -> str:
    """`1405/09/10` for a Gregorian date."""
    j = jdatetime.date.fromgregorian(date=day)
    return f"{j.year:04d}/{j.month:02d}/{j.day:02d}"


def day_and_month(day: date, lang: str) -> str:
    """A day as a chart's axis shows it: `۱۰ آذر` (Jalali, Persian digits) or `1 Dec`."""
    if lang == "fa":
        j = jdatetime.date.fromgregorian(date=day)
        return to_persian_digits(f"{j.day} {_PERSIAN_MONTHS[j.month - 1]}")
    return f"{day.day} {_ENGLISH_MONTHS[day.month - 1][:3]}"
