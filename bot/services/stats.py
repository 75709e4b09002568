"""A call's statistics: the funnel, registrations per day, and how choices split."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from bot.domain.calls import Call
from bot.domain.forms import QuestionType
from bot.domain.models import ACTIVE, RegistrationStatus
from bot.domain.stats import CallStats
from storage import Storage
from storage.stats import StatsRepository


async def call_stats(storage: Storage, call: Call, tz: tzinfo) -> CallStats:
    """Gathers the statistics of one call (a handful of queries, whatever its size)."""
    repo = StatsRepository(storage.db)
    choice_keys = [
        question.key
        for question in call.form.questions
        if question.type in (QuestionType.CHOICE, QuestionType.MULTI_CHOICE)
    ]
    # Side by side rather than one by one: the per-day counts read on a connection of their own.
    (funnel, counts, (submitted, per_day)), splits = await asyncio.gather(
        asyncio.gather(
            storage.funnel.counts(call.id),
            storage.registrations.count_by_status(call.id),
            _submissions(repo, call.id, tz),
        ),
        asyncio.gather(*(repo.option_counts(call.id, key, ACTIVE) for key in choice_keys)),
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


async def _submissions(
    repo: StatsRepository, call_id: int, tz: tzinfo
) -> tuple[int, list[tuple[date, int]]]:
    """Registrations ever submitted, and submissions per local day for the days that have
    any, oldest first."""
    submitted, span = await repo.submissions(call_id)
    if span is None:
        return submitted, []
    first, last = (_day_of(moment, tz) for moment in span)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    bounds = [_day_start(day, tz) for day in [*days, last + timedelta(days=1)]]
    counts = await repo.submissions_between(call_id, bounds)
    return submitted, [(day, count) for day, count in zip(days, counts, strict=True) if count]


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
