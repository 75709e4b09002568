"""Exports of a call's registrations, CSV or XLSX: one row each, a column per question."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import AsyncIterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from bot.domain.calls import Call
from bot.domain.dates import format_jalali_iso
from bot.domain.forms import Answer, Question, QuestionType
from bot.domain.models import RegistrationStatus, Submission
from bot.ui.screens.answers import display_answer
from bot.ui.texts import Translator
from storage import Storage
from storage.registrations import stream_submitted

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMATS = ("csv", "xlsx")
FIXED_COLUMNS = ("reference_code", "status", "submitted_at_jalali", "submitted_at_iso", "user_id")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CellValue = str | int | float

# Spreadsheet column widths (in characters): wide enough for a typical value, never a wall.
_FIXED_WIDTHS = (14, 16, 18, 27, 14)
_QUESTION_WIDTHS = {
    QuestionType.TEXT: 24,
    QuestionType.LONG_TEXT: 60,
    QuestionType.CHOICE: 24,
    QuestionType.MULTI_CHOICE: 40,
    QuestionType.EMAIL: 30,
    QuestionType.PHONE: 17,
    QuestionType.NUMBER: 12,
    QuestionType.URL: 36,
    QuestionType.CONSENT: 12,
}
_MAX_WIDTH = 60
_CSV_BATCH = 500  # rows written to the file at once
# Answers shown by their label (or a fixed word) rather than as typed.
_LABELLED = (QuestionType.CHOICE, QuestionType.MULTI_CHOICE, QuestionType.CONSENT)
_SHEET_TITLE_LIMIT = 31  # Excel refuses longer sheet names


def neutralise(cell: str, starts: tuple[str, ...] = _FORMULA_STARTS) -> str:
    """Keeps a spreadsheet from reading user text as a formula (prefixes a quote).

    A CSV cell is read by whatever opens it, so every formula start is neutralised. An XLSX
    text cell is stored as text and never runs: only a text that would become a formula if
    someone edited the cell (one starting with "=") keeps the quote; a phone number stays
    `+98912…`, as typed.
    """
    return "'" + cell if cell.startswith(starts) else cell


def header(call: Call) -> list[str]:
    """The CSV's header: machine column names and question keys."""
    return [*FIXED_COLUMNS, *(question.key for question in call.form.questions)]


def headings(call: Call, t: Translator) -> list[str]:
    """The spreadsheet's header in the reader's language: fixed columns, then question labels."""
    fixed = [str(t(f"export.column.{name}")) for name in FIXED_COLUMNS]
    return [*fixed, *(t.pick(question.label) for question in call.form.questions)]


class _Cells:
    """Turns registrations into cell values; labels and Jalali days are worked out once each.

    A big call has 100,000 rows but only a few choice answers and a few dozen days: looking
    them up again for every row was most of an export's time.
    """

    def __init__(self, call: Call, t: Translator) -> None:
        self.t = t
        self._questions = [(q, q.type in _LABELLED) for q in call.form.questions]
        self._labels: dict[tuple[str, object], str] = {}
        self._statuses = {status: str(t(f"status.{status}")) for status in RegistrationStatus}
        self._days: dict[date, str] = {}

    def values(self, registration: Submission) -> list[CellValue]:
        """The row's values: fixed columns, then one per question (numbers stay numbers).

        The status reads in the export's language, in the CSV as in the workbook.
        """
        submitted = registration.submitted_at
        answers = registration.answers
        cells: list[CellValue] = [
            registration.reference_code or "",
            self._statuses[registration.status],
            self._jalali(submitted) if submitted else "",
            submitted.isoformat(timespec="seconds") if submitted else "",
            registration.user_id,
        ]
        for question, labelled in self._questions:
            value = answers.get(question.key)
            if value is None:
                cells.append("")
            elif type(value) is str and not labelled:
                cells.append(value)  # typed text reads back as typed
            else:
                cells.append(self._answer(question, value))
        return cells

    def _answer(self, question: Question, value: Answer) -> CellValue:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return value
        key = (question.key, tuple(value) if isinstance(value, list) else value)
        label = self._labels.get(key)
        if label is None:
            label = self._labels[key] = str(display_answer(self.t, question, value))
        return label

    def _jalali(self, moment: datetime) -> str:
        """`format_jalali_iso`, with each local day converted to the Jalali calendar once."""
        local = moment.astimezone(self.t.tz)
        day = self._days.get(local.date())
        if day is None:
            day = self._days[local.date()] = format_jalali_iso(moment, self.t.tz)[:10]
        return f"{day} {local.hour:02d}:{local.minute:02d}"


async def rows(storage: Storage, call: Call, t: Translator) -> AsyncIterator[list[str]]:
    """The CSV's data rows (plain text, choice labels in the reader's language), streamed."""
    cells = _Cells(call, t)
    async for registration in stream_submitted(storage.db, call.id):
        values = cells.values(registration)
        yield [neutralise(value if isinstance(value, str) else str(value)) for value in values]


async def write_csv(storage: Storage, call: Call, out: IO[str], t: Translator) -> int:
    """Writes the CSV (the caller opens `out` with utf-8-sig for Excel); returns the row count."""
    # Rows gather in memory and reach `out` a few hundred at a time: one encoding and one
    # write per batch, rather than per row.
    batch = io.StringIO()
    writer = csv.writer(batch)
    writer.writerow(header(call))
    count = 0
    async for cells in rows(storage, call, t):
        writer.writerow(cells)
        count += 1
        if count % _CSV_BATCH == 0:
            out.write(batch.getvalue())
            batch.seek(0)
            batch.truncate()
    out.write(batch.getvalue())
    return count


async def export_csv_file(storage: Storage, call: Call, path: Path, t: Translator) -> int:
    """Writes the CSV to `path`, UTF-8 with a BOM so Excel shows Persian; returns the rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        return await write_csv(storage, call, out, t)


def column_widths(call: Call, titles: list[str]) -> list[int]:
    """Each column's width: its kind of value, or its heading when that is longer; capped."""
    kinds = [*_FIXED_WIDTHS, *(_QUESTION_WIDTHS[q.type] for q in call.form.questions)]
    pairs = zip(kinds, titles, strict=True)
    return [min(_MAX_WIDTH, max(kind, len(title) + 2)) for kind, title in pairs]


def _text(sheet: WriteOnlyWorksheet, text: str, font: Font | None = None) -> str | Cell:
    """A text cell, neutralised: the spreadsheet shows it as typed, never runs it."""
    text = neutralise(ILLEGAL_CHARACTERS_RE.sub("", text), starts=("=",))
    if font is None and not text.startswith("=") and text not in ERROR_CODES:
        return text  # openpyxl stores it as a string; a plain value skips a cell per value
    # openpyxl reads a str starting with "=" as a formula and "#N/A" as an error: say "string".
    cell = WriteOnlyCell(sheet, text)
    cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell


def _sheet_row(
    sheet: WriteOnlyWorksheet, cells: _Cells, registration: Submission
) -> list[str | Cell | int | float]:
    values = cells.values(registration)
    row = [_text(sheet, value) if isinstance(value, str) else value for value in values]
    user_id = WriteOnlyCell(sheet, registration.user_id)
    user_id.number_format = "0"  # long ids would otherwise show as 1.23E+12
    row[FIXED_COLUMNS.index("user_id")] = user_id
    return row


async def export_xlsx_file(storage: Storage, call: Call, path: Path, t: Translator) -> int:
    """Writes an Excel workbook to `path`, streaming row by row; returns the rows written.

    One sheet named after the call: right-to-left for Persian readers, a bold frozen header
    in the reader's language, numbers as numbers, every text neutralised like the CSV.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=call.slug[:_SHEET_TITLE_LIMIT])
    # A write-only sheet writes its view and columns with the first row: set them before.
    sheet.sheet_view.rightToLeft = t.lang == "fa"
    sheet.freeze_panes = "A2"
    titles = headings(call, t)
    for index, width in enumerate(column_widths(call, titles), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    sheet.append([_text(sheet, title, bold) for title in titles])
    cells = _Cells(call, t)
    count = 0
    async for registration in stream_submitted(storage.db, call.id):
        sheet.append(_sheet_row(sheet, cells, registration))
        count += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    # Zipping the streamed sheet takes a while for big calls: keep the event loop free.
    await asyncio.to_thread(workbook.save, path)
    return count


async def export_file(storage: Storage, call: Call, fmt: str, path: Path, t: Translator) -> int:
    """Writes the call's registrations to `path` as "csv" or "xlsx"; returns the rows written."""
    if fmt == "csv":
        return await export_csv_file(storage, call, path, t)
    if fmt == "xlsx":
        return await export_xlsx_file(storage, call, path, t)
    raise ValueError(f"unknown export format {fmt!r} (expected one of {', '.join(FORMATS)})")
