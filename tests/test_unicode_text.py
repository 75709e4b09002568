"""Text people really send survives: emoji joined with ZWJ, ZWNJ in Persian words,
combining marks. Normalising folds look-alikes but never breaks what a reader sees as one
character (a grapheme), and every place that cuts text to a length cuts between graphemes."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.calls import Call, CallSpec
from bot.domain.forms import AnswerError, Question, check_answer
from bot.domain.models import Registration, RegistrationStatus
from bot.domain.normalize import normalize_line, normalize_text
from bot.domain.text import grapheme_count, shorten
from bot.ui.screens import admin as admin_screens
from bot.ui.screens import form as form_screens
from bot.ui.texts import Translator
from tests.factories import TEHRAN, small_call

FAMILY = "👩\u200d👩\u200d👧"  # one emoji: woman, ZWJ, woman, ZWJ, girl
RAINBOW_FLAG = "🏳\ufe0f\u200d🌈"
THUMBS = "👍🏽"  # with a skin-tone modifier
WANT = "می\u200cخواهم"  # ZWNJ between می and خواهم
E_ACUTE = "e\u0301"  # e and a combining acute accent: é
MOHAMMAD = "مُحَمَّد"  # four letters, three diacritics
FA = Translator("fa", TEHRAN)

# What people type, one grapheme (or one ZWNJ-joined word) at a time.
PIECES = [
    FAMILY,
    RAINBOW_FLAG,
    THUMBS,
    "🇮🇷",
    WANT,
    E_ACUTE,
    MOHAMMAD,
    "ی",
    "ک",
    "a",
    "۱",
    " ",
]


def clusters(text: str) -> list[str]:
    return regex.findall(r"\X", text)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        (FAMILY, FAMILY),  # ZWJ holds the family together
        (RAINBOW_FLAG, RAINBOW_FLAG),
        (f"سلام {FAMILY}!", f"سلام {FAMILY}!"),
        (WANT, WANT),  # ZWNJ stays
        (E_ACUTE, "é"),  # composed (NFC): the same letter, one code point
        (MOHAMMAD, MOHAMMAD),
        ("علي و كتاب", "علی و کتاب"),  # Arabic ي and ك fold to Persian ی and ک
        ("۱۲۳ و ١٢٣", "123 و 123"),  # Persian and Arabic digits fold to ASCII
        ("\u200fسلام\u200b\u202b ", "سلام"),  # direction marks and zero-width spaces go
    ],
)
def test_normalising_folds_look_alikes_and_keeps_joiners(typed: str, kept: str) -> None:
    assert normalize_text(typed) == kept
    assert normalize_line(typed) == kept


@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=30))
def test_normalising_never_breaks_a_grapheme(pieces: list[str]) -> None:
    text = "x" + "x".join(pieces) + "x"  # no leading or trailing space: nothing is trimmed
    assert len(clusters(normalize_text(text))) == len(clusters(text))
    assert FAMILY not in text or FAMILY in normalize_text(text)


@pytest.mark.parametrize(
    ("text", "count"),
    [(FAMILY, 1), (RAINBOW_FLAG, 1), (THUMBS, 1), (E_ACUTE, 1), (MOHAMMAD, 4), (WANT, 7)],
)
def test_a_grapheme_is_what_a_reader_counts_as_one_character(text: str, count: int) -> None:
    assert grapheme_count(text) == count


def _question(**limits: int) -> Question:
    return Question.model_validate({"key": "name", "type": "text", "label": "Name", **limits})


def test_answer_lengths_count_what_a_reader_sees() -> None:
    # A fully vocalised name of 4 letters is not "too long" for 4 characters…
    assert check_answer(_question(max_length=4), MOHAMMAD) == MOHAMMAD
    assert check_answer(_question(max_length=3), f"{FAMILY}{THUMBS}é") == f"{FAMILY}{THUMBS}é"
    # …and the refusal counts the same way.
    refused = check_answer(_question(max_length=3), MOHAMMAD)
    assert refused == AnswerError("answer.too_long", {"max": 3, "length": 4})
    assert check_answer(_question(min_length=3), FAMILY * 2) == AnswerError(
        "answer.too_short", {"min": 3}
    )


@given(
    st.lists(st.sampled_from(PIECES), min_size=0, max_size=40),
    st.integers(min_value=1, max_value=30),
)
def test_shortening_cuts_between_graphemes(pieces: list[str], limit: int) -> None:
    text = "".join(pieces)
    short = shorten(text, limit)
    assert grapheme_count(short) <= limit
    if grapheme_count(text) <= limit:
        assert short == text
    else:
        kept = short.removesuffix("…")
        assert short.endswith("…")
        assert clusters(text)[: len(clusters(kept))] == clusters(kept)  # whole graphemes only


def _cut_inside(cut: int, grapheme: str) -> str:
    """A text whose first `cut` code points end inside `grapheme` (after its first one)."""
    before = cut - 1
    return "فراخوان " * (before // 8) + "ا" * (before % 8) + grapheme + " پایان"


@pytest.mark.parametrize("grapheme", [FAMILY, RAINBOW_FLAG, MOHAMMAD[:2]])
def test_the_admin_s_call_buttons_keep_whole_graphemes(grapheme: str) -> None:
    title = _cut_inside(60, grapheme)  # the panel's buttons were cut to 60
    call = _stored(small_call(title={"fa": title, "en": "Small"}))
    screen = admin_screens.home(FA, [(call, {status: 0 for status in RegistrationStatus})])
    label = screen.keyboard["inline_keyboard"][0][0]["text"]
    kept = label.removesuffix("…")
    assert clusters(title)[: len(clusters(kept))] == clusters(kept)
    assert grapheme in label or not kept.endswith(grapheme[0])


@pytest.mark.parametrize("grapheme", [FAMILY, THUMBS, MOHAMMAD[:2]])
def test_the_answer_picker_keeps_whole_graphemes(grapheme: str) -> None:
    label = _cut_inside(39, grapheme)  # 39 and "…" in a button of 40
    spec = small_call()
    question = spec.form.questions[0].model_copy(update={"label": {"fa": label, "en": "Name"}})
    call = _stored(spec.model_copy(update={"form": spec.form.model_copy(update={"questions": [
        question, *spec.form.questions[1:]]})}))  # fmt: skip
    moment = datetime(2026, 12, 1, tzinfo=UTC)
    registration = Registration(
        id=1, call_id=1, user_id=1, status=RegistrationStatus.DRAFT, step="review",
        return_to_review=False, reference_code=None, created_at=moment, updated_at=moment,
        answers={"full_name": "سارا", "email": "s@example.com"},
    )  # fmt: skip
    screen = form_screens.edit_picker(FA, call, registration)
    shown = screen.keyboard["inline_keyboard"][0][0]["text"]
    kept = shown.removesuffix("…")
    assert clusters(label)[: len(clusters(kept))] == clusters(kept)
    assert unicodedata.category(clusters(kept)[-1][0]) != "Mn"  # no mark without its letter
    assert grapheme in shown or not kept.endswith(grapheme[0])


def _stored(spec: CallSpec) -> Call:
    return Call(
        id=1, spec=spec, status=spec.status, opens_at=spec.opens_at, deadline_at=spec.deadline_at
    )
