"""Replicas on one database: heartbeats (who is alive) and leases (who does a job alone)."""

from __future__ import annotations

from datetime import datetime, timedelta

from storage.db import Database, to_db


class ReplicaRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def beat(self, replica: str, now: datetime) -> None:
        """Records that `replica` is alive now (its row is made at its first beat)."""
        await self.db.execute(
            "INSERT INTO replicas (id, started_at, seen_at) VALUES (?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at",
            (replica, to_db(now), to_db(now)),
        )

    async def leave(self, replica: str) -> None:
        """A replica that stops cleanly: gone at once, not after its heartbeat ages."""
        await self.db.execute("DELETE FROM replicas WHERE id = ?", (replica,))
        await self.db.execute("DELETE FROM leases WHERE holder = ?", (replica,))

    async def live(self, since: datetime) -> int:
        """How many replicas were seen since `since`."""
        return await self.db.fetch_value(
            "SELECT COUNT(*) FROM replicas WHERE seen_at >= ?", (to_db(since),)
        )

    async def forget_dead(self, before: datetime) -> int:
        """Removes replicas unseen since `before` (their rows were handed on already)."""
        return await self.db.execute_count(
            "DELETE FROM replicas WHERE seen_at < ?", (to_db(before),)
        )

    async def hold(self, lease: str, replica: str, now: datetime, ttl: timedelta) -> bool:
        """Takes or renews `lease` for `replica` until now + ttl; False while another
        replica holds it unexpired. One statement: two replicas asking at once cannot both
        get it (on PostgreSQL the second waits for the first's row, then sees it held)."""
        return bool(
            await self.db.execute_count(
                "INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)"
                " ON CONFLICT (name) DO UPDATE SET holder = excluded.holder,"
                " expires_at = excluded.expires_at"
                " WHERE leases.holder = excluded.holder OR leases.expires_at < ?",
                (lease, replica, to_db(now + ttl), to_db(now)),
            )
        )

    async def holder(self, lease: str, now: datetime) -> str | None:
        """Who holds `lease` now (None: nobody, or it expired)."""
        return await self.db.fetch_value(
            "SELECT holder FROM leases WHERE name = ? AND expires_at >= ?", (lease, to_db(now))
        )

    async def release(self, lease: str, replica: str) -> None:
        await self.db.execute("DELETE FROM leases WHERE name = ? AND holder = ?", (lease, replica))
