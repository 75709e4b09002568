"""Broadcasts through the outbox: exact counts, faults, blocked users, restarts, progress."""

import asyncio
import time
from dataclasses import replace
from itertools import pairwise

import pytest

from bot.domain.segments import Segment, SegmentKind
from handlers.context import SERVICES_KEY
from tests.chat import BotUnderTest, add_started_users
from tests.conftest import ADMIN_ID, ANNOUNCE_CHAT

RECIPIENTS = range(20_001, 20_501)  # 500 users who started the bot


async def users_who_started(bot: BotUnderTest, clock) -> None:
    await add_started_users(bot.server, bot.storage, RECIPIENTS, clock.now(), named=True)


def quick_retries(bot: BotUnderTest) -> None:
    outbox = bot.app.bot_data[SERVICES_KEY].outbox
    outbox.policy = replace(outbox.policy, backoff=0.05)


async def compose_to_everyone(admin, text: str) -> None:
    await admin.sends("/admin")
    await admin.presses("پیام به همه")
    await admin.presses("همهٔ کاربران")
    assert "برای ۵۰۱ نفر" in admin.last_text  # 500 volunteers and the admin
    await admin.sends(text)
    assert "دقیقاً همین‌طور برای ۵۰۱ نفر" in admin.reply_text
    await admin.presses("ارسال برای ۵۰۱ نفر")


def copies(bot: BotUnderTest, text: str) -> dict[int, int]:
    emulator = bot.server.emulator
    return {
        user_id: sum(
            1 for m in emulator.messages(user_id) if m["from"] == "bot" and m["text"] == text
        )
        for user_id in RECIPIENTS
    }


BLOCKED = [20_010, 20_111, 20_222]
FAILING = [20_070, 20_480]


def hostile_emulator(bot: BotUnderTest) -> None:
    """Some recipients blocked the bot, some sends get 429, 500 twice, or 502 for ever."""
    emulator = bot.server.emulator
    for user_id in BLOCKED:
        emulator.block(user_id)
    for user_id in (20_050, 20_300):
        emulator.add_fault(method="sendMessage", chat_id=user_id, status=429, retry_after=1)
    for user_id in (20_060, 20_061, 20_400):
        emulator.add_fault(method="sendMessage", chat_id=user_id, status=500, times=2)
    for user_id in FAILING:
        emulator.add_fault(method="sendMessage", chat_id=user_id, status=502, times=-1)


async def test_500_recipients_with_429_403_and_500_get_exactly_one_copy(
    admin_bot: BotUnderTest, clock
) -> None:
    await users_who_started(admin_bot, clock)
    quick_retries(admin_bot)
    hostile_emulator(admin_bot)
    blocked, failing = BLOCKED, FAILING

    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await compose_to_everyone(admin, "جلسهٔ نخست کارگروه <b>شنبه</b> برگزار می‌شود.")
    await admin_bot.drain_outbox()

    # What the admin typed arrives as typed: "<b>" was text, not formatting.
    got = copies(admin_bot, "جلسهٔ نخست کارگروه <b>شنبه</b> برگزار می‌شود.")
    assert {user: n for user, n in got.items() if n != 1} == dict.fromkeys(blocked + failing, 0)
    broadcast = (await admin_bot.storage.outbox.recent(1))[0]
    counts = await admin_bot.storage.outbox.counts(broadcast.id)
    assert (counts.sent, counts.blocked, counts.failed, counts.left) == (496, 3, 2, 0)
    assert broadcast.status == "done" and broadcast.created_by == ADMIN_ID
    for user_id in blocked:
        assert (
            await admin_bot.storage.db.fetch_value(
                "SELECT blocked_at FROM users WHERE id = ?", (user_id,)
            )
        ) is not None
    admin.messages = (await admin_bot.client.messages(ADMIN_ID)).from_bot()
    progress = next(m.text for m in reversed(admin.messages) if "ارسال پیام" in (m.text or ""))
    assert "تمام شد" in progress
    assert "رسیده: ۴۹۶، ربات را بسته‌اند: ۳، ناموفق: ۲، مانده: ۰" in progress

    await admin.sends("/broadcasts")
    assert "۵۰۱ نفر: رسیده ۴۹۶، بسته ۳، ناموفق ۲ (تمام‌شده)" in admin.last_text


async def test_a_restart_in_the_middle_finishes_without_second_copies(
    admin_bot: BotUnderTest, clock
) -> None:
    await users_who_started(admin_bot, clock)
    hostile_emulator(admin_bot)
    services = admin_bot.app.bot_data[SERVICES_KEY]
    services.outbox.policy = replace(services.outbox.policy, backoff=0.05)
    admin_bot.pace(150)
    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await compose_to_everyone(admin, "یادآوری: مهلت ثبت‌نام نزدیک است.")
    outbox = admin_bot.storage.outbox
    broadcast = (await outbox.recent(1))[0]
    while (await outbox.counts(broadcast.id)).sent < 150:  # noqa: ASYNC110 - a row count
        await asyncio.sleep(0.05)
    await admin_bot.restart()  # stops between two sends, then a new application resumes
    sent_before = (await admin_bot.storage.outbox.counts(broadcast.id)).sent
    assert 150 <= sent_before < 496
    quick_retries(admin_bot)
    await admin_bot.drain_outbox()
    got = copies(admin_bot, "یادآوری: مهلت ثبت‌نام نزدیک است.")
    assert {user: n for user, n in got.items() if n != 1} == dict.fromkeys(BLOCKED + FAILING, 0)
    counts = await admin_bot.storage.outbox.counts(broadcast.id)
    assert (counts.sent, counts.blocked, counts.failed, counts.left, counts.unknown) == (
        496,
        3,
        2,
        0,
        0,
    )


async def test_a_volunteer_is_answered_at_once_during_a_broadcast(
    admin_bot: BotUnderTest, admin_call, clock
) -> None:
    await users_who_started(admin_bot, clock)
    admin_bot.pace(50)  # ten seconds of sending
    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await compose_to_everyone(admin, "پیام طولانی‌مدت")
    sara = admin_bot.volunteer(1001)
    started = time.monotonic()
    await sara.sends("/start user-rights-working-group")
    assert time.monotonic() - started < 1.0
    assert "کارگروه ویژهٔ صیانت" in sara.last_text
    assert (await admin_bot.storage.outbox.backlog()) > 100  # the broadcast is still going


async def test_the_progress_message_is_edited_at_most_every_three_seconds(
    admin_bot: BotUnderTest, clock
) -> None:
    await users_who_started(admin_bot, clock)
    admin_bot.pace(100)  # about five seconds
    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    started = time.monotonic()
    await compose_to_everyone(admin, "پیام برای شمارش ویرایش‌ها")
    await admin_bot.drain_outbox()
    elapsed = time.monotonic() - started
    broadcast = (await admin_bot.storage.outbox.recent(1))[0]
    edits = [
        c
        for c in admin_bot.server.emulator.api_calls
        if c.method == "editMessageText"
        and c.params.get("message_id") == broadcast.progress_message_id
    ]
    assert 2 <= len(edits) <= elapsed / 3 + 2  # live, throttled, plus the final one
    progress = next(
        m
        for m in admin_bot.server.emulator.messages(ADMIN_ID)
        if m["message_id"] == broadcast.progress_message_id
    )
    assert "تمام شد" in progress["text"]


async def test_nothing_reaches_a_volunteer_once_their_erasure_is_confirmed_mid_broadcast(
    admin_bot: BotUnderTest, clock
) -> None:
    recipients = range(20_001, 20_151)
    await add_started_users(admin_bot.server, admin_bot.storage, recipients, clock.now())
    admin_bot.pace(20)  # about seven seconds of sending
    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    text = "پیام همگانی در میانهٔ پاک‌کردن"
    await admin.sends("/admin")
    await admin.presses("پیام به همه")
    await admin.presses("همهٔ کاربران")
    await admin.sends(text)
    await admin.presses("ارسال برای ۱۵۱ نفر")
    outbox = admin_bot.storage.outbox
    broadcast = (await outbox.recent(1))[0]
    while (await outbox.counts(broadcast.id)).sent < 60:  # noqa: ASYNC110 - a row count
        await asyncio.sleep(0.02)
    # Someone a few places ahead: their row is in the batch the sender has loaded.
    sent = (await outbox.counts(broadcast.id)).sent
    leaving = admin_bot.volunteer(recipients[sent + 12])
    await leaving.sends("/forget")
    await leaving.presses("بله، همه را پاک کن")
    assert "همهٔ داده‌های شما پاک شد" in leaving.last_text
    await admin_bot.drain_outbox()

    chat = admin_bot.server.emulator.messages(leaving.id)
    confirmed = next(i for i, m in enumerate(chat) if "همهٔ داده‌های شما پاک شد" in m["text"])
    assert [m["text"] for m in chat[confirmed:] if m["text"] == text] == []
    assert await admin_bot.storage.users.get(leaving.id) is None
    got = {
        u: sum(1 for m in admin_bot.server.emulator.messages(u) if m["text"] == text)
        for u in recipients
        if u != leaving.id
    }
    assert set(got.values()) == {1}  # everyone else got it, once


async def test_the_rate_learned_from_429s_is_kept_across_a_restart(
    admin_bot: BotUnderTest, clock
) -> None:
    """The server allows 20 a second; the ceiling is 60. The budget learns 20 from the first
    429s, and the next start begins there rather than with a burst of 429s."""
    recipients = range(20_001, 20_121)
    await add_started_users(admin_bot.server, admin_bot.storage, recipients, clock.now())
    admin_bot.server.emulator.set_rate_limits(global_per_second=20)
    admin_bot.pace(60)
    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await admin.sends("/admin")
    await admin.presses("پیام به همه")
    await admin.presses("همهٔ کاربران")
    await admin.sends("یادگیری سرعت")
    await admin.presses("ارسال برای ۱۲۱ نفر")
    await admin_bot.drain_outbox()
    budget = admin_bot.app.bot_data[SERVICES_KEY].outbox.budget
    learned = budget.rate
    assert 0.9 * 20 <= learned <= 20 and budget.learner.limit == pytest.approx(20, abs=1)
    limited = admin_bot.server.emulator.stats["too_many_requests"]
    assert limited <= 40  # the first burst, not one 429 a second

    await admin_bot.restart()
    budget = admin_bot.app.bot_data[SERVICES_KEY].outbox.budget
    assert budget.rate == pytest.approx(learned, abs=0.01)
    assert budget.learner.limit == pytest.approx(20, abs=1)


async def test_a_group_gets_one_bulk_message_every_few_seconds_and_a_chat_one_a_second(
    admin_bot: BotUnderTest, clock
) -> None:
    """The per-chat and per-group limits hold under the budget (intervals shortened here;
    the real ones are 1 s and 3 s: Telegram's one a second per chat, 20 a minute per group)."""
    services = admin_bot.app.bot_data[SERVICES_KEY]
    services.outbox.policy = replace(
        services.outbox.policy, per_chat_interval=0.2, per_group_interval=0.6
    )
    await add_started_users(admin_bot.server, admin_bot.storage, [20_001], clock.now())
    for n in range(3):
        for chat in (ANNOUNCE_CHAT, 20_001):
            segment = Segment(SegmentKind.CHATS, chat_ids=(chat,))
            await admin_bot.storage.outbox.create(
                "broadcast", segment, {"text": f"#{n}"}, clock.now()
            )
    services.outbox.wake()
    await admin_bot.drain_outbox()

    def times(chat: int) -> list[float]:
        return [
            call.time
            for call in admin_bot.server.emulator.calls("sendMessage")
            if str(call.params.get("chat_id")) == str(chat) and call.status == 200
        ]

    group, private = times(ANNOUNCE_CHAT), times(20_001)
    assert len(group) == len(private) == 3
    assert min(b - a for a, b in pairwise(group)) >= 0.6
    assert min(b - a for a, b in pairwise(private)) >= 0.2


async def test_a_stop_during_a_long_429_pause_leaves_the_waiting_rows_for_the_next_start(
    admin_bot: BotUnderTest, clock
) -> None:
    recipients = range(20_001, 20_021)
    await add_started_users(admin_bot.server, admin_bot.storage, recipients, clock.now())
    services = admin_bot.app.bot_data[SERVICES_KEY]
    services.outbox.budget.limited(60)  # the messenger asked for a minute's pause
    segment = Segment(SegmentKind.CHATS, chat_ids=tuple(recipients))
    await admin_bot.storage.outbox.create("broadcast", segment, {"text": "پس از مکث"}, clock.now())
    services.outbox.wake()
    await asyncio.sleep(0.3)  # the sender has taken rows and waits for slots
    started = time.monotonic()
    await admin_bot.restart()
    assert time.monotonic() - started < 10  # not the minute
    await admin_bot.drain_outbox()
    got = {
        u: sum(1 for m in admin_bot.server.emulator.messages(u) if m["text"] == "پس از مکث")
        for u in recipients
    }
    assert set(got.values()) == {1}  # nothing lost, nothing doubled, nothing "unknown"
