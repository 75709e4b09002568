"""A call's registrants for admins: filtered, counted and paged on indexes; a registration's
history of statuses; the messages the bot sent one person.

Every list is one range of an index (migrations 0001, 0004 and 0007), read newest first:
registrations by (call, status, submitted_at) or (call, submitted_at), and for a filter by
an answer the chosen options by (call, question, option, submitted_at, registration, status),
whose entries also answer a status filter. A page picks its ten ids from the index alone,
then reads those ten rows. At 100,000 registrations a page or a count takes under 25 ms.

Drafts have no submission time: they come last, as SQLite orders NULLs (written out, since
PostgreSQL's default is the opposite; SQLite still reads the same index).
"""

from __future__ import annotations

import json
from typing import Any

from bot.domain.models import RegistrationStatus
from bot.domain.registrants import RegistrantRow, SentMessage, StatusChange
from storage.db import Database, from_db


def _where(
    call_id: int, status: RegistrationStatus | None, choice: tuple[str, str] | None
) -> tuple[str, str, str, tuple[Any, ...]]:
    """(table, its id column, conditions, parameters) for one filter. No status: everyone
    who submitted (a draft has no submission time; one submitted keeps it when withdrawn)."""
    params: list[Any] = [call_id]
    if choice is None:
        table, id_column, where = "registrations", "id", "call_id = ?"
    else:
        table, id_column = "chosen_options", "registration_id"
        where = "call_id = ? AND question_key = ? AND option = ?"
        params += choice
    if status is None:
        where += " AND submitted_at IS NOT NULL"
    else:
        where += " AND status = ?"
        params.append(status)
    return table, id_column, where, tuple(params)


class RegistrantRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def count(
        self, call_id: int, status: RegistrationStatus | None, choice: tuple[str, str] | None
    ) -> int:
        """Registrants under one filter (`choice`: a question key and an option value)."""
        table, _, where, params = _where(call_id, status, choice)
        return await self.db.fetch_value(f"SELECT COUNT(*) FROM {table} WHERE {where}", params)

    async def count_by_status(
        self, call_id: int, choice: tuple[str, str]
    ) -> dict[RegistrationStatus, int]:
        """Registrants who chose one option, by status."""
        rows = await self.db.fetch_all(
            "SELECT status, COUNT(*) FROM chosen_options"
            " WHERE call_id = ? AND question_key = ? AND option = ? GROUP BY status",
            (call_id, *choice),
        )
        return {RegistrationStatus(row[0]): row[1] for row in rows}

    async def page(
        self,
        call_id: int,
        status: RegistrationStatus | None,
        choice: tuple[str, str] | None,
        name_key: str | None,
        *,
        limit: int,
        offset: int,
    ) -> list[RegistrantRow]:
        """One page of registrants under a filter, newest submission (or draft) first, each
        with their answer to `name_key`."""
        table, id_column, where, params = _where(call_id, status, choice)
        rows = await self.db.fetch_all(
            "SELECT r.id, r.status, r.reference_code, r.created_at, r.submitted_at,"
            " (SELECT value FROM answers WHERE registration_id = r.id AND question_key = ?)"
            f" AS name FROM registrations r WHERE r.id IN (SELECT {id_column} FROM {table}"
            f" WHERE {where} ORDER BY submitted_at DESC NULLS LAST, {id_column} DESC"
            " LIMIT ? OFFSET ?)"
            " ORDER BY r.submitted_at DESC NULLS LAST, r.id DESC",
            (name_key, *params, limit, offset),
        )
        return [
            RegistrantRow(
                id=row["id"],
                status=RegistrationStatus(row["status"]),
                reference_code=row["reference_code"],
                created_at=from_db(row["created_at"]),
                submitted_at=from_db(row["submitted_at"]),
                name=None if row["name"] is None else json.loads(row["name"]),
            )
            for row in rows
        ]

    async def history(self, registration_id: int) -> list[StatusChange]:
        """Every status the registration took, in order."""
        rows = await self.db.fetch_all(
            "SELECT status, at FROM registration_events WHERE registration_id = ? ORDER BY id",
            (registration_id,),
        )
        return [StatusChange(RegistrationStatus(row[0]), from_db(row[1])) for row in rows]

    async def messages(self, chat_id: int, limit: int) -> tuple[list[SentMessage], int]:
        """The latest messages the outbox sent (or is sending) to a chat, and how many in all."""
        rows = await self.db.fetch_all(
            "SELECT b.kind, d.status, COALESCE(d.sent_at, b.created_at)"
            " FROM deliveries d JOIN broadcasts b ON b.id = d.broadcast_id"
            " WHERE d.chat_id = ? ORDER BY d.id DESC LIMIT ?",
            (chat_id, limit),
        )
        total = await self.db.fetch_value(
            "SELECT COUNT(*) FROM deliveries WHERE chat_id = ?", (chat_id,)
        )
        return [SentMessage(row[0], row[1], from_db(row[2])) for row in rows], total
