"""Storage: every migration applies from empty; WAL and foreign keys are on; times are UTC.

Each test runs on SQLite and on PostgreSQL (tests/backends.py)."""

import asyncio
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.domain.reminders import PlannedReminder, ReminderKind, ReminderStatus
from storage import Storage
from storage.db import Dialect, from_db, migrate, to_db
from tests.factories import small_call

MIGRATIONS = Path(__file__).resolve().parent.parent / "storage" / "migrations"
# PostgreSQL's: one baseline for SQLite's first twelve, then the same numbers as SQLite's.
PG_MIGRATIONS = MIGRATIONS / "postgresql"
TABLES = (
    "SELECT name FROM sqlite_master WHERE type = 'table'",
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
)


async def test_migrations_run_from_empty_and_only_once(database) -> None:
    storage = await Storage.open(database)
    try:
        sqlite = storage.db.dialect == Dialect.SQLITE
        versions = await storage.db.fetch_all(
            "SELECT version FROM schema_migrations ORDER BY version"
        )
        shipped = sorted(
            int(p.name[:4]) for p in (MIGRATIONS if sqlite else PG_MIGRATIONS).glob("*.sql")
        )
        assert [row[0] for row in versions] == shipped and shipped[0] == (1 if sqlite else 12)
        assert await migrate(storage.db) == []  # nothing left to apply
        tables = {row[0] for row in await storage.db.fetch_all(TABLES[0 if sqlite else 1])}
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
        if sqlite:
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


async def test_a_failed_transaction_leaves_nothing_behind(database) -> None:
    storage = await Storage.open(database)
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


async def test_statements_asked_together_answer_in_order_and_join_a_transaction(
    storage,
) -> None:
    """`together` runs a screen's independent statements at once on PostgreSQL; inside a
    transaction they must still be the transaction's (rolled back with it)."""
    now = datetime(2026, 12, 1, tzinfo=UTC)
    searches = storage.search
    assert await storage.together(
        storage.db.fetch_value("SELECT 1"),
        searches.remember(7, "سارا", now),
        searches.count(["سارا"]),
    ) == [1, None, 0]
    with pytest.raises(RuntimeError):
        async with storage.transaction():
            await storage.together(
                searches.remember(8, "علی", now), searches.remember(9, "x", now)
            )
            raise RuntimeError("boom")
    assert await searches.remembered(7) == "سارا"
    assert await searches.remembered(8) is None and await searches.remembered(9) is None


async def test_another_tasks_statement_waits_for_an_open_transaction(database) -> None:
    """One connection serves every task: a statement made while another task's transaction
    is open must not join it (and vanish with its rollback)."""
    storage = await Storage.open(database)
    db = storage.db
    await db.execute("CREATE TABLE notes (text TEXT)")
    opened = asyncio.Event()

    async def failing_transaction() -> None:
        async with db.transaction():
            await db.execute("INSERT INTO notes VALUES ('rolled back')")
            opened.set()
            await asyncio.sleep(0.05)  # the other task writes meanwhile
            raise RuntimeError("boom")

    async def other_write() -> None:
        await opened.wait()
        await db.execute("INSERT INTO notes VALUES ('kept')")

    try:
        results = await asyncio.gather(
            failing_transaction(), other_write(), return_exceptions=True
        )
        assert isinstance(results[0], RuntimeError) and results[1] is None
        rows = await db.fetch_all("SELECT text FROM notes")
        assert [row[0] for row in rows] == ["kept"]
    finally:
        await storage.close()


async def _seen(storage: Storage, now: datetime, first_name: str = "سارا"):
    return await storage.users.seen(
        1001,
        first_name=first_name,
        last_name=None,
        username=None,
        default_language="fa",
        now=now,
    )


async def _user_row(storage: Storage):
    return await storage.db.fetch_one(
        "SELECT first_name, language, last_seen_at, blocked_at, active_registration_id"
        " FROM users WHERE id = 1001"
    )


async def test_a_volunteer_writing_often_is_written_once_a_minute_and_nothing_is_lost(
    database,
) -> None:
    """Rows are not rewritten on every update, but every change is still seen and stored."""
    storage = await Storage.open(database)
    now = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
    try:
        await _seen(storage, now)
        await _seen(storage, now + timedelta(seconds=30))
        assert (await _user_row(storage))["last_seen_at"] == to_db(now)  # within the minute
        await _seen(storage, now + timedelta(seconds=61))
        assert (await _user_row(storage))["last_seen_at"] == to_db(now + timedelta(seconds=61))

        later = now + timedelta(seconds=70)
        assert (await _seen(storage, later, "سارا احمدی")).first_name == "سارا احمدی"
        assert (await _user_row(storage))["first_name"] == "سارا احمدی"  # a new name: written

        await storage.users.set_language(1001, "en")
        assert (await _seen(storage, later, "سارا احمدی")).language == "en"

        await storage.outbox.block_user(1001, later)
        await _seen(storage, later, "سارا احمدی")
        assert (await _user_row(storage))["blocked_at"] is None  # wrote again: not blocked

        await storage.privacy.erase_user(1001)
        assert await _user_row(storage) is None
        user = await _seen(storage, later, "سارا احمدی")
        assert (user.language, (await _user_row(storage))["language"]) == ("fa", "fa")
    finally:
        await storage.close()


async def test_a_deleted_draft_is_not_answered_through_a_remembered_user(database) -> None:
    from tests.factories import small_call

    storage = await Storage.open(database)
    now = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
    try:
        call, _ = await storage.calls.save(small_call(), now)
        await _seen(storage, now)
        draft = await storage.registrations.start_draft(call.id, 1001, "name", now)
        await storage.users.set_active_registration(1001, draft.id)
        assert (await _seen(storage, now)).active_registration_id == draft.id
        await storage.registrations.delete(draft.id)
        assert (await _seen(storage, now)).active_registration_id is None
        assert (await _user_row(storage))["active_registration_id"] is None
    finally:
        await storage.close()


async def test_an_admins_conversation_ends_only_when_it_is_the_one_answered(storage) -> None:
    """/find answers a 🔎 left open: it ends that question in one statement, and leaves any
    other conversation (a broadcast being written) as it was."""
    from bot.domain.admin_sessions import AdminSession, Flow, Step

    now = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
    await storage.admin_sessions.save(AdminSession(5, Flow.COMPOSE, Step.TEXT, {}), now)
    assert await storage.admin_sessions.end(5, Flow.FIND) is False
    assert (await storage.admin_sessions.get(5)).flow == Flow.COMPOSE
    await storage.admin_sessions.save(AdminSession(5, Flow.FIND, Step.TEXT, {}), now)
    assert await storage.admin_sessions.end(5, Flow.FIND) is True
    assert await storage.admin_sessions.get(5) is None
    assert await storage.admin_sessions.end(5) is False  # nothing left to end


async def test_replanning_writes_only_what_changed_and_keeps_what_was_sent(storage) -> None:
    """Start-up re-plans every call: a plan as stored is left as it is (the same rows), a
    moved reminder is planned at its new time, one sent is never planned again."""
    now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    call, _ = await storage.calls.save(small_call("replanned"), now)

    def planned(*hours: int, deadline: int = 48) -> list[PlannedReminder]:
        reminders = [
            PlannedReminder(ReminderKind.DEADLINE, "drafts", 60 * h, "", now + timedelta(hours=h))
            for h in hours
        ]
        close = PlannedReminder(ReminderKind.CLOSE, "call", 0, "", now + timedelta(hours=deadline))
        return [*reminders, close]

    def shown(reminders) -> set:
        return {(r.offset_minutes, r.status, r.due_at) for r in reminders}

    await storage.reminders.replan(call.id, planned(1, 24))
    before = await storage.reminders.for_call(call.id)
    await storage.reminders.replan(call.id, planned(1, 24))
    assert await storage.reminders.for_call(call.id) == before  # the same rows, ids and all

    [first, *_] = before
    assert await storage.reminders.finish(first.id, ReminderStatus.SENT, now)
    await storage.reminders.replan(call.id, planned(1, 24, 30, deadline=50))  # 30 h added
    after = await storage.reminders.for_call(call.id)
    assert shown(after) == {
        (60, ReminderStatus.SENT, now + timedelta(hours=1)),  # sent: not planned again
        (60 * 24, ReminderStatus.PLANNED, now + timedelta(hours=24)),
        (60 * 30, ReminderStatus.PLANNED, now + timedelta(hours=30)),
        (0, ReminderStatus.PLANNED, now + timedelta(hours=50)),  # the close, moved
    }
    assert {r.id for r in after} >= {r.id for r in before[:2]}  # the unchanged ones kept
    await storage.reminders.replan(call.id, planned(1))  # fewer: the rest unplanned
    assert shown(await storage.reminders.for_call(call.id)) == {
        (60, ReminderStatus.SENT, now + timedelta(hours=1)),
        (0, ReminderStatus.PLANNED, now + timedelta(hours=48)),
    }
