"""Registrations and their answers, one row per (call, volunteer)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

from bot.domain.forms import Answer, Answers
from bot.domain.models import HOLDS_SEAT, Registration, RegistrationStatus, Submission
from storage.db import Database, from_db, to_db
from storage.dialect import answers_object
from storage.users import SeenUsers

_COLUMNS = (
    "id, call_id, user_id, status, step, return_to_review, reference_code, created_at,"
    " updated_at, submitted_at, withdrawn_at, consented_at, consent_version"
)
_ANSWERS_AT = len(_COLUMNS.split(","))  # the answers' column follows the registration's


def _answers(db: Database) -> str:
    """A registration's answers gathered by the database into one JSON object, in the same
    row: one statement (one trip to the database) for a registration with its answers."""
    return f"{answers_object(db, 'registrations.id')} AS answers"


class RegistrationRepository:
    def __init__(self, db: Database, seen: SeenUsers | None = None) -> None:
        self.db = db
        self.seen = seen or SeenUsers()
        self._select = f"SELECT {_COLUMNS}, {_answers(db)} FROM registrations"

    async def get(self, registration_id: int) -> Registration | None:
        row = await self.db.fetch_one(f"{self._select} WHERE id = ?", (registration_id,))
        return None if row is None else _with_answers(row)

    async def for_user_and_call(self, user_id: int, call_id: int) -> Registration | None:
        row = await self.db.fetch_one(
            f"{self._select} WHERE user_id = ? AND call_id = ?",
            (user_id, call_id),
        )
        return None if row is None else _with_answers(row)

    async def for_user(self, user_id: int) -> list[Registration]:
        rows = await self.db.fetch_all(
            f"{self._select} WHERE user_id = ? ORDER BY created_at, id",
            (user_id,),
        )
        return [_with_answers(row) for row in rows]

    async def by_status(self, call_id: int, status: str, limit: int = 100) -> list[Registration]:
        """A call's registrations with one status, oldest submission first."""
        rows = await self.db.fetch_all(
            f"{self._select} WHERE call_id = ? AND status = ?"
            " ORDER BY submitted_at NULLS FIRST, id LIMIT ?",
            (call_id, status, limit),
        )
        return [_with_answers(row) for row in rows]

    async def start_draft(
        self,
        call_id: int,
        user_id: int,
        first_step: str,
        now: datetime,
        consent_version: str | None = None,
    ) -> Registration:
        """Creates the draft, or turns a withdrawn registration back into an empty draft."""
        async with self.db.transaction():
            existing = await self.for_user_and_call(user_id, call_id)
            if existing is None:
                registration_id = await self.db.fetch_value(
                    "INSERT INTO registrations (call_id, user_id, status, step, consented_at,"
                    " consent_version, created_at, updated_at)"
                    " VALUES (?, ?, 'draft', ?, ?, ?, ?, ?) RETURNING id",
                    (
                        call_id,
                        user_id,
                        first_step,
                        to_db(now),
                        consent_version,
                        to_db(now),
                        to_db(now),
                    ),
                )
            else:
                registration_id = existing.id
                await self.db.execute(
                    "DELETE FROM answers WHERE registration_id = ?", (registration_id,)
                )
                await self.db.execute(
                    "UPDATE registrations SET status = 'draft', step = ?, return_to_review = 0,"
                    " consented_at = ?, consent_version = ?, updated_at = ?,"
                    " submitted_at = NULL, withdrawn_at = NULL WHERE id = ?",
                    (first_step, to_db(now), consent_version, to_db(now), registration_id),
                )
        registration = await self.get(registration_id)
        assert registration is not None
        return registration

    async def save_answer(
        self, registration_id: int, key: str, value: Answer | None, now: datetime
    ) -> None:
        """Stores (or with None, clears) one answer."""
        if value is None:
            await self.db.execute(
                "DELETE FROM answers WHERE registration_id = ? AND question_key = ?",
                (registration_id, key),
            )
            return
        await self.db.execute(
            "INSERT INTO answers (registration_id, question_key, value, updated_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (registration_id, question_key)"
            " DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            (registration_id, key, json.dumps(value, ensure_ascii=False), to_db(now)),
        )

    async def keep_only_answers(self, registration_id: int, keys: Iterable[str]) -> None:
        """Deletes answers to questions that no longer apply."""
        keys = list(keys)
        marks = ", ".join("?" for _ in keys) or "''"
        await self.db.execute(
            f"DELETE FROM answers WHERE registration_id = ? AND question_key NOT IN ({marks})",
            (registration_id, *keys),
        )

    async def set_step(
        self, registration_id: int, step: str | None, now: datetime, *, return_to_review: bool
    ) -> None:
        """Moves the volunteer to `step` (a question key, 'review', or None: out of the form)."""
        await self.db.execute(
            "UPDATE registrations SET step = ?, return_to_review = ?, updated_at = ? WHERE id = ?",
            (step, int(return_to_review), to_db(now), registration_id),
        )

    async def set_status(
        self,
        registration_id: int,
        status: RegistrationStatus,
        now: datetime,
        *,
        reference_code: str | None = None,
    ) -> None:
        """Changes the status, stamping submitted_at/withdrawn_at the first time it applies."""
        await self.db.execute(
            "UPDATE registrations SET status = :status, step = NULL, return_to_review = 0,"
            " updated_at = :now, reference_code = COALESCE(reference_code, :code),"
            " submitted_at = CASE WHEN :status IN ('submitted', 'waitlisted')"
            "   THEN COALESCE(submitted_at, :now) ELSE submitted_at END,"
            " withdrawn_at = CASE WHEN :status = 'withdrawn' THEN :now ELSE NULL END"
            " WHERE id = :id",
            {"status": status, "now": to_db(now), "code": reference_code, "id": registration_id},
        )

    async def delete(self, registration_id: int) -> None:
        row = await self.db.fetch_one(
            "DELETE FROM registrations WHERE id = ? RETURNING user_id", (registration_id,)
        )
        if row is not None:  # their active_registration_id was just set to NULL
            self.seen.forget(row[0])

    async def reference_code_taken(self, code: str) -> bool:
        return bool(
            await self.db.fetch_value(
                "SELECT 1 FROM registrations WHERE reference_code = ?", (code,)
            )
        )

    async def seats_taken(self, call_id: int) -> int:
        marks = ", ".join("?" for _ in HOLDS_SEAT)
        return await self.db.fetch_value(
            f"SELECT COUNT(*) FROM registrations WHERE call_id = ? AND status IN ({marks})",
            (call_id, *HOLDS_SEAT),
        )

    async def waitlist(self, call_id: int) -> list[int]:
        """Ids of the call's waitlisted registrations, earliest first."""
        rows = await self.db.fetch_all(
            "SELECT id FROM registrations WHERE call_id = ? AND status = 'waitlisted'"
            " ORDER BY submitted_at NULLS FIRST, id",
            (call_id,),
        )
        return [row[0] for row in rows]

    async def count_by_status(self, call_id: int) -> dict[RegistrationStatus, int]:
        rows = await self.db.fetch_all(
            "SELECT status, n FROM registration_counts WHERE call_id = ?", (call_id,)
        )
        return _by_status((row[0], row[1]) for row in rows)

    async def counts_by_call(self) -> dict[int, dict[RegistrationStatus, int]]:
        """Every call's registrations by status (a call with none is not in it): the kept
        counts of all calls in one statement, not one a call."""
        by_call: dict[int, list[tuple[str, int]]] = {}
        for row in await self.db.fetch_all("SELECT call_id, status, n FROM registration_counts"):
            by_call.setdefault(row[0], []).append((row[1], row[2]))
        return {call_id: _by_status(counted) for call_id, counted in by_call.items()}


def _by_status(counted: Iterable[tuple[str, int]]) -> dict[RegistrationStatus, int]:
    """Counts by status, every status in it (0 where none)."""
    counts = dict.fromkeys(RegistrationStatus, 0)
    counts.update({RegistrationStatus(status): n for status, n in counted})
    return counts


def _with_answers(row) -> Registration:
    return _registration(row, json.loads(row[_ANSWERS_AT]))


def _registration(row, answers: Answers) -> Registration:
    # By position, in the order of _COLUMNS: a column by name is a search of the row's names,
    # and a 100,000-row export reads 14 a row.
    (
        registration_id,
        call_id,
        user_id,
        status,
        step,
        return_to_review,
        reference_code,
        created_at,
        updated_at,
        submitted_at,
        withdrawn_at,
        consented_at,
        consent_version,
    ) = row[:_ANSWERS_AT]
    return Registration(
        id=registration_id,
        call_id=call_id,
        user_id=user_id,
        status=RegistrationStatus(status),
        step=step,
        return_to_review=bool(return_to_review),
        reference_code=reference_code,
        created_at=from_db(created_at),
        updated_at=from_db(updated_at),
        submitted_at=from_db(submitted_at),
        withdrawn_at=from_db(withdrawn_at),
        consented_at=from_db(consented_at),
        consent_version=consent_version,
        answers=answers,
    )


async def stream_submitted(db: Database, call_id: int, batch: int = 500):
    """Yields the call's non-draft registrations as exports read them, in submission order.

    Reads on a separate connection, a batch at a time, so a 100,000-row export neither holds
    everything in memory nor blocks the bot's writes. SQLite gathers each registration's
    answers into one JSON object: one row (and one parse) per registration, not per answer.
    """
    sql = (
        f"SELECT user_id, status, reference_code, submitted_at, {_answers(db)}"
        " FROM registrations"
        " WHERE call_id = ? AND status != 'draft'"
        " ORDER BY submitted_at NULLS FIRST, id"
    )
    async with db.reader() as reader:
        async for rows in reader.batches(sql, (call_id,), batch):
            for user_id, status, reference_code, submitted_at, answers in rows:
                yield Submission(
                    user_id=user_id,
                    status=RegistrationStatus(status),
                    reference_code=reference_code,
                    submitted_at=from_db(submitted_at),
                    answers=json.loads(answers),
                )
