"""The form over the emulator: refusals re-ask the same question; navigation keeps answers."""

import pytest

from bot.domain.calls import Call
from bot.domain.models import RegistrationStatus
from tests.chat import BotUnderTest, Volunteer, answer_as_individual, begin
from tests.factories import small_call

EVERY_TYPE = [
    {"key": "full_name", "type": "text", "label": {"fa": "نام", "en": "Name"}, "max_length": 20},
    {"key": "age", "type": "number", "label": {"fa": "سن", "en": "Age"}, "min": 18, "max": 99,
     "integer": True},
    {"key": "site", "type": "url", "label": {"fa": "وبگاه", "en": "Website"}, "required": False},
    {"key": "mobile", "type": "phone", "label": {"fa": "همراه", "en": "Mobile"},
     "mobile_only": True},
    {"key": "email", "type": "email", "label": {"fa": "ایمیل", "en": "E-mail"}},
    {"key": "topics", "type": "multi_choice", "label": {"fa": "موضوع‌ها", "en": "Topics"},
     "max_choices": 2, "options": [{"value": "a", "label": "الف"}, {"value": "b", "label": "ب"},
                                   {"value": "c", "label": "ج"}]},
    {"key": "bio", "type": "long_text", "label": {"fa": "معرفی", "en": "About you"},
     "max_length": 50},
]  # fmt: skip


@pytest.fixture
async def form_call(bot: BotUnderTest, clock) -> Call:
    call, _ = await bot.storage.calls.save(
        small_call("every-type", form={"questions": EVERY_TYPE}), clock.now()
    )
    return call


async def step_of(bot: BotUnderTest, volunteer: Volunteer, call: Call) -> str | None:
    registration = await bot.storage.registrations.for_user_and_call(volunteer.id, call.id)
    return registration.step


async def test_each_bad_answer_gets_its_own_reply_and_the_same_question(
    bot: BotUnderTest, form_call: Call
) -> None:
    sara = bot.volunteer(1001)
    await begin(sara, "every-type")

    await sara.sends("ن" * 21)
    assert "متن شما ۲۱ نویسه است؛ حداکثر ۲۰ نویسه" in sara.last_text
    assert "سؤال ۱ از ۷" in sara.last_text and await step_of(bot, sara, form_call) == "full_name"
    await sara.sends("سارا")

    for typed, expected in [("بیست", "این عدد نیست"), ("۱۷", "عدد باید دست‌کم ۱۸ باشد"),
                            ("120", "عدد نباید بیشتر از ۹۹ باشد"),
                            ("30.5", "عدد صحیح")]:  # fmt: skip
        await sara.sends(typed)
        assert expected in sara.last_text, typed
        assert "سؤال ۲ از ۷" in sara.last_text
    await sara.sends("۳۰")

    await sara.sends("not a site")
    assert "این نشانی وب درست نیست" in sara.last_text
    await sara.sends("example.org")

    await sara.sends("12345")
    assert "این شماره درست نیست" in sara.reply_text
    await sara.sends("+44 20 7946 0958")  # a London landline, where a mobile is asked
    assert "این شمارهٔ تلفن ثابت است، نه همراه" in sara.reply_text
    await sara.shares_contact("+989120000000", own=False)
    assert "شمارهٔ خودتان را بفرستید" in sara.reply_text
    await sara.sends_media("sticker")
    assert "فقط پیام متنی را می‌توانم بخوانم" in sara.reply_text
    assert await step_of(bot, sara, form_call) == "mobile"
    await sara.shares_contact("00989121112233")

    await sara.sends("sara@")
    assert "این نشانی ایمیل درست به نظر نمی‌رسد" in sara.last_text
    await sara.sends("سارا@مثال.ایران")

    await sara.sends("الف")  # a multi-choice question wants its buttons
    assert "لطفاً یکی از دکمه‌های زیر آن را بزنید" in sara.last_text
    await sara.presses("تأیید انتخاب")  # nothing chosen yet
    assert "دست‌کم ۱ گزینه انتخاب کنید" in sara.alert
    for label in ("الف", "ب", "ج"):
        await sara.presses(label)
    assert "حداکثر ۲ گزینه" in sara.alert  # the third tick, refused on the spot
    await sara.presses("تأیید انتخاب")

    await sara.sends("x" * 10_000)
    assert "حداکثر ۵۰ نویسه" in sara.last_text
    await sara.sends("یک خط\nدو خط")
    assert "مرور پاسخ‌ها" in sara.last_text

    registration = await bot.storage.registrations.for_user_and_call(1001, form_call.id)
    assert registration.answers == {
        "full_name": "سارا", "age": 30, "site": "https://example.org",
        "mobile": "+989121112233", "email": "سارا@مثال.ایران", "topics": ["a", "b"],
        "bio": "یک خط\nدو خط",
    }  # fmt: skip


async def test_skip_back_keep_and_pause_then_continue(bot: BotUnderTest, call: Call) -> None:
    sara = bot.volunteer(1001)
    await begin(sara, call.slug)
    await sara.sends("سارا احمدی")
    await sara.presses("به‌عنوان فرد")
    await sara.presses("سؤال قبلی")
    assert "سؤال ۲ از ۷" in sara.last_text and "پاسخ فعلی: به‌عنوان فرد (حقیقی)" in sara.last_text
    await sara.presses("سؤال قبلی")
    assert "پاسخ فعلی: سارا احمدی" in sara.last_text
    await sara.presses("همین پاسخ بماند")
    await sara.presses("همین پاسخ بماند")
    assert "حوزهٔ تخصص" in sara.last_text

    await sara.presses("توقف")
    assert "پیش‌نویس ذخیره شد" in sara.last_text
    await sara.sends("دیگر پاسخ نیست")  # not answering anything now
    assert "متوجه نشدم" in sara.last_text
    await sara.presses("ادامهٔ ثبت‌نام")
    assert "حوزهٔ تخصص" in sara.last_text
    await sara.sends("/cancel")
    assert "پیش‌نویس ذخیره شد" in sara.last_text
    await sara.sends("/my")
    assert "— نیمه‌کاره" in sara.buttons()[0]
    await sara.presses("نیمه‌کاره")
    await sara.presses("ادامهٔ ثبت‌نام")
    assert "حوزهٔ تخصص" in sara.last_text


async def test_discarding_a_draft_asks_first_then_deletes_it(bot: BotUnderTest, call) -> None:
    sara = bot.volunteer(1001)
    await begin(sara, call.slug)
    await sara.sends("سارا احمدی")
    await sara.presses("توقف")
    await sara.presses("پاک کردن پیش‌نویس")
    assert "پاسخ‌هایی که داده‌اید از بین می‌رود" in sara.last_text
    await sara.presses("بله، پاک شود")
    assert "پیش‌نویس پاک شد" in sara.last_text
    assert await bot.storage.registrations.for_user(1001) == []


async def test_a_restart_in_the_middle_resumes_at_the_same_question(
    bot: BotUnderTest, call
) -> None:
    sara = bot.volunteer(1001)
    await begin(sara, call.slug)
    await sara.sends("سارا احمدی")
    await sara.presses("به‌عنوان فرد")
    await bot.restart()  # a new Application on the same database
    await sara.presses("آموزش و پژوهش")
    await sara.presses("تأیید انتخاب")
    assert "سؤال ۴ از ۷" in sara.reply_text and "شمارهٔ تلفن همراه" in sara.reply_text
    registration = await bot.storage.registrations.for_user_and_call(1001, call.id)
    assert registration.answers["expertise"] == ["research"]
    assert registration.answers["full_name"] == "سارا احمدی"


async def test_editing_an_answer_from_the_review(bot: BotUnderTest, call) -> None:
    sara = bot.volunteer(1001)
    await begin(sara, call.slug)
    await answer_as_individual(sara)
    await sara.presses("ویرایش")
    assert "کدام پاسخ را می‌خواهید تغییر دهید؟" in sara.last_text
    await sara.presses("به چه عنوان")
    await sara.presses("از طرف سازمان")  # makes the organisation's name a required question
    assert "نام سازمان" in sara.last_text
    await sara.sends("انجمن")  # then straight back: the optional role is not forced on her
    assert "مرور پاسخ‌ها" in sara.last_text and "انجمن" in sara.last_text
    await sara.presses("تأیید و ارسال")
    registration = await bot.storage.registrations.for_user_and_call(1001, call.id)
    assert registration.status == RegistrationStatus.SUBMITTED
    assert registration.answers["organisation_name"] == "انجمن"


def contact_buttons(volunteer: Volunteer) -> list[dict]:
    """The "send my number" reply-keyboard buttons among the bot's answers to the last action."""
    return [b for m in volunteer.replies for b in m.keyboard_buttons if b.get("request_contact")]


async def test_the_send_my_number_button_comes_back_with_every_re_ask(
    bot: BotUnderTest, call: Call
) -> None:
    sara = bot.volunteer(1001)
    await begin(sara, call.slug)
    await sara.sends("سارا احمدی")
    await sara.presses("به‌عنوان فرد")
    await sara.presses("سایر")
    await sara.presses("تأیید انتخاب")
    assert "شمارهٔ تلفن همراه" in sara.reply_text and len(contact_buttons(sara)) == 1

    # Each refusal repeats "or press 'send my number'": the button comes with it.
    await sara.sends("12345")
    assert "این شماره درست نیست" in sara.reply_text and "ارسال شمارهٔ من" in sara.reply_text
    assert len(contact_buttons(sara)) == 1
    await sara.shares_contact("+989120000000", own=False)
    assert "شمارهٔ خودتان را بفرستید" in sara.reply_text and len(contact_buttons(sara)) == 1
    await sara.sends_media("sticker")
    assert "فقط پیام متنی" in sara.reply_text and len(contact_buttons(sara)) == 1

    await sara.shares_contact("+989121112233")
    assert "شماره ثبت شد" in sara.reply_text and contact_buttons(sara) == []
    registration = await bot.storage.registrations.for_user_and_call(1001, call.id)
    assert registration.answers["mobile"] == "+989121112233"


async def test_a_multi_choice_question_says_its_bounds_and_refuses_a_tick_too_many(
    bot: BotUnderTest, call: Call
) -> None:
    sara = bot.volunteer(1001)
    await begin(sara, call.slug)
    await sara.sends("سارا احمدی")
    await sara.presses("به‌عنوان فرد")
    assert "۱ تا ۳ گزینه" in sara.last_text  # the sample call allows one to three
    assert "هر چند گزینه" not in sara.last_text
    for label in ("حقوق و قانون", "حریم خصوصی", "فناوری"):
        await sara.presses(label)
    question = sara.messages[-1]

    await sara.presses("آموزش و پژوهش")  # a fourth
    assert "حداکثر ۳ گزینه" in sara.alert and not sara.last_answer["show_alert"]  # a toast
    assert sara.replies == []  # nothing redrawn: the buttons stay as they were
    assert "◻️ آموزش و پژوهش" in [b["text"] for b in question.inline_buttons]
    registration = await bot.storage.registrations.for_user_and_call(1001, call.id)
    assert registration.answers["expertise"] == ["law", "privacy", "technology"]

    await sara.presses("فناوری")  # taking one back still works, and then another fits
    await sara.presses("آموزش و پژوهش")
    await sara.presses("تأیید انتخاب")
    assert "سؤال ۴ از ۷" in sara.reply_text
    registration = await bot.storage.registrations.for_user_and_call(1001, call.id)
    assert registration.answers["expertise"] == ["law", "privacy", "research"]
