"""A call's statistics: the funnel, registrations per day, and how choices split."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

import jdatetime

from bot.calls import Call
from bot.forms import QuestionType
from bot.models import ACTIVE, RegistrationStatus
from storage import Storage
from storage.stats import StatsRepository


@dataclass(frozen=True)
class CallStats:
    opened: int
    agreed: int
    submitted: int  # ever submitted, including those later withdrawn
    accepted: int
    withdrawn: int
    waitlisted: int
    per_day: list[tuple[date, int]] = field(default_factory=list)
    choices: dict[str, dict[str, int]] = field(default_factory=dict)  # question -> option -> n


async def call_stats(storage: Storage, call: Call, tz: tzinfo) -> CallStats:
    """Gathers the statistics of one call (a handful of queries, whatever its size)."""
    repo = StatsRepository(storage.db)
    choice_keys = [
        question.key
        for question in call.form.questions
        if question.type in (QuestionType.CHOICE, QuestionType.MULTI_CHOICE)
    ]
    # Side by side rather than one by one: the per-day counts read on a connection of their own.
    funnel, counts, submitted, per_day, *splits = await asyncio.gather(
        storage.funnel.counts(call.id),
        storage.registrations.count_by_status(call.id),
        repo.ever_submitted(call.id),
        _per_day(repo, call.id, tz),
        *(repo.option_counts(call.id, key, ACTIVE) for key in choice_keys),
    )
    return CallStats(
        opened=funnel["opened"],
        agreed=funnel["agreed"],
        submitted=submitted,
        accepted=counts[RegistrationStatus.ACCEPTED],
        withdrawn=counts[RegistrationStatus.WITHDRAWN],
        waitlisted=counts[RegistrationStatus.WAITLISTED],
        per_day=per_day,
        choices=dict(zip(choice_keys, splits, strict=True)),
    )


async def _per_day(repo: StatsRepository, call_id: int, tz: tzinfo) -> list[tuple[date, int]]:
    """Submissions per local day, for the days that have any, oldest first."""
    span = await repo.submission_span(call_id)
    if span is None:
        return []
    first, last = (_day_of(moment, tz) for moment in span)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    bounds = [_day_start(day, tz) for day in [*days, last + timedelta(days=1)]]
    counts = await repo.submissions_between(call_id, bounds)
    return [(day, count) for day, count in zip(days, counts, strict=True) if count]


# Days begin on the hour, as when submissions were counted per UTC hour: where local time
# is half an hour off UTC (Tehran), the half hour after midnight counts for the day before.


def _day_of(moment: datetime, tz: tzinfo) -> date:
    """The local day a submission counts for: that of the UTC hour it falls in."""
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0).astimezone(tz).date()


def _day_start(day: date, tz: tzinfo) -> datetime:
    """The first whole UTC hour that counts for `day`."""
    midnight = datetime.combine(day, time(), tzinfo=tz).astimezone(UTC)
    on_the_hour = midnight.replace(minute=0, second=0, microsecond=0)
    return on_the_hour if on_the_hour == midnight else on_the_hour + timedelta(hours=1)


def jalali_day(day: date) -> str:
    """`1405/09/10` for a Gregorian date."""
    j = jdatetime.date.fromgregorian(date=day)
    return f"{j.year:04d}/{j.month:02d}/{j.day:02d}"
