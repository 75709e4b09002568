"""A volunteer writes the way people write (joined emoji, ZWNJ, diacritics) and reads it back
in the review as written: look-alike letters and digits folded, nothing split or dropped."""

from __future__ import annotations

import re

from bot.ui.texts import Translator
from tests.chat import BotUnderTest, begin
from tests.factories import TEHRAN

FA = Translator("fa", TEHRAN)
FAMILY = "👩\u200d👩\u200d👧"
RAINBOW_FLAG = "🏳\ufe0f\u200d🌈"


async def test_what_a_volunteer_types_reads_back_whole_in_the_review(
    bot: BotUnderTest, call
) -> None:
    sara = bot.volunteer(1001)
    await begin(sara, call.slug)

    await sara.sends(FAMILY)  # one character to a reader: short of the name's three
    assert FA("answer.too_short", min=3) in sara.reply_text
    name = f"مُحَمَّد {FAMILY}"  # a vocalised name, then an emoji: 6 characters as seen
    await sara.sends(name)
    await sara.presses("به‌عنوان فرد")
    await sara.presses("سایر")
    await sara.presses("تأیید انتخاب")
    await sara.sends("09121234567")
    await sara.sends("sara@example.com")
    await sara.sends(
        f"می\u200cخواهم حقوق خانواده‌ها {FAMILY} و همه {RAINBOW_FLAG} دیده شود.\n"
        "كاربران عربي\u200cزبان و cafe\u0301 ها هم، از ۱۴۰۵."
    )
    await sara.presses("رد شدن")  # the directory of experts: no

    # Typed text comes back isolated (its direction kept apart): read it without the marks.
    review = re.sub("[\u2066-\u2069]", "", sara.last_text)
    assert "مرور پاسخ‌ها" in review
    assert f"نام و نام خانوادگی: {name}" in review
    assert f"می\u200cخواهم حقوق خانواده‌ها {FAMILY} و همه {RAINBOW_FLAG} دیده شود." in review
    assert "کاربران عربی\u200cزبان و café ها هم، از 1405." in review  # folded, one é
    registration = await bot.storage.registrations.for_user_and_call(1001, call.id)
    assert registration.answers["full_name"] == name
