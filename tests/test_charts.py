"""The statistics chart: a PNG of sensible size in both languages, Persian joined and RTL."""

from __future__ import annotations

import struct
from dataclasses import replace
from datetime import date, timedelta

import pytest
from matplotlib.ft2font import FT2Font, LoadFlags

from bot.domain.calls import Call, CallStatus
from bot.domain.stats import CallStats
from bot.domain.text import utf16_length
from bot.ui.charts import FONTS, RLM, draw, every_day, has_chart, png, stats_chart
from bot.ui.texts import Translator
from tests.factories import TEHRAN, sample_call

START = date(2026, 11, 20)
NUMBERS = CallStats(
    opened=180, agreed=120, submitted=66, accepted=0, withdrawn=3, waitlisted=2,
    per_day=[(START, 3), (START + timedelta(days=1), 5), (START + timedelta(days=4), 9)],
)  # fmt: skip


def sample() -> Call:
    spec = sample_call()
    return Call(1, spec, CallStatus.OPEN, spec.opens_at or spec.deadline_at, spec.deadline_at)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("lang", ["fa", "en"])
async def test_the_chart_is_a_png_of_sensible_size(lang: str) -> None:
    data = await stats_chart(Translator(lang, TEHRAN), sample(), NUMBERS)
    assert png_size(data) == (1200, 960)
    assert 20_000 < len(data) < 1_000_000  # well under the Bot API's 10 MB for a photo


def texts_of(figure) -> list[str]:
    found = [text.get_text() for text in figure.texts]
    for axes in figure.axes:
        found += [axes.get_title(loc) for loc in ("left", "right")]
        found += [label.get_text() for label in axes.get_xticklabels() + axes.get_yticklabels()]
        found += [child.get_text() for child in axes.texts]
    return [text for text in found if text]


def test_persian_labels_are_given_as_typed_and_read_from_the_right() -> None:
    t = Translator("fa", TEHRAN)
    figure = draw(t, sample(), NUMBERS)
    texts = texts_of(figure)
    assert RLM + "ثبت‌نام‌ها و مسیر داوطلبان" in texts  # the heading, in reading order
    assert "کارگروه ویژهٔ صیانت از حقوق کاربران فضای مجازی" in texts  # the call's title
    assert RLM + "۲۹ آبان" in texts  # Jalali days, Persian digits
    assert RLM + "۱۲۰ (۶۷٪)" in texts  # agreed: a count and its share of those who opened
    assert RLM + "۱۸۰" in texts
    # Nothing arrives pre-shaped (presentation forms) or pre-reversed, and no Latin digit.
    assert not any("\ufb50" <= char <= "\ufeff" for text in texts for char in text)
    assert not any(char.isascii() and char.isdigit() for text in texts for char in text)
    assert [text.get_language() for text in figure.texts] == ["fa", "fa"]


def laid_out(text: str) -> list[tuple[str, int]]:
    """The glyphs Matplotlib draws for `text`, left to right: (character, glyph)."""
    font = FT2Font(str(FONTS / "Vazirmatn-Regular.ttf"))
    return [(item.char, item.glyph_index) for item in font._layout(text, LoadFlags.NO_HINTING)]


def test_matplotlib_joins_persian_letters_and_lays_them_right_to_left() -> None:
    """Matplotlib 3.11+ shapes text itself (libraqm); an older one would draw ث ب ت apart
    and left to right, and pre-shaped text would come out reversed."""
    font = FT2Font(str(FONTS / "Vazirmatn-Regular.ttf"))
    glyphs = laid_out(RLM + "ثبت ۱۲")
    shown = "".join(char for char, _ in glyphs if char.strip() and char != RLM)
    assert shown == "۱۲تبث"  # the number on the left, the word read from the right
    isolated = {char: font.get_char_index(ord(char)) for char in "ثبت"}
    joined = {char: glyph for char, glyph in glyphs if char in isolated}
    assert all(joined[char] != isolated[char] for char in "ثبت")  # initial, medial, final


def test_english_has_english_labels_and_ascii_digits() -> None:
    texts = texts_of(draw(Translator("en", TEHRAN), sample(), NUMBERS))
    assert "Registrations and the volunteers' path" in texts
    assert "120 (67%)" in texts and "20 Nov" in texts


def test_the_accepted_step_and_days_without_registrations() -> None:
    call = sample()
    moderated = replace(call, spec=call.spec.model_copy(update={"moderated": True}))
    t = Translator("fa", TEHRAN)
    assert RLM + "پذیرفته" in texts_of(draw(t, moderated, NUMBERS))
    assert RLM + "پذیرفته" not in texts_of(draw(t, call, NUMBERS))
    empty = CallStats(opened=4, agreed=0, submitted=0, accepted=0, withdrawn=0, waitlisted=0)
    assert RLM + "هنوز ثبت‌نامی نرسیده است" in texts_of(draw(t, call, empty))
    assert png_size(png(draw(t, call, empty))) == (1200, 960)
    assert not has_chart(CallStats(0, 0, 0, 0, 0, 0)) and has_chart(empty)
    assert every_day(NUMBERS.per_day) == [
        (START, 3), (START + timedelta(days=1), 5), (START + timedelta(days=2), 0),
        (START + timedelta(days=3), 0), (START + timedelta(days=4), 9),
    ]  # fmt: skip


def test_the_caption_fits_with_the_longest_title() -> None:
    call = sample()
    longest = call.spec.model_copy(update={"title": {"fa": "عنوان " * 700, "en": "Title " * 700}})
    for lang in ("fa", "en"):
        t = Translator(lang, TEHRAN)
        caption = t("chart.caption", title=t.title(longest.title))
        assert utf16_length(caption) <= 1024
