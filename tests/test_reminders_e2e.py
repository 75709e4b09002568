"""Reminders with a controlled clock: who gets them, once, at the right time, and closing."""

from datetime import datetime, timedelta

import icalendar

from bot.domain.calls import CallSpec, CallStatus
from handlers.context import SERVICES_KEY
from tests.chat import BotUnderTest, Volunteer, begin, visible
from tests.conftest import ADMIN_CHAT, ADMIN_ID
from tests.factories import SAMPLE_DEADLINE, sample_call

SLUG = "user-rights-working-group"
D = SAMPLE_DEADLINE  # 1405/10/15 18:00 in Tehran


async def at(bot: BotUnderTest, moment: datetime) -> None:
    """Moves the clock and lets the scheduler and the outbox do what is due."""
    bot.clock.set(moment)
    await bot.app.bot_data[SERVICES_KEY].scheduler.tick()  # what the job queue does on waking
    await bot.drain_outbox()


async def refresh(*volunteers: Volunteer) -> None:
    for volunteer in volunteers:
        volunteer.messages = (await volunteer.bot.client.messages(volunteer.id)).from_bot()


def reminders_of(volunteer: Volunteer) -> list[str]:
    texts = [visible(m.text or "") for m in volunteer.messages]
    return [text for text in texts if text.startswith(("⏳", "📣", "📅"))]


async def cast(bot: BotUnderTest, call) -> dict[str, Volunteer]:
    """Sara has a draft, Reza follows, Mina registered, Ali follows but stopped reminders."""
    sara, reza, mina, ali = (
        bot.volunteer(1001, "سارا"),
        bot.volunteer(1002, "رضا"),
        bot.volunteer(1003, "مینا"),
        bot.volunteer(1004, "علی"),
    )
    await begin(sara, SLUG)
    await sara.sends("سارا احمدی")
    await sara.presses("به‌عنوان فرد")
    for follower in (reza, ali):
        await follower.sends(f"/start {SLUG}")
        await follower.presses("یادآوری کن")
    await ali.presses_data(f"roff:{call.id}:0")
    await begin(mina, SLUG)
    for step in (
        "مینا",
        "به‌عنوان فرد",
        "سایر",
        "تأیید انتخاب",
        "09121234567",
        "mina@example.com",
        "رد شدن",
        "رد شدن",  # the directory of experts: no
        "تأیید و ارسال",
    ):
        if step in mina.buttons() or any(step in b for b in mina.buttons()):
            await mina.presses(step)
        else:
            await mina.sends(step)
    return {"sara": sara, "reza": reza, "mina": mina, "ali": ali}


async def test_each_reminder_reaches_the_right_people_and_only_them(
    admin_bot: BotUnderTest, admin_call
) -> None:
    people = await cast(admin_bot, admin_call)
    await at(admin_bot, D - timedelta(days=3))
    await refresh(*people.values())
    sara, reza = people["sara"], people["reza"]
    assert reminders_of(sara) == [
        "⏳ ۳ روز تا پایان مهلت «کارگروه ویژهٔ صیانت از حقوق کاربران فضای مجازی» مانده است و "
        "ثبت‌نام شما نیمه‌کاره است: ۵ سؤال دیگر تا پایان."
    ]
    assert reminders_of(reza) == [
        "⏳ ۳ روز تا پایان مهلت «کارگروه ویژهٔ صیانت از حقوق کاربران فضای مجازی» مانده است و "
        "هنوز ثبت‌نام نکرده‌اید."
    ]
    assert reminders_of(people["mina"]) == [] and reminders_of(people["ali"]) == []

    await sara.presses("ادامهٔ ثبت‌نام")  # straight back to where she stopped
    assert "سؤال ۳ از ۷" in sara.last_text and "حوزهٔ تخصص" in sara.last_text
    await reza.presses("ثبت‌نام")
    assert "با این شرایط موافقید؟" in reza.last_text


async def test_a_volunteer_who_submits_between_reminders_gets_no_more_draft_reminders(
    admin_bot: BotUnderTest, admin_call
) -> None:
    people = await cast(admin_bot, admin_call)
    await at(admin_bot, D - timedelta(days=3))
    sara = people["sara"]
    await refresh(sara)
    await sara.presses("ادامهٔ ثبت‌نام")
    for step in ("سایر",):
        await sara.presses(step)
    await sara.presses("تأیید انتخاب")
    await sara.sends("09121234567")
    await sara.sends("sara@example.com")
    await sara.presses("رد شدن")
    await sara.presses("رد شدن")  # the directory of experts: no
    await sara.presses("تأیید و ارسال")
    await at(admin_bot, D - timedelta(days=1))
    await at(admin_bot, D - timedelta(hours=3))
    await refresh(sara, people["reza"])
    assert len(reminders_of(sara)) == 1  # only the one before she submitted
    assert len(reminders_of(people["reza"])) == 3


async def test_a_deadline_extended_after_the_first_reminder_replans_the_rest(
    admin_bot: BotUnderTest, admin_call
) -> None:
    people = await cast(admin_bot, admin_call)
    await at(admin_bot, D - timedelta(days=3))
    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await admin.sends("/admin")
    await admin.presses("کارگروه ویژهٔ صیانت")
    await admin.presses("تغییر مهلت")
    await admin.sends("۱۴۰۵/۱۰/۲۰ ۱۸:۰۰")  # five days later
    later = D + timedelta(days=5)
    rows = await admin_bot.storage.reminders.for_call(admin_call.id)
    planned = sorted({(r.offset_minutes, r.due_at) for r in rows if r.status == "planned"})
    assert planned == [
        (0, later),
        (180, later - timedelta(hours=3)),
        (1440, later - timedelta(days=1)),
    ]
    await at(admin_bot, D - timedelta(days=1))  # the old 1d moment: nothing any more
    await refresh(people["reza"])
    assert len(reminders_of(people["reza"])) == 1
    await at(admin_bot, later - timedelta(days=1))
    await refresh(people["reza"])
    assert len(reminders_of(people["reza"])) == 2
    assert "۱ روز تا پایان مهلت" in reminders_of(people["reza"])[-1]


async def test_restarts_before_during_and_after_a_due_time_send_each_reminder_once(
    admin_bot: BotUnderTest, admin_call
) -> None:
    people = await cast(admin_bot, admin_call)
    due = D - timedelta(days=3)
    admin_bot.clock.set(due - timedelta(minutes=1))
    await admin_bot.restart()  # just before
    admin_bot.clock.set(due)
    await admin_bot.restart()  # at the due time: the start itself sends it
    await admin_bot.drain_outbox()
    await admin_bot.restart()  # just after
    await at(admin_bot, due + timedelta(minutes=1))
    await refresh(people["sara"], people["reza"])
    assert len(reminders_of(people["sara"])) == 1
    assert len(reminders_of(people["reza"])) == 1


async def test_reminders_due_while_the_bot_was_down(admin_bot: BotUnderTest, admin_call) -> None:
    people = await cast(admin_bot, admin_call)
    await admin_bot.stop()
    admin_bot.clock.set(D - timedelta(hours=2))  # down through the 3d, 1d and 3h moments
    await admin_bot.start()
    await admin_bot.drain_outbox()
    await refresh(people["reza"])
    # Still useful (the deadline is ahead), but only the latest of them, not three at once.
    assert reminders_of(people["reza"]) == [
        "⏳ ۲ ساعت تا پایان مهلت «کارگروه ویژهٔ صیانت از حقوق کاربران فضای مجازی» مانده است و "
        "هنوز ثبت‌نام نکرده‌اید."
    ]
    rows = await admin_bot.storage.reminders.for_call(admin_call.id)
    skipped = sorted((r.offset_minutes, r.note) for r in rows if r.status == "skipped")
    assert skipped == [
        (1440, "superseded"),
        (1440, "superseded"),
        (4320, "superseded"),
        (4320, "superseded"),
    ]

    await admin_bot.stop()
    admin_bot.clock.set(D + timedelta(hours=1))
    await admin_bot.start()
    await admin_bot.drain_outbox()
    rows = await admin_bot.storage.reminders.for_call(admin_call.id)
    assert [r.status for r in rows if r.kind == "close"] == ["sent"]


async def test_the_call_closes_at_its_deadline_and_admins_get_the_summary(
    admin_bot: BotUnderTest, admin_call
) -> None:
    people = await cast(admin_bot, admin_call)
    await at(admin_bot, D)
    assert (await admin_bot.storage.calls.get(admin_call.id)).status == CallStatus.CLOSED
    await refresh(people["sara"], people["mina"])
    assert "ثبت‌نام نیمه‌کارهٔ شما ارسال نشد" in people["sara"].last_text
    assert "ارسال نشد" not in people["mina"].last_text
    admins = (await admin_bot.client.messages(ADMIN_CHAT)).from_bot()
    summary = next(visible(m.text) for m in admins if "ثبت‌نام بسته شد" in (m.text or ""))
    assert "ثبت‌شده ۱، انتظار ۰، نیمه‌کاره ۱، انصراف ۰" in summary
    export = [m for m in admins if m.document]
    assert export[-1].document["file_name"] == f"{SLUG}.csv"
    csv_text = (await admin_bot.client.download_file(export[-1].document["file_id"])).decode()
    assert "mina@example.com" in csv_text
    await people["sara"].sends("سایر")
    assert "گذشته است" in people["sara"].last_text


async def test_quiet_hours_hold(admin_bot: BotUnderTest, clock) -> None:
    # Deadline at 07:00 Tehran: 3h before is 04:00, and 08:00 would be too late.
    spec = sample_call(
        slug="early-call", deadline_at=datetime.fromisoformat("2027-01-05T07:00:00+03:30")
    )
    call, _ = await admin_bot.storage.calls.save(spec, clock.now())
    await admin_bot.app.bot_data[SERVICES_KEY].scheduler.replan(call)
    rows = await admin_bot.storage.reminders.for_call(call.id)
    due = {r.offset_minutes: r.due_at for r in rows if r.audience == "followers"}
    assert due[180] == datetime.fromisoformat("2027-01-04T22:55:00+03:30")
    assert due[1440] == datetime.fromisoformat("2027-01-04T08:00:00+03:30")  # not 07:00


async def test_meeting_reminders_carry_a_calendar_file(admin_bot: BotUnderTest, clock) -> None:
    data = sample_call().model_dump()
    data["meetings"] = [
        {
            "title": {"fa": "جلسهٔ نخست", "en": "First meeting"},
            "starts_at": D + timedelta(days=5),
            "place": {"fa": "ساختمان نصر"},
        }
    ]
    call, _ = await admin_bot.storage.calls.save(CallSpec.model_validate(data), clock.now())
    await admin_bot.app.bot_data[SERVICES_KEY].scheduler.replan(call)
    people = await cast(admin_bot, call)
    await at(admin_bot, D + timedelta(days=4))  # a day before the meeting
    await refresh(people["mina"], people["sara"])
    mina = people["mina"]
    reminder = mina.messages[-1]
    assert visible(reminder.text).startswith("📅 یادآوری جلسه: «جلسهٔ نخست»")
    assert "📍 ساختمان نصر" in visible(reminder.text)
    raw = await admin_bot.client.download_file(reminder.document["file_id"])
    event = icalendar.Calendar.from_ical(raw).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == D + timedelta(days=5)
    assert not [m for m in people["sara"].messages if m.document]  # a draft is not registered


async def test_a_meeting_reminder_with_long_names_and_a_long_link_still_arrives(
    admin_bot: BotUnderTest, clock
) -> None:
    """Its text is the caption of the .ics (1,024 units): long names give way to the link."""
    link = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_" + "N2Q4" * 110
    data = sample_call().model_dump()
    data["meetings"] = [
        {
            "title": {"fa": "نشست هم‌اندیشی دربارهٔ حقوق کاربران " * 20},
            "starts_at": D + timedelta(days=5),
            "place": {"fa": "تهران، خیابان انقلاب، ساختمان نصر، طبقهٔ سوم " * 20},
            "link": link,
        }
    ]
    call, _ = await admin_bot.storage.calls.save(CallSpec.model_validate(data), clock.now())
    await admin_bot.app.bot_data[SERVICES_KEY].scheduler.replan(call)
    people = await cast(admin_bot, call)
    await at(admin_bot, D + timedelta(days=4))
    mina = people["mina"]
    await refresh(mina)
    reminder = mina.messages[-1]
    assert reminder.document is not None  # the API took the caption
    assert visible(reminder.text).startswith("📅 یادآوری جلسه: «نشست هم‌اندیشی")
    assert link in visible(reminder.text)


async def test_stop_reminders_from_a_reminder_and_see_it_in_my(
    admin_bot: BotUnderTest, admin_call
) -> None:
    people = await cast(admin_bot, admin_call)
    await at(admin_bot, D - timedelta(days=3))
    reza = people["reza"]
    await refresh(reza)
    await reza.presses("یادآوری‌های این فراخوان را نفرست")
    assert "خاموش شد" in reza.alert
    await at(admin_bot, D - timedelta(days=1))
    await refresh(reza)
    assert len(reminders_of(reza)) == 1

    mina = people["mina"]
    await mina.sends("/my")
    await mina.presses("کارگروه ویژه")
    assert "🔔 یادآوری‌ها: روشن" in mina.last_text
    await mina.presses("یادآوری نفرست")
    assert "🔕 یادآوری‌ها: خاموش" in mina.last_text
    assert await admin_bot.storage.reminders.opted_out(admin_call.id, mina.id)


async def test_admins_see_what_is_planned_and_what_was_sent(
    admin_bot: BotUnderTest, admin_call
) -> None:
    await cast(admin_bot, admin_call)
    await at(admin_bot, D - timedelta(days=3))
    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await admin.sends("/admin")
    await admin.presses("کارگروه ویژهٔ صیانت")
    await admin.presses("یادآوری‌ها")
    text = admin.last_text
    assert "پیش از مهلت: ۳ روز، ۱ روز، ۳ ساعت" in text  # in words, not the file's 3d
    assert "یادآوری مهلت به نیمه‌کاره‌ها — فرستاده برای ۱ نفر" in text
    assert "یادآوری مهلت به دنبال‌کنندگان — فرستاده برای ۱ نفر" in text
    assert text.count("در برنامه") == 5  # 1d and 3h for both audiences, and closing
    await admin.presses("زمان‌های یادآوری")
    await admin.sends("2d, 6h, 30m")
    assert "پیش از مهلت: ۲ روز، ۶ ساعت، ۳۰ دقیقه" in admin.last_text
    await admin.presses("زمان‌های یادآوری")
    await admin.sends("۳ روز، ۱ روز")  # as the prompt suggests, in Persian
    assert "پیش از مهلت: ۳ روز، ۱ روز" in admin.last_text
    refreshed = await admin_bot.storage.calls.get(admin_call.id, fresh=True)
    assert refreshed.spec.reminders.before_deadline == ["3d", "1d"]  # the call file's form
