"""Typed input becomes one canonical form: digits, letters, phones."""

import pytest

from bot.domain.normalize import normalize_line, normalize_text, to_persian_digits
from bot.domain.phone import Phone, read_phone


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
        "0912-123-4567",
        "0912\u200c123\u200c4567",
        "+98 (912) 123-4567",
        "+98 0912 123 4567",
        "989121234567",
    ],
)
def test_iranian_mobile_forms_normalise_to_e164(typed: str) -> None:
    assert read_phone(typed) == Phone("+989121234567", mobile=True)


def test_foreign_numbers_are_kept_in_e164_and_told_apart() -> None:
    assert read_phone("+44 20 7946 0958") == Phone("+442079460958", mobile=False)
    assert read_phone("0044 20 7946 0958") == Phone("+442079460958", mobile=False)
    assert read_phone("+44 7911 123456") == Phone("+447911123456", mobile=True)
    assert read_phone("+49 151 12345678") == Phone("+4915112345678", mobile=True)


def test_where_the_number_cannot_tell_it_may_be_a_mobile() -> None:
    # North American numbers look the same for mobiles and landlines.
    assert read_phone("+1 212 555 0123") == Phone("+12125550123", mobile=True)


def test_a_shared_contacts_number_without_its_plus_is_international() -> None:
    assert read_phone("447911123456") == Phone("+447911123456", mobile=True)


@pytest.mark.parametrize(
    "typed",
    [
        "12345",
        "0912123456",
        "abc",
        "+98912123456789",
        "",
        "+",
        "+999 1234 5678",  # no country has the code 999
        "0912-ABC-4567",  # letters are not read as a keypad's
        "call 09121234567",
    ],
)
def test_non_numbers_are_refused(typed: str) -> None:
    assert read_phone(typed) is None


def test_an_iranian_landline_is_a_phone_but_not_a_mobile() -> None:
    assert read_phone("02188776655") == Phone("+982188776655", mobile=False)
