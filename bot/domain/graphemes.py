"""Graphemes: what a reader sees as one character, whatever code points it is made of.

An emoji joined with ZWJ (👩‍👩‍👧 is five code points), a flag, a letter with its
diacritics (مُ, é as e + U+0301), a Persian letter followed by ZWNJ: each is one grapheme
(an extended grapheme cluster, Unicode UAX #29, as the `regex` module's \\X finds it).
Lengths people are told ("at most 100 characters") count graphemes, and text cut to a length
is cut between them, never inside one.
"""

from __future__ import annotations

import regex

_GRAPHEME = regex.compile(r"\X")
ELLIPSIS = "…"


def graphemes(text: str) -> list[str]:
    """The text's graphemes, in order."""
    return _GRAPHEME.findall(text)


def grapheme_count(text: str) -> int:
    """How many characters a reader sees in `text`."""
    return sum(1 for _ in _GRAPHEME.finditer(text))


def shorten(text: str, limit: int, ellipsis: str = ELLIPSIS) -> str:
    """`text` if it has at most `limit` graphemes; else its first graphemes and `ellipsis`,
    `limit` graphemes in all (no half emoji, no mark without its letter)."""
    parts = graphemes(text)
    if len(parts) <= limit:
        return text
    keep = max(0, limit - grapheme_count(ellipsis))
    return "".join(parts[:keep]).rstrip() + ellipsis
