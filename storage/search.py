"""Search over every call's registrations (the full-text index of migration 0008), and the query
each admin's result pages belong to."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from bot.domain.models import RegistrationStatus
from bot.domain.search import Found
from storage.db import Database, to_db
from storage.dialect import answers_object, matches, search_query


class SearchRepository:
    def __init__(self, db: Database) -> None:
        self.db = db
        found = matches(db, "registration_search", "s")
        self._count = f"SELECT COUNT(*) FROM registration_search s WHERE {found}"
        # The page's documents first, newest first, straight from the index (a document's
        # rowid is its registration's id); then only their registrations, with their answers
        # as one JSON object (PostgreSQL, joining first, read every registration by its key).
        self._page = (
            "SELECT r.id, r.call_id, r.status, r.reference_code,"
            f" {answers_object(db, 'r.id')} AS answers"
            f" FROM (SELECT s.rowid FROM registration_search s WHERE {found}"
            " ORDER BY s.rowid DESC LIMIT ? OFFSET ?) s"
            " JOIN registrations r ON r.id = s.rowid ORDER BY s.rowid DESC"
        )

    async def count(self, terms: Sequence[str]) -> int:
        return await self.db.fetch_value(self._count, (search_query(self.db, terms),))

    async def page(self, terms: Sequence[str], limit: int, offset: int) -> list[Found]:
        """The registrations found, newest first, `limit` of them after `offset`."""
        rows = await self.db.fetch_all(self._page, (search_query(self.db, terms), limit, offset))
        return [
            Found(
                registration_id=row["id"],
                call_id=row["call_id"],
                status=RegistrationStatus(row["status"]),
                reference_code=row["reference_code"],
                answers=json.loads(row["answers"]),
            )
            for row in rows
        ]

    async def remember(self, admin_id: int, query: str, now: datetime) -> None:
        """Keeps the admin's latest query, for the buttons of its result pages."""
        await self.db.execute(
            "INSERT INTO admin_searches (admin_id, query, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (admin_id) DO UPDATE SET query = excluded.query,"
            " updated_at = excluded.updated_at",
            (admin_id, query, to_db(now)),
        )

    async def remembered(self, admin_id: int) -> str | None:
        return await self.db.fetch_value(
            "SELECT query FROM admin_searches WHERE admin_id = ?", (admin_id,)
        )
