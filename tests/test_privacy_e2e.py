"""Users' rights: versioned consent, /privacy, /mydata, /forget, and a cap on drafts."""

import json

from bot.domain.models import RegistrationStatus
from bot.domain.segments import Segment, SegmentKind
from bot.ui.consent import consent_texts, consent_version
from tests.chat import BotUnderTest, begin, register, visible
from tests.conftest import ADMIN_ID
from tests.factories import TEHRAN, small_call

SLUG = "user-rights-working-group"


async def test_consent_says_how_long_and_how_to_erase_and_its_version_is_kept(
    admin_bot: BotUnderTest, admin_call
) -> None:
    sara = admin_bot.volunteer(1001)
    await sara.sends(f"/start {SLUG}")
    await sara.presses("ثبت‌نام")
    consent = sara.last_text
    assert "تا ۱۸۰ روز پس از بسته شدن فراخوان نگه داشته و سپس پاک می‌شود" in consent
    assert "/mydata" in consent and "/forget" in consent
    version = consent_version(consent_texts(admin_call, 180, TEHRAN))
    assert f"نسخهٔ متن رضایت: {version}" in consent
    await sara.presses("موافقم")
    registration = await admin_bot.storage.registrations.for_user_and_call(1001, admin_call.id)
    assert registration.consent_version == version
    stored = await admin_bot.storage.privacy.consent_text(version)
    assert "دبیرخانهٔ کارگروه" in stored["fa"] and stored["en"]

    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await admin.sends("/admin")
    await admin.presses("کارگروه ویژهٔ صیانت")
    await admin.presses("ویرایش")
    await admin.presses("متن رضایت (فارسی)")
    await admin.sends("متن تازهٔ رضایت: فقط نام و ایمیل را نگه می‌داریم.")
    reza = admin_bot.volunteer(1002, "رضا")
    await begin(reza, SLUG)
    newer = await admin_bot.storage.registrations.for_user_and_call(1002, admin_call.id)
    assert newer.consent_version != version
    kept = await admin_bot.storage.registrations.for_user_and_call(1001, admin_call.id)
    assert kept.consent_version == version  # Sara keeps what she agreed to


async def test_privacy_policy(bot: BotUnderTest) -> None:
    sara = bot.volunteer(1001)
    await sara.sends("/privacy")
    text = sara.last_text
    for part in ("چه چیزی نگه می‌داریم", "چرا", "چه کسی می‌بیند", "۱۸۰ روز", "/mydata", "/forget"):
        assert part in text


async def test_mydata_is_a_file_of_everything_in_the_readers_language(
    admin_bot: BotUnderTest, admin_call, clock
) -> None:
    sara = admin_bot.volunteer(1001)
    await register(sara, SLUG)
    await sara.presses("ثبت‌نام من")
    await sara.presses("یادآوری نفرست")
    await admin_bot.storage.outbox.create(
        "broadcast", Segment(SegmentKind.EVERYONE), {"text": "سلام"}, clock.now()
    )
    admin_bot.app.bot_data["services"].outbox.wake()
    await admin_bot.drain_outbox()
    await sara.sends("/mydata")
    document = sara.messages[-1].document
    assert document["file_name"] == "my-data.json"
    data = json.loads(await admin_bot.client.download_file(document["file_id"]))
    assert data["مشخصات"]["شناسهٔ حساب"] == 1001 and data["مشخصات"]["نام"] == "سارا"
    registration = data["ثبت‌نام‌ها"][0]
    assert registration["وضعیت"] == "ثبت‌شده" and registration["کد پیگیری"].startswith("FK-")
    assert registration["پاسخ‌ها"]["شمارهٔ تلفن همراه"] == "+989121234567"
    assert "دبیرخانهٔ کارگروه" in registration["رضایت"]["متن"]
    assert data["یادآوری‌ها"]["فراخوان‌هایی که یادآوری‌شان را خاموش کرده‌اید"] == [
        "کارگروه ویژهٔ صیانت از حقوق کاربران فضای مجازی"
    ]
    assert data["پیام‌هایی که برایتان فرستاده شده"][0]["نوع"] == "پیام همگانی"


async def test_forget_erases_everything_and_moves_the_waitlist(
    admin_bot: BotUnderTest, clock, tmp_path
) -> None:
    call, _ = await admin_bot.storage.calls.save(small_call(capacity=1), clock.now())
    sara, reza = admin_bot.volunteer(1001), admin_bot.volunteer(1002, "رضا")
    for volunteer, name in ((sara, "sara"), (reza, "reza")):
        await begin(volunteer, call.slug)
        await volunteer.sends(name)
        await volunteer.sends(f"{name}@example.com")
        await volunteer.presses("تأیید و ارسال")
    await sara.sends("/forget")
    assert "این کار برگشت‌پذیر نیست" in sara.last_text
    await sara.presses("بله، همه را پاک کن")
    assert "همهٔ داده‌های شما پاک شد" in sara.last_text
    await admin_bot.drain_outbox()

    assert await admin_bot.storage.users.get(1001) is None
    assert await admin_bot.storage.registrations.for_user(1001) == []
    assert (
        await admin_bot.storage.db.fetch_value(
            "SELECT COUNT(*) FROM deliveries WHERE chat_id = 1001"
        )
        == 0
    )
    moved_up = await admin_bot.storage.registrations.for_user_and_call(1002, call.id)
    assert moved_up.status == RegistrationStatus.SUBMITTED
    reza.messages = (await admin_bot.client.messages(1002)).from_bot()
    assert "جایی خالی شد" in reza.last_text
    outbox = admin_bot.storage.outbox
    assert await outbox.count(Segment(SegmentKind.REGISTRANTS, call.id, "withdrawn")) == 0
    assert await outbox.count(Segment(SegmentKind.EVERYONE)) == 1  # Reza only
    events = await admin_bot.storage.audit.latest()
    assert (events[0].action, events[0].admin_id, events[0].detail) == ("forget", 0, "")

    from bot.services.export import export_file
    from bot.ui.texts import Translator

    path = tmp_path / "after.csv"
    assert await export_file(admin_bot.storage, call, "csv", path, Translator("fa", TEHRAN)) == 1
    assert "sara" not in path.read_text(encoding="utf-8-sig")


async def test_nobody_can_pile_up_unfinished_drafts(bot: BotUnderTest, clock) -> None:
    for number in range(1, 7):
        await bot.storage.calls.save(small_call(f"call-{number}"), clock.now())
    sara = bot.volunteer(1001)
    for number in range(1, 6):
        await begin(sara, f"call-{number}")
    await begin(sara, "call-6")
    assert "شما ۵ ثبت‌نام نیمه‌کاره دارید" in sara.last_text
    assert len(await bot.storage.registrations.for_user(1001)) == 5


async def test_answers_are_erased_after_the_retention_period_with_a_warning_first(
    admin_bot: BotUnderTest, admin_call, clock
) -> None:
    from datetime import timedelta

    from handlers.context import SERVICES_KEY
    from tests.conftest import ADMIN_CHAT
    from tests.factories import SAMPLE_DEADLINE

    sara = admin_bot.volunteer(1001)
    await register(sara, SLUG)
    scheduler = admin_bot.app.bot_data[SERVICES_KEY].scheduler

    async def at(moment) -> list[str]:
        clock.set(moment)
        await scheduler.tick()
        await admin_bot.drain_outbox()
        said = (await admin_bot.client.messages(ADMIN_CHAT)).from_bot()
        return [visible(m.text or "") for m in said]

    await at(SAMPLE_DEADLINE)  # the call closes: the retention period starts
    said = await at(SAMPLE_DEADLINE + timedelta(days=172))
    assert not [t for t in said if "پاک می‌شود" in t]
    said = await at(SAMPLE_DEADLINE + timedelta(days=173, minutes=1))
    assert [t for t in said if "پاسخ‌های «کارگروه ویژهٔ صیانت" in t and "پاک می‌شود" in t]
    registration = await admin_bot.storage.registrations.for_user_and_call(1001, admin_call.id)
    assert registration.answers  # not yet

    said = await at(SAMPLE_DEADLINE + timedelta(days=180, minutes=1))
    assert [t for t in said if "طبق مهلت نگه‌داری پاک شد (۵ پاسخ)" in t]
    registration = await admin_bot.storage.registrations.for_user_and_call(1001, admin_call.id)
    assert registration.answers == {} and registration.status == RegistrationStatus.SUBMITTED
    counts = await admin_bot.storage.registrations.count_by_status(admin_call.id)
    assert counts[RegistrationStatus.SUBMITTED] == 1  # counts stay for stats
    said_again = await at(SAMPLE_DEADLINE + timedelta(days=181))
    assert len(said_again) == len(said)  # warned and erased once
