"""Users: who talked to the bot, their language, and which draft they are answering."""

from __future__ import annotations

from datetime import datetime

from bot.models import User
from storage.db import Database, to_db


class UserRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def seen(
        self,
        user_id: int,
        *,
        first_name: str | None,
        last_name: str | None,
        username: str | None,
        default_language: str,
        now: datetime,
    ) -> User:
        """Records that the user wrote now (creating them on first contact); returns them."""
        row = await self.db.fetch_one(
            "INSERT INTO users (id, first_name, last_name, username, language, created_at,"
            " last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET first_name = excluded.first_name,"
            " last_name = excluded.last_name, username = excluded.username,"
            " last_seen_at = excluded.last_seen_at, blocked_at = NULL"
            " RETURNING id, language, first_name, username, active_registration_id",
            (user_id, first_name, last_name, username, default_language, to_db(now), to_db(now)),
        )
        assert row is not None
        return User(**dict(row))

    async def get(self, user_id: int) -> User | None:
        row = await self.db.fetch_one(
            "SELECT id, language, first_name, username, active_registration_id"
            " FROM users WHERE id = ?",
            (user_id,),
        )
        return None if row is None else User(**dict(row))

    async def set_language(self, user_id: int, language: str) -> None:
        await self.db.execute("UPDATE users SET language = ? WHERE id = ?", (language, user_id))

    async def set_active_registration(self, user_id: int, registration_id: int | None) -> None:
        """Marks which registration the user's next typed message answers (None: none)."""
        await self.db.execute(
            "UPDATE users SET active_registration_id = ? WHERE id = ?",
            (registration_id, user_id),
        )
