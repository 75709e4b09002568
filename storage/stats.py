"""Counts for a call's statistics, computed in SQL so they stay fast at 100,000 rows.

Submissions per day are counted on an index, on a connection of its own
(`Database.reader`), so a big call's statistics never hold up the bot's writes; how choices
split is read from tallies the database keeps as answers change.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime
from itertools import pairwise

from storage.db import Database, from_db, to_db
from storage.dialect import json_spans


class StatsRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def submissions(self, call_id: int) -> tuple[int, tuple[datetime, datetime] | None]:
        """Registrations that were submitted at some point (whatever became of them), and the
        first and the last submission's times (None before the first): one statement."""
        row = await self.db.fetch_one(
            "SELECT COUNT(*), MIN(submitted_at), MAX(submitted_at) FROM registrations"
            " WHERE call_id = ? AND submitted_at IS NOT NULL",
            (call_id,),
        )
        if row is None or row[1] is None:
            return 0, None
        first, last = from_db(row[1]), from_db(row[2])
        assert first is not None and last is not None
        return row[0], (first, last)

    async def submissions_between(self, call_id: int, bounds: Sequence[datetime]) -> list[int]:
        """Submissions in each span [bounds[i], bounds[i + 1]), one count per span.

        Each span is counted on the (call, submitted_at) index: no row is read, nothing sorted.
        """
        spans = json.dumps([[to_db(a), to_db(b)] for a, b in pairwise(bounds)])
        async with self.db.reader() as reader:
            rows = await reader.fetch_all(
                "SELECT (SELECT COUNT(*) FROM registrations WHERE call_id = ?"
                " AND submitted_at >= span.start AND submitted_at < span.end_)"
                f" FROM {json_spans(self.db)} AS span ORDER BY span.n",
                (call_id, spans),
            )
        return [row[0] for row in rows]

    async def option_counts(
        self, call_id: int, question_key: str, statuses: Iterable[str]
    ) -> dict[str, int]:
        """How many registrations (with these statuses) chose each option of a question.

        Read from the tallies the database keeps (migration 0006): a few rows per question,
        whatever the call's size. A stored answer is one option or a list of them.
        """
        statuses = tuple(statuses)
        marks = ", ".join("?" for _ in statuses)
        rows = await self.db.fetch_all(
            "SELECT value, SUM(n) FROM choice_tallies WHERE call_id = ? AND question_key = ?"
            f" AND status IN ({marks}) GROUP BY value HAVING SUM(n) > 0",
            (call_id, question_key, *statuses),
        )
        counts: Counter[str] = Counter()
        for stored, count in rows:
            value = json.loads(stored)
            for chosen in value if isinstance(value, list) else [value]:
                counts[str(chosen)] += count
        return dict(counts)
