"""The directory of experts: entries, the calls behind them, their choices, admins' filters."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.domain.directory import Cutoffs, Entry, Filters, Part
from storage.db import Database, from_db, to_db
from storage.dialect import matches, search_query

_ENTRY = "e.user_id, e.profile, e.answered_at, e.created_at, e.renewed_at, e.warned_at"
_NEWEST_FIRST = "ORDER BY e.renewed_at DESC, e.user_id DESC"


@dataclass(frozen=True)
class View:
    """What one admin is looking at: filters, and for an invitation its call and draft; for
    browsing, the search its pages belong to (as typed)."""

    filters: Filters
    call_id: int | None = None
    draft: int | None = None
    query: str | None = None


def _chosen(filters: Filters, column: str) -> tuple[list[str], list[Any]]:
    """The filters as conditions on `column` (a user id): for every key, one of its options."""
    clauses: list[str] = []
    params: list[Any] = []
    for key, values in filters.items():
        marks = ", ".join("?" for _ in values)
        clauses.append(
            f"{column} IN (SELECT user_id FROM directory_choices"
            f" WHERE question_key = ? AND value IN ({marks}))"
        )
        params += [key, *values]
    return clauses, params


def _found(db: Database, filters: Filters, terms: Sequence[str]) -> tuple[str, list[Any]]:
    """The entries' documents (migration 0011) holding every term, as /find matches them, of
    the entries the filters select; filtered within the index's own matches (`+` keeps SQLite
    from asking the index again for each user id, a hundred times slower)."""
    clauses, params = _chosen(filters, "+s.rowid")
    where = " AND ".join([matches(db, "directory_search", "s"), *clauses])
    return f"FROM directory_search s WHERE {where}", [search_query(db, terms), *params]


def _where(db: Database, filters: Filters, terms: Sequence[str] = ()) -> tuple[str, list[Any]]:
    """The filters (and search terms) as a condition on `e`."""
    if terms:
        found, params = _found(db, filters, terms)
        return f"e.user_id IN (SELECT s.rowid {found})", params
    clauses, params = _chosen(filters, "e.user_id")
    return " AND ".join(clauses) or "TRUE", params


def _invited(db: Database, filters: Filters, call_id: int) -> tuple[str, list[Any]]:
    """The people a call's invitation reaches: those the filters select, not blocked, and
    without a registration for the call (in any state: they know of it already)."""
    where, params = _where(db, filters)
    return (
        f"{where} AND e.user_id IN (SELECT id FROM users WHERE blocked_at IS NULL)"
        " AND NOT EXISTS (SELECT 1 FROM registrations r"
        " WHERE r.call_id = ? AND r.user_id = e.user_id)",
        [*params, call_id],
    )


class DirectoryRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, user_id: int) -> Entry | None:
        row = await self.db.fetch_one(
            f"SELECT {_ENTRY} FROM directory_entries e WHERE e.user_id = ?", (user_id,)
        )
        if row is None:
            return None
        [entry] = await self._with_calls([row])
        return entry

    async def save(self, entry: Entry, choices: Iterable[tuple[str, str]]) -> None:
        """Writes the entry whole: its profile, its calls and its choices (in one go)."""
        user = entry.user_id
        async with self.db.transaction():
            await self.db.execute(
                "INSERT INTO directory_entries (user_id, profile, answered_at, created_at,"
                " renewed_at, warned_at) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (user_id) DO UPDATE SET profile = excluded.profile,"
                " answered_at = excluded.answered_at, renewed_at = excluded.renewed_at,"
                " warned_at = excluded.warned_at",
                (
                    user,
                    json.dumps(entry.profile, ensure_ascii=False),
                    json.dumps({k: to_db(v) for k, v in entry.answered_at.items()}),
                    to_db(entry.created_at),
                    to_db(entry.renewed_at),
                    to_db(entry.warned_at),
                ),
            )
            await self.db.execute("DELETE FROM directory_calls WHERE user_id = ?", (user,))
            await self.db.execute_many(
                "INSERT INTO directory_calls (user_id, call_id, joined_at, withdrawn)"
                " VALUES (?, ?, ?, ?)",
                [(user, p.call_id, to_db(p.joined_at), int(p.withdrawn)) for p in entry.calls],
            )
            await self.db.execute("DELETE FROM directory_choices WHERE user_id = ?", (user,))
            await self.db.execute_many(
                "INSERT INTO directory_choices (question_key, value, user_id) VALUES (?, ?, ?)",
                [(key, value, user) for key, value in sorted(choices)],
            )

    async def delete(self, user_id: int) -> bool:
        """Erases the entry (its calls and choices go with it); False when there was none."""
        return bool(
            await self.db.execute_count(
                "DELETE FROM directory_entries WHERE user_id = ?", (user_id,)
            )
        )

    async def total(self) -> int:
        return await self.db.fetch_value(
            "SELECT COALESCE((SELECT entries FROM directory_size), 0)"
        )

    async def choice_counts(self) -> dict[tuple[str, str], int]:
        """How many entries hold each (question key, option)."""
        rows = await self.db.fetch_all(  # kept by the database (migration 0015)
            "SELECT question_key, value, entries FROM directory_choice_counts WHERE entries > 0"
        )
        return {(row[0], row[1]): row[2] for row in rows}

    async def count(self, filters: Filters, terms: Sequence[str] = ()) -> int:
        if terms:  # every document has its entry: the index counts without reading them
            found, params = _found(self.db, filters, terms)
            return await self.db.fetch_value(f"SELECT COUNT(*) {found}", params)
        where, params = _where(self.db, filters)
        return await self.db.fetch_value(
            f"SELECT COUNT(*) FROM directory_entries e WHERE {where}", params
        )

    async def page(
        self, filters: Filters, offset: int, limit: int, terms: Sequence[str] = ()
    ) -> list[Entry]:
        """Entries the filters (and the search terms) select, most recently renewed first."""
        where, params = _where(self.db, filters, terms)
        rows = await self.db.fetch_all(
            f"SELECT {_ENTRY} FROM directory_entries e WHERE {where} {_NEWEST_FIRST}"
            " LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        return await self._with_calls(rows)

    async def stream(self, filters: Filters, batch: int = 500) -> AsyncIterator[Entry]:
        """The entries the filters select, a batch at a time on a separate connection (an
        export of the whole directory neither fills memory nor blocks the bot's writes)."""
        where, params = _where(self.db, filters)
        async with self.db.reader() as reader:
            async for rows in reader.batches(
                f"SELECT {_ENTRY} FROM directory_entries e WHERE {where} ORDER BY e.user_id",
                params,
                batch,
            ):
                marks = ", ".join("?" for _ in rows)
                parts = await reader.fetch_all(
                    "SELECT user_id, call_id, joined_at, withdrawn FROM directory_calls"
                    f" WHERE user_id IN ({marks}) ORDER BY joined_at, call_id",
                    [row[0] for row in rows],
                )
                for entry in _entries(rows, parts):
                    yield entry

    # Invitations.

    async def reach(self, filters: Filters, call_id: int) -> tuple[int, int]:
        """(how many the filters select, how many of them an invitation to the call reaches)."""
        where, params = _invited(self.db, filters, call_id)
        reached = await self.db.fetch_value(
            f"SELECT COUNT(*) FROM directory_entries e WHERE {where}", params
        )
        return await self.count(filters), reached

    async def recipients(self, filters: Filters, call_id: int) -> list[int]:
        where, params = _invited(self.db, filters, call_id)
        rows = await self.db.fetch_all(
            f"SELECT e.user_id FROM directory_entries e WHERE {where} ORDER BY e.user_id", params
        )
        return [row[0] for row in rows]

    # Retention.

    async def warning_due(self, limits: Cutoffs, limit: int = 1000) -> list[int]:
        rows = await self.db.fetch_all(
            "SELECT user_id FROM directory_entries WHERE warned_at IS NULL AND renewed_at <= ?"
            " ORDER BY renewed_at LIMIT ?",
            (to_db(limits.warn), limit),
        )
        return [row[0] for row in rows]

    async def mark_warned(self, user_ids: Sequence[int], now: datetime) -> None:
        await self.db.execute_many(
            "UPDATE directory_entries SET warned_at = ? WHERE user_id = ?",
            [(to_db(now), user) for user in user_ids],
        )

    async def erase_due(self, limits: Cutoffs) -> int:
        """Erases entries past their retention and warned long enough ago; how many."""
        return await self.db.execute_count(
            "DELETE FROM directory_entries WHERE warned_at IS NOT NULL AND renewed_at <= ?"
            " AND warned_at <= ?",
            (to_db(limits.erase), to_db(limits.warned)),
        )

    # What each admin is looking at.

    async def view(self, admin_id: int, name: str) -> View | None:
        row = await self.db.fetch_one(
            "SELECT filters, call_id, draft, query FROM directory_views"
            " WHERE admin_id = ? AND view = ?",
            (admin_id, name),
        )
        if row is None:
            return None
        filters = {key: tuple(values) for key, values in json.loads(row[0]).items()}
        return View(filters, row[1], row[2], row[3])

    async def save_view(self, admin_id: int, name: str, view: View, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO directory_views (admin_id, view, call_id, filters, draft, query,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (admin_id, view) DO UPDATE"
            " SET call_id = excluded.call_id, filters = excluded.filters,"
            " draft = excluded.draft, query = excluded.query, updated_at = excluded.updated_at",
            (
                admin_id,
                name,
                view.call_id,
                json.dumps({k: list(v) for k, v in view.filters.items()}, ensure_ascii=False),
                view.draft,
                view.query,
                to_db(now),
            ),
        )

    async def take_draft(self, admin_id: int, name: str, draft: int) -> View | None:
        """The view whose Send carried `draft`, its draft used up (a second press finds none)."""
        row = await self.db.fetch_one(
            "UPDATE directory_views SET draft = NULL WHERE admin_id = ? AND view = ?"
            " AND draft = ? RETURNING filters, call_id",
            (admin_id, name, draft),
        )
        if row is None:
            return None
        filters = {key: tuple(values) for key, values in json.loads(row[0]).items()}
        return View(filters, row[1], None)

    async def _with_calls(self, rows: Sequence[Any]) -> list[Entry]:
        if not rows:
            return []
        marks = ", ".join("?" for _ in rows)
        parts = await self.db.fetch_all(
            "SELECT user_id, call_id, joined_at, withdrawn FROM directory_calls"
            f" WHERE user_id IN ({marks}) ORDER BY joined_at, call_id",
            [row[0] for row in rows],
        )
        return _entries(rows, parts)


def _entries(rows: Iterable[Any], parts: Iterable[Any]) -> list[Entry]:
    calls: dict[int, list[Part]] = {}
    for part in parts:
        calls.setdefault(part[0], []).append(Part(part[1], from_db(part[2]), bool(part[3])))
    return [
        Entry(
            user_id=row[0],
            profile=json.loads(row[1]),
            answered_at={k: from_db(v) for k, v in json.loads(row[2]).items()},
            calls=tuple(calls.get(row[0], ())),
            created_at=from_db(row[3]),
            renewed_at=from_db(row[4]),
            warned_at=from_db(row[5]),
        )
        for row in rows
    ]
