"""What the bot holds about one person (to show or to erase), consents, and retention."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.db import Database, from_db, to_db
from storage.users import SeenUsers


@dataclass(frozen=True)
class Delivered:
    kind: str
    call_id: int | None
    status: str
    at: datetime | None


class PrivacyRepository:
    def __init__(self, db: Database, seen: SeenUsers | None = None) -> None:
        self.db = db
        self.seen = seen or SeenUsers()

    async def record_consent(self, version: str, texts: dict[str, str], now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO consents (version, text, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            (version, json.dumps(texts, ensure_ascii=False), to_db(now)),
        )

    async def consent_text(self, version: str | None) -> dict[str, str]:
        if version is None:
            return {}
        text = await self.db.fetch_value("SELECT text FROM consents WHERE version = ?", (version,))
        return json.loads(text) if text else {}

    async def profile(self, user_id: int) -> dict[str, Any] | None:
        row = await self.db.fetch_one(
            "SELECT id, first_name, last_name, username, language, created_at, last_seen_at"
            " FROM users WHERE id = ?",
            (user_id,),
        )
        return None if row is None else dict(row)

    async def deliveries(self, user_id: int) -> list[Delivered]:
        """Every bulk message addressed to this person, newest first."""
        rows = await self.db.fetch_all(
            "SELECT b.kind, b.call_id, d.status, COALESCE(d.sent_at, b.created_at)"
            " FROM deliveries d JOIN broadcasts b ON b.id = d.broadcast_id"
            " WHERE d.chat_id = ? ORDER BY d.id DESC",
            (user_id,),
        )
        return [Delivered(row[0], row[1], row[2], from_db(row[3])) for row in rows]

    async def followed(self, user_id: int) -> list[int]:
        rows = await self.db.fetch_all(
            "SELECT call_id FROM followers WHERE user_id = ?", (user_id,)
        )
        return [row[0] for row in rows]

    async def opted_out(self, user_id: int) -> list[int]:
        rows = await self.db.fetch_all(
            "SELECT call_id FROM reminder_optouts WHERE user_id = ?", (user_id,)
        )
        return [row[0] for row in rows]

    async def erase_user(self, user_id: int) -> None:
        """Deletes the person and everything of theirs (registrations and answers cascade)."""
        async with self.db.transaction():
            await self.db.execute("DELETE FROM deliveries WHERE chat_id = ?", (user_id,))
            await self.db.execute("DELETE FROM admin_sessions WHERE admin_id = ?", (user_id,))
            await self.db.execute("DELETE FROM admin_searches WHERE admin_id = ?", (user_id,))
            await self.db.execute("DELETE FROM directory_views WHERE admin_id = ?", (user_id,))
            await self.db.execute("DELETE FROM users WHERE id = ?", (user_id,))
        self.seen.forget(user_id)

    # Retention: answers of closed calls are erased RETENTION_DAYS after closing.

    async def mark_closed(self, call_id: int, now: datetime) -> None:
        await self.db.execute(
            "UPDATE calls SET closed_at = COALESCE(closed_at, ?) WHERE id = ?",
            (to_db(now), call_id),
        )

    async def mark_reopened(self, call_id: int) -> None:
        await self.db.execute(
            "UPDATE calls SET closed_at = NULL, retention_warned_at = NULL WHERE id = ?",
            (call_id,),
        )

    async def retention_due(self, before: datetime) -> list[int]:
        """Closed calls whose answers are still kept and whose closing is before `before`."""
        rows = await self.db.fetch_all(
            "SELECT id FROM calls WHERE closed_at IS NOT NULL AND closed_at <= ?"
            " AND answers_erased_at IS NULL",
            (to_db(before),),
        )
        return [row[0] for row in rows]

    async def warning_due(self, before: datetime) -> list[int]:
        rows = await self.db.fetch_all(
            "SELECT id FROM calls WHERE closed_at IS NOT NULL AND closed_at <= ?"
            " AND retention_warned_at IS NULL AND answers_erased_at IS NULL",
            (to_db(before),),
        )
        return [row[0] for row in rows]

    async def mark_warned(self, call_id: int, now: datetime) -> None:
        await self.db.execute(
            "UPDATE calls SET retention_warned_at = ? WHERE id = ?", (to_db(now), call_id)
        )

    async def erase_answers(self, call_id: int, now: datetime) -> int:
        """Deletes the call's answers (registrations stay, so counts do); returns how many."""
        async with self.db.transaction():
            # Search documents first, written again below with only the reference codes: the
            # answers then go without rewriting a document each (migration 0008).
            registrations = "SELECT id FROM registrations WHERE call_id = ?"
            await self.db.execute(
                f"DELETE FROM registration_search WHERE rowid IN ({registrations})", (call_id,)
            )
            erased = await self.db.execute_count(
                f"DELETE FROM answers WHERE registration_id IN ({registrations})", (call_id,)
            )
            await self.db.execute(
                "INSERT INTO registration_search (rowid, body) SELECT registration_id, body"
                f" FROM search_documents WHERE registration_id IN ({registrations})"
                " AND body != ''",
                (call_id,),
            )
            await self.db.execute(
                "UPDATE calls SET answers_erased_at = ? WHERE id = ?", (to_db(now), call_id)
            )
        return erased

    async def closing_dates(self, call_id: int) -> tuple[datetime | None, datetime | None]:
        row = await self.db.fetch_one(
            "SELECT closed_at, answers_erased_at FROM calls WHERE id = ?", (call_id,)
        )
        return (None, None) if row is None else (from_db(row[0]), from_db(row[1]))
