"""Input normalisation: what a volunteer types becomes one canonical form."""

from __future__ import annotations

import re
import unicodedata

ZWNJ = "\u200c"
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ۀ": "هٔ"})
_TO_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
# Control and invisible formatting characters, except ZWNJ (Persian needs it) and newlines.
_INVISIBLE = re.compile(
    r"[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b\u200d-\u200f"
    r"\u202a-\u202e\u2066-\u2069\ufeff]"
)


def to_ascii_digits(text: str) -> str:
    """Turns Persian and Arabic-Indic digits into ASCII digits."""
    return text.translate(_DIGITS)


def to_persian_digits(text: str) -> str:
    """Turns ASCII digits into Persian digits (for what Persian readers see)."""
    return text.translate(_TO_PERSIAN_DIGITS)


def normalize_text(text: str) -> str:
    """Canonical form of typed text: NFC, ASCII digits, ی/ک, no stray controls, trimmed."""
    text = unicodedata.normalize("NFC", text)
    text = to_ascii_digits(text).translate(_LETTERS)
    text = _INVISIBLE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def normalize_line(text: str) -> str:
    """Like normalize_text, for one-line answers: inner runs of whitespace become one space."""
    return re.sub(r"\s+", " ", normalize_text(text))
