"""/find and 🔎 in chat: an admin finds a person however they type what they know of them."""

import html
import re

from bot.domain.models import RegistrationStatus
from bot.ui.texts import Translator
from tests.chat import BotUnderTest, Volunteer, begin, visible
from tests.conftest import ADMIN_ID
from tests.factories import TEHRAN

SLUG = "user-rights-working-group"
TITLE = "کارگروه ویژهٔ صیانت از حقوق کاربران فضای مجازی"
FA = Translator("fa", TEHRAN)


def said(key: str, **params: object) -> str:
    """A catalog text as the admin reads it (without its markup)."""
    return visible(html.unescape(re.sub(r"<[^>]+>", "", FA(key, **params))))


async def registers(
    volunteer: Volunteer, name: str, phone: str, email: str, proposals: str | None = None
) -> None:
    """The sample call's form, answered in chat and submitted."""
    await begin(volunteer, SLUG)
    await volunteer.sends(name)
    await volunteer.presses("به‌عنوان فرد")
    await volunteer.presses("سایر")
    await volunteer.presses("تأیید انتخاب")
    await volunteer.sends(phone)
    await volunteer.sends(email)
    if proposals is None:
        await volunteer.presses("رد شدن")
    else:
        await volunteer.sends(proposals)
    await volunteer.presses("رد شدن")  # not in the directory of experts
    await volunteer.presses("تأیید و ارسال")


async def test_an_admin_finds_a_person_by_phone_code_name_email_or_answer(
    admin_bot: BotUnderTest, admin_call
) -> None:
    ali = admin_bot.volunteer(1001, "علی")
    await registers(ali, "علی کریمی", "09121234567", "ali.karimi@example.com", "شفافیت الگوریتم‌ها")
    await registers(admin_bot.volunteer(1002, "مریم"), "مریم رضایی", "09351112233", "m@x.org")
    registration = await admin_bot.storage.registrations.for_user_and_call(1001, admin_call.id)
    assert registration is not None and registration.reference_code

    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    for typed in (
        "۰۹۱۲۱۲۳۴۵۶۷",  # the phone, in Persian digits (stored as +989121234567)
        "+98 912 123 4567",
        registration.reference_code.lower(),  # fk-…
        registration.reference_code.removeprefix("FK-"),
        "علي كريمي",  # the name, typed with the Arabic ي and ك
        "ALI.KARIMI@example.com",
        "الگوریتمها",  # a word of a text answer, without its ZWNJ
    ):
        await admin.sends(f"/find {typed}")
        assert said("find.results", query=typed, count=1) in admin.last_text, typed
        assert "۱. علی کریمی — ثبت‌شده" in admin.last_text, typed
        assert TITLE in admin.last_text and "مریم" not in admin.last_text, typed
        assert admin.buttons()[0] == "۱. علی کریمی", typed
        assert admin.button_data("علی کریمی") == f"rc:{registration.id}", typed

    await admin.sends("/find رضایی")
    assert "۱. مریم رضایی — ثبت‌شده" in admin.last_text and "علی" not in admin.last_text
    await admin.sends("/find 0912 999")
    assert admin.last_text == said("find.none", query="0912 999")
    assert admin.buttons() == [said("find.button.again"), said("admin.button.home")]


async def test_results_come_ten_a_page_newest_first(admin_bot: BotUnderTest, admin_call) -> None:
    storage = admin_bot.storage
    ids = []
    for n in range(1, 24):
        await storage.users.seen(
            5000 + n, first_name=None, last_name=None, username=None, default_language="fa",
            now=admin_bot.clock.now(),
        )  # fmt: skip
        draft = await storage.registrations.start_draft(
            admin_call.id, 5000 + n, "full_name", admin_bot.clock.now()
        )
        await storage.registrations.save_answer(
            draft.id, "full_name", f"رضا رضایی {n}", admin_bot.clock.now()
        )
        await storage.registrations.set_status(
            draft.id, RegistrationStatus.SUBMITTED, admin_bot.clock.now()
        )
        ids.append(draft.id)

    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await admin.sends("/find رضا")
    shown = len(admin.messages)
    assert said("find.results", query="رضا", count=23) in admin.last_text
    assert said("find.page", page=1, pages=3) in admin.last_text
    assert admin.buttons()[0] == "۱. رضا رضایی 23" and admin.buttons()[9] == "۱۰. رضا رضایی 14"
    assert admin.button_data("رضا رضایی 23") == f"rc:{ids[22]}"
    assert said("find.button.previous") not in admin.buttons()

    await admin.presses(said("find.button.next"))
    assert said("find.page", page=2, pages=3) in admin.last_text
    assert admin.buttons()[0] == "۱۱. رضا رضایی 13" and admin.buttons()[9] == "۲۰. رضا رضایی 4"
    await admin.presses(said("find.button.next"))
    assert said("find.page", page=3, pages=3) in admin.last_text
    assert admin.buttons()[:3] == ["۲۱. رضا رضایی 3", "۲۲. رضا رضایی 2", "۲۳. رضا رضایی 1"]
    assert said("find.button.next") not in admin.buttons()
    await admin.presses(said("find.button.previous"))
    assert said("find.page", page=2, pages=3) in admin.last_text
    assert len(admin.messages) == shown  # each page takes the place of the one before

    # A page the results no longer reach shows the last one there is.
    await admin.presses_data("fd:7")
    assert said("find.page", page=3, pages=3) in admin.last_text


async def test_the_magnifier_on_the_console_asks_and_searches_what_is_typed(
    admin_bot: BotUnderTest, admin_call
) -> None:
    ali = admin_bot.volunteer(1001, "علی")
    await registers(ali, "علی کریمی", "09121234567", "ali@example.com")

    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await admin.sends("/admin")
    await admin.presses(said("find.button.open"))
    assert admin.last_text == said("find.prompt")
    await admin.sends("ع")
    assert admin.last_text == said("find.too_short", min=2)  # and the question stays open
    await admin.sends("۰۹۱۲ ۱۲۳ ۴۵۶۷")
    assert "۱. علی کریمی — ثبت‌شده" in admin.last_text
    assert await admin_bot.storage.admin_sessions.get(ADMIN_ID) is None

    # Answered: what the admin types next is no search (here, a call's deep link).
    await admin.sends(f"/start {SLUG}")
    assert TITLE in admin.last_text and "پیدا شد" not in admin.last_text
    await admin.presses(said("find.button.again"))
    assert admin.last_text == said("find.prompt")
    await admin.presses(said("admin.button.cancel"))
    assert await admin_bot.storage.admin_sessions.get(ADMIN_ID) is None


async def test_empty_short_and_long_queries_get_a_reply_and_search_nothing(
    admin_bot: BotUnderTest, admin_call
) -> None:
    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await admin.sends("/find")
    assert admin.last_text == said("find.empty")
    await admin.sends("/find ی")
    assert admin.last_text == said("find.too_short", min=2)
    await admin.sends("/find ‌۱ ")  # a ZWNJ and one digit: one character once read
    assert admin.last_text == said("find.too_short", min=2)
    await admin.sends("/find " + "سارا " * 25)
    assert admin.last_text == said("find.too_long", max=100)
    assert await admin_bot.storage.search.remembered(ADMIN_ID) is None
    # No query kept, so no page to turn to.
    await admin.presses_data("fd:1", message_id=admin.messages[-1].message_id)
    assert admin.alert == said("find.expired")

    # In the admin's language.
    await admin.sends("/language")
    await admin.presses("English")
    await admin.sends("/find")
    assert admin.last_text == visible(Translator("en", TEHRAN)("find.empty"))
    await admin.sends("/find x")
    assert admin.last_text == "Type at least 2 letters or digits to search."


async def test_a_non_admin_gets_nothing_from_find_or_its_buttons(
    admin_bot: BotUnderTest, admin_call
) -> None:
    await registers(admin_bot.volunteer(1001, "علی"), "علی کریمی", "09121234567", "a@x.org")
    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await admin.sends("/find علی")  # a query kept for the admin: a forged page must not show it

    mallory = admin_bot.volunteer(6666, "Mallory")
    await mallory.sends("/find علی")
    assert mallory.last_text == said("admin.only")
    await mallory.sends("/find ۰۹۱۲۱۲۳۴۵۶۷")
    assert mallory.last_text == said("admin.only")
    await mallory.sends("/start")
    for forged in ("fo", "fd:0", "fd:1", "fd:99"):
        await mallory.presses_data(forged)
        assert mallory.alert == said("admin.only"), forged
        assert mallory.replies == [], forged
    texts = [m.text or "" for m in (await admin_bot.client.messages(6666)).from_bot()]
    assert not any("علی کریمی" in text for text in texts)
    assert await admin_bot.storage.search.remembered(6666) is None
    assert await admin_bot.storage.admin_sessions.get(6666) is None
