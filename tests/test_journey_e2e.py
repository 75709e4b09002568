"""A volunteer registers for the sample call end to end, in Persian, over the emulator."""

import json

from bot.domain.models import RegistrationStatus
from tests.chat import BotUnderTest, Volunteer

SLUG = "user-rights-working-group"


async def answer_everything(volunteer: Volunteer) -> None:
    """From the consent screen to the review, as an organisation's representative."""
    await volunteer.presses("موافقم")
    await volunteer.sends("  سارا   احمدي ")
    await volunteer.presses("از طرف سازمان")
    await volunteer.sends("انجمن صنفی كسب‌وكارهای مجازی")
    await volunteer.presses("رد شدن")
    await volunteer.presses("حریم خصوصی")
    await volunteer.presses("حقوق و قانون")
    await volunteer.presses("تأیید انتخاب")
    await volunteer.sends("۰۹۱۲ ۱۲۳ ۴۵۶۷")
    await volunteer.sends("Sara@Example.COM")
    await volunteer.sends("<b>حق</b> & *فراموش‌شدن*")
    await volunteer.presses("موافقم")  # yes, keep me in the directory of experts


async def test_the_whole_journey_from_a_deep_link(bot: BotUnderTest, call) -> None:
    sara = bot.volunteer(1001)
    await sara.sends(f"/start {SLUG}")
    card = sara.last_text
    assert "کارگروه ویژهٔ صیانت از حقوق کاربران فضای مجازی" in card
    assert "سازمان نظام صنفی رایانه‌ای کشور (نصر)" in card
    assert "اتاق بازرگانی" in card  # who is invited
    assert "۱۵ دی ۱۴۰۵، ساعت ۱۸:۰۰" in card and "۳۵ روز و ۵ ساعت مانده" in card

    await sara.presses("ثبت‌نام")
    assert "با این شرایط موافقید؟" in sara.last_text
    assert "دبیرخانهٔ کارگروه" in sara.last_text  # the call's own consent text
    await answer_everything(sara)

    review = sara.last_text
    assert "مرور پاسخ‌ها" in review
    assert "سارا احمدی" in review  # trimmed, one space, Persian ی
    assert "انجمن صنفی کسب‌وکارهای مجازی" in review  # Persian ک
    assert "حقوق و قانون‌گذاری، حریم خصوصی و امنیت" in review  # in the form's order
    assert "+989121234567" in review and "Sara@example.com" in review
    assert "<b>حق</b> & *فراموش‌شدن*" in review  # echoed as typed, not as formatting
    html = sara.messages[-1].html
    assert "&lt;b&gt;حق&lt;/b&gt; &amp;" in html

    await sara.presses("تأیید و ارسال")
    assert "ثبت‌نام شما در «کارگروه ویژهٔ صیانت از حقوق کاربران فضای مجازی» انجام شد" in (
        sara.last_text
    )
    registration = await bot.storage.registrations.for_user_and_call(1001, call.id)
    assert registration.status == RegistrationStatus.SUBMITTED
    assert registration.reference_code in sara.last_text
    assert registration.answers == {
        "full_name": "سارا احمدی",
        "registering_as": "organisation",
        "organisation_name": "انجمن صنفی کسب‌وکارهای مجازی",
        "expertise": ["law", "privacy"],
        "mobile": "+989121234567",
        "email": "Sara@example.com",
        "proposals": "<b>حق</b> & *فراموش‌شدن*",
        "directory": "yes",
    }


async def test_the_journey_from_the_list_of_calls(bot: BotUnderTest, call) -> None:
    reza = bot.volunteer(1002, "رضا")
    await reza.sends("/start")
    assert "سلام رضا" in reza.last_text
    assert reza.buttons() == ["کارگروه ویژهٔ صیانت از حقوق کاربران فضای مجازی"]
    await reza.presses("کارگروه ویژه")
    await reza.presses("ثبت‌نام")
    await reza.presses("موافقم")
    await reza.sends("رضا رضایی")
    await reza.presses("به‌عنوان فرد")
    assert "سؤال ۳ از ۷" in reza.last_text  # no organisation questions for a person
    await reza.presses("آموزش و پژوهش")
    await reza.presses("تأیید انتخاب")
    await reza.shares_contact("+98 912 765 4321")
    assert "شماره ثبت شد: +989127654321" in reza.reply_text
    await reza.sends("reza@example.org")
    await reza.presses("رد شدن")
    await reza.presses("رد شدن")  # not in the directory, thank you
    await reza.presses("تأیید و ارسال")
    registration = await bot.storage.registrations.for_user_and_call(1002, call.id)
    assert registration.status == RegistrationStatus.SUBMITTED
    assert "organisation_name" not in registration.answers
    assert registration.answers["mobile"] == "+989127654321"


async def test_an_unknown_link_says_so_and_lists_the_open_calls(bot: BotUnderTest, call) -> None:
    sara = bot.volunteer(1001)
    await sara.sends("/start no-such-call")
    assert "فراخوانی با این پیوند پیدا نشد" in sara.last_text
    assert sara.buttons() == ["کارگروه ویژهٔ صیانت از حقوق کاربران فضای مجازی"]


async def test_declining_consent_stores_nothing(bot: BotUnderTest, call) -> None:
    sara = bot.volunteer(1001)
    await sara.sends(f"/start {SLUG}")
    await sara.presses("ثبت‌نام")
    await sara.presses("موافق نیستم")
    assert "هیچ اطلاعاتی از شما ذخیره نشد" in sara.last_text
    assert await bot.storage.registrations.for_user(1001) == []


async def test_one_registration_per_volunteer_per_call(bot: BotUnderTest, call) -> None:
    sara = bot.volunteer(1001)
    await sara.sends(f"/start {SLUG}")
    await sara.presses("ثبت‌نام")
    consent = sara.button_data("موافقم")
    await answer_everything(sara)
    await sara.presses("تأیید و ارسال")
    await sara.presses_data(consent)  # the old consent button, pressed again
    assert "وضعیت: ثبت‌شده" in sara.last_text
    assert len(await bot.storage.registrations.for_user(1001)) == 1


async def test_the_export_holds_the_normalised_answers(bot: BotUnderTest, call, tmp_path) -> None:
    sara = bot.volunteer(1001)
    await sara.sends(f"/start {SLUG}")
    await sara.presses("ثبت‌نام")
    await answer_everything(sara)
    await sara.presses("تأیید و ارسال")
    await sara.sends("/start")
    await bot.volunteer(1002).sends(f"/start {SLUG}")  # a card opened, never registered
    await bot.stop()

    import csv

    from tests.processes import farakhan

    output = tmp_path / "out" / "registrations.csv"
    env = {"DATABASE_URL": bot.settings.database_url}
    process = await farakhan("export", SLUG, "--format", "csv", "--output", str(output), env=env)
    stdout, stderr = await process.communicate()
    assert process.returncode == 0, stderr.decode()
    assert "Wrote 1 registration(s)" in stdout.decode()
    raw = output.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read Persian
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert len(rows) == 1
    row = rows[0]
    assert row["status"] == "ثبت‌شده" and row["reference_code"].startswith("FK-")
    assert row["full_name"] == "سارا احمدی"
    assert row["mobile"] == "'+989121234567"  # a leading + could start a formula
    assert row["email"] == "Sara@example.com"
    assert row["expertise"] == "حقوق و قانون‌گذاری، حریم خصوصی و امنیت"
    assert row["submitted_at_jalali"] == "1405/09/10 12:30"
    assert row["submitted_at_iso"] == "2026-12-01T09:00:00+00:00"
    assert json.dumps(row, ensure_ascii=False).count("organisation_role") == 1  # column, empty
    assert row["organisation_role"] == ""
