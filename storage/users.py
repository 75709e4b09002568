"""Users: who talked to the bot, their language, and which draft they are answering."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from bot.domain.models import User
from storage.db import Database, to_db

# A volunteer filling in a form writes several times a minute. Their row is written again
# when their name changes, or this long after it was last written: last_seen_at is kept to
# the minute, and every update costs one database statement less.
SEEN_REFRESH = timedelta(minutes=1)


class SeenUsers:
    """Users written recently: id -> (names as written, when, the row as returned).

    Whatever else changes a user's row (outbox marking them blocked, erasing them) calls
    `forget`, so the next update writes the row again.
    """

    def __init__(self, refresh: timedelta = SEEN_REFRESH) -> None:
        # Zero among replicas (Storage.among_replicas): another process may have changed
        # the row (the draft being answered, the language) a moment ago.
        self.refresh = refresh
        self._users: dict[int, tuple[tuple[str | None, ...], datetime, User]] = {}

    def get(self, user_id: int, names: tuple[str | None, ...], now: datetime) -> User | None:
        entry = self._users.get(user_id)
        if entry is None or entry[0] != names or not entry[1] <= now < entry[1] + self.refresh:
            return None
        return entry[2]

    def keep(self, user: User, names: tuple[str | None, ...], now: datetime) -> None:
        if len(self._users) >= 10_000:  # a bound, not a policy: start over
            self._users.clear()
        self._users[user.id] = (names, now, user)

    def change(self, user_id: int, **fields: Any) -> None:
        """Applies a change just written to the user's row to the remembered copy."""
        if (entry := self._users.get(user_id)) is not None:
            self._users[user_id] = (entry[0], entry[1], replace(entry[2], **fields))

    def forget(self, user_id: int | str) -> None:
        self._users.pop(int(user_id), None)


class UserRepository:
    def __init__(self, db: Database, seen: SeenUsers | None = None) -> None:
        self.db = db
        self.recent = seen or SeenUsers()

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
        names = (first_name, last_name, username)
        if (user := self.recent.get(user_id, names, now)) is not None:
            return user
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
        user = User(**dict(row))
        self.recent.keep(user, names, now)
        return user

    async def get(self, user_id: int) -> User | None:
        row = await self.db.fetch_one(
            "SELECT id, language, first_name, username, active_registration_id"
            " FROM users WHERE id = ?",
            (user_id,),
        )
        return None if row is None else User(**dict(row))

    async def set_language(self, user_id: int, language: str) -> None:
        await self.db.execute("UPDATE users SET language = ? WHERE id = ?", (language, user_id))
        self.recent.change(user_id, language=language)

    async def set_active_registration(self, user_id: int, registration_id: int | None) -> None:
        """Marks which registration the user's next typed message answers (None: none)."""
        await self.db.execute(
            "UPDATE users SET active_registration_id = ? WHERE id = ?",
            (registration_id, user_id),
        )
        self.recent.change(user_id, active_registration_id=registration_id)
