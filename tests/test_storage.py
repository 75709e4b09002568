"""Storage: every migration applies from empty; WAL and foreign keys are on; times are UTC."""

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from storage import Storage
from storage.db import from_db, migrate, to_db

MIGRATIONS = Path(__file__).resolve().parent.parent / "storage" / "migrations"


async def test_migrations_run_from_empty_and_only_once(tmp_path) -> None:
    storage = await Storage.open(tmp_path / "new" / "farakhan.db")
    try:
        versions = await storage.db.fetch_all("SELECT version FROM schema_migrations")
        shipped = sorted(int(p.name[:4]) for p in MIGRATIONS.glob("*.sql"))
        assert [row[0] for row in versions] == shipped and shipped[0] == 1
        assert await migrate(storage.db) == []  # nothing left to apply
        tables = {
            row[0]
            for row in await storage.db.fetch_all(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
            )
        }
        assert {
            "users",
            "calls",
            "registrations",
            "answers",
            "broadcasts",
            "deliveries",
            "audit_events",
            "call_events",
            "followers",
            "admin_sessions",
        } <= tables
        assert await storage.db.fetch_value("PRAGMA journal_mode") == "wal"
        assert await storage.db.fetch_value("PRAGMA foreign_keys") == 1
    finally:
        await storage.close()


def test_times_are_stored_as_utc_text() -> None:
    tehran_evening = datetime(2026, 12, 1, 18, 0, tzinfo=timezone(timedelta(hours=3, minutes=30)))
    assert to_db(tehran_evening) == "2026-12-01T14:30:00.000000Z"
    assert from_db(to_db(tehran_evening)) == datetime(2026, 12, 1, 14, 30, tzinfo=UTC)
    with pytest.raises(ValueError):
        to_db(datetime(2026, 12, 1))


async def test_a_failed_transaction_leaves_nothing_behind(tmp_path) -> None:
    storage = await Storage.open(tmp_path / "farakhan.db")
    now = datetime(2026, 12, 1, tzinfo=UTC)
    try:
        with pytest.raises(RuntimeError):
            async with storage.transaction():
                await storage.users.seen(
                    1,
                    first_name="a",
                    last_name=None,
                    username=None,
                    default_language="fa",
                    now=now,
                )
                raise RuntimeError("boom")
        assert await storage.users.get(1) is None
    finally:
        await storage.close()
