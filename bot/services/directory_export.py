"""The directory as a CSV or an XLSX file: one row per person, a column per profile key.

Formula-safe the way the registrations' export is (bot/services/export.py, whose helpers it
uses): a CSV cell that would start a formula gets a quote; an XLSX text cell stays text.
"""

from __future__ import annotations

import asyncio
import csv
from collections.abc import AsyncIterator, Mapping
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from bot.domain.dates import format_jalali_iso
from bot.domain.directory import Entry
from bot.domain.forms import Question, QuestionType
from bot.services.export import _text as text_cell  # the registrations' export's safe cell
from bot.services.export import neutralise
from bot.ui.screens.answers import display_answer
from bot.ui.texts import Translator

FIXED_COLUMNS = ("user_id", "in_directory_since", "renewed_at", "calls")
_FIXED_WIDTHS = (14, 18, 18, 40)
_PROFILE_WIDTH = 28
_TYPED = (QuestionType.TEXT, QuestionType.LONG_TEXT, QuestionType.EMAIL, QuestionType.PHONE,
          QuestionType.URL)  # fmt: skip


def _values(
    entry: Entry, schema: Mapping[str, Question], titles: Mapping[int, str], t: Translator
) -> list[str | int | float]:
    """The row's values: who, since when, renewed when, which calls; then the profile."""
    separator = "؛ " if t.lang == "fa" else "; "
    calls = separator.join(titles[part.call_id] for part in entry.calls if part.call_id in titles)
    cells: list[str | int | float] = [
        entry.user_id,
        format_jalali_iso(entry.created_at, t.tz),
        format_jalali_iso(entry.renewed_at, t.tz),
        calls,
    ]
    for key, question in schema.items():
        value = entry.profile.get(key)
        if value is None:
            cells.append("")
        elif question.type in _TYPED or isinstance(value, int | float):
            cells.append(value if isinstance(value, int | float) else str(value))
        else:
            cells.append(str(display_answer(t, question, value)))
    return cells


async def write_csv(
    entries: AsyncIterator[Entry],
    schema: Mapping[str, Question],
    titles: Mapping[int, str],
    path: Path,
    t: Translator,
) -> int:
    """UTF-8 with a BOM (Excel shows Persian), machine column names; returns the rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([*FIXED_COLUMNS, *schema])
        async for entry in entries:
            values = _values(entry, schema, titles, t)
            writer.writerow([neutralise(str(value)) for value in values])
            count += 1
    return count


async def write_xlsx(
    entries: AsyncIterator[Entry],
    schema: Mapping[str, Question],
    titles: Mapping[int, str],
    path: Path,
    t: Translator,
) -> int:
    """One right-to-left (in Persian) sheet, a frozen header in the reader's language."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="directory")
    sheet.sheet_view.rightToLeft = t.lang == "fa"
    sheet.freeze_panes = "A2"
    headings = [str(t(f"directory.column.{name}")) for name in FIXED_COLUMNS]
    headings += [t.pick(question.label) for question in schema.values()]
    widths = [*_FIXED_WIDTHS, *(_PROFILE_WIDTH for _ in schema)]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    sheet.append([text_cell(sheet, heading, bold) for heading in headings])
    count = 0
    async for entry in entries:
        row = [
            text_cell(sheet, value) if isinstance(value, str) else value
            for value in _values(entry, schema, titles, t)
        ]
        user_id = WriteOnlyCell(sheet, entry.user_id)
        user_id.number_format = "0"  # long ids would otherwise show as 1.23E+12
        row[0] = user_id
        sheet.append(row)
        count += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    await asyncio.to_thread(workbook.save, path)
    return count


async def export_directory(
    entries: AsyncIterator[Entry],
    schema: Mapping[str, Question],
    titles: Mapping[int, str],
    fmt: str,
    path: Path,
    t: Translator,
) -> int:
    """Writes the entries to `path` as "csv" or "xlsx"; returns how many rows."""
    if fmt == "csv":
        return await write_csv(entries, schema, titles, path, t)
    if fmt == "xlsx":
        return await write_xlsx(entries, schema, titles, path, t)
    raise ValueError(f"unknown export format {fmt!r}")
