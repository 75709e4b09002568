"""What happened around a call before registrations: cards opened, consents, followers."""

from __future__ import annotations

from datetime import datetime

from storage.db import Database, to_db


class FunnelRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def mark(self, call_id: int, user_id: int, kind: str, now: datetime) -> None:
        """Records the first time this user did `kind` ('opened' or 'agreed') for the call."""
        await self.db.execute(
            "INSERT INTO call_events (call_id, user_id, kind, at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            (call_id, user_id, kind, to_db(now)),
        )

    async def counts(self, call_id: int) -> dict[str, int]:
        rows = await self.db.fetch_all(
            "SELECT kind, COUNT(*) FROM call_events WHERE call_id = ? GROUP BY kind", (call_id,)
        )
        return {"opened": 0, "agreed": 0} | {row[0]: row[1] for row in rows}

    async def follow(self, call_id: int, user_id: int, now: datetime) -> bool:
        """Adds a follower; False when they already were one."""
        return bool(
            await self.db.execute_count(
                "INSERT INTO followers (call_id, user_id, created_at) VALUES (?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                (call_id, user_id, to_db(now)),
            )
        )

    async def unfollow(self, call_id: int, user_id: int) -> None:
        await self.db.execute(
            "DELETE FROM followers WHERE call_id = ? AND user_id = ?", (call_id, user_id)
        )

    async def is_following(self, call_id: int, user_id: int) -> bool:
        return bool(
            await self.db.fetch_value(
                "SELECT 1 FROM followers WHERE call_id = ? AND user_id = ?", (call_id, user_id)
            )
        )
