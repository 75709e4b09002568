"""The directory of experts, told as chats: who enters it, what admins see and send from it,
and what a person can do with their own entry (leave, /forget, stay when warned)."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from datetime import timedelta

from bot.domain.broadcasts import BroadcastKind
from bot.domain.calls import Call
from bot.domain.directory import DIRECTORY_KEY
from bot.ui.texts import Translator
from handlers.context import SERVICES_KEY
from tests.chat import BotUnderTest, Volunteer, begin, register, visible
from tests.conftest import ADMIN_ID
from tests.factories import TEHRAN, sample_call

SLUG = "user-rights-working-group"
ORGANISER = "سازمان نظام صنفی رایانه‌ای کشور (نصر)"
fa = Translator("fa", TEHRAN)
ADMIN_ONLY = fa("admin.only")


def said(key: str, **params: object) -> str:
    """A catalog text as the reader sees it."""
    return visible(fa(key, **params))


async def asked(volunteer: Volunteer, slug: str, name: str, fields: list[str]) -> None:
    """Answers the sample call's form as a person in `fields`, up to its last question: may
    we keep you in the directory of experts?"""
    await begin(volunteer, slug)
    await volunteer.sends(name)
    await volunteer.presses("به‌عنوان فرد")
    for field in fields:
        await volunteer.presses(field)
    await volunteer.presses("تأیید انتخاب")
    await volunteer.sends(f"0912{volunteer.id:07d}")
    await volunteer.sends(f"v{volunteer.id}@example.com")
    await volunteer.presses("رد شدن")  # no proposals


async def joins(volunteer: Volunteer, slug: str, name: str, fields: list[str]) -> None:
    """Registers for the sample call as a person in `fields`, and agrees to the directory."""
    await asked(volunteer, slug, name, fields)
    await volunteer.presses("موافقم")  # yes, keep me in the directory
    await volunteer.presses("تأیید و ارسال")


async def second_call(bot: BotUnderTest) -> Call:
    """Another open call of the same organiser, that people may be invited to."""
    title = {"fa": "کارگروه قانون تجارت الکترونیکی", "en": "E-commerce law working group"}
    spec = sample_call(slug="e-commerce-law", title=title)
    call, _ = await bot.storage.calls.save(spec, bot.clock.now())
    return call


async def test_consent_given_enters_the_directory_and_none_given_stays_out(
    admin_bot: BotUnderTest, admin_call: Call
) -> None:
    sara, reza = admin_bot.volunteer(1001), admin_bot.volunteer(1002, "رضا")
    await joins(sara, SLUG, "سارا احمدی", ["حقوق و قانون", "حریم خصوصی"])
    await asked(reza, SLUG, "رضا رضایی", ["فناوری"])
    question = reza.last_text
    assert "سؤال ۷ از ۷" in question and "بانک اطلاعات کارشناسان" in question
    assert "(اختیاری)" in question and said("hint.consent_optional") in question
    await reza.presses("رد شدن")  # no is fine: the registration counts the same
    await reza.presses("تأیید و ارسال")

    entry = await admin_bot.storage.directory.get(1001)
    assert entry is not None and [part.call_id for part in entry.calls] == [admin_call.id]
    assert entry.profile == {
        "full_name": "سارا احمدی",
        "registering_as": "person",
        "expertise": ["law", "privacy"],
        "mobile": "+989120001001",
        "email": "v1001@example.com",
    }
    assert await admin_bot.storage.directory.get(1002) is None
    assert DIRECTORY_KEY not in (await admin_bot.storage.registrations.for_user(1002))[0].answers

    await sara.sends("/my")
    assert "📇 شما (از ۱۰ آذر ۱۴۰۵، ساعت ۱۲:۳۰) در بانک کارشناسان" in sara.last_text
    assert ORGANISER in sara.last_text and "🚪 بیرون آمدن از بانک کارشناسان" in sara.buttons()
    await reza.sends("/my")
    assert "بانک کارشناسان" not in reza.last_text

    # An edit after submitting renews the entry with the newest answer.
    admin_bot.clock.advance(hours=2)
    await sara.presses("ثبت‌شده")
    await sara.presses("ویرایش")
    await sara.presses("نشانی ایمیل")
    await sara.sends("sara.new@example.com")
    edited = await admin_bot.storage.directory.get(1001)
    assert edited.profile["email"] == "sara.new@example.com"
    assert edited.renewed_at == admin_bot.clock.now() and edited.created_at == entry.created_at

    await sara.sends("/mydata")
    data = json.loads(await admin_bot.client.download_file(sara.messages[-1].document["file_id"]))
    kept = data["بانک کارشناسان"]
    assert kept["نمایه"]["نشانی ایمیل"] == "sara.new@example.com"
    assert kept["فراخوان‌ها"] == ["کارگروه ویژهٔ صیانت از حقوق کاربران فضای مجازی"]
    await reza.sends("/mydata")
    data = json.loads(await admin_bot.client.download_file(reza.messages[-1].document["file_id"]))
    assert data["بانک کارشناسان"] == said("mydata.directory_none")

    await reza.sends("/privacy")
    assert "بانک کارشناسان." in reza.last_text and "۷۳۰ روز" in reza.last_text


async def test_the_directory_counts_filters_an_entry_and_exports(
    admin_bot: BotUnderTest, admin_call: Call
) -> None:
    await joins(admin_bot.volunteer(1001), SLUG, "سارا احمدی", ["حقوق و قانون", "حریم خصوصی"])
    await joins(admin_bot.volunteer(1002, "رضا"), SLUG, "رضا رضایی", ["حریم خصوصی"])
    await joins(admin_bot.volunteer(1003, "مریم"), SLUG, "=مریم کریمی", ["فناوری"])

    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await admin.sends("/directory")
    home = admin.last_text
    assert said("directory.total", count=3) in home
    assert "▫️ حقوق و قانون‌گذاری: ۱" in home and "▫️ حریم خصوصی و امنیت: ۲" in home
    assert "▫️ به‌عنوان فرد (حقیقی): ۳" in home and "▫️ سایر: ۰" in home

    await admin.presses("حریم خصوصی و امنیت (۲)")
    assert said("directory.filter_count", count=2) in admin.last_text
    assert "☑️ حریم خصوصی و امنیت (۲)" in admin.buttons()
    await admin.presses("📋 دیدن ۲ نفر")
    page = admin.last_text
    assert "۲ نفر، صفحهٔ ۱ از ۱" in page
    assert "سارا احمدی" in page and "رضا رضایی" in page and "مریم" not in page

    await admin.presses("رضا رضایی")
    card = admin.last_text
    assert "📇 رضا رضایی" in card and "نشانی ایمیل: v1002@example.com" in card
    assert "حوزهٔ تخصص شما: حریم خصوصی و امنیت" in card
    assert "▫️ کارگروه ویژهٔ صیانت از حقوق کاربران فضای مجازی (از ۱۰ آذر ۱۴۰۵" in card
    assert "پاک می‌شود" in card
    [opened] = await admin_bot.storage.audit.latest()
    assert (opened.action, opened.admin_id, opened.detail) == ("directory_entry", ADMIN_ID, "1002")

    # The export takes what the filters select; cells that could run as formulas cannot.
    await admin.presses("بانک کارشناسان")
    await admin.presses("پاک کردن گزینه‌ها")
    await admin.presses("CSV")
    await admin.presses("اکسل")
    documents = [m.document for m in admin.messages if m.document]
    assert [d["file_name"] for d in documents] == ["directory.csv", "directory.xlsx"]
    raw = await admin_bot.client.download_file(documents[0]["file_id"])
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [row["user_id"] for row in rows] == ["1001", "1002", "1003"]
    assert rows[2]["full_name"] == "'=مریم کریمی"
    assert rows[0]["expertise"] == "حقوق و قانون‌گذاری، حریم خصوصی و امنیت"
    assert rows[0]["calls"] == "کارگروه ویژهٔ صیانت از حقوق کاربران فضای مجازی"
    assert [e.action for e in await admin_bot.storage.audit.latest(2)] == [
        "directory_xlsx",
        "directory_csv",
    ]


async def test_an_invitation_skips_those_registered_and_reaches_the_others_once(
    admin_bot: BotUnderTest, admin_call: Call
) -> None:
    sara, reza = admin_bot.volunteer(1001), admin_bot.volunteer(1002, "رضا")
    maryam, ali = admin_bot.volunteer(1003, "مریم"), admin_bot.volunteer(1004, "علی")
    await joins(sara, SLUG, "سارا احمدی", ["حقوق و قانون"])
    await joins(reza, SLUG, "رضا رضایی", ["حریم خصوصی"])
    await joins(maryam, SLUG, "مریم کریمی", ["حقوق و قانون", "حریم خصوصی"])
    await joins(ali, SLUG, "علی موسوی", ["فناوری"])
    later = await second_call(admin_bot)
    await register(reza, later.slug)  # already registered for the new call: not invited

    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await admin.sends("/admin")
    await admin.presses("کارگروه قانون تجارت")
    await admin.presses("دعوت از بانک کارشناسان")
    assert "۴ نفر جور درمی‌آیند؛ ۱ نفرشان پیش‌تر در این فراخوان ثبت‌نام کرده‌اند" in (admin.last_text)
    await admin.presses("حقوق و قانون‌گذاری")
    await admin.presses("حریم خصوصی و امنیت")  # expertise ∈ {law, privacy}: not Ali
    assert "۳ نفر جور درمی‌آیند؛ ۱ نفرشان" in admin.last_text
    assert "۲ نفر دعوت می‌شوند" in admin.last_text
    await admin.presses("پیش‌نمایش دعوت (۲)")
    preview = admin.messages[-2]
    assert "کارگروه قانون تجارت الکترونیکی" in preview.text and ORGANISER in preview.text
    assert [b["text"] for b in preview.inline_buttons] == ["📝 ثبت‌نام"]
    send = admin.button_data("فرستادن برای ۲ نفر")
    await admin.presses("فرستادن برای ۲ نفر")
    await admin_bot.drain_outbox()
    for _ in range(50):  # the last edit of the progress follows the broadcast's end
        admin.messages = (await admin_bot.client.messages(ADMIN_ID)).from_bot()
        if "تمام شد" in admin.last_text:
            break
        await asyncio.sleep(0.1)
    assert "دعوت در راه ۲ نفر است" in admin.messages[-2].text
    progress = admin.last_text  # edited live, like any broadcast's
    assert "تمام شد" in progress and "رسیده: ۲، ربات را بسته‌اند: ۰" in progress

    await admin.presses_data(send)  # the same Send again: nothing more goes out
    assert admin.alert == said("button.stale")
    [invitation] = await admin_bot.storage.outbox.recent(10, (BroadcastKind.INVITATION,))
    assert invitation.call_id == later.id
    assert (await admin_bot.storage.outbox.counts(invitation.id)).sent == 2

    def invitations(volunteer_messages) -> list:
        intro = visible(fa("directory.invite.intro", organiser=ORGANISER))
        texts = [visible(m.text or "") for m in volunteer_messages]
        return [text for text in texts if text.startswith(intro) and "قانون تجارت" in text]

    for volunteer, expected in ((sara, 1), (maryam, 1), (reza, 0), (ali, 0)):
        received = invitations((await admin_bot.client.messages(volunteer.id)).from_bot())
        assert len(received) == expected, volunteer.id
    sara.messages = (await admin_bot.client.messages(sara.id)).from_bot()
    assert "شما در بانک کارشناسان" in sara.last_text
    await sara.presses("📝 ثبت‌نام")  # the invitation's Register: on to consent
    assert "با این شرایط موافقید؟" in sara.last_text

    await admin.sends("/audit")
    assert "از بانک کارشناسان دعوت کرد" in admin.last_text and "۲ نفر" in admin.last_text


async def test_no_invitation_to_a_call_people_cannot_register_for(
    admin_bot: BotUnderTest, admin_call: Call
) -> None:
    await joins(admin_bot.volunteer(1001), SLUG, "سارا احمدی", ["حقوق و قانون"])
    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await admin.sends("/admin")
    await admin.presses("کارگروه ویژه")
    await admin.presses("بستن")
    await admin.presses("بله")
    await admin.presses("دعوت از بانک کارشناسان")
    assert admin.alert == said("directory.invite.closed")
    assert await admin_bot.storage.outbox.recent(10, (BroadcastKind.INVITATION,)) == []


async def test_leaving_the_directory_is_one_tap_confirmed(
    admin_bot: BotUnderTest, admin_call: Call
) -> None:
    sara = admin_bot.volunteer(1001)
    await joins(sara, SLUG, "سارا احمدی", ["حقوق و قانون"])
    await sara.sends("/my")
    await sara.presses("بیرون آمدن از بانک کارشناسان")
    assert ORGANISER in sara.last_text and "ثبت‌نام‌هایتان همان‌طور که هست می‌ماند" in (sara.last_text)
    confirm = sara.button_data("بله، بیرون می‌آیم")
    await sara.presses("بله، بیرون می‌آیم")
    assert sara.last_text == said("directory.left")
    assert await admin_bot.storage.directory.get(1001) is None
    registration = (await admin_bot.storage.registrations.for_user(1001))[0]
    assert DIRECTORY_KEY not in registration.answers  # an edit later must not bring her back
    assert registration.status == "submitted"

    await sara.presses_data(confirm)  # pressed again
    assert sara.alert == said("directory.not_member")
    await sara.sends("/my")
    assert "بانک کارشناسان" not in sara.last_text


async def test_forget_removes_the_entry(admin_bot: BotUnderTest, admin_call: Call) -> None:
    sara = admin_bot.volunteer(1001)
    await joins(sara, SLUG, "سارا احمدی", ["حقوق و قانون"])
    await sara.sends("/forget")
    await sara.presses("بله، همه را پاک کن")
    assert await admin_bot.storage.directory.get(1001) is None
    assert await admin_bot.storage.directory.total() == 0
    assert await admin_bot.storage.directory.choice_counts() == {}


async def test_the_retention_warning_and_staying(
    admin_bot: BotUnderTest, admin_call: Call
) -> None:
    sara, reza = admin_bot.volunteer(1001), admin_bot.volunteer(1002, "رضا")
    await joins(sara, SLUG, "سارا احمدی", ["حقوق و قانون"])
    await joins(reza, SLUG, "رضا رضایی", ["حریم خصوصی"])
    joined = admin_bot.clock.now()
    keep = timedelta(days=admin_bot.settings.directory_retention_days)
    scheduler = admin_bot.app.bot_data[SERVICES_KEY].scheduler

    async def at(moment) -> None:
        admin_bot.clock.set(moment)
        await scheduler.retention()  # the daily pass
        await admin_bot.drain_outbox()

    async def warnings(volunteer: Volunteer) -> list[str]:
        messages = (await admin_bot.client.messages(volunteer.id)).from_bot()
        return [m.text for m in messages if m.text.startswith("📇 شما در بانک کارشناسان")]

    await at(joined + keep - timedelta(days=8))
    assert await warnings(sara) == []
    await at(joined + keep - timedelta(days=7))
    sara.messages = (await admin_bot.client.messages(1001)).from_bot()
    warning = sara.last_text
    assert warning.startswith("📇 شما در بانک کارشناسان " + ORGANISER)
    assert "۷۳۰ روز" in warning and "می‌خواهید بمانید؟" in warning
    assert sara.buttons() == ["✅ می‌خواهم بمانم", "🚪 بیرون آمدن از بانک کارشناسان"]
    await at(joined + keep - timedelta(days=6))  # warned once, not every day
    assert len(await warnings(sara)) == len(await warnings(reza)) == 1

    await sara.presses("می‌خواهم بمانم")
    stayed = await admin_bot.storage.directory.get(1001)
    assert stayed.renewed_at == admin_bot.clock.now() and stayed.warned_at is None
    assert sara.last_text == said("directory.stayed", date=admin_bot.clock.now() + keep)

    await at(joined + keep)  # Reza has had his 7 days: erased; Sara stays
    assert await admin_bot.storage.directory.get(1002) is None
    assert await admin_bot.storage.directory.get(1001) is not None
    [erased] = await admin_bot.storage.audit.latest(1)
    assert (erased.action, erased.detail) == ("directory_retention", "1")

    await reza.presses_data("ds")  # his old Stay button, after the erasure
    assert reza.alert == said("directory.gone")
    assert await admin_bot.storage.directory.get(1002) is None


async def test_a_non_admin_gets_nothing_and_forged_payloads_change_nothing(
    admin_bot: BotUnderTest, admin_call: Call
) -> None:
    sara = admin_bot.volunteer(1001)
    await joins(sara, SLUG, "سارا احمدی", ["حقوق و قانون"])
    mallory = admin_bot.volunteer(6666, "Mallory")
    await mallory.sends("/directory")
    assert mallory.last_text == ADMIN_ONLY
    await mallory.sends("/start")
    call_id = admin_call.id
    for forged in ("dy:x:0", "dy:expertise:1", "dy:x:99", "dl:0", "de:1001", "dx:0", "dx:1",
                   f"di:{call_id}:x:99", f"di:{call_id}:x:98", f"di:{call_id}:expertise:1",
                   "dk:123456"):  # fmt: skip
        await mallory.presses_data(forged)
        assert mallory.alert == ADMIN_ONLY, forged
        assert mallory.replies == [], forged
    assert not [m for m in (await admin_bot.client.messages(6666)).messages if m.document]
    assert await admin_bot.storage.outbox.recent(10, (BroadcastKind.INVITATION,)) == []
    assert await admin_bot.storage.audit.latest() == []
    for forged in ("dw", "ds"):  # not in the directory: nothing to leave, nothing to renew
        await mallory.presses_data(forged)
        assert mallory.alert in (said("directory.not_member"), said("directory.gone")), forged
    assert await admin_bot.storage.directory.get(1001) is not None

    # Even an admin's forged buttons only get a refusal.
    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await admin.sends("/directory")
    for forged, why in (("dy:nothing:1", "button.invalid"), ("dy:expertise:97", "button.invalid"),
                        ("dy:x:50", "button.invalid"), ("de:424242", "directory.not_found"),
                        ("dx:2", "button.invalid"), ("dk:777", "button.stale"),
                        ("di:999:x:99", "button.invalid")):  # fmt: skip
        await admin.presses_data(forged)
        assert admin.alert == said(why), forged
    assert await admin_bot.storage.outbox.recent(10, (BroadcastKind.INVITATION,)) == []
