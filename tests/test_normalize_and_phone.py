"""Typed input becomes one canonical form: digits, letters, phones."""

import pytest

from bot.domain.normalize import normalize_line, normalize_text, to_persian_digits
from bot.domain.phone import normalize_phone


def test_persian_and_arabic_digits_become_ascii() -> None:
    assert normalize_text("۰۹۱۲ ٣٤٥") == "0912 345"


def test_arabic_yeh_and_kaf_become_persian() -> None:
    assert normalize_text("علي كريمي") == "علی کریمی"


def test_zwnj_is_kept_and_other_invisibles_removed() -> None:
    assert normalize_text("\u200fمی\u200cخواهم\u200b ") == "می\u200cخواهم"


def test_one_line_answers_collapse_inner_whitespace() -> None:
    assert normalize_line("  سارا \n  احمدی  ") == "سارا احمدی"


def test_long_text_keeps_its_lines() -> None:
    assert normalize_text("خط یک\r\nخط دو") == "خط یک\nخط دو"


def test_persian_digits_for_display() -> None:
    assert to_persian_digits("سؤال 3 از 7") == "سؤال ۳ از ۷"


@pytest.mark.parametrize(
    "typed",
    [
        "09121234567",
        "۰۹۱۲۱۲۳۴۵۶۷",
        "+989121234567",
        "00989121234567",
        "9121234567",
        "0912 123 4567",
        "+98 (912) 123-4567",
        "+98 0912 123 4567",
        "989121234567",
    ],
)
def test_iranian_mobile_forms_normalise_to_e164(typed: str) -> None:
    assert normalize_phone(typed, mobile_only=True) == "+989121234567"


def test_foreign_numbers_are_kept_in_e164() -> None:
    assert normalize_phone("+44 20 7946 0958") == "+442079460958"
    assert normalize_phone("0044 20 7946 0958") == "+442079460958"


@pytest.mark.parametrize("typed", ["12345", "0912123456", "abc", "+98912123456789", "", "+"])
def test_non_numbers_are_refused(typed: str) -> None:
    assert normalize_phone(typed) is None


def test_a_landline_is_refused_where_a_mobile_is_asked() -> None:
    assert normalize_phone("02188776655", mobile_only=True) is None
    assert normalize_phone("02188776655") == "+982188776655"
