"""The people who use the bot: remembered as they write, with the language they chose."""

from __future__ import annotations

from bot.domain.clock import Clock
from bot.domain.models import User
from storage import Storage


class People:
    def __init__(self, *, storage: Storage, clock: Clock, default_language: str) -> None:
        self.storage = storage
        self.clock = clock
        self.default_language = default_language

    async def seen(
        self,
        user_id: int,
        *,
        first_name: str | None,
        last_name: str | None,
        username: str | None,
    ) -> User:
        """Records that the person wrote (name, last seen) and returns them as stored."""
        return await self.storage.users.seen(
            user_id,
            first_name=first_name,
            last_name=last_name,
            username=username,
            default_language=self.default_language,
            now=self.clock.now(),
        )

    async def set_language(self, user_id: int, language: str) -> None:
        await self.storage.users.set_language(user_id, language)
