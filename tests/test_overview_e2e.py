"""What admins would rather look at, in chat: the chart under the statistics, moved dates
told (or not) to the people they concern, and what each broadcast said."""

from __future__ import annotations

from tests.chat import BotUnderTest, register, visible
from tests.conftest import ADMIN_ID

SLUG = "user-rights-working-group"
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
