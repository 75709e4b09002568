"""Search in the directory of experts, without Telegram: an entry is found by what its profile
says now, typed the way /find reads a query, and never once it has left the directory."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bench.dataset import sample_spec
from bot.domain.clock import ManualClock
from bot.domain.directory import Contribution, chosen, cutoffs, merge, profile_schema, renewed
from bot.domain.search import QueryProblem, SearchQuery, read_query
from bot.domain.settings import load_settings
from bot.services.directory import BROWSE, Directory
from storage import Storage, db
from storage.directory import View
from tests.chat import TEST_TOKEN

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
ADMIN = 9001
PRIVACY = 1  # the sample call's second expertise
SARA = {
    "full_name": "سارا احمدی",
    "registering_as": "organisation",
    "organisation_name": "انجمن صنفی کسب‌وکارهای مجازی",
    "expertise": ["privacy", "law"],
    "mobile": "+989121234567",
    "email": "sara.ahmadi@example.com",
}
REZA = {
    "full_name": "رضا رضایی",
    "registering_as": "person",
    "expertise": ["technology"],
    "mobile": "+989351112233",
    "email": "reza@example.org",
}


@pytest.fixture
async def storage(database: Path | str) -> AsyncIterator[Storage]:
    opened = await Storage.open(database)
    await opened.calls.save(sample_spec(), NOW)
    yield opened
    await opened.close()


async def enters(storage: Storage, user: int, at: datetime, **profile: object) -> None:
    """A registration with consent, merged into the person's entry as the bot merges one."""
    await storage.users.seen(
        user, first_name="x", last_name=None, username=None, default_language="fa", now=at
    )
    [call] = await storage.calls.all()
    schema = profile_schema([(call.spec.directory, call.form)])  # type: ignore[list-item]
    entry = await storage.directory.get(user)
    merged = merge(entry, Contribution(user, call.id, True, profile, at))  # type: ignore[arg-type]
    assert merged is not None
    await storage.directory.save(merged, chosen(merged.profile, schema))


async def found(storage: Storage, typed: str, **filters: tuple[str, ...]) -> list[int]:
    """The entries a query finds (every one, newest renewal first), counted alike."""
    query = read_query(typed)
    assert isinstance(query, SearchQuery), query
    entries = await storage.directory.page(filters, 0, 1000, query.terms)
    assert await storage.directory.count(filters, query.terms) == len(entries)
    return [entry.user_id for entry in entries]


async def indexed(storage: Storage) -> dict[int, str]:
    rows = await storage.db.fetch_all("SELECT rowid, body FROM directory_search")
    return {row[0]: row[1] for row in rows}


async def rebuilt(storage: Storage) -> dict[int, str]:
    """The oracle: every entry's document made afresh from what is stored now."""
    rows = await storage.db.fetch_all(
        "SELECT user_id, body FROM directory_documents WHERE body != ''"
    )
    return {row[0]: row[1] for row in rows}


async def recounted(storage: Storage) -> dict[tuple[str, str], int]:
    """The oracle: how many entries hold each option, counted afresh."""
    rows = await storage.db.fetch_all(
        "SELECT question_key, value, COUNT(*) FROM directory_choices GROUP BY question_key, value"
    )
    return {(row[0], row[1]): row[2] for row in rows}


async def test_an_entry_is_found_by_name_phone_email_and_profile_text(storage: Storage) -> None:
    await enters(storage, 1, NOW, **SARA)
    await enters(storage, 2, NOW + timedelta(hours=1), **REZA)
    for typed in (
        "سارا",
        "احمد",  # the start of a word
        "سارا احمدی",
        "۰۹۱۲۱۲۳۴۵۶۷",  # the phone in Persian digits, stored as +989121234567
        "٠٩١٢١٢٣٤٥٦٧",
        "+98 912 123 4567",
        "0098 9121234567",
        "0912 123",  # part of the number
        "SARA.AHMADI@example.com",
        "كسبوكارهاي",  # the organisation's name: Arabic ي, no ZWNJ
    ):
        assert await found(storage, typed) == [1], typed
    assert await found(storage, "رضایی") == [2]
    assert await found(storage, "example") == [2, 1]  # newest renewal first
    assert await found(storage, "سارا رضایی") == []  # every word, in one entry
    # A choice's answer is an option's name, not a word of the profile.
    for typed in ("organisation", "person", "privacy", "technology"):
        assert await found(storage, typed) == [], typed


async def test_a_search_narrows_the_ticked_options_and_pages(storage: Storage) -> None:
    for n in range(1, 24):
        expertise = ["privacy"] if n % 2 else ["law"]
        name = f"مریم کریمی {n}"
        await enters(storage, n, NOW + timedelta(minutes=n), **(REZA | {"full_name": name}))
        await enters(storage, n, NOW + timedelta(minutes=n), expertise=expertise)
    assert await found(storage, "مریم") == list(range(23, 0, -1))
    assert await found(storage, "مریم", expertise=("privacy",)) == list(range(23, 0, -2))
    assert await found(storage, "مریم 4", expertise=("law",)) == [4]
    assert await found(storage, "مریم 4", expertise=("privacy",)) == []
    query = read_query("مریم")
    assert isinstance(query, SearchQuery)
    second = await storage.directory.page({}, 10, 10, query.terms)
    assert [entry.user_id for entry in second] == list(range(13, 3, -1))


async def test_the_index_and_the_counts_follow_every_change_to_the_entries(
    storage: Storage,
) -> None:
    """The search documents, and the counts /directory shows beside each option (kept by
    the database), always say what the entries say, whatever happened to them."""
    rng = random.Random(15)
    keep = timedelta(days=730)
    people = list(range(100, 160))
    moment = NOW
    for _ in range(600):
        moment += timedelta(minutes=1)
        user = rng.choice(people)
        action = rng.random()
        if action < 0.7:  # a registration with consent: a newer answer, or the same again
            key = rng.choice(["full_name", "mobile", "email", "organisation_name", "expertise"])
            value = {
                "full_name": f"نام {rng.randint(1, 9)}",
                "mobile": f"+98912{rng.randint(0, 9999999):07d}",
                "email": f"v{rng.randint(1, 99)}@example.org",
                "organisation_name": f"انجمن {rng.randint(1, 9)}",
                "expertise": rng.sample(["privacy", "law", "technology"], rng.randint(0, 3)),
            }[key]
            await enters(storage, user, moment, **{key: value})
        elif action < 0.8:  # left the directory
            await storage.directory.delete(user)
        elif action < 0.85:  # /forget
            await storage.privacy.erase_user(user)
            people.remove(user)
        elif action < 0.9:  # stayed: renewed, its profile as it was
            if entry := await storage.directory.get(user):
                await storage.directory.save(renewed(entry, moment), [])
        else:  # the retention pass, as if two years went by for some
            limits = cutoffs(moment + keep * rng.random(), keep)
            await storage.directory.mark_warned(await storage.directory.warning_due(limits), NOW)
            await storage.directory.erase_due(limits)
    assert await indexed(storage) == await rebuilt(storage)
    assert await storage.directory.choice_counts() == await recounted(storage)
    assert len(await indexed(storage)) > 10 and len(await recounted(storage)) == 3
    total = await storage.directory.total()  # kept by triggers: a count of the entries
    assert total == await storage.db.fetch_value("SELECT COUNT(*) FROM directory_entries")
    assert len(await indexed(storage)) == total  # every entry has a name or a phone

    # Found by what it says now, not by what it said.
    [user, *_] = await indexed(storage)
    await enters(storage, user, moment + timedelta(days=1), full_name="یگانه")
    assert await found(storage, "یگانه") == [user]
    await enters(storage, user, moment + timedelta(days=2), full_name="دیگری")
    assert await found(storage, "یگانه") == []
    assert await found(storage, "دیگري") == [user]


async def test_those_who_left_are_not_found(storage: Storage) -> None:
    keep = timedelta(days=730)
    names = {1: "سارا احمدی", 2: "سارا رضایی", 3: "سارا کریمی", 4: "سارا موسوی"}
    for user, name in names.items():
        joined = NOW + keep if user == 4 else NOW  # renewed since: not due for erasure
        await enters(
            storage, user, joined, **(SARA | {"full_name": name, "mobile": f"+98912000000{user}"})
        )
    assert await found(storage, "سارا") == [4, 3, 2, 1]
    await storage.directory.delete(1)  # left, in /my
    await storage.privacy.erase_user(2)  # /forget: the user's row cascades to the entry
    limits = cutoffs(NOW + keep, keep)
    await storage.directory.mark_warned(await storage.directory.warning_due(limits), NOW)
    assert await storage.directory.erase_due(limits) == 1  # retention: Sara Karimi
    assert await found(storage, "سارا") == [4]
    for user in (1, 2, 3):
        assert await found(storage, f"۰۹۱۲۰۰۰۰۰۰{user}") == [], user
    assert await indexed(storage) == await rebuilt(storage)


async def test_entries_stored_before_the_search_existed_are_found(tmp_path, monkeypatch) -> None:
    """Migration 0011 indexes what an existing database's directory already holds."""
    everything = db._migration_files()
    path = tmp_path / "farakhan.db"
    monkeypatch.setattr(db, "_migration_files", lambda: [m for m in everything if m[0] < 11])
    storage = await Storage.open(path)
    try:
        await storage.calls.save(sample_spec(), NOW)
        await enters(storage, 1, NOW, **SARA)
        await storage.db.execute(
            "INSERT INTO directory_views (admin_id, view, filters, updated_at)"
            """ VALUES (?, 'browse', '{"expertise": ["law"]}', '')""",
            (ADMIN,),
        )
    finally:
        await storage.close()
    monkeypatch.setattr(db, "_migration_files", lambda: everything)
    storage = await Storage.open(path)
    try:
        assert await found(storage, "۰۹۱۲۱۲۳۴۵۶۷") == [1]
        assert await indexed(storage) == await rebuilt(storage)
        assert await storage.directory.view(ADMIN, BROWSE) == View({"expertise": ("law",)})
        # Migration 0015 counts the choices already held.
        assert await storage.directory.choice_counts() == await recounted(storage) != {}
    finally:
        await storage.close()


# The admin's search, kept for its pages (the service).


@pytest.fixture
def directory(storage: Storage, tmp_path) -> Directory:
    settings = load_settings(
        _env_file=None, BOT_TOKEN=TEST_TOKEN, DATABASE_URL=f"sqlite:///{tmp_path / 'f.db'}"
    )
    return Directory(storage=storage, clock=ManualClock(NOW), settings=settings, outbox=None)


async def test_the_search_is_kept_for_its_pages_until_the_directory_is_shown(
    storage: Storage, directory: Directory
) -> None:
    await enters(storage, 1, NOW, **SARA)
    await enters(storage, 2, NOW, **(REZA | {"full_name": "سارا رضایی"}))
    assert await directory.filter(ADMIN, "expertise", PRIVACY)  # ticked: Sara Ahmadi
    outcome = await directory.search(ADMIN, "سارا", within_filters=True)
    assert not isinstance(outcome, QueryProblem)
    page, _ = outcome
    assert [e.user_id for e in page.entries] == [1]
    assert (page.query, page.filtered, page.count) == ("سارا", True, 1)
    page, _ = await directory.page(ADMIN, 0)  # the list, again (from an entry's card)
    assert page.query == "سارا" and page.count == 1

    outcome = await directory.search(ADMIN, "سارا", within_filters=False)  # /directory سارا
    assert not isinstance(outcome, QueryProblem)
    assert (outcome[0].count, outcome[0].filtered) == (2, False)
    assert await storage.directory.view(ADMIN, BROWSE) == View({}, query="سارا")

    await directory.end_search(ADMIN)  # back on /directory: the list is the options' again
    page, _ = await directory.page(ADMIN, 0)
    assert page.query is None and page.count == 2


async def test_a_query_not_searched_changes_nothing(
    storage: Storage, directory: Directory
) -> None:
    await enters(storage, 1, NOW, **SARA)
    assert await directory.filter(ADMIN, "expertise", PRIVACY)
    before = await storage.directory.view(ADMIN, BROWSE)
    for typed, problem in (
        ("\u2066\u2069", QueryProblem.EMPTY),
        ("س", QueryProblem.TOO_SHORT),
        ("سارا " * 25, QueryProblem.TOO_LONG),
    ):
        assert await directory.search(ADMIN, typed, within_filters=False) == problem
    assert await storage.directory.view(ADMIN, BROWSE) == before


async def test_forget_erases_what_an_admin_searched_the_directory_for(
    storage: Storage, directory: Directory
) -> None:
    await enters(storage, 1, NOW, **SARA)
    await enters(storage, ADMIN, NOW, **REZA)  # the admin is in the directory too
    await directory.search(ADMIN, "۰۹۱۲۱۲۳۴۵۶۷", within_filters=False)
    await storage.privacy.erase_user(ADMIN)
    assert await storage.directory.view(ADMIN, BROWSE) is None
    assert await found(storage, "رضایی") == []
