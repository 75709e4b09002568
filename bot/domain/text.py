"""Lengths and cuts that respect what a person sees: graphemes, and the API's own count.

An emoji joined with ZWJ (👩‍👩‍👧 is five code points), a flag, a letter with its
diacritics (مُ, é as e + U+0301), a Persian letter followed by ZWNJ: each is one grapheme
(an extended grapheme cluster, Unicode UAX #29, as the `regex` module's \\X finds it).
Lengths people are told ("at most 100 characters") count graphemes. The Bot API counts a
message's length in UTF-16 code units (an emoji is two): budgets for a message count those.
Either way a cut falls between graphemes, never inside one.
"""

from __future__ import annotations

import regex

_GRAPHEME = regex.compile(r"\X")
ELLIPSIS = "…"
_ISOLATES = ("\u2066", "\u2067", "\u2068")  # LRI, RLI, FSI: see bot/ui/texts/bidi.py
_PDI = "\u2069"


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


def utf16_length(text: str) -> int:
    """The length the Bot API counts (its limits are 4,096 for a message, 1,024 for a caption)."""
    return len(text.encode("utf-16-le")) // 2


def cut(text: str, limit: int) -> str:
    """`text` if it fits in `limit` UTF-16 units; else its longest head of whole graphemes
    that fits with an ellipsis after it."""
    if utf16_length(text) <= limit:
        return text
    room = limit - utf16_length(ELLIPSIS)
    kept = []
    for grapheme in _GRAPHEME.findall(text):
        room -= utf16_length(grapheme)
        if room < 0:
            break
        kept.append(grapheme)
    return "".join(kept).rstrip() + ELLIPSIS


def pieces(text: str, limit: int) -> list[str]:
    """`text` in pieces of at most `limit` UTF-16 units: at line ends where it can, else
    between graphemes (never inside one)."""
    result: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if utf16_length(candidate) <= limit:
            current = candidate
            continue
        if current:
            result.append(current)
        current = ""
        # A line longer than a piece: cut between graphemes, closing the direction isolates
        # open at the cut and opening them again in the next piece.
        opened: list[str] = []
        for grapheme in _GRAPHEME.findall(line):
            if utf16_length(current + grapheme) + len(opened) > limit:
                result.append(current + _PDI * len(opened))
                current = "".join(opened)
            current += grapheme
            if grapheme in _ISOLATES:
                opened.append(grapheme)
            elif grapheme == _PDI and opened:
                opened.pop()
    if current or not result:
        result.append(current)
    return result
