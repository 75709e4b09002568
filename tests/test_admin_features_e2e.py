"""Moderation, notifications to the admins' chat, exports in chat, stats, announcements."""

import csv
import io

import pytest
from openpyxl import load_workbook

from bot.domain.models import RegistrationStatus
from tests.chat import BotUnderTest, begin, register, visible, way_in
from tests.conftest import ADMIN_CHAT, ADMIN_ID, ANNOUNCE_CHAT
from tests.factories import sample_call, small_call

SLUG = "user-rights-working-group"


async def group_messages(bot: BotUnderTest, chat_id: int) -> list:
    await bot.drain_outbox()
    return (await bot.client.messages(chat_id)).from_bot()


async def test_a_moderated_call_waits_for_an_admin_and_tells_the_volunteer(
    admin_bot: BotUnderTest, clock
) -> None:
    call, _ = await admin_bot.storage.calls.save(sample_call(moderated=True), clock.now())
    jane = admin_bot.volunteer(1001, "Jane")
    await jane.sends("/language")
    await jane.presses("English")
    await jane.sends(f"/start {SLUG}")
    await jane.presses("Register")
    await jane.presses("I agree")
    await jane.sends("Jane Doe")
    await jane.presses("As an individual")
    await jane.presses("Other")
    await jane.presses("Confirm choices")
    await jane.sends("09121234567")
    await jane.sends("jane@example.com")
    await jane.presses("Skip")
    await jane.presses("Skip")  # the directory of experts: no
    await jane.presses("Confirm and send")

    cards = await group_messages(admin_bot, ADMIN_CHAT)
    request = cards[-1]
    assert "منتظر بررسی شماست" in request.text and "Jane Doe" in request.text
    assert [b["text"] for b in request.inline_buttons] == ["✅ پذیرش", "❌ رد"]

    # Someone in the admins' group who is not an admin presses Accept: refused.
    await admin_bot.client.send_message(7777, "سلام", chat_id=ADMIN_CHAT, chat_type="supergroup")
    pressed = await admin_bot.client.press(
        7777, request.message_id, button="✅ پذیرش", chat_id=ADMIN_CHAT
    )
    await admin_bot.settle()
    answer = await admin_bot.client.callback_answer(pressed.callback_query_id)
    assert answer["text"] == "این کار فقط از مدیران فراخوان برمی‌آید."
    registration = await admin_bot.storage.registrations.for_user_and_call(1001, call.id)
    assert registration.status == RegistrationStatus.SUBMITTED

    await admin_bot.client.press(
        ADMIN_ID, request.message_id, button="✅ پذیرش", chat_id=ADMIN_CHAT
    )
    await admin_bot.settle()
    cards = await group_messages(admin_bot, ADMIN_CHAT)
    assert "پذیرفته شد و به داوطلب خبر داده می‌شود" in visible(cards[-1].text)
    registration = await admin_bot.storage.registrations.for_user_and_call(1001, call.id)
    assert registration.status == RegistrationStatus.ACCEPTED
    told = visible((await group_messages(admin_bot, 1001))[-1].text)
    assert (
        told.startswith("✅ Your registration for “Special working group") and "accepted" in told
    )
    events = await admin_bot.storage.audit.latest()
    assert events[0].action == "accepted" and events[0].detail == registration.reference_code


async def test_the_admins_chat_hears_of_registrations_a_digest_and_a_full_call(
    admin_bot: BotUnderTest, clock
) -> None:
    call, _ = await admin_bot.storage.calls.save(small_call(capacity=3), clock.now())
    for user_id in (1001, 1002, 1003, 1004):
        volunteer = admin_bot.volunteer(user_id, f"V{user_id}")
        await begin(volunteer, call.slug)
        await volunteer.sends(f"v{user_id}")
        await volunteer.sends(f"v{user_id}@example.com")
        await volunteer.presses("تأیید و ارسال")
    texts = [visible(m.text) for m in await group_messages(admin_bot, ADMIN_CHAT)]
    assert sum("ثبت‌نام تازه در «فراخوان کوچک»" in text for text in texts) == 1
    assert any("ظرفیت «فراخوان کوچک» (۳ نفر) پر شد" in text for text in texts)
    # The three others arrive within the minute: one digest, sent when the bot stops.
    await admin_bot.stop()
    emulator_texts = [visible(m["text"]) for m in admin_bot.server.emulator.messages(ADMIN_CHAT)]
    assert not any("ثبت‌نام تازهٔ دیگر" in text for text in emulator_texts)
    await admin_bot.start()
    await admin_bot.drain_outbox()
    emulator_texts = [visible(m["text"]) for m in admin_bot.server.emulator.messages(ADMIN_CHAT)]
    assert any("۳ ثبت‌نام تازهٔ دیگر در «فراخوان کوچک»" in text for text in emulator_texts)


async def test_exports_in_chat_are_documents_with_neutralised_formulas(
    admin_bot: BotUnderTest, admin_call
) -> None:
    sara = admin_bot.volunteer(1001)
    await begin(sara, SLUG)
    await sara.sends('=HYPERLINK("http://evil.example","click")')
    await sara.presses("به‌عنوان فرد")
    await sara.presses("سایر")
    await sara.presses("تأیید انتخاب")
    await sara.sends("09121234567")
    await sara.sends("sara@example.com")
    await sara.sends("@everyone -1 +1")
    await sara.presses("رد شدن")  # the directory of experts: no
    await sara.presses("تأیید و ارسال")

    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await admin.sends("/admin")
    await admin.presses("کارگروه ویژهٔ صیانت")
    await admin.presses("CSV")
    await admin.presses("اکسل")
    documents = [m.document for m in admin.messages if m.document]
    assert [d["file_name"] for d in documents] == [f"{SLUG}.csv", f"{SLUG}.xlsx"]

    raw = await admin_bot.client.download_file(documents[0]["file_id"])
    row = next(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert row["full_name"] == '\'=HYPERLINK("http://evil.example","click")'
    assert row["proposals"] == "'@everyone -1 +1"

    raw = await admin_bot.client.download_file(documents[1]["file_id"])
    sheet = load_workbook(io.BytesIO(raw)).active
    assert sheet.sheet_view.rightToLeft
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    values = [cell.value for cell in cells]
    assert '\'=HYPERLINK("http://evil.example","click")' in values
    assert "sara@example.com" in values
    assert [e.action for e in await admin_bot.storage.audit.latest()] == [
        "export_xlsx",
        "export_csv",
    ]


async def test_stats_show_the_funnel_and_the_split_of_choices(
    admin_bot: BotUnderTest, admin_call
) -> None:
    sara = admin_bot.volunteer(1001)
    await register(sara, SLUG)
    await admin_bot.volunteer(1002).sends(f"/start {SLUG}")  # only looked
    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await admin.sends("/admin")
    await admin.presses("کارگروه ویژهٔ صیانت")
    await admin.presses("آمار")
    text = admin.reply_text  # the screen, and the chart's caption under it
    # Not moderated: registrations count at once, so there is no "accepted" stage to show.
    assert "دیدن فراخوان ۲ ← پذیرفتن شرایط ۱ ← ارسال ۱\n" in text
    assert "پذیرفته" not in text
    assert "۱۴۰۵/۰۹/۱۰" in text  # registrations per Jalali day
    assert "به‌عنوان فرد (حقیقی): ▇▇▇▇▇▇▇▇▇▇▇▇ ۱" in text
    assert "از طرف سازمان یا تشکل (حقوقی):  ۰" in text


@pytest.mark.parametrize("messenger", ["telegram", "soroush"])
async def test_an_announcement_posts_the_card_with_a_register_link(
    admin_bot: BotUnderTest, admin_call, messenger: str
) -> None:
    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await admin.sends("/admin")
    await admin.presses("کارگروه ویژهٔ صیانت")
    await admin.presses("اعلام در کانال‌ها")
    preview = admin.replies[1]
    if messenger == "soroush":  # no link known: the card ends with what to send, no button
        assert preview.inline_buttons == []
        assert all(part in preview.text for part in way_in(messenger, SLUG))
    else:
        assert preview.inline_buttons == [
            {"text": "📝 ثبت‌نام", "url": f"https://t.me/farakhan_bot?start={SLUG}"}
        ]
    assert await group_messages(admin_bot, ANNOUNCE_CHAT) == []
    await admin.presses("انتشار در ۱ کانال")
    posted = await group_messages(admin_bot, ANNOUNCE_CHAT)
    assert len(posted) == 1 and "کارگروه ویژهٔ صیانت" in posted[0].text
    assert posted[0].inline_buttons == preview.inline_buttons
    assert posted[0].text == preview.text


async def test_a_moderated_call_has_an_accepted_stage_and_groups(
    admin_bot: BotUnderTest, clock
) -> None:
    await admin_bot.storage.calls.save(sample_call(moderated=True), clock.now())
    await register(admin_bot.volunteer(1001), SLUG)
    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await admin.sends("/admin")
    await admin.presses("کارگروه ویژهٔ صیانت")
    await admin.presses("آمار")
    # The screen, then its chart under it.
    assert "دیدن فراخوان ۱ ← پذیرفتن شرایط ۱ ← ارسال ۱ ← پذیرفته ۰" in admin.reply_text
    await admin.presses("بازگشت")
    await admin.presses("پیام به ثبت‌نام‌کنندگان")
    assert "پذیرفته‌شده‌ها (۰)" in admin.buttons() and "پذیرفته‌نشده‌ها (۰)" in admin.buttons()


async def test_an_unmoderated_call_offers_no_accepted_group_even_to_a_forged_button(
    admin_bot: BotUnderTest, admin_call
) -> None:
    await register(admin_bot.volunteer(1001), SLUG)
    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await admin.sends("/admin")
    await admin.presses("کارگروه ویژهٔ صیانت")
    await admin.presses("پیام به ثبت‌نام‌کنندگان")
    offered = admin.buttons()
    assert "ثبت‌شده‌ها (۱)" in offered
    assert not [label for label in offered if "پذیرفته" in label]

    await admin.presses_data(f"acm:{admin_call.id}:accepted")
    assert "این دکمه معتبر نیست" in admin.alert
    assert await admin_bot.storage.admin_sessions.get(ADMIN_ID) is None  # nothing to compose
