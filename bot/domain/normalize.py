"""Input normalisation: what a volunteer types becomes one canonical form."""

from __future__ import annotations

import re
import unicodedata

ZWNJ = "\u200c"
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ۀ": "هٔ"})
_TO_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
# Control and invisible formatting characters, except newlines and the joiners: ZWNJ (U+200C,
# Persian needs it: می‌خواهم) and ZWJ (U+200D, which makes 👩‍👩‍👧 one emoji). Variation
# selectors, skin tones and combining marks are parts of a grapheme too, and are kept; each
# character removed is a grapheme on its own (a control), so removing it splits nothing.
_INVISIBLE = re.compile(
    r"[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b\u200e\u200f"
    r"\u202a-\u202e\u2066-\u2069\ufeff]"
)


def to_ascii_digits(text: str) -> str:
    """Turns Persian and Arabic-Indic digits into ASCII digits."""
    return text.translate(_DIGITS)


def to_persian_digits(text: str) -> str:
    """Turns ASCII digits into Persian digits (for what Persian readers see)."""
    return text.translate(_TO_PERSIAN_DIGITS)


def normalize_text(text: str) -> str:
    """Canonical form of typed text: NFC, ASCII digits, ی/ک, no stray controls, trimmed.

    Each fold maps a whole grapheme to a whole grapheme (ي to ی, ۱ to 1, e + U+0301 to é), so
    what a reader sees as one character stays one: no emoji or diacritic is split or lost.
    """
    text = unicodedata.normalize("NFC", text)
    text = to_ascii_digits(text).translate(_LETTERS)
    text = _INVISIBLE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def normalize_line(text: str) -> str:
    """Like normalize_text, for one-line answers: inner runs of whitespace become one space."""
    return re.sub(r"\s+", " ", normalize_text(text))
