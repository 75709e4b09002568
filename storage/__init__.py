"""Storage: one database (SQLite, or PostgreSQL), one repository per aggregate, grouped in
`Storage`."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from datetime import timedelta
from pathlib import Path
from typing import Any

from storage.admin_sessions import AdminSessionRepository
from storage.audit import AuditRepository
from storage.budget import BudgetRepository
from storage.calls import CallRepository
from storage.channel_posts import ChannelPostRepository
from storage.db import Database
from storage.directory import DirectoryRepository
from storage.funnel import FunnelRepository
from storage.gauges import GaugeRepository
from storage.moves import MoveRepository
from storage.outbox import OutboxRepository
from storage.privacy import PrivacyRepository
from storage.registrants import RegistrantRepository
from storage.registrations import RegistrationRepository
from storage.reminders import ReminderRepository
from storage.replicas import ReplicaRepository
from storage.search import SearchRepository
from storage.sqlite import SqliteDatabase
from storage.users import SeenUsers, UserRepository

POSTGRESQL_SCHEMES = ("postgresql://", "postgres://")


class Storage:
    """The open database and its repositories, built once in the application's post_init."""

    def __init__(self, db: Database) -> None:
        self.db = db
        # Users written recently, shared by the repositories that change them (not kept
        # among replicas: `among_replicas`).
        seen = self._seen = SeenUsers()
        self.users = UserRepository(db, seen)
        self.calls = CallRepository(db)
        self.registrations = RegistrationRepository(db, seen)
        self.funnel = FunnelRepository(db)
        self.outbox = OutboxRepository(db, seen)
        self.audit = AuditRepository(db)
        self.admin_sessions = AdminSessionRepository(db)
        self.reminders = ReminderRepository(db)
        self.privacy = PrivacyRepository(db, seen)
        self.search = SearchRepository(db)
        self.moves = MoveRepository(db)
        self.registrants = RegistrantRepository(db)
        self.directory = DirectoryRepository(db)
        self.budget = BudgetRepository(db)
        self.gauges = GaugeRepository(db)
        self.replicas = ReplicaRepository(db)
        self.channel_posts = ChannelPostRepository(db)
        self.locks = db.process_locks()  # connects at first use: the CLI never does

    @classmethod
    async def open(cls, location: Path | str, *, serving: bool = False) -> Storage:
        """Opens (and migrates) the database at `location`: a SQLite file's path, or a
        DATABASE_URL (`sqlite:///…`, `postgresql://…`). `serving`: for a bot, which takes
        the locks among processes from its start; their connection is opened meanwhile
        (on PostgreSQL a connection of their own, about 7 ms)."""
        db = database_at(location)
        storage = cls(db)
        if not serving:
            await db.open()
            return storage
        try:
            await asyncio.gather(db.open(), storage.locks.connect())
        except BaseException:
            await storage.locks.close()
            raise
        return storage

    def among_replicas(self) -> None:
        """This process serves updates beside others (webhook replicas on PostgreSQL):
        another may change a user's row (the draft being answered, the language) between
        two of their updates, so users are read afresh at each one, not kept for a minute.
        One process alone (SQLite, or the one poller) keeps them."""
        self._seen.refresh = timedelta(0)

    async def close(self) -> None:
        await self.locks.close()
        await self.db.close()

    async def together(self, *steps: Awaitable[Any]) -> list[Any]:
        """Independent repository calls, at once where the database gains by it."""
        return await self.db.together(*steps)

    def transaction(self):
        """Groups several repository calls into one transaction."""
        return self.db.transaction()


def database_at(location: Path | str) -> Database:
    """The database a path or a DATABASE_URL names (not opened yet)."""
    if isinstance(location, str):
        if location.startswith(POSTGRESQL_SCHEMES):
            # Imported here: a SQLite installation never loads asyncpg.
            from storage.postgresql import PostgresDatabase

            return PostgresDatabase(location)
        location = Path(location.removeprefix("sqlite:///"))
    return SqliteDatabase(location)


__all__ = ["POSTGRESQL_SCHEMES", "Storage", "database_at"]
