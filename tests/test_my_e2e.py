"""/my: view, edit and withdraw before the deadline; only view after it; the waitlist."""

from datetime import timedelta

from bot.domain.calls import Call
from bot.domain.models import RegistrationStatus
from tests.chat import BotUnderTest, Volunteer
from tests.factories import SAMPLE_DEADLINE, small_call


async def register(volunteer: Volunteer, slug: str, name: str) -> None:
    """Registers for a small call (name, e-mail) from its deep link."""
    await volunteer.sends(f"/start {slug}")
    await volunteer.presses("ثبت‌نام")
    await volunteer.presses("موافقم")
    await volunteer.sends(name)
    await volunteer.sends(f"{name}@example.com")
    await volunteer.presses("تأیید و ارسال")


async def small(bot: BotUnderTest, clock, **changes) -> Call:
    call, _ = await bot.storage.calls.save(small_call(**changes), clock.now())
    return call


async def test_edit_an_answer_of_a_submitted_registration(bot: BotUnderTest, clock) -> None:
    call = await small(bot, clock)
    sara = bot.volunteer(1001)
    await register(sara, call.slug, "sara")
    await sara.sends("/my")
    await sara.presses("فراخوان کوچک — ثبت‌شده")
    assert "وضعیت: ثبت‌شده" in sara.last_text and "sara@example.com" in sara.last_text
    await sara.presses("ویرایش")
    await sara.presses("ایمیل")
    assert "پاسخ فعلی: sara@example.com" in sara.last_text
    await sara.sends("new@example.com")
    assert "تغییر ذخیره شد" in sara.reply_text and "new@example.com" in sara.last_text
    registration = await bot.storage.registrations.for_user_and_call(1001, call.id)
    assert registration.status == RegistrationStatus.SUBMITTED
    assert registration.answers["email"] == "new@example.com"


async def test_withdraw_asks_first_then_withdraws(bot: BotUnderTest, clock) -> None:
    call = await small(bot, clock)
    sara = bot.volunteer(1001)
    await register(sara, call.slug, "sara")
    await sara.presses("ثبت‌نام من")
    await sara.presses("انصراف")
    assert "مطمئنید که می‌خواهید از «فراخوان کوچک» انصراف دهید؟" in sara.last_text
    await sara.presses("نه")
    registration = await bot.storage.registrations.for_user_and_call(1001, call.id)
    assert registration.status == RegistrationStatus.SUBMITTED
    await sara.presses("انصراف")
    await sara.presses("بله، انصراف می‌دهم")
    assert "انصراف شما از «فراخوان کوچک» ثبت شد" in sara.reply_text
    registration = await bot.storage.registrations.for_user_and_call(1001, call.id)
    assert registration.status == RegistrationStatus.WITHDRAWN
    assert "ثبت‌نام دوباره" in sara.buttons()[0]


async def test_a_withdrawn_registration_offers_no_editing_and_no_reminders(
    bot: BotUnderTest, clock
) -> None:
    call = await small(bot, clock)
    sara = bot.volunteer(1001)
    await register(sara, call.slug, "sara")
    await sara.presses("ثبت‌نام من")
    assert "یادآوری‌ها: روشن" in sara.last_text and "ویرایش کنید" in sara.last_text
    await sara.presses("انصراف")
    await sara.presses("بله، انصراف می‌دهم")

    for shown_by in ("withdrawing", "/my"):
        view = sara.last_text
        assert "وضعیت: انصراف‌داده" in view, shown_by
        assert "یادآوری" not in view and "ویرایش" not in view, shown_by
        assert "تا ۱۵ دی ۱۴۰۵، ساعت ۱۸:۰۰ می‌توانید دوباره ثبت‌نام کنید" in view, shown_by
        assert sara.buttons() == ["📝 ثبت‌نام دوباره", "↩️ ثبت‌نام‌های من"], shown_by
        await sara.sends("/my")
        await sara.presses("فراخوان کوچک — انصراف‌داده")


async def test_after_the_deadline_a_registration_can_only_be_seen(
    bot: BotUnderTest, clock
) -> None:
    call = await small(bot, clock)
    sara = bot.volunteer(1001)
    await register(sara, call.slug, "sara")
    await sara.presses("ثبت‌نام من")
    assert "ویرایش" in " ".join(sara.buttons())
    edit_data, withdraw_data = sara.button_data("ویرایش"), sara.button_data("انصراف")

    clock.set(SAMPLE_DEADLINE + timedelta(minutes=1))
    await sara.sends("/my")
    await sara.presses("فراخوان کوچک")
    assert "مهلت ۱۵ دی ۱۴۰۵، ساعت ۱۸:۰۰ گذشته است" in sara.last_text
    assert sara.buttons() == ["🔕 یادآوری نفرست", "↩️ ثبت‌نام‌های من"]  # no edit, no withdraw
    for stale in (edit_data, withdraw_data.replace("wd:", "wdy:")):  # buttons kept from before
        await sara.presses_data(stale)
        assert "۱۵ دی ۱۴۰۵، ساعت ۱۸:۰۰" in sara.reply_text and "گذشته است" in sara.reply_text
    registration = await bot.storage.registrations.for_user_and_call(1001, call.id)
    assert registration.status == RegistrationStatus.SUBMITTED
    assert registration.answers["email"] == "sara@example.com"

    reza = bot.volunteer(1002, "رضا")
    await reza.sends(f"/start {call.slug}")
    assert "به پایان رسیده است" in reza.last_text and "ثبت‌نام" not in reza.buttons()[0]


async def test_a_call_not_open_yet_says_when_it_opens(bot: BotUnderTest, clock) -> None:
    call = await small(bot, clock, opens_at=clock.now() + timedelta(days=2))
    sara = bot.volunteer(1001)
    await sara.sends(f"/start {call.slug}")
    assert "ثبت‌نام از ۱۲ آذر ۱۴۰۵، ساعت ۱۲:۳۰ آغاز می‌شود" in sara.last_text
    assert "📝 ثبت‌نام" not in sara.buttons()


async def test_a_full_call_waitlists_and_a_withdrawal_moves_the_first_up(
    bot: BotUnderTest, clock
) -> None:
    call = await small(bot, clock, capacity=1)
    sara, reza, mina = bot.volunteer(1001), bot.volunteer(1002, "رضا"), bot.volunteer(1003, "مینا")
    await register(sara, call.slug, "sara")
    clock.advance(minutes=1)
    await register(reza, call.slug, "reza")
    assert "شما نفر ۱ فهرست انتظار هستید" in reza.last_text
    clock.advance(minutes=1)
    await register(mina, call.slug, "mina")
    assert "شما نفر ۲ فهرست انتظار هستید" in mina.last_text

    await sara.presses("ثبت‌نام من")
    await sara.presses("انصراف")
    await sara.presses("بله، انصراف می‌دهم")
    await bot.drain_outbox()  # the good news goes through the outbox
    reza.messages = (await bot.client.messages(reza.id)).from_bot()
    assert "جایی خالی شد و ثبت‌نام شما از فهرست انتظار قطعی شد" in reza.last_text
    statuses = {
        user: (await bot.storage.registrations.for_user_and_call(user, call.id)).status
        for user in (1001, 1002, 1003)
    }
    assert statuses == {
        1001: RegistrationStatus.WITHDRAWN,
        1002: RegistrationStatus.SUBMITTED,
        1003: RegistrationStatus.WAITLISTED,
    }
    await mina.sends("/my")
    await mina.presses("فراخوان کوچک")
    assert "جایگاه در فهرست انتظار: ۱" in mina.last_text


async def test_a_full_calls_card_says_so_before_anything_is_answered(
    bot: BotUnderTest, clock
) -> None:
    call = await small(bot, clock, capacity=1)
    sara, reza = bot.volunteer(1001), bot.volunteer(1002, "رضا")
    await sara.sends(f"/start {call.slug}")
    assert "ظرفیت: ۱ نفر" in sara.last_text and "تکمیل" not in sara.last_text
    await register(sara, call.slug, "sara")

    await reza.sends(f"/start {call.slug}")
    card = reza.last_text
    assert "ظرفیت ۱ نفره تکمیل شده است" in card
    assert "به فهرست انتظار می‌روید" in card
    await sara.sends(f"/start {call.slug}")  # she holds the seat: nothing for her to wait for
    assert "تکمیل" not in sara.last_text and "وضعیت شما: ثبت‌شده" in sara.last_text


async def test_my_registration_under_the_thank_you_keeps_the_thank_you(
    bot: BotUnderTest, clock
) -> None:
    call = await small(bot, clock)
    sara = bot.volunteer(1001)
    await register(sara, call.slug, "sara")
    thanks = next(m for m in sara.messages if "انجام شد" in (m.text or ""))
    await sara.presses("ثبت‌نام من")
    kept = next(m for m in sara.messages if m.message_id == thanks.message_id)
    assert kept.text == thanks.text  # the code and the deadline stay in the chat
    assert sara.messages[-1].message_id > thanks.message_id  # the details come below it
    assert "وضعیت: ثبت‌شده" in sara.last_text and "sara@example.com" in sara.last_text
