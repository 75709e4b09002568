"""Counts across every call, for the operator's /metrics: figures only, no person in them."""

from __future__ import annotations

from datetime import datetime

from bot.domain.models import RegistrationStatus
from storage.db import Database, to_db


class GaugeRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def registrations_by_status(self) -> dict[RegistrationStatus, int]:
        """How many registrations each status has, over every call (drafts included)."""
        rows = await self.db.fetch_all(
            "SELECT status, CAST(SUM(n) AS BIGINT) FROM registration_counts GROUP BY status"
        )
        counts = dict.fromkeys(RegistrationStatus, 0)
        counts.update({RegistrationStatus(row[0]): row[1] for row in rows})
        return counts

    async def reminders(self, now: datetime) -> tuple[int, int]:
        """Reminders not sent yet: how many are due at `now`, and how many in all."""
        row = await self.db.fetch_one(
            "SELECT COALESCE(SUM(CASE WHEN due_at <= ? THEN 1 ELSE 0 END), 0), COUNT(*)"
            " FROM reminders WHERE status = 'planned'",
            (to_db(now),),
        )
        assert row is not None  # an aggregate always answers one row
        return row[0], row[1]
