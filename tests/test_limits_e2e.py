"""Everything the form allows fits the messenger: every answer at its maximum, in both
languages and on every messenger, and the volunteer is never stuck.

The emulator refuses a message over 4,096 UTF-16 units as the Bot API does; an emoji joined
with ZWJ is one character to the form (its limit counts graphemes) but eight units to the
API, so answers at the form's maximum overflow a review that shows them whole.
"""

from __future__ import annotations

import pytest

from bot.domain.text import utf16_length
from bot.ui.texts import Translator
from emulator import EmulatorServer
from tests.chat import BotUnderTest, settings_for, visible
from tests.factories import TEHRAN, sample_call

SLUG = "user-rights-working-group"
FAMILY = "👩\u200d👩\u200d👧"  # one grapheme, eight UTF-16 units
NAME = FAMILY * 100  # full_name's max_length: 100 characters
PROPOSALS = "😀" * 2000  # the long answer's max_length: 2,000 characters (4,000 units)
EMAIL = f"{'a' * 64}@{'b' * 63}.{'c' * 63}.example.org"


@pytest.mark.parametrize("messenger", ["telegram", "bale", "soroush"])
@pytest.mark.parametrize("lang", ["fa", "en"])
async def test_every_answer_at_its_maximum_still_reviews_and_submits(
    server: EmulatorServer, tmp_path, clock, lang: str, messenger: str
) -> None:
    bot = BotUnderTest(server, settings_for(server, tmp_path / "f.db", MESSENGER=messenger), clock)
    await bot.start()
    try:
        await bot.storage.calls.save(sample_call(), clock.now())
        t = Translator(lang, TEHRAN)
        sara = bot.volunteer(1001)
        await sara.sends("/start")
        await bot.storage.users.set_language(1001, lang)
        await sara.sends(f"/start {SLUG}")
        await sara.presses(t("button.register"))
        await sara.presses(t("button.agree"))
        await sara.sends(NAME)
        await sara.presses("فرد" if lang == "fa" else "As an individual")
        for field in ("حقوق", "حریم", "فناوری") if lang == "fa" else ("Law", "Privacy", "Tech"):
            await sara.presses(field)
        await sara.presses(t("button.done_choices"))
        await sara.sends("09121234567")
        await sara.sends(EMAIL)
        await sara.sends(PROPOSALS)
        await sara.presses(t("button.skip"))  # not in the directory of experts

        # The review came (the API took it), shortened, with the way to read it all.
        review = sara.last_text
        assert visible(t("review.footer")) in review, review[:300]
        assert utf16_length(review) <= 4096
        assert PROPOSALS not in review and "…" in review
        await sara.presses(t("button.full_answers"))
        whole = visible("\n".join(m.text or "" for m in sara.replies))
        assert NAME in whole and PROPOSALS in whole and EMAIL in whole
        assert len(sara.replies) >= 2  # more than one message can hold
        assert all(utf16_length(m.text or "") <= 4096 for m in sara.replies)

        # Confirm still works from the shortened review, and nothing was lost.
        await sara.presses(t("button.submit"))
        assert "FK-" in sara.last_text
        registration = await bot.storage.registrations.for_user_and_call(1001, 1)
        assert registration is not None and registration.submitted_at is not None
        assert registration.answers["full_name"] == NAME
        assert registration.answers["proposals"] == PROPOSALS

        # /my shows the same registration within the limit, with the same way to read it all.
        await sara.sends("/my")
        await sara.presses("کارگروه ویژه" if lang == "fa" else "Special working group")
        assert utf16_length(sara.last_text) <= 4096
        assert any(t("button.full_answers") in b for b in sara.buttons())
    finally:
        await bot.stop()
