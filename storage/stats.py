"""Counts for a call's statistics, computed in SQL so they stay fast at 100,000 rows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from storage.db import Database, from_db


class StatsRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def ever_submitted(self, call_id: int) -> int:
        """Registrations that were submitted at some point (whatever became of them)."""
        return await self.db.fetch_value(
            "SELECT COUNT(*) FROM registrations WHERE call_id = ? AND submitted_at IS NOT NULL",
            (call_id,),
        )

    async def submissions_by_hour(self, call_id: int) -> list[tuple[datetime, int]]:
        """Submissions per UTC hour (few rows even for big calls; days are made from them)."""
        rows = await self.db.fetch_all(
            "SELECT substr(submitted_at, 1, 13) AS hour, COUNT(*) FROM registrations"
            " WHERE call_id = ? AND submitted_at IS NOT NULL GROUP BY hour ORDER BY hour",
            (call_id,),
        )
        return [(from_db(f"{row[0]}:00:00.000000Z"), row[1]) for row in rows]

    async def option_counts(
        self, call_id: int, question_key: str, statuses: Iterable[str]
    ) -> dict[str, int]:
        """How many registrations (with these statuses) chose each option of a question."""
        statuses = tuple(statuses)
        marks = ", ".join("?" for _ in statuses)
        rows = await self.db.fetch_all(
            "SELECT chosen.value, COUNT(*) FROM registrations r"
            " JOIN answers a ON a.registration_id = r.id AND a.question_key = ?,"
            " json_each(a.value) AS chosen"
            f" WHERE r.call_id = ? AND r.status IN ({marks}) GROUP BY chosen.value",
            (question_key, call_id, *statuses),
        )
        return {str(row[0]): row[1] for row in rows}
