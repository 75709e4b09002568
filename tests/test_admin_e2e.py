"""The admin's console in chat: who may use it, calls, deadlines, the wizard, files, audit."""

from datetime import timedelta

import pytest

from bot.domain.calls import CallStatus
from bot.domain.models import RegistrationStatus
from tests.chat import BotUnderTest, begin, register, way_in
from tests.conftest import ADMIN_ID

SLUG = "user-rights-working-group"
# The console on Telegram, and on Soroush Plus (strict: no edits, no link into the bot).
pytestmark = pytest.mark.parametrize("messenger", ["telegram", "soroush"])


async def test_a_non_admin_gets_a_refusal_and_forged_admin_buttons_change_nothing(
    admin_bot: BotUnderTest, admin_call
) -> None:
    sara = admin_bot.volunteer(1001)
    await register(sara, SLUG)
    registration = await admin_bot.storage.registrations.for_user_and_call(1001, admin_call.id)

    mallory = admin_bot.volunteer(6666, "Mallory")
    for command in ("/admin", "/audit", "/broadcasts"):
        await mallory.sends(command)
        assert mallory.last_text == "این کار فقط از مدیران فراخوان برمی‌آید.", command
    await mallory.sends("/start")
    call_id = admin_call.id
    for forged in (f"asy:{call_id}:1", f"asy:{call_id}:2", f"adc:{registration.id}:0",
                   f"aex:{call_id}:0", "anw", "acm:0:everyone", "asd:1", f"adl:{call_id}",
                   f"aef:{call_id}:title_fa", "ah", f"aay:{call_id}"):  # fmt: skip
        await mallory.presses_data(forged)
        assert mallory.alert == "این کار فقط از مدیران فراخوان برمی‌آید.", forged
        assert mallory.replies == [], forged
    call = await admin_bot.storage.calls.get(admin_call.id)
    assert call.status == CallStatus.OPEN and call.deadline_at == admin_call.deadline_at
    assert (await admin_bot.storage.registrations.get(registration.id)).status == "submitted"
    assert await admin_bot.storage.admin_sessions.get(6666) is None
    assert await admin_bot.storage.outbox.recent(10, ("broadcast", "announcement")) == []
    assert await admin_bot.storage.audit.latest() == []
    assert not [m for m in (await admin_bot.client.messages(6666)).messages if m.document]


async def test_the_console_lists_calls_with_counts_and_closes_and_reopens(
    admin_bot: BotUnderTest, admin_call, clock, messenger: str
) -> None:
    sara = admin_bot.volunteer(1001)
    await register(sara, SLUG)
    await begin(admin_bot.volunteer(1002, "رضا"), SLUG)  # a draft

    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await admin.sends("/admin")
    assert "پنل مدیریت فراخوان‌ها" in admin.last_text
    assert "ثبت‌شده ۱، انتظار ۰، نیمه‌کاره ۱، انصراف ۰" in admin.last_text
    await admin.presses("کارگروه ویژهٔ صیانت")
    assert "وضعیت: باز" in admin.last_text
    assert all(part in admin.last_text for part in way_in(messenger, SLUG))
    await admin.presses("بستن")
    assert "همین حالا بسته شود؟" in admin.last_text
    await admin.presses("بله")
    assert "وضعیت: بسته" in admin.last_text
    assert (await admin_bot.storage.calls.get(admin_call.id)).status == CallStatus.CLOSED

    mina = admin_bot.volunteer(1003, "مینا")
    await mina.sends(f"/start {SLUG}")
    assert "ثبت‌نام در این فراخوان بسته شده است" in mina.last_text
    await admin.presses("باز کردن")
    await admin.presses("بله")
    assert "وضعیت: باز" in admin.last_text

    await admin.presses("بایگانی")
    await admin.presses("بله")
    assert "وضعیت: بایگانی‌شده" in admin.last_text
    await mina.sends("/start")
    assert "فعلاً فراخوان بازی نداریم" in mina.last_text  # archived calls leave the lists
    await admin.sends("/admin")
    assert "کارگروه ویژهٔ صیانت" not in admin.last_text

    await admin.sends("/audit")
    assert "بستن فراخوان" in admin.last_text and "باز کردن فراخوان" in admin.last_text
    assert "بایگانی فراخوان" in admin.last_text
    assert "کارگروه ویژهٔ صیانت" in admin.last_text


async def test_extending_the_deadline_typed_in_jalali(admin_bot: BotUnderTest, admin_call) -> None:
    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await admin.sends("/admin")
    await admin.presses("کارگروه ویژهٔ صیانت")
    await admin.presses("تغییر مهلت")
    assert "مهلت فعلی: ۱۴۰۵/۱۰/۱۵ ۱۸:۰۰" in admin.last_text  # in Persian digits
    await admin.sends("فردا")
    assert "این تاریخ خوانده نشد" in admin.last_text
    await admin.sends("۱۴۰۵/۰۸/۰۱ ۱۰:۰۰")
    assert "مهلت باید در آینده باشد" in admin.last_text
    await admin.sends("۱۴۰۵/۱۰/۳۰ ۲۰:۰۰")
    assert "مهلت تازه: ۳۰ دی ۱۴۰۵، ساعت ۲۰:۰۰" in admin.reply_text
    call = await admin_bot.storage.calls.get(admin_call.id)
    assert call.deadline_at - admin_call.deadline_at == timedelta(days=15, hours=2)
    sara = admin_bot.volunteer(1001)
    await sara.sends(f"/start {SLUG}")
    assert "۳۰ دی ۱۴۰۵، ساعت ۲۰:۰۰" in sara.last_text
    events = await admin_bot.storage.audit.latest()
    assert [e.action for e in events] == ["deadline"] and events[0].admin_id == ADMIN_ID


async def test_editing_a_field_and_capacity_moves_the_waitlist_up(
    admin_bot: BotUnderTest, clock
) -> None:
    from tests.factories import small_call

    call, _ = await admin_bot.storage.calls.save(small_call(capacity=1), clock.now())
    for user_id, name in ((1001, "sara"), (1002, "reza")):
        volunteer = admin_bot.volunteer(user_id)
        await begin(volunteer, call.slug)
        await volunteer.sends(name)
        await volunteer.sends(f"{name}@example.com")
        await volunteer.presses("تأیید و ارسال")
    assert (await admin_bot.storage.registrations.for_user_and_call(1002, call.id)).status == (
        RegistrationStatus.WAITLISTED
    )
    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await admin.sends("/admin")
    await admin.presses("فراخوان کوچک")
    await admin.presses("ویرایش")
    await admin.presses("ظرفیت")
    await admin.sends("دو")
    assert "ظرفیت را با یک عدد مثبت بنویسید" in admin.last_text
    await admin.sends("۲")
    assert "ذخیره شد" in admin.reply_text and "ظرفیت: ۲ نفر" in admin.last_text
    assert (await admin_bot.storage.registrations.for_user_and_call(1002, call.id)).status == (
        RegistrationStatus.SUBMITTED
    )
    await admin.presses("ویرایش")
    await admin.presses("عنوان (انگلیسی)")
    await admin.sends("<b>Small</b> call")
    assert "<b>Small</b> call" in (await admin_bot.storage.calls.get(call.id)).spec.title["en"]


async def test_a_new_call_from_the_wizard_takes_registrations(
    admin_bot: BotUnderTest, messenger: str
) -> None:
    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await admin.sends("/admin")
    await admin.presses("فراخوان تازه")
    assert "گام ۱ از ۷" in admin.last_text
    await admin.sends("کارگروه امور بین‌الملل")
    await admin.sends("International Affairs")
    assert "نشانی کوتاه فقط حروف کوچک" in admin.reply_text
    await admin.sends("intl-affairs")
    await admin.sends("تشکیل پایگاه داده‌ای از پژوهشگران این حوزه.")
    await admin.sends("سازمان نصر")
    await admin.sends("1405/12/20 18:00")
    await admin.presses("بدون سقف ظرفیت")
    await admin.presses("فرم آمادهٔ کارگروه")
    assert "مرور فراخوان تازه" in admin.last_text and "۸ سؤال" in admin.last_text
    await admin.presses("بساز و همین حالا باز کن")
    assert all(part in admin.reply_text for part in way_in(messenger, "intl-affairs"))
    call = await admin_bot.storage.calls.by_slug("intl-affairs")
    assert call.status == CallStatus.OPEN and call.spec.title == {"fa": "کارگروه امور بین‌الملل"}

    # The template's directory of experts, asked in the bot's words, naming this organiser.
    assert call.form.questions[-1].label["fa"] == (
        "آیا اجازه می‌دهید نمایهٔ شما در بانک کارشناسان سازمان نصر بماند و برای فراخوان‌های"
        " بعدی با شما تماس بگیریم؟"
    )
    sara = admin_bot.volunteer(1001)
    await begin(sara, "intl-affairs")
    assert "سؤال ۱ از ۷" in sara.last_text


async def test_a_call_file_sent_as_a_document(admin_bot: BotUnderTest, admin_call) -> None:
    from tests.factories import SAMPLE_CALL

    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    bad = b"slug: Not A Slug\ntitle: x\ndeadline_at: someday\nform: []\n"
    await admin_bot.client.send_document(ADMIN_ID, "bad.yaml", bad)
    await admin_bot.settle()
    admin.messages = (await admin_bot.client.messages(ADMIN_ID)).from_bot()
    assert "این پرونده ۵ ایراد دارد و چیزی ذخیره نشد" in admin.last_text
    assert "deadline_at: not a date" in admin.last_text

    text = SAMPLE_CALL.read_text(encoding="utf-8").replace(
        "slug: user-rights-working-group", "slug: second-call"
    )
    await admin_bot.client.send_document(ADMIN_ID, "call.yaml", text.encode())
    await admin_bot.settle()
    admin.messages = (await admin_bot.client.messages(ADMIN_ID)).from_bot()
    assert "از پرونده ساخته شد" in admin.messages[-2].text
    assert await admin_bot.storage.calls.by_slug("second-call") is not None


async def test_a_form_with_registrations_cannot_lose_questions_and_says_why(
    admin_bot: BotUnderTest, admin_call
) -> None:
    from tests.factories import SAMPLE_CALL

    await begin(admin_bot.volunteer(1001), SLUG)  # one draft is a registration that has answers
    text = SAMPLE_CALL.read_text(encoding="utf-8")
    shrunk = text[: text.index("  - key: proposals")].replace("type: phone", "type: text")
    await admin_bot.client.send_document(ADMIN_ID, "call.yaml", shrunk.encode())
    await admin_bot.settle()
    said = (await admin_bot.client.messages(ADMIN_ID)).from_bot()[-1].text
    assert "این فراخوان ۱ ثبت‌نام دارد" in said
    assert "فرم فقط با سؤال اختیاری تازه می‌تواند بزرگ شود" in said
    assert "question 'mobile' cannot change type (phone to text)" in said
    assert "question 'proposals' cannot be removed" in said
    assert "question 'directory' cannot be removed" in said  # those who agreed stay agreed
    call = await admin_bot.storage.calls.get(admin_call.id)
    assert [q.key for q in call.form.questions][-2:] == ["proposals", "directory"]
