"""What admins would rather look at, in chat: the chart under the statistics, moved dates
told (or not) to the people they concern, and what each broadcast said."""

from __future__ import annotations

from bot.domain.calls import CallSpec
from tests.chat import BotUnderTest, Volunteer, begin, register, visible
from tests.conftest import ADMIN_ID
from tests.factories import SAMPLE_CALL, sample_call

SLUG = "user-rights-working-group"
INVALID = "این دکمه معتبر نیست."
STALE = "این پرسش پیش‌تر پاسخ گرفته یا آن تاریخ از آن پس دوباره جابه‌جا شده است؛ چیزی فرستاده نشد."
PNG = b"\x89PNG\r\n\x1a\n"


async def test_the_statistics_come_with_a_chart_as_a_photo(
    admin_bot: BotUnderTest, admin_call
) -> None:
    await register(admin_bot.volunteer(1001), SLUG)
    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await admin.sends("/admin")
    await admin.presses("کارگروه ویژهٔ صیانت")
    await admin.presses("📊")
    screen, photo = admin.replies
    assert "آمار «کارگروه ویژهٔ صیانت" in visible(screen.text or "") and screen.photo is None
    assert photo.kind == "photo" and photo is admin.messages[-1]
    title = "کارگروه ویژهٔ صیانت از حقوق کاربران فضای مجازی"
    assert visible(photo.text or "") == f"📈 نمودار ثبت‌نام‌های «{title}»"
    largest = photo.photo[-1]
    assert (largest["width"], largest["height"]) == (1200, 960)
    picture = await admin_bot.client.download_file(largest["file_id"])
    assert picture.startswith(PNG) and len(picture) > 20_000


async def test_an_english_admin_gets_an_english_chart(admin_bot: BotUnderTest, admin_call) -> None:
    await register(admin_bot.volunteer(1001), SLUG)
    admin = admin_bot.volunteer(ADMIN_ID, "Admin")
    await admin.sends("/language")
    await admin.presses("English")
    await admin.sends("/admin")
    await admin.presses("Special working group")
    await admin.presses("📊")
    assert admin.messages[-1].kind == "photo"
    assert visible(admin.messages[-1].text or "").startswith("📈 Registrations for “")


async def test_nobody_else_gets_the_statistics_or_the_chart(
    admin_bot: BotUnderTest, admin_call
) -> None:
    await register(admin_bot.volunteer(1001), SLUG)
    mallory = admin_bot.volunteer(6666, "Mallory")
    await mallory.sends("/start")
    await mallory.presses_data(f"ast:{admin_call.id}")
    assert mallory.alert == "این کار فقط از مدیران فراخوان برمی‌آید."
    assert mallory.replies == []
    chat = (await admin_bot.client.messages(6666)).from_bot()
    assert [m for m in chat if m.kind == "photo"] == []


async def test_broadcasts_show_their_first_words_and_their_call(
    admin_bot: BotUnderTest, admin_call
) -> None:
    await register(admin_bot.volunteer(1001), SLUG)
    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await admin.sends("/admin")
    await admin.presses("کارگروه ویژهٔ صیانت")
    await admin.presses("پیام به ثبت‌نام‌کنندگان")
    await admin.presses("همهٔ ثبت‌نام‌کنندگان")
    long = (
        "نشست نخست کارگروه روز شنبه ساعت ۱۰ در سالن همایش برگزار می‌شود؛ "
        "لطفاً پیش از آن فرم پیشنهادها را کامل کنید."
    )
    await admin.sends(long)
    await admin.presses("ارسال برای ۱ نفر")
    await admin.sends("/admin")
    await admin.presses("پیام به همه")
    await admin.presses("همهٔ کاربران")
    await admin.sends("Hello 👩‍👩‍👧 <all>")
    await admin.presses("ارسال برای ۲ نفر")
    await admin_bot.drain_outbox()

    await admin.sends("/broadcasts")
    text = admin.last_text
    first = "نشست نخست کارگروه روز شنبه ساعت ۱۰ در سالن همایش برگزار…"  # cut after a word
    assert f"💬 «{first}» — دربارهٔ «کارگروه ویژهٔ صیانت" in text
    assert "💬 «Hello 👩‍👩‍👧 <all>» — به همهٔ کاربران ربات" in text
    # Newest first: the message to everyone, then the one to the call's registrants.
    assert text.index("Hello") < text.index("نشست نخست")


async def notices_to(bot: BotUnderTest, *people: Volunteer) -> dict[int, list[str]]:
    """Every message each person got since the move, as they read it."""
    await bot.drain_outbox()
    found = {}
    for person in people:
        messages = (await bot.client.messages(person.id)).from_bot()
        found[person.id] = [
            visible(m.text or "") for m in messages if (m.text or "").startswith(("⏰", "📅"))
        ]
    return found


async def concerned_and_not(bot: BotUnderTest, call) -> list[Volunteer]:
    """Sara registered (then chose English), Reza left a draft, Mina follows the call;
    Ali withdrew and Nima only looked: the last two are not concerned."""
    sara, reza, mina, ali, nima = (
        bot.volunteer(1001, "Sara"), bot.volunteer(1002, "رضا"), bot.volunteer(1003, "مینا"),
        bot.volunteer(1004, "علی"), bot.volunteer(1005, "نیما"),
    )  # fmt: skip
    await register(sara, SLUG)
    await sara.sends("/language")
    await sara.presses("English")
    await begin(reza, SLUG)
    await mina.sends(f"/start {SLUG}")
    await mina.presses("یادآوری کن")
    await register(ali, SLUG)
    await ali.sends("/my")
    await ali.presses("کارگروه ویژهٔ صیانت")
    await ali.presses("انصراف")
    await ali.presses("بله، انصراف می‌دهم")
    await nima.sends(f"/start {SLUG}")
    return [sara, reza, mina, ali, nima]


async def move_the_deadline(bot: BotUnderTest) -> Volunteer:
    admin = bot.volunteer(ADMIN_ID, "مدیر")
    await admin.sends("/admin")
    await admin.presses("کارگروه ویژهٔ صیانت")
    await admin.presses("تغییر مهلت")
    await admin.sends("۱۴۰۵/۱۰/۳۰ ۲۰:۰۰")
    return admin


async def test_a_moved_deadline_is_told_once_to_each_person_it_concerns(
    admin_bot: BotUnderTest, admin_call
) -> None:
    sara, reza, mina, ali, nima = await concerned_and_not(admin_bot, admin_call)
    admin = await move_the_deadline(admin_bot)
    assert "مهلت تازه: ۳۰ دی ۱۴۰۵، ساعت ۲۰:۰۰" in admin.reply_text
    assert (await admin_bot.storage.calls.get(admin_call.id)).deadline_at != admin_call.deadline_at
    question = admin.last_text
    assert "مهلت «کارگروه ویژهٔ صیانت" in question
    assert "از ۱۵ دی ۱۴۰۵، ساعت ۱۸:۰۰ به ۳۰ دی ۱۴۰۵، ساعت ۲۰:۰۰" in question
    assert "۳ نفر به این فراخوان مربوط‌اند" in question
    assert admin.buttons() == ["📣 خبر دادن به ۳ نفر", "🤫 خبر ندهیم"]
    assert await notices_to(admin_bot, sara, reza, mina) == {1001: [], 1002: [], 1003: []}

    move_id = asked_move_id(admin)
    await admin.presses("خبر دادن به ۳ نفر")
    assert admin.last_text == "📣 خبر جابه‌جایی برای ۳ نفر در صف ارسال است."
    await admin.presses_data(f"dm:{move_id}:1")  # pressed again (a replayed button): stale
    assert admin.alert == STALE
    told = await notices_to(admin_bot, sara, reza, mina, ali, nima)
    persian = (
        "⏰ مهلت فراخوان «کارگروه ویژهٔ صیانت از حقوق کاربران فضای مجازی» تغییر کرد.\n"
        "مهلت پیشین: ۱۵ دی ۱۴۰۵، ساعت ۱۸:۰۰\nمهلت تازه: ۳۰ دی ۱۴۰۵، ساعت ۲۰:۰۰"
    )
    assert told[1002] == [persian] and told[1003] == [persian]
    assert len(told[1001]) == 1 and told[1001][0].startswith("⏰ The deadline of “")
    assert "Was: 5 January 2027, 18:00\nNow: 20 January 2027, 20:00" in told[1001][0]
    assert told[1004] == [] and told[1005] == []
    events = await admin_bot.storage.audit.latest()
    assert [e.action for e in events[:2]] == ["deadline_told", "deadline"]
    assert events[0].detail == "3" and events[0].admin_id == ADMIN_ID
    await admin.sends("/audit")
    assert "خبر دادن تغییر مهلت — «کارگروه ویژهٔ صیانت" in admin.last_text
    assert "— ۳ نفر" in admin.last_text


def asked_move_id(admin: Volunteer) -> int:
    """The move the last question was about, read from its button's payload."""
    for message in reversed(admin.messages):
        for button in message.inline_buttons:
            if button.get("callback_data", "").startswith("dm:"):
                return int(button["callback_data"].split(":")[1])
    raise AssertionError("no question about a moved date")


async def test_a_moved_deadline_not_told_reaches_nobody(
    admin_bot: BotUnderTest, admin_call
) -> None:
    people = await concerned_and_not(admin_bot, admin_call)
    admin = await move_the_deadline(admin_bot)
    move_id = asked_move_id(admin)
    await admin.presses("خبر ندهیم")
    assert admin.last_text == "🤫 به کسی خبر داده نشد."
    await admin.presses_data(f"dm:{move_id}:1")  # changed their mind: too late
    assert admin.alert == STALE
    told = await notices_to(admin_bot, *people)
    assert all(messages == [] for messages in told.values())
    assert (await admin_bot.storage.audit.latest())[0].action == "deadline_not_told"


async def test_nobody_else_can_answer_the_question_and_forged_answers_do_nothing(
    admin_bot: BotUnderTest, admin_call
) -> None:
    people = await concerned_and_not(admin_bot, admin_call)
    admin = await move_the_deadline(admin_bot)
    move_id = asked_move_id(admin)
    mallory = admin_bot.volunteer(6666, "Mallory")
    await mallory.sends("/start")
    for forged in (f"dm:{move_id}:1", f"dm:{move_id}:0"):
        await mallory.presses_data(forged)
        assert mallory.alert == "این کار فقط از مدیران فراخوان برمی‌آید."
        assert mallory.replies == []
    for forged in (f"dm:{move_id + 1}:1", f"dm:{move_id}:7"):  # no such move; no such answer
        await admin.presses_data(forged)
        assert admin.alert in (STALE, INVALID)
    told = await notices_to(admin_bot, *people)
    assert all(messages == [] for messages in told.values())
    assert (await admin_bot.storage.moves.get(move_id)).decision is None  # still to decide
    await admin.presses("خبر دادن به ۳ نفر")  # the real answer still works
    assert len((await notices_to(admin_bot, people[1]))[1002]) == 1


async def test_a_call_file_that_moves_a_meeting_asks_and_tells_those_taking_part(
    admin_bot: BotUnderTest, clock
) -> None:
    meeting = (
        "meetings:\n  - key: kickoff\n    title: {fa: جلسهٔ نخست, en: First meeting}\n"
        "    starts_at: 1405/10/20 10:00\n"
    )
    text = SAMPLE_CALL.read_text(encoding="utf-8") + meeting
    data = sample_call().model_dump()
    data["meetings"] = [{"key": "kickoff", "title": {"fa": "جلسهٔ نخست", "en": "First meeting"},
                         "starts_at": "2027-01-10T10:00:00+03:30"}]  # fmt: skip
    call, _ = await admin_bot.storage.calls.save(CallSpec.model_validate(data), clock.now())
    sara, reza, mina, ali, nima = await concerned_and_not(admin_bot, call)
    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await admin_bot.client.send_document(
        ADMIN_ID, "call.yaml", text.replace("1405/10/20 10:00", "1405/10/22 16:00").encode()
    )
    await admin_bot.settle()
    admin.messages = (await admin_bot.client.messages(ADMIN_ID)).from_bot()
    question = admin.last_text
    assert "زمان جلسهٔ «جلسهٔ نخست» در «کارگروه ویژهٔ صیانت" in question
    assert "از ۲۰ دی ۱۴۰۵، ساعت ۱۰:۰۰ به ۲۲ دی ۱۴۰۵، ساعت ۱۶:۰۰" in question
    assert "۱ نفر در این جلسه شرکت دارند" in question  # Sara: a draft or a follower is not
    await admin.presses("خبر دادن به ۱ نفر")
    told = await notices_to(admin_bot, sara, reza, mina, ali, nima)
    assert told[1001] == [
        "📅 The meeting “First meeting” of “Special working group on protecting cyberspace "
        "users' rights” has moved.\nWas: 10 January 2027, 10:00\nNow: 12 January 2027, 16:00"
    ]
    assert told[1002] == told[1003] == told[1004] == told[1005] == []
    assert (await admin_bot.storage.audit.latest())[0].action == "meeting_told"
