"""Eitaa channels beside the messenger's own: announced, reminded, closed, and failures told.

Eitaayar is a local fake (tests/fake_eitaayar.py) that records posts and fails on demand.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import timedelta

import pytest

from bot.domain.channels import PostStatus
from bot.domain.clock import ManualClock
from bot.runtime import app as runtime
from emulator import EmulatorServer
from handlers.context import SERVICES_KEY
from tests.chat import BotUnderTest, visible
from tests.conftest import ADMIN_ID, ANNOUNCE_CHAT, admin_settings, bot_running
from tests.factories import SAMPLE_DEADLINE, sample_call
from tests.fake_eitaayar import FAKE_EITAA_TOKEN, FakeEitaayar

SLUG = "user-rights-working-group"
TITLE = "کارگروه ویژهٔ صیانت از حقوق کاربران فضای مجازی"
CHANNELS = ("@nasrnews", "-1009001")
LINKS = "telegram=https://t.me/farakhan_bot,bale=https://ble.ir/farakhan_bot"


@pytest.fixture
async def eitaayar(monkeypatch) -> AsyncIterator[FakeEitaayar]:
    # Retries a few milliseconds apart rather than seconds: the same code, quicker.
    fast = replace(runtime.DEFAULT_POLICY, interval=0.0, backoff=0.02)
    monkeypatch.setattr(runtime, "DEFAULT_POLICY", fast)
    async with FakeEitaayar() as fake:
        yield fake


@pytest.fixture
async def eitaa_bot(
    server: EmulatorServer, tmp_path, clock: ManualClock, eitaayar: FakeEitaayar
) -> AsyncIterator[BotUnderTest]:
    """The admin's bot with a Telegram channel and two Eitaa channels, announcements pinned."""
    pinned = {"ANNOUNCE_CHAT_IDS": str(ANNOUNCE_CHAT), "EITAA_PIN": "true"}
    async with started(server, tmp_path, clock, eitaayar, **pinned) as bot:
        yield bot


@asynccontextmanager
async def started(
    server: EmulatorServer, tmp_path, clock: ManualClock, eitaayar: FakeEitaayar, **extra: str
) -> AsyncIterator[BotUnderTest]:
    settings = admin_settings(
        server,
        tmp_path,
        EITAA_TOKEN=FAKE_EITAA_TOKEN,
        EITAA_CHANNELS=",".join(CHANNELS),
        EITAA_API_BASE_URL=eitaayar.url,
        EITAA_TIMEOUT="0.3",
        REGISTRATION_LINKS=LINKS,
        **extra,
    )
    async with bot_running(server, settings, clock) as under_test:
        yield under_test


async def settled(bot: BotUnderTest) -> None:
    """Waits for the Eitaa posts under way, then for the outbox (the admin's report)."""
    await bot.app.bot_data[SERVICES_KEY].channels.settle()
    await bot.drain_outbox()


async def admin_messages(bot: BotUnderTest) -> list[str]:
    return [visible(m.text or "") for m in (await bot.client.messages(ADMIN_ID)).from_bot()]


async def announce(bot: BotUnderTest) -> None:
    admin = bot.volunteer(ADMIN_ID, "مدیر")
    await admin.sends("/admin")
    await admin.presses("کارگروه ویژهٔ صیانت")
    await admin.presses("اعلام در کانال‌ها")
    return admin


async def test_an_announcement_goes_to_eitaa_with_every_registration_link_and_pinned(
    eitaa_bot: BotUnderTest, eitaayar: FakeEitaayar
) -> None:
    call, _ = await eitaa_bot.storage.calls.save(sample_call(), eitaa_bot.clock.now())
    admin = await announce(eitaa_bot)
    # Both kinds of channel listed, the Eitaa post shown as it will read, nothing posted yet.
    assert "• ایتا: @nasrnews, -1009001" in admin.reply_text
    assert "📌 در ایتا سنجاق می‌شود" in admin.reply_text
    assert f"https://ble.ir/farakhan_bot?start={SLUG}" in admin.reply_text
    assert eitaayar.posts == []
    await admin.presses("انتشار در ۳ کانال")
    await settled(eitaa_bot)

    assert [(p.channel, p.pin) for p in eitaayar.posts] == [("nasrnews", True), ("-1009001", True)]
    text = eitaayar.posts[0].text
    assert "کارگروه ویژهٔ صیانت" in text and "<b>" not in text  # plain text: no markup
    assert f"تلگرام: \u2068https://t.me/farakhan_bot?start={SLUG}\u2069" in text
    assert f"بله: \u2068https://ble.ir/farakhan_bot?start={SLUG}\u2069" in text
    # The messenger's own channel got its card with the button, as before.
    assert len((await eitaa_bot.client.messages(ANNOUNCE_CHAT)).from_bot()) == 1
    assert (await admin_messages(eitaa_bot))[-1] == f"📢 اعلان «{TITLE}» در ۲ کانال ایتا منتشر شد."

    # No unpin exists: at the deadline, a closing note goes where the announcement is pinned.
    eitaa_bot.clock.set(SAMPLE_DEADLINE)
    await eitaa_bot.app.bot_data[SERVICES_KEY].scheduler.tick()
    await settled(eitaa_bot)
    notes = [p for p in eitaayar.posts if p.text.startswith("🔒")]
    assert [(p.channel, p.pin) for p in notes] == [("nasrnews", False), ("-1009001", False)]
    assert all(p.status == PostStatus.SENT for p in await posts_of(eitaa_bot, call.id))


async def posts_of(bot: BotUnderTest, call_id: int):
    return await bot.storage.channel_posts.for_call(call_id)


async def test_with_only_eitaa_channels_the_admin_still_announces(
    server: EmulatorServer, tmp_path, clock: ManualClock, eitaayar: FakeEitaayar
) -> None:
    async with started(server, tmp_path, clock, eitaayar, EITAA_PIN="false") as bot:
        await bot.storage.calls.save(sample_call(), clock.now())
        admin = await announce(bot)
        assert "👇 اعلان در کانال‌ها" not in admin.reply_text  # no messenger channel to show
        assert "• ایتا: @nasrnews, -1009001" in admin.reply_text
        await admin.presses("انتشار در ۲ کانال")
        await settled(bot)
        assert [(p.channel, p.pin) for p in eitaayar.posts] == [
            ("nasrnews", False),
            ("-1009001", False),
        ]


async def test_failures_are_retried_and_each_told_in_one_line_without_the_token(
    eitaa_bot: BotUnderTest, eitaayar: FakeEitaayar, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    await eitaa_bot.storage.calls.save(sample_call(), eitaa_bot.clock.now())
    eitaayar.fail("@nasrnews", "500", "timeout", "429")  # then it works
    eitaayar.fail("-1009001", "ok_false", "ok_false", "ok_false", "ok_false")
    admin = await announce(eitaa_bot)
    await admin.presses("انتشار در ۳ کانال")
    await settled(eitaa_bot)

    assert eitaayar.requests.count(("sendMessage", "nasrnews")) == 4  # retried, then posted
    assert eitaayar.requests.count(("sendMessage", "-1009001")) == 4  # every attempt refused
    assert [p.channel for p in eitaayar.posts] == ["nasrnews"]
    report = [m for m in await admin_messages(eitaa_bot) if "ایتا" in m][-1]
    assert report.split("\n") == [
        f"📢 اعلان «{TITLE}» در ۱ کانال ایتا منتشر شد.",
        f"⚠️ انتشار «{TITLE}» در ۱ کانال ایتا ناموفق بود:",
        "• -1009001: ok: false: try again later (پس از ۴ تلاش)",
    ]
    assert "Eitaayar sendMessage to @nasrnews failed (attempt 2 of 4): timeout" in caplog.text
    assert FAKE_EITAA_TOKEN not in caplog.text


async def test_a_refused_post_is_not_retried(
    eitaa_bot: BotUnderTest, eitaayar: FakeEitaayar
) -> None:
    await eitaa_bot.storage.calls.save(sample_call(), eitaa_bot.clock.now())
    eitaayar.fail("-1009001", "refused")
    admin = await announce(eitaa_bot)
    await admin.presses("انتشار در ۳ کانال")
    await settled(eitaa_bot)
    assert eitaayar.requests.count(("sendMessage", "-1009001")) == 1
    assert "• -1009001: HTTP 400: chat not found (پس از ۱ تلاش)" in "\n".join(
        await admin_messages(eitaa_bot)
    )


async def test_channel_reminders_at_3d_and_1d_are_posted_once_each_across_restarts(
    eitaa_bot: BotUnderTest, eitaayar: FakeEitaayar
) -> None:
    spec = sample_call()
    reminders = spec.reminders.model_copy(update={"channels": ["3d", "1d"]})
    call, _ = await eitaa_bot.storage.calls.save(
        spec.model_copy(update={"reminders": reminders}), eitaa_bot.clock.now()
    )
    services = eitaa_bot.app.bot_data[SERVICES_KEY]
    await services.scheduler.replan(call)

    async def at(moment) -> None:
        eitaa_bot.clock.set(moment)
        await eitaa_bot.app.bot_data[SERVICES_KEY].scheduler.tick()
        await settled(eitaa_bot)

    def reminded() -> list[tuple[str, str]]:
        return [
            (p.channel, visible(p.text).split("\n")[0]) for p in eitaayar.posts if "⏳" in p.text
        ]

    await at(SAMPLE_DEADLINE - timedelta(days=3, minutes=1))
    assert reminded() == []
    await at(SAMPLE_DEADLINE - timedelta(days=3))
    three_days = f"⏳ ۳ روز تا پایان مهلت ثبت‌نام در «{TITLE}» مانده است."
    assert reminded() == [("nasrnews", three_days), ("-1009001", three_days)]
    assert f"https://t.me/farakhan_bot?start={SLUG}" in eitaayar.posts[0].text
    await eitaa_bot.restart()  # a restart neither repeats it nor loses the next
    await settled(eitaa_bot)
    await at(SAMPLE_DEADLINE - timedelta(days=1))
    await eitaa_bot.restart()
    await at(SAMPLE_DEADLINE - timedelta(hours=1))
    one_day = three_days.replace("۳ روز", "۱ روز")
    assert [text for _, text in reminded()] == [three_days] * 2 + [one_day] * 2
