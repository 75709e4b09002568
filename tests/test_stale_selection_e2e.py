"""Two copies of one multi-choice question: the one pressed shows the selection as stored.

A volunteer whose press was slow to be answered (a busy bot, a replica killed) presses again,
and a refused button brings the question back as a new message: ticks made on the older
copy then leave the newer one showing a selection the draft does not hold.
"""

from bot.domain.calls import Call
from tests.chat import BotUnderTest, begin
from tests.factories import small_call

TOPICS = [
    {"key": "topics", "type": "multi_choice", "label": {"fa": "موضوع‌ها", "en": "Topics"},
     "options": [{"value": "a", "label": "الف"}, {"value": "b", "label": "ب"}]},
    {"key": "full_name", "type": "text", "label": {"fa": "نام", "en": "Name"}},
]  # fmt: skip


async def test_confirming_a_selection_the_draft_no_longer_holds_redraws_it(
    bot: BotUnderTest, clock
) -> None:
    call: Call
    call, _ = await bot.storage.calls.save(
        small_call("topics", form={"questions": TOPICS}), clock.now()
    )
    sara = bot.volunteer(1001)
    await begin(sara, "topics")
    first = next(m for m in reversed(sara.messages) if m.inline_buttons)
    await sara.presses("الف")  # ticked on the first copy
    await sara.sends("الف")  # typed: refused, and the question is asked again, ticked
    second = next(m for m in reversed(sara.messages) if m.inline_buttons)
    assert second.message_id != first.message_id
    assert any("☑" in b and "الف" in b for b in sara.buttons())
    await sara.presses_data(sara.button_data("الف"), first.message_id)  # untick, on the first
    registration = await bot.storage.registrations.for_user_and_call(1001, call.id)
    assert not registration.answers.get("topics")

    await sara.presses("تأیید انتخاب")  # on the second copy, still showing the tick
    assert "دست‌کم ۱ گزینه انتخاب کنید" in sara.alert
    shown = next(m for m in sara.messages if m.message_id == second.message_id)
    assert not any("☑" in b.get("text", "") for b in shown.inline_buttons), shown.inline_buttons
