"""The send budget's learned rate, one row per bot (messenger and bot id, never the token)."""

from __future__ import annotations

from datetime import datetime

from bot.domain.budget import Learned
from storage.db import Database, to_db


class BudgetRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def learned(self, bot: str) -> Learned | None:
        row = await self.db.fetch_one(
            "SELECT rate, known_limit FROM send_budget WHERE bot = ?", (bot,)
        )
        return None if row is None else Learned(row["rate"], row["known_limit"])

    async def keep(self, bot: str, learned: Learned, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO send_budget (bot, rate, known_limit, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (bot) DO UPDATE SET rate = excluded.rate,"
            " known_limit = excluded.known_limit, updated_at = excluded.updated_at",
            (bot, learned.rate, learned.limit, to_db(now)),
        )
