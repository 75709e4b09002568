"""Searching the directory of experts in chat: `/directory <text>` and 🔎 on its screen find an
entry however the admin types what they know of the person, and nobody who has left."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.directory import Entry, Part
from handlers.context import SERVICES_KEY
from tests.chat import BotUnderTest, Volunteer
from tests.conftest import ADMIN_ID
from tests.test_directory_e2e import SLUG, asked, joins
from tests.test_find_e2e import said


def admin_of(bot: BotUnderTest) -> Volunteer:
    return bot.volunteer(ADMIN_ID, "مدیر")


async def test_an_admin_finds_an_entry_by_a_phone_in_persian_digits_or_a_name_in_arabic_letters(
    admin_bot: BotUnderTest, admin_call
) -> None:
    ali, reza = admin_bot.volunteer(1001, "علی"), admin_bot.volunteer(1002, "رضا")
    await joins(ali, SLUG, "علی کریمی", ["حقوق و قانون"])  # phone 09120001001
    await joins(reza, SLUG, "رضا رضایی", ["حریم خصوصی"])
    # Registered with the same name, but said no to the directory: not in it, not found.
    other = admin_bot.volunteer(1003, "علی")
    await asked(other, SLUG, "علی کریمی", ["فناوری"])
    await other.presses("رد شدن")
    await other.presses("تأیید و ارسال")

    admin = admin_of(admin_bot)
    for typed in (
        "۰۹۱۲۰۰۰۱۰۰۱",  # the phone in Persian digits (stored as +989120001001)
        "+98 912 000 1001",
        "علي كريمي",  # the name with the Arabic ي and ك
        "V1001@EXAMPLE.COM",
    ):
        await admin.sends(f"/directory {typed}")
        page = admin.last_text
        assert said("directory.search.title", query=typed, count=1, page=1, pages=1) in page
        assert "۱. علی کریمی" in page and "رضا" not in page, typed
        assert admin.buttons() == [
            "۱. علی کریمی",
            said("find.button.again"),
            said("directory.button.back"),
        ], typed
        assert admin.button_data("علی کریمی") == "de:1001", typed

    await admin.presses("علی کریمی")  # the entry's card, as from the directory's list
    card = admin.last_text
    assert "📇 علی کریمی" in card and "نشانی ایمیل: v1001@example.com" in card
    await admin.presses(said("directory.button.list"))  # back to the search's list
    assert said("directory.search.title", query="V1001@EXAMPLE.COM", count=1, page=1, pages=1) in (
        admin.last_text
    )

    await admin.sends("/directory person")  # a choice's answer is an option, not a word
    assert admin.last_text == said("directory.search.none", query="person")
    await admin.sends("/directory ۰۹۱۲۰۰۰۱۰۰۳")  # the one who said no
    assert admin.last_text == said("directory.search.none", query="۰۹۱۲۰۰۰۱۰۰۳")

    # A newer registration's answers: found by them, no longer by the old ones.
    admin_bot.clock.advance(hours=2)
    await ali.sends("/my")
    await ali.presses("ثبت‌شده")
    await ali.presses("ویرایش")
    await ali.presses("نشانی ایمیل")
    await ali.sends("ali.karimi@example.com")
    await admin.sends("/directory ali.karimi@example.com")
    assert "۱. علی کریمی" in admin.last_text
    await admin.sends("/directory v1001@example.com")
    assert admin.last_text == said("directory.search.none", query="v1001@example.com")


async def test_those_who_left_are_not_found(admin_bot: BotUnderTest, admin_call) -> None:
    sara = admin_bot.volunteer(1001)
    maryam, leila = admin_bot.volunteer(1002, "مریم"), admin_bot.volunteer(1003, "لیلا")
    await joins(sara, SLUG, "سارا احمدی", ["حقوق و قانون"])
    await joins(maryam, SLUG, "سارا کریمی", ["حقوق و قانون"])
    await joins(leila, SLUG, "سارا موسوی", ["حقوق و قانون"])
    admin = admin_of(admin_bot)
    await admin.sends("/directory سارا")
    assert said("directory.search.title", query="سارا", count=3, page=1, pages=1) in (
        admin.last_text
    )

    await sara.sends("/my")  # Sara leaves the directory
    await sara.presses("بیرون آمدن از بانک کارشناسان")
    await sara.presses("بله، بیرون می‌آیم")
    await maryam.sends("/forget")  # Maryam has everything about her erased
    await maryam.presses("بله، همه را پاک کن")
    await admin.sends("/directory سارا")
    assert said("directory.search.title", query="سارا", count=1, page=1, pages=1) in (
        admin.last_text
    )
    assert "سارا موسوی" in admin.last_text and "احمدی" not in admin.last_text
    for typed in ("سارا احمدی", "۰۹۱۲۰۰۰۱۰۰۱", "سارا کریمی", "۰۹۱۲۰۰۰۱۰۰۲"):
        await admin.sends(f"/directory {typed}")
        assert admin.last_text == said("directory.search.none", query=typed), typed

    # Leila's entry is past its retention: warned, then erased by the daily pass.
    keep = timedelta(days=admin_bot.settings.directory_retention_days)
    scheduler = admin_bot.app.bot_data[SERVICES_KEY].scheduler
    for moment in (admin_bot.clock.now() + keep - timedelta(days=7), admin_bot.clock.now() + keep):
        admin_bot.clock.set(moment)
        await scheduler.retention()
    assert await admin_bot.storage.directory.get(1003) is None
    await admin.sends("/directory سارا")
    assert admin.last_text == said("directory.search.none", query="سارا")


async def test_the_magnifier_searches_among_the_ticked_options_and_pages(
    admin_bot: BotUnderTest, admin_call
) -> None:
    storage, now = admin_bot.storage, admin_bot.clock.now()
    for n in range(1, 14):  # 13 people named Reza: the odd ones in privacy, the even in law
        await storage.users.seen(
            5000 + n, first_name=None, last_name=None, username=None, default_language="fa",
            now=now,
        )  # fmt: skip
        profile = {"full_name": f"رضا رضایی {n}", "expertise": ["privacy" if n % 2 else "law"]}
        entry = Entry(5000 + n, profile, {}, (Part(admin_call.id, now),), now, now)
        choices = {("expertise", value) for value in profile["expertise"]}
        await storage.directory.save(entry, choices)
        admin_bot.clock.advance(minutes=1)
        now = admin_bot.clock.now()

    admin = admin_of(admin_bot)
    await admin.sends("/directory")
    await admin.presses("حریم خصوصی و امنیت (۷)")
    await admin.presses(said("directory.button.search"))
    assert admin.last_text == said("directory.search.prompt")
    await admin.sends("ر")
    assert admin.last_text == said("find.too_short", min=2)  # and the question stays open
    await admin.sends("رضايي")
    page = admin.last_text
    assert said("directory.search.title", query="رضايي", count=7, page=1, pages=1) in page
    assert said("directory.search.among_ticked") in page
    assert admin.buttons()[:2] == ["۱. رضا رضایی 13", "۲. رضا رضایی 11"]
    assert "رضا رضایی 12" not in page  # in law, not ticked
    assert await storage.admin_sessions.get(ADMIN_ID) is None

    # Back on the directory: the options stay ticked, and 🔎 again now with none ticked.
    await admin.presses(said("directory.button.back"))
    assert "☑️ حریم خصوصی و امنیت (۷)" in admin.buttons()
    await admin.presses(said("directory.button.show", count=7))  # the list is the options'
    assert said("directory.page_title", count=7, page=1, pages=1) in admin.last_text
    await admin.presses(said("directory.button.back"))
    await admin.presses(said("directory.button.clear"))
    await admin.presses(said("directory.button.search"))
    await admin.sends("رضا")
    assert said("directory.search.title", query="رضا", count=13, page=1, pages=2) in (
        admin.last_text
    )
    assert said("directory.search.among_ticked") not in admin.last_text
    shown = len(admin.messages)
    await admin.presses(said("directory.button.next"))
    assert said("directory.search.title", query="رضا", count=13, page=2, pages=2) in (
        admin.last_text
    )
    assert admin.buttons()[:3] == ["۱۱. رضا رضایی 3", "۱۲. رضا رضایی 2", "۱۳. رضا رضایی 1"]
    assert len(admin.messages) == shown  # each page takes the place of the one before

    # `/directory <text>` starts, like /directory, with nothing ticked.
    await admin.sends("/directory")
    await admin.presses("حقوق و قانون‌گذاری (۶)")
    await admin.sends("/directory رضا")
    assert said("directory.search.title", query="رضا", count=13, page=1, pages=2) in (
        admin.last_text
    )


async def test_empty_short_and_long_queries_get_find_s_replies_and_change_nothing(
    admin_bot: BotUnderTest, admin_call
) -> None:
    await joins(admin_bot.volunteer(1001), SLUG, "سارا احمدی", ["حقوق و قانون"])
    admin = admin_of(admin_bot)
    await admin.sends("/directory")
    await admin.presses("حقوق و قانون‌گذاری (۱)")
    view = await admin_bot.storage.directory.view(ADMIN_ID, "browse")
    await admin.sends("/directory ی")
    assert admin.last_text == said("find.too_short", min=2)
    await admin.sends("/directory " + "سارا " * 25)
    assert admin.last_text == said("find.too_long", max=100)
    await admin.sends("/directory \u2066\u2069")  # only the marks that keep a direction
    assert admin.last_text == said("directory.search.empty")
    assert await admin_bot.storage.directory.view(ADMIN_ID, "browse") == view

    await admin.presses(said("directory.button.search"))
    await admin.sends("س" + "\u200c")
    assert admin.last_text == said("find.too_short", min=2)
    assert (await admin_bot.storage.admin_sessions.get(ADMIN_ID)) is not None
    await admin.sends("/cancel")
    assert await admin_bot.storage.admin_sessions.get(ADMIN_ID) is None


async def test_a_non_admin_gets_nothing_from_the_directory_s_search(
    admin_bot: BotUnderTest, admin_call
) -> None:
    await joins(admin_bot.volunteer(1001), SLUG, "سارا احمدی", ["حقوق و قانون"])
    admin = admin_of(admin_bot)
    await admin.sends(
        "/directory سارا"
    )  # a search kept for the admin: forged pages must not show it

    mallory = admin_bot.volunteer(6666, "Mallory")
    for typed in ("/directory سارا", "/directory ۰۹۱۲۰۰۰۱۰۰۱"):
        await mallory.sends(typed)
        assert mallory.last_text == said("admin.only"), typed
    await mallory.sends("/start")
    for forged in ("dt", "dl:0", "dl:1", "de:1001"):
        await mallory.presses_data(forged)
        assert mallory.alert == said("admin.only"), forged
        assert mallory.replies == [], forged
    await mallory.sends("سارا")  # as if answering a 🔎 she could not press
    texts = [m.text or "" for m in (await admin_bot.client.messages(6666)).from_bot()]
    assert not any("سارا احمدی" in text for text in texts)
    assert await admin_bot.storage.admin_sessions.get(6666) is None
    assert await admin_bot.storage.directory.view(6666, "browse") is None
    assert await admin_bot.storage.audit.latest() == []
