"""Rules behind what admins look at: a broadcast's first words; dates that moved."""

from __future__ import annotations

from bot.domain.broadcasts import OPENING, opening
from bot.domain.text import grapheme_count


def test_first_words_are_plain_on_one_line() -> None:
    assert opening("<b>جلسه</b> فردا\n\nساعت <i>۱۰</i> &amp; <a href='x'>پیوند</a>") == (
        "جلسه فردا ساعت ۱۰ & پیوند"
    )
    assert opening("  ") == ""


def test_first_words_are_cut_after_a_word_or_between_graphemes() -> None:
    sentence = "نشست نخست کارگروه روز شنبه ساعت ۱۰ در سالن همایش برگزار می‌شود؛ لطفاً فرم را پر کنید"
    cut = opening(sentence)
    assert cut == "نشست نخست کارگروه روز شنبه ساعت ۱۰ در سالن همایش برگزار…"
    assert grapheme_count(cut) <= OPENING
    family = "👩‍👩‍👧"  # one grapheme of five code points, never split
    unbroken = opening(family * 80, limit=10)
    assert unbroken == family * 9 + "…" and grapheme_count(unbroken) == 10
    assert opening("a" * 100, limit=10) == "a" * 9 + "…"
