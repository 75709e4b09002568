"""Calls: stored by slug, with the validated call file kept whole as JSON."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache

from bot.domain.calls import Call, CallSpec, CallStatus
from storage.db import Database, from_db, to_db
from storage.dialect import json_ids

_COLUMNS = "id, slug, status, opens_at, deadline_at, spec"
# Calls are read on almost every update and change rarely: a parsed call is kept this long.
# Changes made here are seen at once; one made by another process (the CLI) within seconds.
CACHE_SECONDS = 5.0


class CallRepository:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._cache: dict[int, tuple[float, Call]] = {}

    async def save(self, spec: CallSpec, now: datetime) -> tuple[Call, bool]:
        """Creates the call or updates the one with the same slug; returns (call, created)."""
        _worded(spec)
        existing = await self.by_slug(spec.slug)
        opens_at = spec.opens_at or (existing.opens_at if existing else now)
        values = (spec.status, to_db(opens_at), to_db(spec.deadline_at), spec.model_dump_json())
        if existing is None:
            await self.db.execute(
                "INSERT INTO calls (slug, status, opens_at, deadline_at, spec, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (spec.slug, *values, to_db(now), to_db(now)),
            )
        else:
            await self.db.execute(
                "UPDATE calls SET status = ?, opens_at = ?, deadline_at = ?, spec = ?,"
                " updated_at = ? WHERE id = ?",
                (*values, to_db(now), existing.id),
            )
        call = await self.by_slug(spec.slug)
        assert call is not None
        self._cache.pop(call.id, None)
        return call, existing is None

    async def update(
        self, call_id: int, spec: CallSpec, now: datetime, status: CallStatus | None = None
    ) -> Call:
        """Stores an edited spec (and, if given, a new status) for an existing call."""
        _worded(spec)
        current = await self.get(call_id)
        assert current is not None
        opens_at = spec.opens_at or current.opens_at
        await self.db.execute(
            "UPDATE calls SET status = ?, opens_at = ?, deadline_at = ?, spec = ?, updated_at = ?"
            " WHERE id = ?",
            (
                status or current.status,
                to_db(opens_at),
                to_db(spec.deadline_at),
                spec.model_dump_json(),
                to_db(now),
                call_id,
            ),
        )
        self._cache.pop(call_id, None)
        updated = await self.get(call_id)
        assert updated is not None
        return updated

    async def changes(self) -> dict[int, str]:
        """Every call's id and the moment it last changed (to see what needs re-planning)."""
        rows = await self.db.fetch_all("SELECT id, updated_at FROM calls")
        return {row[0]: row[1] for row in rows}

    async def get(self, call_id: int, *, fresh: bool = False) -> Call | None:
        cached = self._cache.get(call_id)
        if not fresh and cached is not None and time.monotonic() - cached[0] < CACHE_SECONDS:
            return cached[1]
        row = await self.db.fetch_one(f"SELECT {_COLUMNS} FROM calls WHERE id = ?", (call_id,))
        if row is None:
            self._cache.pop(call_id, None)
            return None
        call = _call(row)
        self._cache[call_id] = (time.monotonic(), call)
        return call

    async def get_many(self, call_ids: Iterable[int]) -> dict[int, Call]:
        """The calls with these ids (those that still exist), read afresh in one statement."""
        ids = list(call_ids)
        rows = await self.db.fetch_all(
            f"SELECT {_COLUMNS} FROM calls WHERE id IN {json_ids(self.db)}",
            (json.dumps(ids),),
        )
        now = time.monotonic()
        calls = {}
        for row in rows:
            call = calls[row["id"]] = _call(row)
            self._cache[call.id] = (now, call)
        for gone in set(ids) - calls.keys():
            self._cache.pop(gone, None)
        return calls

    async def by_slug(self, slug: str) -> Call | None:
        row = await self.db.fetch_one(f"SELECT {_COLUMNS} FROM calls WHERE slug = ?", (slug,))
        return None if row is None else _call(row)

    async def all(self) -> list[Call]:
        rows = await self.db.fetch_all(f"SELECT {_COLUMNS} FROM calls ORDER BY deadline_at, id")
        return [_call(row) for row in rows]

    async def listed(self, now: datetime) -> list[Call]:
        """Calls a volunteer can see in the list: open (or opening later), deadline ahead."""
        rows = await self.db.fetch_all(
            f"SELECT {_COLUMNS} FROM calls WHERE status = ? AND deadline_at > ?"
            " ORDER BY deadline_at, id",
            (CallStatus.OPEN, to_db(now)),
        )
        return [_call(row) for row in rows]


def _worded(spec: CallSpec) -> None:
    """A call keeping a directory is saved with its question worded (services word it)."""
    if spec.directory is not None and not spec.asks_directory:
        raise ValueError(f"{spec.slug}: the directory's question has no wording yet")


@lru_cache(maxsize=256)
def _spec(text: str) -> CallSpec:
    """A stored spec, validated once per distinct text: a call read again is not re-parsed."""
    return CallSpec.model_validate_json(text)


def _call(row) -> Call:
    spec = _spec(row["spec"])
    return Call(
        id=row["id"],
        spec=spec,
        status=CallStatus(row["status"]),
        opens_at=from_db(row["opens_at"]),
        deadline_at=from_db(row["deadline_at"]),
    )
