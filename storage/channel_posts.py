"""Posts to channels outside the messenger (Eitaa): one row per channel and post."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.domain.channels import ChannelPost, NewPost, PostKind, PostResult, PostStatus
from storage.db import Database, Row, from_db, to_db

_COLUMNS = (
    "id, call_id, service, channel, kind, text, pin, status, error, attempts, reminder_id,"
    " requested_by, created_at, done_at"
)


class ChannelPostRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(self, posts: Iterable[NewPost], now: datetime) -> list[int]:
        """Writes the posts to make (pending); a reminder's post to a channel only once."""
        ids = []
        for post in posts:
            row = await self.db.fetch_one(
                "INSERT INTO channel_posts (call_id, service, channel, kind, text, pin,"
                " reminder_id, requested_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (reminder_id, service, channel) WHERE reminder_id IS NOT NULL"
                " DO NOTHING RETURNING id",
                (
                    post.call_id,
                    post.service,
                    post.channel,
                    post.kind,
                    post.text,
                    int(post.pin),
                    post.reminder_id,
                    post.requested_by,
                    to_db(now),
                ),
            )
            if row is not None:
                ids.append(row["id"])
        return ids

    async def claim(self, post_id: int) -> bool:
        """Takes a pending post for its request; False when it is not pending any more."""
        return (
            await self.db.execute_count(
                "UPDATE channel_posts SET status = 'sending' WHERE id = ? AND status = 'pending'",
                (post_id,),
            )
            == 1
        )

    async def finish(self, post_id: int, result: PostResult, now: datetime) -> None:
        status = PostStatus.SENT if result.ok else PostStatus.FAILED
        await self.db.execute(
            "UPDATE channel_posts SET status = ?, error = ?, attempts = ?, message_id = ?,"
            " done_at = ? WHERE id = ?",
            (status, result.error, result.attempts, result.message_id, to_db(now), post_id),
        )

    async def get_many(self, post_ids: list[int]) -> list[ChannelPost]:
        rows = []
        for post_id in post_ids:
            row = await self.db.fetch_one(
                f"SELECT {_COLUMNS} FROM channel_posts WHERE id = ?", (post_id,)
            )
            if row is not None:
                rows.append(_post(row))
        return rows

    async def pending(self) -> list[int]:
        """Posts written but not yet tried (the process stopped before their turn)."""
        rows = await self.db.fetch_all(
            "SELECT id FROM channel_posts WHERE status = 'pending' ORDER BY id"
        )
        return [row["id"] for row in rows]

    async def recover_interrupted(self) -> int:
        """Posts cut off mid-request become `unknown`: never posted a second time."""
        return await self.db.execute_count(
            "UPDATE channel_posts SET status = 'unknown' WHERE status = 'sending'"
        )

    async def pinned(self, call_id: int, service: str) -> list[str]:
        """The channels where the call's announcement was posted pinned."""
        rows = await self.db.fetch_all(
            "SELECT channel FROM channel_posts WHERE call_id = ? AND service = ?"
            " AND kind = ? AND pin = 1 AND status = 'sent' GROUP BY channel ORDER BY MIN(id)",
            (call_id, service, PostKind.ANNOUNCEMENT),
        )
        return [row["channel"] for row in rows]

    async def for_call(self, call_id: int) -> list[ChannelPost]:
        rows = await self.db.fetch_all(
            f"SELECT {_COLUMNS} FROM channel_posts WHERE call_id = ? ORDER BY id", (call_id,)
        )
        return [_post(row) for row in rows]


def _post(row: Row) -> ChannelPost:
    return ChannelPost(
        id=row["id"],
        call_id=row["call_id"],
        service=row["service"],
        channel=row["channel"],
        kind=PostKind(row["kind"]),
        text=row["text"],
        pin=bool(row["pin"]),
        status=PostStatus(row["status"]),
        error=row["error"],
        attempts=row["attempts"],
        reminder_id=row["reminder_id"],
        requested_by=row["requested_by"],
        created_at=from_db(row["created_at"]),
        done_at=from_db(row["done_at"]),
    )
