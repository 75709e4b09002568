"""An admin's conversation in progress (wizard, edit, compose), kept across restarts."""

from __future__ import annotations

import json
from datetime import datetime

from bot.domain.admin_sessions import AdminSession, Flow, Step
from storage.db import Database, to_db


class AdminSessionRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, admin_id: int) -> AdminSession | None:
        row = await self.db.fetch_one(
            "SELECT admin_id, flow, step, data FROM admin_sessions WHERE admin_id = ?",
            (admin_id,),
        )
        if row is None:
            return None
        return AdminSession(
            row["admin_id"], Flow(row["flow"]), Step(row["step"]), json.loads(row["data"])
        )

    async def save(self, session: AdminSession, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO admin_sessions (admin_id, flow, step, data, updated_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (admin_id) DO UPDATE SET flow = excluded.flow,"
            " step = excluded.step, data = excluded.data, updated_at = excluded.updated_at",
            (
                session.admin_id,
                session.flow,
                session.step,
                json.dumps(session.data, ensure_ascii=False),
                to_db(now),
            ),
        )

    async def end(self, admin_id: int, flow: Flow | None = None) -> bool:
        """Ends the admin's conversation (only one in `flow`, if given); whether one ended."""
        if flow is None:
            sql = "DELETE FROM admin_sessions WHERE admin_id = ?"
            return await self.db.execute_count(sql, (admin_id,)) > 0
        sql = "DELETE FROM admin_sessions WHERE admin_id = ? AND flow = ?"
        return await self.db.execute_count(sql, (admin_id, flow)) > 0
