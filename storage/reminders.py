"""Reminder rows (the schedule), who each kind of reminder reaches, and opt-outs."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime

from bot.domain.reminders import PlannedReminder, Reminder, ReminderKind, ReminderStatus
from storage.db import Database, from_db, to_db
from storage.dialect import answers_object, json_ids

_COLUMNS = (
    "id, call_id, kind, audience, offset_minutes, meeting_key, due_at, status, broadcast_id,"
    " note, done_at"
)


class ReminderRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def replan(self, call_id: int, planned: Iterable[PlannedReminder]) -> None:
        """Replaces the call's unsent reminders with `planned`; what was sent stays sent.

        A reminder already sent (or skipped) for the same kind, audience, offset and meeting
        is not planned again: a moved deadline re-plans only the rest.
        """
        await self.replan_many({call_id: planned})

    async def replan_many(self, plans: Mapping[int, Iterable[PlannedReminder]]) -> None:
        """`replan` for several calls (call id -> its plan) in one transaction.

        Start-up re-plans every call, and most starts find every plan as stored: the stored
        reminders are read once, and only the difference is written (a planned reminder no
        longer in the plan deleted, one not stored yet inserted). Deleting and inserting every
        planned row took most of a start (1,000 reminders: 30 ms on SQLite, 100 ms on
        PostgreSQL), for nothing.
        """
        calls = json.dumps(list(plans))
        async with self.db.transaction():
            stored = await self.db.fetch_all(
                "SELECT id, call_id, kind, audience, offset_minutes, meeting_key, due_at, status"
                f" FROM reminders WHERE call_id IN {json_ids(self.db)}",
                (calls,),
            )
            done = {_key(row) for row in stored if row["status"] != ReminderStatus.PLANNED}
            wanted = {  # in the plans' order (a dict: each once)
                (key, to_db(p.due_at)): None
                for call_id, planned in plans.items()
                for p in planned
                if (key := (call_id, p.kind, p.audience, p.offset_minutes, p.meeting_key))
                not in done
            }
            kept: set[tuple[tuple, str | None]] = set()
            stale = []
            for row in stored:
                if row["status"] != ReminderStatus.PLANNED:
                    continue
                planned = (_key(row), row["due_at"])
                if planned in wanted and planned not in kept:
                    kept.add(planned)
                else:
                    stale.append(row["id"])
            if stale:
                await self.db.execute(
                    f"DELETE FROM reminders WHERE id IN {json_ids(self.db)}", (json.dumps(stale),)
                )
            if rows := [(*key, due) for key, due in wanted if (key, due) not in kept]:
                await self.db.execute_many(
                    "INSERT INTO reminders (call_id, kind, audience, offset_minutes, meeting_key,"
                    " due_at, status) VALUES (?, ?, ?, ?, ?, ?, 'planned')",
                    rows,
                )

    async def due(self, now: datetime) -> list[Reminder]:
        rows = await self.db.fetch_all(
            f"SELECT {_COLUMNS} FROM reminders WHERE status = 'planned' AND due_at <= ?"
            " ORDER BY due_at, id",
            (to_db(now),),
        )
        return [_reminder(row) for row in rows]

    async def next_due_at(self) -> datetime | None:
        return from_db(
            await self.db.fetch_value("SELECT MIN(due_at) FROM reminders WHERE status = 'planned'")
        )

    async def for_call(self, call_id: int) -> list[Reminder]:
        rows = await self.db.fetch_all(
            f"SELECT {_COLUMNS} FROM reminders WHERE call_id = ? ORDER BY due_at, id", (call_id,)
        )
        return [_reminder(row) for row in rows]

    async def finish(
        self,
        reminder_id: int,
        status: ReminderStatus,
        now: datetime,
        *,
        note: str = "",
        broadcast_id: int | None = None,
    ) -> bool:
        """Marks a planned reminder sent or skipped; False if it was not planned any more."""
        return bool(
            await self.db.execute_count(
                "UPDATE reminders SET status = ?, note = ?, broadcast_id = ?, done_at = ?"
                " WHERE id = ? AND status = 'planned'",
                (status, note, broadcast_id, to_db(now), reminder_id),
            )
        )

    async def attach(self, reminder_id: int, broadcast_id: int, note: str) -> None:
        """Records the broadcast a reminder (claimed sent by `finish`) went out as."""
        await self.db.execute(
            "UPDATE reminders SET broadcast_id = ?, note = ? WHERE id = ?",
            (broadcast_id, note, reminder_id),
        )

    # Who each reminder reaches. Opted-out and blocked users are never among them.

    async def drafts(self, call_id: int) -> list[tuple[int, int, str | None, str]]:
        """(user, registration, step, answers JSON) of each unfinished draft."""
        rows = await self.db.fetch_all(
            f"SELECT r.user_id, r.id, r.step, {answers_object(self.db, 'r.id')}"
            " FROM registrations r WHERE r.call_id = ? AND r.status = 'draft' AND "
            + _REACHABLE.format(user="r.user_id"),
            (call_id, call_id),
        )
        return [(row[0], row[1], row[2], row[3]) for row in rows]

    async def followers(self, call_id: int) -> list[int]:
        """Followers who have not registered (a draft gets its own reminder)."""
        rows = await self.db.fetch_all(
            "SELECT f.user_id FROM followers f WHERE f.call_id = ? AND "
            + _REACHABLE.format(user="f.user_id")
            + " AND "
            + _UNREGISTERED.format(user="f.user_id"),
            (call_id, call_id, call_id),
        )
        return [row[0] for row in rows]

    async def newcomers(self, call_id: int) -> list[int]:
        """Users who started the bot and never opened the call."""
        rows = await self.db.fetch_all(
            "SELECT u.id FROM users u WHERE NOT EXISTS (SELECT 1 FROM call_events e"
            " WHERE e.call_id = ? AND e.user_id = u.id AND e.kind = 'opened')"
            f" AND {_REACHABLE.format(user='u.id')} AND {_UNREGISTERED.format(user='u.id')}",
            (call_id, call_id, call_id),
        )
        return [row[0] for row in rows]

    async def registrants(self, call_id: int, statuses: Iterable[str]) -> list[int]:
        statuses = tuple(statuses)
        marks = ", ".join("?" for _ in statuses)
        rows = await self.db.fetch_all(
            f"SELECT r.user_id FROM registrations r WHERE r.call_id = ? AND r.status IN ({marks})"
            f" AND {_REACHABLE.format(user='r.user_id')}",
            (call_id, *statuses, call_id),
        )
        return [row[0] for row in rows]

    async def opt_out(self, call_id: int, user_id: int, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO reminder_optouts (call_id, user_id, created_at)"
            " VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            (call_id, user_id, to_db(now)),
        )

    async def opt_in(self, call_id: int, user_id: int) -> None:
        await self.db.execute(
            "DELETE FROM reminder_optouts WHERE call_id = ? AND user_id = ?", (call_id, user_id)
        )

    async def opted_out(self, call_id: int, user_id: int) -> bool:
        return bool(
            await self.db.fetch_value(
                "SELECT 1 FROM reminder_optouts WHERE call_id = ? AND user_id = ?",
                (call_id, user_id),
            )
        )


# Fragments: the user is not blocked and has not opted out of this call's reminders (one
# `?` for the call id); the user has no registration for the call (one `?`).
_REACHABLE = (
    "{user} IN (SELECT id FROM users WHERE blocked_at IS NULL)"
    " AND {user} NOT IN (SELECT user_id FROM reminder_optouts WHERE call_id = ?)"
)
_UNREGISTERED = (
    "{user} NOT IN (SELECT user_id FROM registrations WHERE call_id = ? AND status != 'withdrawn')"
)


def _identity(kind: str, audience: str, offset: int, meeting: str, due_at: str | None) -> tuple:
    """What makes two reminders the same one: closing is per deadline, the rest per offset."""
    return (kind, audience, offset, meeting, due_at if kind == "close" else None)


def _reminder(row) -> Reminder:
    return Reminder(
        id=row["id"],
        call_id=row["call_id"],
        kind=ReminderKind(row["kind"]),
        audience=row["audience"],
        offset_minutes=row["offset_minutes"],
        meeting_key=row["meeting_key"],
        due_at=from_db(row["due_at"]),
        status=ReminderStatus(row["status"]),
        broadcast_id=row["broadcast_id"],
        note=row["note"],
        done_at=from_db(row["done_at"]),
    )


_KEY = ("call_id", "kind", "audience", "offset_minutes", "meeting_key")


def _key(row) -> tuple:
    """What makes a reminder the same one when its call is planned again (its time aside)."""
    return tuple(row[column] for column in _KEY)
