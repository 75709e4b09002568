"""Search: what an admin types to find a registration becomes the words the index is asked for.

Answers are stored in one canonical form (bot/domain/normalize.py: ASCII digits, ی and ک, no
invisible marks; phones as E.164), and the index folds case and drops ZWNJ. A query is
brought to the same form, so it finds a person however it was typed: `علي` or `علی`,
`۰۹۱۲…`, `0912…`, `+98 912 …` or `0098912…`, `fk-7k3m9q` or `7K3M9Q`, with marks pasted
from a message or without.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.domain.calls import Call
from bot.domain.forms import Answers
from bot.domain.models import RegistrationStatus
from bot.domain.normalize import ZWNJ, normalize_line
from bot.domain.phone import read_phone
from bot.domain.text import grapheme_count

MIN_LENGTH = 2  # letters or digits: one would match half the registrations
MAX_LENGTH = 100  # characters: longer is a pasted paragraph, not something to look up
PAGE_SIZE = 10
MAX_PAGES = 100  # a page's number travels in a button (two digits); narrow the query beyond

# Only digits and what people put between them: a phone number, whole or in part.
_PHONE_LIKE = re.compile(r"\+?[0-9][0-9\s\-().]*")
_PHONE_DIGITS = 7  # fewer are a number's start or numbers apart (`12 34`): words, as typed
# A reference code typed without its dash (`fk7k3m9q`): the alphabet of new_reference_code.
_CODE = re.compile(r"fk-?([2-9a-hjkmnp-z]{6})")


class QueryProblem(StrEnum):
    """Why a query is not searched: the catalog key of the reply."""

    EMPTY = "find.empty"
    TOO_SHORT = "find.too_short"
    TOO_LONG = "find.too_long"


@dataclass(frozen=True)
class SearchQuery:
    """A query worth searching: as the admin typed it (one line), and the words to look for.

    Each term is matched at the start of a word of a registration (`احم` finds `احمدی`), the
    words of a term one after another (`sara@example.com`); every term must match.
    """

    text: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Found:
    """One registration a search found: enough to list it and open its card."""

    registration_id: int
    call_id: int
    status: RegistrationStatus
    reference_code: str | None
    answers: Answers


@dataclass(frozen=True)
class SearchPage:
    """One page of what a query found, with the calls its registrations belong to."""

    query: str
    found: list[Found]
    calls: dict[int, Call]
    total: int
    page: int  # from 0

    @property
    def pages(self) -> int:
        return pages(self.total)


def fold(text: str) -> str:
    """The form both the index and a query are compared in: canonical, no ZWNJ, lower case."""
    return normalize_line(text).replace(ZWNJ, "").lower()


def read_query(typed: str) -> SearchQuery | QueryProblem:
    """The query to search for what an admin typed, or why it is not searched."""
    text = normalize_line(typed)
    if not text:
        return QueryProblem.EMPTY
    if grapheme_count(text) > MAX_LENGTH:
        return QueryProblem.TOO_LONG
    folded = fold(text)
    if sum(char.isalnum() for char in folded) < MIN_LENGTH:
        return QueryProblem.TOO_SHORT
    return SearchQuery(" ".join(typed.split()), _terms(folded))


def _terms(folded: str) -> tuple[str, ...]:
    if _PHONE_LIKE.fullmatch(folded):
        digits = re.sub(r"\D", "", folded)
        if len(digits) >= _PHONE_DIGITS:
            return (_phone_term(folded, digits),)
    words = [_code_term(word) for word in folded.split()]
    return tuple(word for word in words if any(char.isalnum() for char in word))


def _phone_term(folded: str, digits: str) -> str:
    """A whole number as the index holds it (E.164's digits); a part, as it was typed (the
    index also holds Iranian numbers as 0912… and 912…), an international prefix dropped."""
    phone = read_phone(folded)
    if phone is not None:
        return phone.e164.removeprefix("+")
    return digits[2:] if digits.startswith("00") else digits


def _code_term(word: str) -> str:
    match = _CODE.fullmatch(word)
    return f"fk-{match[1]}" if match else word


def pages(total: int) -> int:
    """How many pages `total` results fill (one, when there are none), at most MAX_PAGES."""
    return max(1, min(MAX_PAGES, -(-total // PAGE_SIZE)))
