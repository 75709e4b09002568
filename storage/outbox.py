"""The outbox: broadcasts and their deliveries, one row per recipient, unique per broadcast."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from bot.domain.broadcasts import (
    Broadcast,
    BroadcastKind,
    BroadcastStatus,
    Delivery,
    DeliveryCounts,
    Priority,
    SendResult,
    priority_of,
)
from bot.domain.models import ACTIVE
from bot.domain.segments import Segment, SegmentKind
from storage.db import Database, Dialect, from_db, to_db
from storage.dialect import json_ids, skip_locked
from storage.users import SeenUsers

_BROADCAST = (
    "id, kind, call_id, segment, payload, created_by, created_at, status, progress_chat_id,"
    " progress_message_id, finished_at"
)


def _recipients(segment: Segment) -> tuple[str, tuple[Any, ...]]:
    """A SELECT of the segment's chat ids (users who blocked the bot are left out)."""
    not_blocked = "SELECT id FROM users WHERE blocked_at IS NULL"
    if segment.kind == SegmentKind.EVERYONE:
        return "SELECT id AS chat_id FROM users WHERE blocked_at IS NULL", ()
    if segment.kind == SegmentKind.FOLLOWERS:
        return (
            "SELECT user_id AS chat_id FROM followers"
            f" WHERE call_id = ? AND user_id IN ({not_blocked})",
            (segment.call_id,),
        )
    if segment.kind == SegmentKind.DRAFTS:
        statuses: tuple[str, ...] = ("draft",)
    elif segment.status == "active":
        statuses = tuple(ACTIVE)
    else:
        statuses = (segment.status or "",)
    marks = ", ".join("?" for _ in statuses)
    return (
        f"SELECT user_id AS chat_id FROM registrations WHERE call_id = ? AND status IN ({marks})"
        f" AND user_id IN ({not_blocked})",
        (segment.call_id, *statuses),
    )


class OutboxRepository:
    def __init__(self, db: Database, seen: SeenUsers | None = None) -> None:
        self.db = db
        self.seen = seen or SeenUsers()

    async def count(self, segment: Segment) -> int:
        """How many recipients the segment has right now."""
        if segment.kind == SegmentKind.CHATS:
            return len(set(segment.chat_ids))
        sql, params = _recipients(segment)
        return await self.db.fetch_value(f"SELECT COUNT(*) FROM ({sql}) AS recipients", params)

    async def create(
        self,
        kind: BroadcastKind,
        segment: Segment,
        payload: dict[str, Any],
        now: datetime,
        *,
        call_id: int | None = None,
        created_by: int | None = None,
        progress_chat_id: int | None = None,
        recipients: Sequence[tuple[int, dict[str, Any] | None]] | None = None,
    ) -> tuple[Broadcast, int]:
        """Stores the broadcast and one pending delivery per recipient, atomically.

        `recipients` (chat, data) replaces the segment's query when each copy differs.
        """
        priority = int(priority_of(kind))
        async with self.db.transaction():
            broadcast_id = await self.db.fetch_value(
                f"INSERT INTO broadcasts ({_BROADCAST.removeprefix('id, ')})"
                " VALUES (?, ?, ?, ?, ?, ?, 'sending', ?, NULL, NULL) RETURNING id",
                (
                    kind,
                    call_id,
                    segment.describe(),
                    json.dumps(payload, ensure_ascii=False),
                    created_by,
                    to_db(now),
                    progress_chat_id,
                ),
            )
            if recipients is not None:
                await self.db.execute_many(
                    "INSERT INTO deliveries (broadcast_id, chat_id, status, data, priority)"
                    " VALUES (?, ?, 'pending', ?, ?) ON CONFLICT DO NOTHING",
                    [
                        (
                            broadcast_id,
                            chat,
                            json.dumps(data, ensure_ascii=False) if data else None,
                            priority,
                        )
                        for chat, data in recipients
                    ],
                )
            elif segment.kind == SegmentKind.CHATS:
                for chat_id in dict.fromkeys(segment.chat_ids):
                    await self.db.execute(
                        "INSERT INTO deliveries (broadcast_id, chat_id, status, priority)"
                        " VALUES (?, ?, 'pending', ?)",
                        (broadcast_id, chat_id, priority),
                    )
            else:
                sql, params = _recipients(segment)
                await self.db.execute(
                    # (`WHERE TRUE`: SQLite's parser needs it before an ON CONFLICT.)
                    "INSERT INTO deliveries (broadcast_id, chat_id, status, priority)"
                    f" SELECT CAST(? AS BIGINT), chat_id, 'pending', CAST(? AS INTEGER)"
                    f" FROM ({sql}) AS recipients WHERE TRUE ORDER BY chat_id"
                    " ON CONFLICT DO NOTHING",
                    (broadcast_id, priority, *params),
                )
            count = await self.db.fetch_value(
                "SELECT COUNT(*) FROM deliveries WHERE broadcast_id = ?", (broadcast_id,)
            )
        broadcast = await self.get(broadcast_id)
        assert broadcast is not None
        return broadcast, count

    async def get(self, broadcast_id: int) -> Broadcast | None:
        row = await self.db.fetch_one(
            f"SELECT {_BROADCAST} FROM broadcasts WHERE id = ?", (broadcast_id,)
        )
        return None if row is None else _broadcast(row)

    async def recent(
        self, limit: int = 10, kinds: Iterable[str] = (BroadcastKind.BROADCAST,)
    ) -> list[Broadcast]:
        kinds = tuple(kinds)
        marks = ", ".join("?" for _ in kinds)
        rows = await self.db.fetch_all(
            f"SELECT {_BROADCAST} FROM broadcasts WHERE kind IN ({marks}) ORDER BY id DESC"
            " LIMIT ?",
            (*kinds, limit),
        )
        return [_broadcast(row) for row in rows]

    async def sending(self) -> list[Broadcast]:
        """Broadcasts not finished yet."""
        rows = await self.db.fetch_all(
            f"SELECT {_BROADCAST} FROM broadcasts WHERE status = 'sending' ORDER BY id"
        )
        return [_broadcast(row) for row in rows]

    async def set_progress_message(self, broadcast_id: int, chat_id: int, message_id: int) -> None:
        await self.db.execute(
            "UPDATE broadcasts SET progress_chat_id = ?, progress_message_id = ? WHERE id = ?",
            (chat_id, message_id, broadcast_id),
        )

    async def due(
        self,
        limit: int,
        skip: Iterable[int] = (),
        *,
        replica: str | None = None,
        live_since: datetime | None = None,
    ) -> list[Delivery]:
        """Pending deliveries by priority, then in order, leaving out ids the sender holds
        back (in flight, or waiting for their chat's next second).

        With several replicas (`replica`, and `live_since`: a replica seen since then is
        alive), the batch is first taken for `replica`: rows another live replica took are
        left out, and rows being taken by another at this moment are skipped rather than
        waited for. Taking a row is not claiming it: it stays pending (a replica that dies
        leaves it for the others), and `claim` still decides who sends it.
        """
        held: tuple[int | str, ...] = tuple(skip)
        leave_out = f" AND d.id NOT IN ({', '.join('?' for _ in held)})" if held else ""
        if replica is not None:
            assert live_since is not None
            take = (
                "UPDATE deliveries SET replica = ? WHERE id IN (SELECT d.id FROM deliveries d"
                " JOIN broadcasts b ON b.id = d.broadcast_id AND b.status = 'sending'"
                " WHERE d.status = 'pending' AND (d.replica IS NULL OR d.replica = ?"
                " OR d.replica NOT IN (SELECT id FROM replicas WHERE seen_at >= ?))"
                f"{leave_out} ORDER BY d.priority, d.id LIMIT ?{skip_locked(self.db, 'd')})"
            )
            taking = (replica, replica, to_db(live_since), *held, limit)
            if self.db.dialect == Dialect.POSTGRESQL:  # taken and read in one statement
                rows = await self.db.fetch_all(
                    f"WITH taken AS ({take} RETURNING id, broadcast_id, chat_id, attempts,"
                    " data, priority) SELECT t.id, t.broadcast_id, t.chat_id, t.attempts,"
                    " u.language, t.data, t.priority FROM taken t"
                    " LEFT JOIN users u ON u.id = t.chat_id ORDER BY t.priority, t.id",
                    taking,
                )
                return [_delivery(row) for row in rows]
            taken = await self.db.fetch_all(f"{take} RETURNING id", taking)
            if not taken:
                return []
            leave_out = f" AND d.id IN {json_ids(self.db)}"
            held = (json.dumps([row[0] for row in taken]),)
        rows = await self.db.fetch_all(
            "SELECT d.id, d.broadcast_id, d.chat_id, d.attempts, u.language, d.data, d.priority"
            " FROM deliveries d"
            " JOIN broadcasts b ON b.id = d.broadcast_id AND b.status = 'sending'"
            " LEFT JOIN users u ON u.id = d.chat_id"
            f" WHERE d.status = 'pending'{leave_out} ORDER BY d.priority, d.id LIMIT ?",
            (*held, limit),
        )
        return [_delivery(row) for row in rows]

    async def claim(self, delivery_id: int, replica: str | None = None) -> bool:
        """Marks the delivery `sending` (by `replica`), right before its send, if it is still
        wanted: still pending (not erased with its person, not withdrawn, not claimed by
        another replica) and its chat has not blocked the bot. Recorded before the send, so
        a crash mid-send never leads to a second copy. One conditional UPDATE: of two
        replicas claiming one row, the second finds it no longer pending."""
        claimed = await self.db.execute_count(
            "UPDATE deliveries SET status = 'sending', attempts = attempts + 1, replica = ?"
            " WHERE id = ? AND status = 'pending' AND NOT EXISTS"
            " (SELECT 1 FROM users u WHERE u.id = deliveries.chat_id"
            " AND u.blocked_at IS NOT NULL)",
            (replica, delivery_id),
        )
        return claimed == 1

    async def withdraw(self, chat_id: int, kinds: Iterable[BroadcastKind]) -> int:
        """Deletes a person's pending deliveries of these kinds (they left what they were
        for); returns how many."""
        kinds = tuple(kinds)
        marks = ", ".join("?" for _ in kinds)
        return await self.db.execute_count(
            "DELETE FROM deliveries WHERE chat_id = ? AND status = 'pending'"
            f" AND broadcast_id IN (SELECT id FROM broadcasts WHERE kind IN ({marks}))",
            (chat_id, *kinds),
        )

    async def mark(self, delivery_id: int, result: SendResult, now: datetime) -> None:
        """Records a send's outcome (status PENDING puts it back for a retry)."""
        await self.db.execute(
            "UPDATE deliveries SET status = ?, error = ?,"
            " attempts = attempts - CASE WHEN ? THEN 0 ELSE 1 END,"
            " sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END WHERE id = ?",
            (result.status, result.error, result.counts, result.status, to_db(now), delivery_id),
        )

    async def recover_interrupted(self, live_since: datetime | None = None) -> int:
        """After a crash: sends that may or may not have left are never repeated.

        With several replicas (`live_since`: a replica seen since then is alive), only the
        rows of replicas that died are: the live ones' sends are still under way."""
        if live_since is None:
            return await self.db.execute_count(
                "UPDATE deliveries SET status = 'unknown', error = 'interrupted while sending'"
                " WHERE status = 'sending'"
            )
        return await self.db.execute_count(
            "UPDATE deliveries SET status = 'unknown', error = 'interrupted while sending'"
            " WHERE status = 'sending' AND (replica IS NULL"
            " OR replica NOT IN (SELECT id FROM replicas WHERE seen_at >= ?))",
            (to_db(live_since),),
        )

    async def counts(self, broadcast_id: int) -> DeliveryCounts:
        rows = await self.db.fetch_all(
            "SELECT status, COUNT(*) FROM deliveries WHERE broadcast_id = ? GROUP BY status",
            (broadcast_id,),
        )
        return DeliveryCounts(**{row[0]: row[1] for row in rows})

    async def backlog(self) -> int:
        return await self.db.fetch_value(
            "SELECT COUNT(*) FROM deliveries WHERE status = 'pending'"
        )

    async def backlog_by_priority(self) -> dict[Priority, int]:
        """Pending deliveries of broadcasts still going out, by priority (every one shown)."""
        rows = await self.db.fetch_all(
            "SELECT priority, COUNT(*) FROM deliveries WHERE status = 'pending' GROUP BY priority"
        )
        counts: dict[Priority, int] = {p: 0 for p in Priority if p != Priority.REPLY}
        counts.update({Priority(row[0]): row[1] for row in rows})
        return counts

    async def finish(
        self, broadcast_id: int, now: datetime, status: BroadcastStatus = BroadcastStatus.DONE
    ) -> None:
        await self.db.execute(
            "UPDATE broadcasts SET status = ?, finished_at = ? WHERE id = ?",
            (status, to_db(now), broadcast_id),
        )

    async def block_user(self, user_id: int | str, now: datetime) -> None:
        await self.db.execute(
            "UPDATE users SET blocked_at = ? WHERE id = ?", (to_db(now), user_id)
        )
        self.seen.forget(user_id)  # their next message unblocks them


def _broadcast(row) -> Broadcast:
    return Broadcast(
        id=row["id"],
        kind=row["kind"],
        call_id=row["call_id"],
        segment=row["segment"],
        payload=json.loads(row["payload"]),
        created_by=row["created_by"],
        created_at=from_db(row["created_at"]),
        status=BroadcastStatus(row["status"]),
        progress_chat_id=row["progress_chat_id"],
        progress_message_id=row["progress_message_id"],
        finished_at=from_db(row["finished_at"]),
    )


def _delivery(row) -> Delivery:
    return Delivery(
        row["id"],
        row["broadcast_id"],
        row["chat_id"],
        row["attempts"],
        row["language"],
        json.loads(row["data"]) if row["data"] else None,
        Priority(row["priority"]),
    )
