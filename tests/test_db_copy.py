"""`farakhan db copy`: a SQLite database moved into an empty PostgreSQL one, from the shell.

Every row arrives (counted table by table), the same people are found by /find and the
directory search, new rows get fresh ids; a non-empty target, or the wrong kind of database
on either side, is refused with one clear line and nothing changes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bench import dataset
from bench.harness import OPEN_MOMENT
from bot.domain.models import RegistrationStatus
from bot.domain.reminders import plan
from bot.domain.search import SearchQuery, read_query
from storage import Storage
from tests.backends import PostgresServer, _maintenance
from tests.factories import TEHRAN
from tests.postgres import database_url

ROOT = Path(__file__).resolve().parent.parent
ADMIN = 9001
QUERIES = ("سارا", "احمدی", "volunteer12", "۰۹۱۲۰۰۰۰۰۱", "FK-00000", "کسب‌وکارهای 42")
_names = iter(range(1, 1_000))


def farakhan(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "LOG_LEVEL": "ERROR"}
    env.pop("BOT_TOKEN", None)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
async def target(postgres_server: PostgresServer) -> AsyncIterator[str]:
    """A new PostgreSQL database, empty and not even migrated."""
    cluster = postgres_server.require()
    name = f"farakhan_copy_{os.getpid()}_{next(_names)}"
    await _maintenance(cluster.url, f"CREATE DATABASE {name} TEMPLATE template0")
    try:
        yield database_url(cluster.url, name)
    finally:
        await _maintenance(cluster.url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
async def source(tmp_path: Path) -> Path:
    """A SQLite database with a bit of everything: two calls, drafts and submitted
    registrations with answers, directory entries, an outbox, reminders, audit rows."""
    path = tmp_path / "farakhan.db"
    main, other = await dataset.create(
        path, [dataset.sample_spec(), dataset.sample_spec("second-call")]
    )
    users = dataset.add_users(path, 300)
    dataset.add_registrations(path, main, users[:250])
    dataset.add_directory(path, main, users[:120])
    dataset.add_backlog(path, users, OPEN_MOMENT)
    dataset.add_followers(path, [(other, user) for user in users[:40]], OPEN_MOMENT)
    storage = await Storage.open(path)
    try:
        for n, user in enumerate(users[200:230]):  # the second call's, through the bot's code
            draft = await storage.registrations.start_draft(other, user, "email", OPEN_MOMENT)
            await storage.registrations.save_answer(
                draft.id, "full_name", f"سارا کریمی {n}", OPEN_MOMENT
            )
            await storage.registrations.save_answer(
                draft.id, "expertise", ["law", "privacy"][: n % 2 + 1], OPEN_MOMENT
            )
            if n % 3:
                await storage.registrations.set_status(
                    draft.id,
                    RegistrationStatus.SUBMITTED,
                    OPEN_MOMENT,
                    reference_code=f"FK-2{n:05d}",
                )
        for call in await storage.calls.all():
            await storage.reminders.replan(call.id, plan(call, None, TEHRAN))
        for n in range(30):
            await storage.audit.record(ADMIN, "call.edit", OPEN_MOMENT, main, f"change {n}")
        drafts = await storage.db.fetch_all(
            "SELECT id, user_id FROM registrations WHERE status = 'draft'"
        )
        for draft in drafts:
            await storage.users.set_active_registration(draft["user_id"], draft["id"])
    finally:
        await storage.close()
    return path


TABLES = (
    "calls", "users", "registrations", "answers", "registration_events", "choice_tallies",
    "chosen_options", "registration_search", "directory_entries", "directory_choices",
    "directory_search", "broadcasts", "deliveries", "reminders", "audit_events", "followers",
    "call_events", "tallied_questions", "searched_questions",
)  # fmt: skip


async def contents(location: Path | str) -> dict[str, object]:
    """What a user of the bot would notice of the database: its counts, who /find and the
    directory search find, the drafts people are in the middle of, the tallies."""
    storage = await Storage.open(location)
    try:
        seen: dict[str, object] = {}
        for table in TABLES:
            seen[table] = await storage.db.fetch_value(f"SELECT COUNT(*) FROM {table}")
        for typed in QUERIES:
            query = read_query(typed)
            assert isinstance(query, SearchQuery)
            found = await storage.search.page(query.terms, 1000, 0)
            seen[f"/find {typed}"] = [(f.registration_id, f.answers) for f in found]
            entries = await storage.directory.page({}, 0, 1000, query.terms)
            seen[f"/directory {typed}"] = [e.user_id for e in entries]
        seen["drafts"] = sorted(
            tuple(row)
            for row in await storage.db.fetch_all(
                "SELECT id, active_registration_id FROM users"
                " WHERE active_registration_id IS NOT NULL"
            )
        )
        seen["tallies"] = sorted(
            tuple(row) for row in await storage.db.fetch_all("SELECT * FROM choice_tallies")
        )
        return seen
    finally:
        await storage.close()


async def test_a_copy_holds_every_row_finds_the_same_people_and_goes_on(
    source: Path, target: str
) -> None:
    before = await contents(source)
    assert before["registration_search"] and before["directory_search"]
    assert before["drafts"] and before["/find سارا"] and before["/directory احمدی"]

    copied = farakhan("db", "copy", f"sqlite:///{source}", target)

    assert copied.returncode == 0, copied.stderr
    assert "every count equal" in copied.stdout
    assert "  deliveries" in copied.stdout and "300 = 300" in copied.stdout
    assert await contents(target) == before

    # The bot goes on on PostgreSQL: new rows take ids after the copied ones, and the
    # triggers are on again (a new answer is found).
    storage = await Storage.open(target)
    try:
        highest = {
            table: await storage.db.fetch_value(f"SELECT MAX(id) FROM {table}")
            for table in ("audit_events", "calls", "registrations")
        }
        await storage.audit.record(ADMIN, "call.edit", OPEN_MOMENT + timedelta(hours=1))
        call, _ = await storage.calls.save(dataset.sample_spec("third-call"), OPEN_MOMENT)
        assert call.id == highest["calls"] + 1
        assert await storage.db.fetch_value("SELECT MAX(id) FROM audit_events") == (
            highest["audit_events"] + 1
        )
        draft = await storage.registrations.start_draft(
            call.id, 1_000_001, "full_name", OPEN_MOMENT
        )
        assert draft.id == highest["registrations"] + 1
        await storage.registrations.save_answer(draft.id, "full_name", "نسترن تازه", OPEN_MOMENT)
        [found] = await storage.search.page(("نسترن",), 10, 0)
        assert found.registration_id == draft.id
    finally:
        await storage.close()


async def test_a_target_holding_data_is_refused_and_left_as_it_was(
    source: Path, target: str
) -> None:
    storage = await Storage.open(target)
    await storage.calls.save(dataset.sample_spec("theirs"), OPEN_MOMENT)
    await storage.close()

    refused = farakhan("db", "copy", f"sqlite:///{source}", target)

    assert refused.returncode == 2
    said = refused.stderr.strip()
    assert said.startswith("farakhan: the target database is not empty: calls (1 row), "), said
    assert said.endswith(". db copy fills an empty database only; nothing was changed"), said
    after = await contents(target)
    assert after["calls"] == 1 and after["users"] == after["registrations"] == 0


async def test_the_wrong_kind_of_database_on_either_side_is_refused(
    source: Path, target: str, tmp_path: Path
) -> None:
    text = tmp_path / "notes.db"
    text.write_text("not a database\n", encoding="utf-8")
    for args, said in [
        ((target, target), "farakhan: the source must be a SQLite database (sqlite:///path.db)"),
        (
            (f"sqlite:///{source}", f"sqlite:///{tmp_path / 'other.db'}"),
            "farakhan: the target must be a PostgreSQL database (postgresql://",
        ),
        ((f"sqlite:///{text}", target), f"farakhan: {text} is not a SQLite database"),
        (
            (f"sqlite:///{tmp_path / 'missing.db'}", target),
            f"farakhan: no SQLite database at {tmp_path / 'missing.db'}",
        ),
    ]:
        refused = farakhan("db", "copy", *args)
        assert refused.returncode == 2, args
        assert refused.stderr.startswith(said), (args, refused.stderr)
    assert not (tmp_path / "missing.db").exists()
    assert not (tmp_path / "other.db").exists()
    storage = await Storage.open(target)
    try:
        assert await storage.db.fetch_value("SELECT COUNT(*) FROM calls") == 0
    finally:
        await storage.close()
