"""A full call's capacity raised, whichever way: the waiting list moves up first, and is told.

Three ways to raise it (the call's editor in chat, its file sent in chat, `calls import` on
the command line); after each, the first on the waiting list holds the new place and got one
message saying so, and a newcomer waits behind whoever was still waiting.
"""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import timedelta
from pathlib import Path

from bot.domain.calls import Call
from bot.domain.models import RegistrationStatus
from bot.ui.texts import Translator
from tests.chat import BotUnderTest, Volunteer, begin, visible
from tests.conftest import ADMIN_ID
from tests.factories import FAR_DEADLINE, TEHRAN, call_file, small_call

ROOT = Path(__file__).resolve().parent.parent
# The first line of the "you moved up" notice (the second holds the reference code).
MOVED_UP = Translator("fa", TEHRAN)("promoted", title="فراخوان کوچک", code="").split("\n")[0]


async def registers(bot: BotUnderTest, volunteer: Volunteer, call: Call) -> None:
    await begin(volunteer, call.slug)
    await volunteer.sends(f"v{volunteer.id}")
    await volunteer.sends(f"v{volunteer.id}@example.com")
    await volunteer.presses("تأیید و ارسال")
    bot.clock.advance(minutes=1)  # the waiting list is in order of submission


async def full_call_with_two_waiting(bot: BotUnderTest) -> Call:
    """One place, taken by 1001; 1002 and then 1003 wait."""
    call, _ = await bot.storage.calls.save(small_call(capacity=1), bot.clock.now())
    for user_id in (1001, 1002, 1003):
        await registers(bot, bot.volunteer(user_id, f"V{user_id}"), call)
    return call


async def status(bot: BotUnderTest, user_id: int, call: Call) -> RegistrationStatus:
    registration = await bot.storage.registrations.for_user_and_call(user_id, call.id)
    assert registration is not None
    return registration.status


async def moved_up_messages(bot: BotUnderTest, user_id: int) -> int:
    chat = (await bot.client.messages(user_id)).from_bot()
    return sum(MOVED_UP in (message.text or "") for message in chat)


async def the_list_moved_up_and_a_newcomer_waits(bot: BotUnderTest, call: Call) -> None:
    await bot.drain_outbox()
    assert await status(bot, 1002, call) == RegistrationStatus.SUBMITTED
    assert await status(bot, 1003, call) == RegistrationStatus.WAITLISTED
    assert await moved_up_messages(bot, 1002) == 1
    assert await moved_up_messages(bot, 1003) == 0
    mina = bot.volunteer(1004, "مینا")
    await registers(bot, mina, call)
    assert "شما نفر ۲ فهرست انتظار هستید" in mina.last_text  # behind 1003, not in a seat
    assert await status(bot, 1004, call) == RegistrationStatus.WAITLISTED


async def test_capacity_raised_in_the_editor_moves_the_first_waiting_up_and_tells_them(
    admin_bot: BotUnderTest,
) -> None:
    call = await full_call_with_two_waiting(admin_bot)
    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await admin.sends("/admin")
    await admin.presses("فراخوان کوچک")
    await admin.presses("ویرایش")
    await admin.presses("ظرفیت")
    await admin.sends("۲")
    assert "ظرفیت: ۲ نفر" in admin.last_text
    await the_list_moved_up_and_a_newcomer_waits(admin_bot, call)


async def test_capacity_raised_by_sending_the_call_file_moves_the_first_waiting_up(
    admin_bot: BotUnderTest,
) -> None:
    call = await full_call_with_two_waiting(admin_bot)
    raised = call_file(small_call(capacity=2)).encode()
    await admin_bot.client.send_document(ADMIN_ID, "small-call.yaml", raised)
    await admin_bot.settle()
    said = [visible(m.text or "") for m in (await admin_bot.client.messages(ADMIN_ID)).from_bot()]
    assert any("«فراخوان کوچک» با پرونده به‌روز شد" in (text or "") for text in said)
    await the_list_moved_up_and_a_newcomer_waits(admin_bot, call)


async def farakhan(database: Path, *args: str) -> tuple[int, str]:
    """The command line, run beside the bot on its database (as an operator would)."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "LOG_LEVEL": "ERROR"}
    env.pop("BOT_TOKEN", None)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    output, _ = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, output.decode()


async def test_capacity_raised_from_the_command_line_is_told_by_the_running_bot(
    admin_bot: BotUnderTest, tmp_path: Path
) -> None:
    call = await full_call_with_two_waiting(admin_bot)
    raised = tmp_path / "small-call.yaml"
    raised.write_text(call_file(small_call(capacity=2, deadline_at=FAR_DEADLINE)), "utf-8")
    code, said = await farakhan(admin_bot.settings.database_path, "calls", "import", str(raised))
    assert code == 0, said
    assert "Updated call 'small-call'" in said
    # The command line only queues the notice; the bot, running all along, delivers it.
    await admin_bot.drain_outbox()
    assert await moved_up_messages(admin_bot, 1002) == 1
    await admin_bot.restart()  # a fresh read of the call (a running bot's cache lasts seconds)
    await the_list_moved_up_and_a_newcomer_waits(admin_bot, call)


async def test_a_call_file_whose_deadline_has_passed_is_refused_in_chat(
    admin_bot: BotUnderTest,
) -> None:
    passed = admin_bot.clock.now() - timedelta(days=1)
    text = call_file(small_call(slug="too-late", deadline_at=passed))
    await admin_bot.client.send_document(ADMIN_ID, "too-late.yaml", text.encode())
    await admin_bot.settle()
    assert await admin_bot.storage.calls.by_slug("too-late") is None
    said = visible((await admin_bot.client.messages(ADMIN_ID)).from_bot()[-1].text or "")
    assert said == Translator("fa", TEHRAN)("admin.file.deadline_passed", deadline=passed)
