"""Floods, a flaky API, and secrets kept out of logs."""

import asyncio

from bot.services.flood import FloodGuard, Verdict
from emulator import EmulatorServer
from tests.chat import TEST_TOKEN, BotUnderTest
from tests.processes import farakhan


def test_a_flood_gets_one_warning_then_silence_until_it_passes() -> None:
    guard = FloodGuard(limit=3, window=10, silence=30)
    verdicts = [guard.check(7, now=float(t)) for t in range(5)]
    assert verdicts == [Verdict.OK] * 3 + [Verdict.WARN, Verdict.DROP]
    assert guard.check(8, now=4.0) == Verdict.OK  # others are not affected
    assert guard.check(7, now=35.0) == Verdict.OK  # after the silence


async def test_a_flooding_user_is_told_once_and_changes_nothing_else(
    bot: BotUnderTest, call
) -> None:
    for _ in range(70):
        await bot.client.send_message(6666, "/start")
    await bot.settle()
    texts = [m.text for m in (await bot.client.messages(6666)).from_bot()]
    assert (
        texts.count(
            "کمی آهسته‌تر، لطفاً! پیام‌ها خیلی پشت سر هم رسید؛ چند لحظه صبر کنید و دوباره بفرستید."
        )
        == 1
    )
    assert len(texts) == 51  # 50 welcomes, one warning, then silence
    sara = bot.volunteer(1001)
    await sara.sends("/help")
    assert "راهنما" in sara.last_text


async def test_a_reply_that_hits_a_5xx_is_retried(bot: BotUnderTest, call) -> None:
    bot.server.emulator.add_fault(method="sendMessage", chat_id=1001, status=502, times=2)
    sara = bot.volunteer(1001)
    await sara.sends("/help")
    assert "راهنما" in sara.last_text


async def test_the_token_never_appears_in_logs_even_at_debug(tmp_path) -> None:
    async with EmulatorServer() as server:
        server.emulator.add_fault(method="getUpdates", status=502, times=3)
        server.emulator.add_fault(method="sendMessage", status=500, times=2)
        env = {
            "BOT_TOKEN": TEST_TOKEN,
            "BOT_API_BASE_URL": server.api_base_url,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'f.db'}",
            "LOG_LEVEL": "DEBUG",
        }
        process = await farakhan("run", env=env)
        await asyncio.sleep(3)
        await server.emulator.call_api("getMe", {})  # the server is up; now a user writes
        server.emulator.send_message(1001, "/start")
        await asyncio.sleep(3)
        process.terminate()
        stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=15)
    logs = stdout.decode() + stderr.decode()
    assert "Set Bot API URL" in logs  # PTB logged the URL it builds with the token…
    assert "<redacted>" in logs  # …and it was redacted
    assert TEST_TOKEN not in logs and TEST_TOKEN.split(":")[1] not in logs

    unreachable = await farakhan("run", env={**env, "BOT_API_BASE_URL": "http://127.0.0.1:9/bot"})
    await asyncio.sleep(6)  # it keeps trying, with growing pauses, instead of giving up
    unreachable.terminate()
    stdout, stderr = await asyncio.wait_for(unreachable.communicate(), timeout=30)
    assert unreachable.returncode == 0
    said = stdout.decode() + stderr.decode()
    assert "farakhan: cannot reach the Bot API server" in said and "trying again in 1 s" in said
    assert TEST_TOKEN.split(":")[1] not in said
