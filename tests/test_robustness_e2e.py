"""Unexpected input: groups, forged buttons, other message kinds, edits, a refusing server."""

import logging

from bot.domain.models import RegistrationStatus
from emulator import EmulatorServer
from tests.chat import BotUnderTest, register, settings_for


async def test_a_group_gets_a_pointer_to_the_private_chat_and_nothing_is_stored(
    bot: BotUnderTest, call
) -> None:
    group = -100123
    await bot.client.send_message(
        1001, "/start", chat_id=group, chat_type="supergroup", chat_title="گروه صنفی"
    )
    await bot.client.send_message(1002, "سلام به همه", chat_id=group, chat_type="supergroup")
    await bot.settle()
    replies = [m for m in (await bot.client.messages(group)).from_bot()]
    assert len(replies) == 1  # the command got a pointer; ordinary chatter got nothing
    assert "لطفاً در گفت‌وگوی خصوصی با من پیام بدهید" in replies[0].text
    assert "https://t.me/farakhan_bot" in replies[0].text
    assert await bot.storage.users.get(1001) is None
    assert await bot.storage.users.get(1002) is None


async def test_forged_and_foreign_buttons_are_refused_and_change_nothing(
    bot: BotUnderTest, call
) -> None:
    sara, reza = bot.volunteer(1001), bot.volunteer(1002, "رضا")
    await sara.sends(f"/start {call.slug}")
    await sara.presses("ثبت‌نام")
    await sara.presses("موافقم")
    await sara.sends("سارا احمدی")
    registration = await bot.storage.registrations.for_user_and_call(1001, call.id)

    await reza.sends("/start")
    for forged in ("opt:999:registering_as:0", "garbage", "sub:abc", "x" * 64,
                   f"opt:{registration.id}:registering_as:1", f"wdy:{registration.id}",
                   f"discy:{registration.id}"):  # fmt: skip
        await reza.presses_data(forged)
        assert reza.alert == "این دکمه معتبر نیست.", forged
        assert reza.replies == []
    unchanged = await bot.storage.registrations.get(registration.id)
    assert unchanged.step == "registering_as" and unchanged.answers == registration.answers

    await sara.presses_data(f"opt:{registration.id}:expertise:0")  # right owner, wrong step
    assert "این دکمه مال مرحلهٔ قبل است" in sara.alert
    assert "سؤال ۲ از ۷" in sara.last_text  # shown where she really is
    assert (await bot.storage.registrations.get(registration.id)).answers == registration.answers


async def test_other_kinds_of_message_and_edits_get_a_short_explanation(
    bot: BotUnderTest, call
) -> None:
    sara = bot.volunteer(1001)
    await sara.sends_media("photo")
    assert "متوجه نشدم" in sara.last_text
    await sara.sends(f"/start {call.slug}")
    await sara.presses("ثبت‌نام")
    await sara.presses("موافقم")
    await sara.sends_media("voice")
    assert "فقط پیام متنی را می‌توانم بخوانم" in sara.last_text and "سؤال ۱ از ۷" in sara.last_text
    sent = await bot.client.send_message(1001, "سارا احمدی")
    await bot.settle()
    await sara.edits(sent.message_id, "مریم احمدی")
    assert "ویرایش پیام قبلی پاسخ را عوض نمی‌کند" in sara.last_text
    registration = await bot.storage.registrations.for_user_and_call(1001, call.id)
    assert registration.answers == {"full_name": "سارا احمدی"}
    await sara.sends("/nonsense")
    assert "متوجه نشدم" in sara.last_text


async def test_english_is_a_choice_remembered_per_user(bot: BotUnderTest, call) -> None:
    sara = bot.volunteer(1001)
    await sara.sends("/language")
    await sara.presses("English")
    assert sara.last_text == "From now on we'll talk in English."
    await sara.sends(f"/start {call.slug}")
    assert "Special working group on protecting cyberspace users' rights" in sara.last_text
    assert "Deadline: 5 January 2027, 18:00" in sara.last_text
    await sara.presses("Register")
    await sara.presses("I agree")
    assert "Question 1 of 7" in sara.last_text and "Full name" in sara.last_text
    assert (await bot.storage.users.get(1001)).language == "en"
    reza = bot.volunteer(1002, "رضا")
    await reza.sends("/help")
    assert "راهنما" in reza.last_text


async def test_a_server_that_refuses_the_command_menu_does_not_stop_the_bot(
    server: EmulatorServer, tmp_path, clock, caplog
) -> None:
    server.emulator.add_fault(
        method="setMyCommands",
        status=400,
        times=-1,
        description="Bad Request: method is not supported",
    )
    bot = BotUnderTest(server, settings_for(server, tmp_path / "f.db"), clock)
    with caplog.at_level(logging.WARNING, logger="bot.runtime.app"):
        await bot.start()
    try:
        warnings = [r for r in caplog.records if "command menu" in r.getMessage()]
        assert len(warnings) == 1
        sara = bot.volunteer(1001)
        await sara.sends("/help")
        assert "راهنما" in sara.last_text
    finally:
        await bot.close()


async def test_the_command_menu_is_set_in_both_languages(bot: BotUnderTest) -> None:
    calls = await bot.client.calls("setMyCommands")
    languages = sorted(call["params"].get("language_code", "") for call in calls)
    assert languages == ["", "en", "fa"]
    persian = next(c for c in calls if c["params"].get("language_code") == "fa")
    assert {"command": "my", "description": "ثبت‌نام‌های من"} in persian["params"]["commands"]


async def test_a_withdrawn_volunteer_may_register_again(bot: BotUnderTest, call) -> None:
    sara = bot.volunteer(1001)
    await register(sara, call.slug)
    code = (await bot.storage.registrations.for_user_and_call(1001, call.id)).reference_code
    await sara.presses("ثبت‌نام من")
    await sara.presses("انصراف")
    await sara.presses("بله، انصراف می‌دهم")
    await sara.presses("ثبت‌نام دوباره")
    await sara.presses("موافقم")
    assert "سؤال ۱ از ۷" in sara.last_text and "پاسخ فعلی" not in sara.last_text
    registration = await bot.storage.registrations.for_user_and_call(1001, call.id)
    assert registration.status == RegistrationStatus.DRAFT and registration.reference_code == code
