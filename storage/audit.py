"""Audit events: which admin did what, to which call, when (never volunteers' answers)."""

from __future__ import annotations

from datetime import datetime

from bot.domain.audit import AuditEvent
from bot.domain.text import shorten
from storage.db import Database, from_db, to_db


class AuditRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def record(
        self,
        admin_id: int,
        action: str,
        now: datetime,
        call_id: int | None = None,
        detail: str = "",
    ) -> None:
        await self.db.execute(
            "INSERT INTO audit_events (at, admin_id, action, call_id, detail)"
            " VALUES (?, ?, ?, ?, ?)",
            (to_db(now), admin_id, action, call_id, shorten(detail, 500)),
        )

    async def latest(self, limit: int = 20) -> list[AuditEvent]:
        rows = await self.db.fetch_all(
            "SELECT at, admin_id, action, call_id, detail FROM audit_events"
            " ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [
            AuditEvent(from_db(r["at"]), r["admin_id"], r["action"], r["call_id"], r["detail"])
            for r in rows
        ]
