"""A call's statistics: the funnel, registrations per day, and how choices split."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, tzinfo

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
    funnel = await storage.funnel.counts(call.id)
    counts = await storage.registrations.count_by_status(call.id)
    per_day: Counter[date] = Counter()
    for hour, count in await repo.submissions_by_hour(call.id):
        per_day[hour.astimezone(tz).date()] += count
    choices = {}
    for question in call.form.questions:
        if question.type in (QuestionType.CHOICE, QuestionType.MULTI_CHOICE):
            choices[question.key] = await repo.option_counts(call.id, question.key, ACTIVE)
    return CallStats(
        opened=funnel["opened"],
        agreed=funnel["agreed"],
        submitted=await repo.ever_submitted(call.id),
        accepted=counts[RegistrationStatus.ACCEPTED],
        withdrawn=counts[RegistrationStatus.WITHDRAWN],
        waitlisted=counts[RegistrationStatus.WAITLISTED],
        per_day=sorted(per_day.items()),
        choices=choices,
    )


def jalali_day(day: date) -> str:
    """`1405/09/10` for a Gregorian date."""
    j = jdatetime.date.fromgregorian(date=day)
    return f"{j.year:04d}/{j.month:02d}/{j.day:02d}"
