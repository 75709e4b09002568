"""Exports of a call's registrations: one row each, a column per question key."""

from __future__ import annotations

import csv
from collections.abc import AsyncIterator
from pathlib import Path
from typing import IO

from bot.calls import Call
from bot.dates import format_jalali_iso
from bot.models import Registration
from bot.screens.answers import display_answer
from bot.texts import Translator
from storage import Storage
from storage.registrations import stream_submitted

FIXED_COLUMNS = ("reference_code", "status", "submitted_at_jalali", "submitted_at_iso", "user_id")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Keeps a spreadsheet from reading user text as a formula (prefixes a quote)."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def header(call: Call) -> list[str]:
    return [*FIXED_COLUMNS, *(question.key for question in call.form.questions)]


def row(call: Call, registration: Registration, t: Translator) -> list[str]:
    """One registration as cells: plain text, choice labels in the reader's language."""
    submitted = registration.submitted_at
    cells = [
        registration.reference_code or "",
        registration.status.value,
        format_jalali_iso(submitted, t.tz) if submitted else "",
        submitted.isoformat(timespec="seconds") if submitted else "",
        str(registration.user_id),
    ]
    for question in call.form.questions:
        value = registration.answers.get(question.key)
        if value is None:
            cells.append("")
        elif isinstance(value, int | float) and not isinstance(value, bool):
            cells.append(str(value))
        else:
            cells.append(display_answer(t, question, value))
    return [neutralise(cell) for cell in cells]


async def rows(storage: Storage, call: Call, t: Translator) -> AsyncIterator[list[str]]:
    """The export's data rows, streamed from the database."""
    async for registration in stream_submitted(storage.db, call.id):
        yield row(call, registration, t)


async def write_csv(storage: Storage, call: Call, out: IO[str], t: Translator) -> int:
    """Writes the CSV (the caller opens `out` with utf-8-sig for Excel); returns the row count."""
    writer = csv.writer(out)
    writer.writerow(header(call))
    count = 0
    async for cells in rows(storage, call, t):
        writer.writerow(cells)
        count += 1
    return count


async def export_csv_file(storage: Storage, call: Call, path: Path, t: Translator) -> int:
    """Writes the CSV to `path`, UTF-8 with a BOM so Excel shows Persian; returns the rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        return await write_csv(storage, call, out, t)
