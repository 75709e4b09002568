"""Databases of national size, generated directly (not through the bot): users, registrations
and their answers in one call, an outbox backlog, many calls with planned reminders.

Schema and calls go through `Storage` (migrations, the call repository); the bulk rows are
inserted with the standard library's sqlite3 in one transaction, before the bot runs.
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from bench.harness import OPEN_MOMENT
from bot.domain.calls import SAMPLE_CALL, CallSpec, load_call_file
from bot.domain.settings import load_settings
from storage import Storage
from storage.db import to_db

EXPERTISE = ("law", "privacy", "technology", "business", "policy", "research", "other")
FIRST_NAMES = ("سارا", "رضا", "مریم", "علی", "زهرا", "محمد", "نرگس", "حسین", "لیلا", "امیر")
LAST_NAMES = ("احمدی", "رضایی", "کریمی", "حسینی", "موسوی", "جعفری", "صادقی", "رحیمی")
PROPOSAL = (
    "حق فراموش‌شدن، شفافیت در جمع‌آوری داده‌ها و حق اعتراض به تصمیم‌های خودکار باید در قانون"
    " دیده شود؛ سکوها باید گزارش سالانه بدهند و کاربران بتوانند داده‌هایشان را بگیرند."
)
# Of every 100 registrations: drafts, submitted, waitlisted, withdrawn.
FUNNEL = ("opened", "agreed")
STATUS_MIX = (("draft", 5), ("submitted", 85), ("waitlisted", 4), ("withdrawn", 6))


@cache
def _sample() -> CallSpec:
    return load_call_file(SAMPLE_CALL, load_settings(_env_file=None).tz)


def sample_spec(slug: str | None = None, **changes: object) -> CallSpec:
    """The shipped sample call, optionally under another slug or with other fields."""
    spec = _sample()
    if slug is not None:
        changes["slug"] = slug
    return spec.model_copy(update=changes) if changes else spec


async def create(path: Path, specs: list[CallSpec]) -> list[int]:
    """A migrated database at `path` holding `specs`; returns their call ids."""
    storage = await Storage.open(path)
    try:
        ids = []
        for spec in specs:
            call, _ = await storage.calls.save(spec, OPEN_MOMENT)
            ids.append(call.id)
        return ids
    finally:
        await storage.close()


@contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain connection for bulk inserts (the bot is not running yet)."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=OFF")
        yield connection
    finally:
        connection.close()


def add_users(path: Path, count: int, first_id: int = 1_000_000) -> range:
    """`count` users who started the bot; returns their ids."""
    ids = range(first_id, first_id + count)
    seen = to_db(OPEN_MOMENT)
    rows = (
        (
            user,
            FIRST_NAMES[user % len(FIRST_NAMES)],
            LAST_NAMES[user % len(LAST_NAMES)],
            "fa" if user % 10 else "en",
            seen,
            seen,
        )
        for user in ids
    )
    with _connect(path) as connection:
        connection.execute("BEGIN")
        connection.executemany(
            "INSERT INTO users (id, first_name, last_name, language, created_at, last_seen_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
        connection.execute("COMMIT")
    return ids


def _answers(rng: random.Random, n: int) -> Iterator[tuple[str, object]]:
    yield "full_name", f"{FIRST_NAMES[n % 10]} {LAST_NAMES[n % 8]} {n}"
    as_organisation = n % 3 == 0
    yield "registering_as", "organisation" if as_organisation else "person"
    if as_organisation:
        yield "organisation_name", f"انجمن صنفی کسب‌وکارهای مجازی شمارهٔ {n % 500}"
        if n % 2:
            yield "organisation_role", "دبیر"
    yield "expertise", sorted(rng.sample(EXPERTISE, rng.randint(1, 3)), key=EXPERTISE.index)
    yield "mobile", f"+98912{n % 10_000_000:07d}"
    yield "email", f"volunteer{n}@example.org"
    if n % 3 == 1:
        yield "proposals", PROPOSAL


def add_registrations(path: Path, call_id: int, users: range, seed: int = 8) -> None:
    """One registration per user in `users`, with answers, over the 30 days before now."""
    rng = random.Random(seed)
    statuses = [status for status, share in STATUS_MIX for _ in range(share)]
    start = OPEN_MOMENT - timedelta(days=30)
    span = 30 * 24 * 3600
    # Submission times in order, as volunteers arrived.
    moments = sorted(rng.randrange(span) for _ in users)
    with _connect(path) as connection:
        connection.execute("BEGIN")
        first_id = connection.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM registrations")
        registration_id = first_id.fetchone()[0]
        registration_rows, answer_rows = [], []
        for index, user in enumerate(users):
            status = statuses[index % 100]
            stamp = to_db(start + timedelta(seconds=moments[index]))
            draft = status == "draft"
            registration_rows.append(
                (
                    registration_id,
                    call_id,
                    user,
                    status,
                    "email" if draft else None,
                    None if draft else f"FK-{index:07d}",
                    stamp,
                    stamp,
                    stamp,
                    None if draft else stamp,
                    stamp if status == "withdrawn" else None,
                )
            )
            answer_rows += (
                (registration_id, key, json.dumps(value, ensure_ascii=False), stamp)
                for key, value in _answers(rng, index)
            )
            registration_id += 1
        connection.executemany(
            "INSERT INTO registrations (id, call_id, user_id, status, step, reference_code,"
            " consented_at, created_at, updated_at, submitted_at, withdrawn_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            registration_rows,
        )
        connection.executemany(
            "INSERT INTO answers (registration_id, question_key, value, updated_at)"
            " VALUES (?, ?, ?, ?)",
            answer_rows,
        )
        connection.executemany(
            "INSERT INTO call_events (call_id, user_id, kind, at) VALUES (?, ?, ?, ?)",
            ((call_id, user, kind, to_db(start)) for user in users for kind in FUNNEL),
        )
        connection.execute("COMMIT")


def add_directory(path: Path, call_id: int, users: range, seed: int = 9) -> None:
    """One directory entry per user in `users`: the sample call's profile, renewed over the
    last 30 days, with its choice rows (what /directory counts and filters by)."""
    rng = random.Random(seed)
    plan = _sample().directory
    assert plan is not None  # the sample call keeps a directory
    keys = set(plan.profile_keys)
    choices = ("registering_as", "expertise")
    start = OPEN_MOMENT - timedelta(days=30)
    entries, parts, chosen = [], [], []
    for index, user in enumerate(users):
        profile = {key: value for key, value in _answers(rng, index) if key in keys}
        stamp = to_db(start + timedelta(seconds=rng.randrange(30 * 24 * 3600)))
        answered = {key: stamp for key in profile}
        entries.append(
            (user, json.dumps(profile, ensure_ascii=False), json.dumps(answered), stamp, stamp)
        )
        parts.append((user, call_id, stamp))
        for key in choices:
            value = profile.get(key)
            chosen += [
                (key, option, user) for option in (value if isinstance(value, list) else [value])
            ]
    with _connect(path) as connection:
        connection.execute("BEGIN")
        connection.executemany(
            "INSERT INTO directory_entries (user_id, profile, answered_at, created_at, renewed_at)"
            " VALUES (?, ?, ?, ?, ?)",
            entries,
        )
        connection.executemany(
            "INSERT INTO directory_calls (user_id, call_id, joined_at) VALUES (?, ?, ?)", parts
        )
        connection.executemany(
            "INSERT INTO directory_choices (question_key, value, user_id) VALUES (?, ?, ?)",
            chosen,
        )
        connection.execute("COMMIT")


def add_backlog(path: Path, users: range, now: datetime) -> int:
    """A broadcast with one pending delivery per user (a huge send, interrupted); its id."""
    with _connect(path) as connection:
        connection.execute("BEGIN")
        cursor = connection.execute(
            "INSERT INTO broadcasts (kind, segment, payload, created_at, status)"
            " VALUES ('broadcast', 'everyone', ?, ?, 'sending')",
            (json.dumps({"text": "جلسهٔ نخست کارگروه شنبه برگزار می‌شود."}), to_db(now)),
        )
        broadcast_id = cursor.lastrowid
        connection.executemany(
            "INSERT INTO deliveries (broadcast_id, chat_id, status) VALUES (?, ?, 'pending')",
            ((broadcast_id, user) for user in users),
        )
        connection.execute("COMMIT")
    return broadcast_id


def add_followers(path: Path, pairs: list[tuple[int, int]], now: datetime) -> None:
    """(call id, user id) followers: people who pressed "remind me"."""
    with _connect(path) as connection:
        connection.execute("BEGIN")
        connection.executemany(
            "INSERT INTO followers (call_id, user_id, created_at) VALUES (?, ?, ?)",
            ((call, user, to_db(now)) for call, user in pairs),
        )
        connection.execute("COMMIT")
