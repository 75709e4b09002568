"""Moved dates waiting for the admin's decision, and who a move concerns."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.domain.models import ACTIVE, RegistrationStatus
from bot.domain.moves import DEADLINE, DateMove, MoveDecision
from storage.db import Database, from_db, to_db

_MOVE = "id, call_id, meeting_key, old_at, new_at, admin_id, created_at, decision"
_REACHABLE = "SELECT id FROM users WHERE blocked_at IS NULL"


class MoveRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, move_id: int) -> DateMove | None:
        row = await self.db.fetch_one(f"SELECT {_MOVE} FROM date_moves WHERE id = ?", (move_id,))
        return None if row is None else _move(row)

    async def undecided(self, call_id: int, meeting_key: str | None = None) -> list[DateMove]:
        """The call's moves still waiting for a decision (of one date, if given)."""
        sql = f"SELECT {_MOVE} FROM date_moves WHERE call_id = ? AND decision IS NULL"
        params: tuple = (call_id,)
        if meeting_key is not None:
            sql += " AND meeting_key = ?"
            params += (meeting_key,)
        rows = await self.db.fetch_all(sql + " ORDER BY id", params)
        return [_move(row) for row in rows]

    async def add(
        self,
        call_id: int,
        meeting_key: str,
        old_at: datetime,
        new_at: datetime,
        admin_id: int,
        now: datetime,
    ) -> DateMove:
        move_id = await self.db.fetch_value(
            "INSERT INTO date_moves (call_id, meeting_key, old_at, new_at, admin_id, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            (call_id, meeting_key, to_db(old_at), to_db(new_at), admin_id, to_db(now)),
        )
        move = await self.get(move_id)
        assert move is not None
        return move

    async def decide(
        self,
        move_id: int,
        decision: MoveDecision,
        now: datetime,
        broadcast_id: int | None = None,
    ) -> bool:
        """Records the decision; False when the move was decided already (a second press)."""
        changed = await self.db.execute_count(
            "UPDATE date_moves SET decision = ?, decided_at = ?, broadcast_id = ?"
            " WHERE id = ? AND decision IS NULL",
            (decision, to_db(now), broadcast_id, move_id),
        )
        return changed == 1

    async def set_broadcast(self, move_id: int, broadcast_id: int) -> None:
        await self.db.execute(
            "UPDATE date_moves SET broadcast_id = ? WHERE id = ?", (broadcast_id, move_id)
        )

    async def concerned(self, move: DateMove, meeting_statuses: Iterable[str]) -> list[int]:
        """Who a move concerns, once each: for the deadline, everyone registered, unfinished
        or following the call; for a meeting, those taking part (`meeting_statuses`).
        People who blocked the bot are left out."""
        if move.meeting_key == DEADLINE:
            statuses: tuple[str, ...] = (*ACTIVE, RegistrationStatus.DRAFT)
            followers = " UNION SELECT user_id FROM followers WHERE call_id = ?"
            extra: tuple = (move.call_id,)
        else:
            statuses, followers, extra = tuple(meeting_statuses), "", ()
        marks = ", ".join("?" for _ in statuses)
        rows = await self.db.fetch_all(
            "SELECT user_id FROM (SELECT user_id FROM registrations"
            f" WHERE call_id = ? AND status IN ({marks}){followers}) AS concerned"
            f" WHERE user_id IN ({_REACHABLE}) ORDER BY user_id",
            (move.call_id, *statuses, *extra),
        )
        return [row[0] for row in rows]


def _move(row) -> DateMove:
    return DateMove(
        id=row["id"],
        call_id=row["call_id"],
        meeting_key=row["meeting_key"],
        old_at=from_db(row["old_at"]),
        new_at=from_db(row["new_at"]),
        admin_id=row["admin_id"],
        created_at=from_db(row["created_at"]),
        decision=MoveDecision(row["decision"]) if row["decision"] else None,
    )
