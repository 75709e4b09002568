"""Exports: the CSV and the XLSX hold what volunteers answered, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import json
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from bot.domain.calls import Call
from bot.domain.clock import ManualClock
from bot.domain.forms import QuestionType
from bot.domain.models import Submission
from bot.domain.steps import Ask, Review, Submitted
from bot.services.export import export_file, export_xlsx_file, header
from bot.ui.texts import Translator
from storage import Storage
from storage.db import Database, to_db
from storage.registrations import stream_submitted
from tests.backends import url_of
from tests.factories import BEFORE_DEADLINE, TEHRAN, small_call
from tests.processes import farakhan
from tests.test_journey import journey_on

SLUG = "export-call"
QUESTIONS: list[dict[str, Any]] = [
    {"key": "full_name", "type": "text", "label": {"fa": "نام و نام خانوادگی", "en": "Full name"}},
    {
        "key": "registering_as",
        "type": "choice",
        "label": {"fa": "به چه عنوان؟", "en": "In what capacity?"},
        "options": [
            {"value": "person", "label": {"fa": "فرد", "en": "An individual"}},
            {"value": "organisation", "label": {"fa": "سازمان", "en": "An organisation"}},
        ],
    },
    {
        "key": "expertise",
        "type": "multi_choice",
        "label": {"fa": "حوزهٔ تخصص", "en": "Field"},
        "options": [
            {"value": "law", "label": {"fa": "حقوق", "en": "Law"}},
            {"value": "privacy", "label": {"fa": "حریم خصوصی", "en": "Privacy"}},
            {"value": "technology", "label": {"fa": "فناوری", "en": "Technology"}},
        ],
    },
    {"key": "mobile", "type": "phone", "label": {"fa": "شمارهٔ همراه", "en": "Mobile"}},
    {"key": "email", "type": "email", "label": {"fa": "ایمیل", "en": "E-mail"}},
    {"key": "years", "type": "number", "label": {"fa": "سال‌های تجربه", "en": "Years"}},
    {"key": "handle", "type": "text", "label": {"fa": "نام کاربری", "en": "Handle"}},
    {
        "key": "proposals",
        "type": "long_text",
        "label": {"fa": "پیشنهادها", "en": "Proposals"},
        "required": False,
    },
]
SARA = {
    "full_name": "سارا احمدی",
    "mobile": "۰۹۱۲۱۲۳۴۵۶۷",
    "email": "Sara@Example.com",
    "years": "12",
    "handle": "sara_a",
    "proposals": "شفافیت در جمع‌آوری داده",
}
MALLORY = {
    "full_name": '=HYPERLINK("http://x")',
    "mobile": "+98 912 765 4321",
    "email": "m@example.com",
    "years": "-1",
    "handle": "@user",
    "proposals": "-1",
}
FA = Translator("fa", TEHRAN)
EN = Translator("en", TEHRAN)


@pytest.fixture
async def storage(database: Path | str) -> AsyncIterator[Storage]:
    opened = await Storage.open(database)
    yield opened
    await opened.close()


@pytest.fixture
async def call(storage: Storage) -> Call:
    saved, _ = await storage.calls.save(
        small_call(SLUG, form={"questions": QUESTIONS}), BEFORE_DEADLINE
    )
    return saved


async def registers(storage: Storage, call: Call, user_id: int, typed: dict[str, str]) -> None:
    """A volunteer goes through the form: types `typed[key]`, presses the first two options."""
    journey = journey_on(storage, ManualClock(BEFORE_DEADLINE))
    user = await storage.users.seen(
        user_id, first_name="V", last_name=None, username=None, default_language="fa",
        now=BEFORE_DEADLINE,
    )  # fmt: skip
    step = await journey.begin(user, call)
    while isinstance(step, Ask):
        assert step.error is None, step.error
        registration, key = step.registration, step.question.key
        if step.question.type == QuestionType.CHOICE:
            step = await journey.choose(registration, call, key, 0)
        elif step.question.type == QuestionType.MULTI_CHOICE:
            step = await journey.toggle(registration, call, key, 0)
            step = await journey.toggle(step.registration, call, key, 1)
            step = await journey.finish_choices(step.registration, call, key)
        else:
            step = await journey.answer_text(registration, call, typed[key])
    assert isinstance(step, Review)
    assert isinstance(await journey.submit(step.registration, call), Submitted)


@pytest.fixture
async def registered(storage: Storage, call: Call) -> Call:
    """Sara registers plainly; Mallory types things a spreadsheet could run as formulas."""
    await registers(storage, call, 1001, SARA)
    await registers(storage, call, 1002, MALLORY)
    return call


def sheet_of(path: Path, slug: str = SLUG) -> Worksheet:
    return load_workbook(path)[slug]


def by_key(call: Call, sheet: Worksheet, row: int) -> dict[str, Any]:
    """A data row of the sheet, by CSV column name (headings are translated)."""
    return dict(zip(header(call), (cell.value for cell in sheet[row]), strict=True))


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))


async def test_the_xlsx_reads_back_as_the_answers_for_a_persian_reader(
    storage, registered, tmp_path
) -> None:
    path = tmp_path / "out" / "registrations.xlsx"
    assert await export_xlsx_file(storage, registered, path, FA) == 2
    sheet = sheet_of(path)
    assert sheet.sheet_view.rightToLeft is True
    assert sheet.freeze_panes == "A2"
    headings = [cell.value for cell in sheet[1]]
    assert headings[:5] == [
        "کد پیگیری", "وضعیت", "زمان ثبت (شمسی)", "زمان ثبت (ISO، به وقت جهانی)", "شناسهٔ کاربر",
    ]  # fmt: skip
    assert headings[5:] == [q["label"]["fa"] for q in QUESTIONS]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.max_row == 3

    sara = by_key(registered, sheet, 2)
    assert sara["reference_code"].startswith("FK-")
    assert sara["status"] == "ثبت‌شده"
    assert sara["submitted_at_jalali"] == "1405/09/10 12:30"
    assert sara["submitted_at_iso"] == "2026-12-01T09:00:00+00:00"
    assert sara["user_id"] == 1001 and sheet["E2"].number_format == "0"
    assert sara["full_name"] == "سارا احمدی"
    assert sara["registering_as"] == "فرد"
    assert sara["expertise"] == "حقوق، حریم خصوصی"  # joined as in the CSV
    assert sara["mobile"] == "+989121234567"  # a text cell: as typed, no stray quote
    assert sara["email"] == "Sara@example.com"
    assert sara["years"] == 12 and sheet["K2"].data_type == "n"
    assert sara["handle"] == "sara_a"
    assert sara["proposals"] == "شفافیت در جمع‌آوری داده"


async def test_the_xlsx_columns_fit_their_answers(storage, registered, tmp_path) -> None:
    path = tmp_path / "registrations.xlsx"
    await export_xlsx_file(storage, registered, path, FA)
    widths = {
        key: sheet_of(path).column_dimensions[letter].width
        for key, letter in zip(header(registered), "ABCDEFGHIJKLM", strict=True)
    }
    assert widths["proposals"] == max(widths.values()) <= 60  # long text gets the most room
    assert widths["years"] < widths["email"] < widths["expertise"]
    assert widths["submitted_at_jalali"] >= len("1405/09/10 12:30")


async def test_a_formula_typed_as_an_answer_stays_text_in_both_formats(
    storage, registered, tmp_path
) -> None:
    await registers(storage, registered, 1003, {**SARA, "handle": "#N/A"})
    xlsx, csv_path = tmp_path / "r.xlsx", tmp_path / "r.csv"
    assert await export_file(storage, registered, "xlsx", xlsx, FA) == 3
    assert await export_file(storage, registered, "csv", csv_path, FA) == 3

    sheet = sheet_of(xlsx)
    assert [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"] == []
    with zipfile.ZipFile(xlsx) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "HYPERLINK" in sheet_xml
    mallory = by_key(registered, sheet, 3)
    assert mallory["full_name"] == '\'=HYPERLINK("http://x")'
    assert mallory["mobile"] == "+989127654321"  # stored as text, it never runs
    assert mallory["handle"] == "@user"
    assert mallory["proposals"] == "-1"
    assert mallory["years"] == -1  # a number, not text a formula could hide in
    assert by_key(registered, sheet, 4)["handle"] == "#N/A"  # text, not Excel's error value
    assert sheet["L4"].data_type == "s"

    row = read_csv(csv_path)[1]
    assert row["full_name"] == '\'=HYPERLINK("http://x")'
    assert row["mobile"] == "'+989127654321"
    assert row["handle"] == "'@user"
    assert row["proposals"] == "'-1" and row["years"] == "'-1"
    assert row["status"] == "ثبت‌شده"  # in the export's language, as in the workbook


async def test_an_english_reader_gets_english_headings_left_to_right(
    storage, registered, tmp_path
) -> None:
    path = tmp_path / "registrations.xlsx"
    await export_file(storage, registered, "xlsx", path, EN)
    sheet = sheet_of(path)
    assert not sheet.sheet_view.rightToLeft
    assert [cell.value for cell in sheet[1]] == [
        "Reference code", "Status", "Submitted (Jalali)", "Submitted (ISO, UTC)", "User ID",
        *(q["label"]["en"] for q in QUESTIONS),
    ]  # fmt: skip
    sara = by_key(registered, sheet, 2)
    assert sara["status"] == "registered"
    assert sara["registering_as"] == "An individual"
    assert sara["expertise"] == "Law, Privacy"


async def test_an_empty_call_still_has_its_header_and_a_short_sheet_name(
    storage, tmp_path
) -> None:
    slug = "a-call-with-a-rather-long-slug-indeed-1405"
    call, _ = await storage.calls.save(small_call(slug), BEFORE_DEADLINE)
    path = tmp_path / "empty.xlsx"
    assert await export_file(storage, call, "xlsx", path, FA) == 0
    workbook = load_workbook(path)
    assert workbook.sheetnames == [slug[:31]]
    assert [c.value for c in workbook.active[1]][-2:] == ["نام", "ایمیل"]
    with pytest.raises(ValueError, match="unknown export format"):
        await export_file(storage, call, "ods", tmp_path / "x.ods", FA)


async def test_the_shell_exports_xlsx(storage, database, registered, tmp_path) -> None:
    await storage.close()
    output = tmp_path / "out" / "registrations.xlsx"
    env = {"DATABASE_URL": url_of(database)}
    process = await farakhan(
        "export", SLUG, "--format", "xlsx", "--output", str(output), "--language", "en", env=env
    )
    stdout, stderr = await process.communicate()
    assert process.returncode == 0, stderr.decode()
    said = stdout.decode()
    assert f"Wrote 2 registration(s) of {SLUG!r} to {output}" in said
    assert f"(database {database})" in said  # which file it read, named
    sheet = sheet_of(output)
    assert sheet[1][0].value == "Reference code"
    assert by_key(registered, sheet, 2)["full_name"] == "سارا احمدی"


async def insert_registrations(storage: Storage, call: Call, count: int) -> None:
    """`count` submitted registrations written straight to the tables, fast."""
    moment = to_db(BEFORE_DEADLINE)
    # Answers long enough that holding them all would show, as a real form's would.
    answers = {"full_name": "نام و نام خانوادگی یک داوطلب " * 6, "email": "v@example.com"}
    db = storage.db
    async with db.transaction():
        await db.execute_many(
            "INSERT INTO users (id, language, created_at, last_seen_at) VALUES (?, 'fa', ?, ?)",
            [(10_000 + n, moment, moment) for n in range(count)],
        )
        await db.execute_many(
            "INSERT INTO registrations (id, call_id, user_id, status, reference_code,"
            " created_at, updated_at, submitted_at) VALUES (?, ?, ?, 'submitted', ?, ?, ?, ?)",
            [
                (n, call.id, 10_000 + n, f"FK-{n:06d}", moment, moment, moment)
                for n in range(count)
            ],
        )
        await db.execute_many(
            "INSERT INTO answers (registration_id, question_key, value, updated_at)"
            " VALUES (?, ?, ?, ?)",
            [
                (n, key, json.dumps(value, ensure_ascii=False), moment)
                for n in range(count)
                for key, value in answers.items()
            ],
        )


async def test_a_big_export_writes_each_registration_before_reading_far_ahead(
    storage, tmp_path, monkeypatch
) -> None:
    call, _ = await storage.calls.save(small_call("big-call"), BEFORE_DEADLINE)
    count = 3_000
    await insert_registrations(storage, call, count)
    written_rows = 0
    read_ahead: list[int] = []

    def counting_append(sheet: WriteOnlyWorksheet, row: list[Any]) -> None:
        nonlocal written_rows
        written_rows += 1
        real_append(sheet, row)

    async def watched_stream(db: Database, call_id: int) -> AsyncIterator[Submission]:
        read = 0
        async for registration in stream_submitted(db, call_id):
            read += 1
            read_ahead.append(read - written_rows)  # the header is one of the written rows
            yield registration

    real_append = WriteOnlyWorksheet.append
    monkeypatch.setattr(WriteOnlyWorksheet, "append", counting_append)
    monkeypatch.setattr("bot.services.export.stream_submitted", watched_stream)

    assert await export_xlsx_file(storage, call, tmp_path / "big.xlsx", FA) == count
    assert len(read_ahead) == count
    assert max(read_ahead) == 0  # each row goes to the file before the next is read
    sheet = load_workbook(tmp_path / "big.xlsx", read_only=True)["big-call"]
    assert sum(1 for _ in sheet.iter_rows(values_only=True)) == count + 1


async def test_the_shell_names_the_database_when_the_call_is_not_in_it(
    storage, database, tmp_path
) -> None:
    await storage.close()
    env = {"DATABASE_URL": url_of(database)}
    output = tmp_path / "out.csv"
    process = await farakhan("export", "no-such-call", "--output", str(output), env=env)
    _, stderr = await process.communicate()
    assert process.returncode == 2
    assert f"no call with slug 'no-such-call' in {database}" in stderr.decode()
    assert not output.exists()
