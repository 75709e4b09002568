"""Bale and Soroush Plus as well as Telegram, and webhook mode: the same journey, rendered
for each."""

import socket

import httpx
import pytest

from bot.domain.messenger import PROFILES
from bot.domain.settings import Messenger
from emulator import EmulatorServer
from tests.chat import BotUnderTest, Volunteer, settings_for
from tests.factories import sample_call

SLUG = "user-rights-working-group"
TRICKY = "پیشنهاد *مهم* و _فوری_ <b>بدون</b> [پیوند](x) 2*3"
SECRET = "a-webhook-secret-of-enough-length_42"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def started(server: EmulatorServer, tmp_path, clock, **settings: str) -> BotUnderTest:
    bot = BotUnderTest(server, settings_for(server, tmp_path / "f.db", **settings), clock)
    await bot.start()
    await bot.storage.calls.save(sample_call(), clock.now())
    return bot


async def journey(volunteer: Volunteer) -> None:
    """The whole registration, with markup characters in the free-text answer."""
    await volunteer.sends(f"/start {SLUG}")
    await volunteer.presses("ثبت‌نام")
    await volunteer.presses("موافقم")
    await volunteer.sends("سارا_احمدی *")
    await volunteer.presses("به‌عنوان فرد")
    await volunteer.presses("سایر")
    await volunteer.presses("تأیید انتخاب")
    await volunteer.sends("09121234567")
    await volunteer.sends("sara@example.com")
    await volunteer.sends(TRICKY)
    await volunteer.presses("رد شدن")  # the directory of experts: no
    await volunteer.presses("تأیید و ارسال")


async def test_on_bale_nothing_is_html_and_user_text_arrives_as_typed(
    server: EmulatorServer, tmp_path, clock
) -> None:
    bot = await started(server, tmp_path, clock, MESSENGER="bale")
    try:
        sara = bot.volunteer(1001)
        await journey(sara)
        assert "کد پیگیری: FK-" in sara.last_text
        review = next(m.text for m in sara.messages if "مرور پاسخ‌ها" in (m.text or ""))
        assert TRICKY in review and "سارا_احمدی *" in review
        assert review.startswith("*مرور پاسخ‌ها* — ")  # our bold, in Bale's markup
        calls = [
            c
            for c in server.emulator.api_calls
            if c.method
            in ("sendMessage", "editMessageText", "sendDocument", "answerCallbackQuery")
        ]
        assert calls and not [c for c in calls if c.params.get("parse_mode")]
        texts = [c.params.get("text") or c.params.get("caption") or "" for c in calls]
        ours = [t.replace(TRICKY, "") for t in texts]  # the user's own "<b>" is theirs
        assert not [t for t in ours if "<" in t or "&lt;" in t or "&amp;" in t]
        assert not [c for c in server.emulator.api_calls if c.method == "setMyCommands"]
        registration = await bot.storage.registrations.for_user_and_call(1001, 1)
        assert registration.answers["proposals"] == TRICKY
        await sara.sends("/start nope")
        await bot.volunteer(1002).sends("/start")
        group = -100777
        await bot.client.send_message(1003, "/start", chat_id=group, chat_type="supergroup")
        await bot.settle()
        pointer = (await bot.client.messages(group)).from_bot()[0].text
        assert "https://ble.ir/farakhan_bot" in pointer
    finally:
        await bot.close()


async def test_on_telegram_the_same_journey_is_html(
    server: EmulatorServer, tmp_path, clock
) -> None:
    bot = await started(server, tmp_path, clock)
    try:
        sara = bot.volunteer(1001)
        await journey(sara)
        review = next(m for m in sara.messages if "مرور پاسخ‌ها" in (m.text or ""))
        assert TRICKY in review.text
        assert "&lt;b&gt;بدون&lt;/b&gt;" in review.html and review.parse_mode == "HTML"
    finally:
        await bot.close()


@pytest.mark.parametrize("messenger", ["soroush"])
async def test_on_soroush_the_journey_needs_nothing_unconfirmed_and_its_echoes_are_dropped(
    server: EmulatorServer, tmp_path, clock
) -> None:
    """The emulator refuses what is unconfirmed there (the server fixture checks nothing was
    tried) and returns every message of the bot's in getUpdates, as Soroush is reported to."""
    bot = await started(server, tmp_path, clock, MESSENGER="soroush")
    try:
        volunteers = [bot.volunteer(1001 + i) for i in range(5)]
        for volunteer in volunteers:  # some 65 messages of the bot's within seconds
            await journey(volunteer)
            assert "کد پیگیری: FK-" in volunteer.last_text
        phone = next(m for m in volunteers[0].messages if "شماره را بنویسید" in (m.text or ""))
        assert phone.html and phone.parse_mode == "HTML"  # Telegram's HTML, as a clone takes
        echoed = [c for c in server.emulator.api_calls if c.method == "sendMessage"]
        assert len(echoed) > 50  # each came back from the bot itself: a flood, were it a person
        await bot.settle()
        await bot.settle()  # the echoes of the last replies too
        for volunteer in volunteers:  # none was taken for a flood of the volunteer's own
            texts = [m.text or "" for m in (await bot.client.messages(volunteer.id)).messages]
            assert not [t for t in texts if "کمی آهسته‌تر" in t]
        assert await bot.storage.users.get(bot.app.bot.id) is None  # never taken for a user
        group = -100777
        await bot.client.send_message(1009, "/start", chat_id=group, chat_type="supergroup")
        await bot.settle()
        pointer = (await bot.client.messages(group)).from_bot()[0].text
        assert "@farakhan_bot" in pointer and "https://" not in pointer
    finally:
        await bot.close()


@pytest.mark.parametrize("messenger", ["telegram", "bale", "soroush"])
async def test_the_journey_in_webhook_mode_and_wrong_secrets_are_refused(
    server: EmulatorServer, tmp_path, clock, messenger: str
) -> None:
    port = free_port()
    bot = await started(
        server,
        tmp_path,
        clock,
        MESSENGER=messenger,
        WEBHOOK_URL=f"http://127.0.0.1:{port}/hook",
        WEBHOOK_SECRET=SECRET,
        WEBHOOK_PORT=str(port),
    )
    try:
        info = (await bot.client.state())["webhook"]
        assert info["url"].startswith(f"http://127.0.0.1:{port}/hook")
        sara = bot.volunteer(1001)
        await journey(sara)
        assert "کد پیگیری: FK-" in sara.last_text

        forged = {
            "update_id": 999_999,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": 1002, "type": "private"},
                "from": {"id": 1002, "is_bot": False, "first_name": "M"},
                "text": "/start",
            },
        }
        async with httpx.AsyncClient(trust_env=False) as client:
            base = f"http://127.0.0.1:{port}/hook"
            attempts = [
                client.post(base, json=forged),
                client.post(
                    base, json=forged, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}
                ),
                client.post(f"{base}/wrong-secret-of-some-length", json=forged),
            ]
            statuses = [(await attempt).status_code for attempt in attempts]
            health = await client.get(f"http://127.0.0.1:{port}/healthz")
        assert statuses[0] in (403, 404, 405) and statuses[1] in (403, 404, 405)
        assert statuses[2] in (403, 404)
        assert 200 not in statuses
        await bot.settle()
        assert await bot.storage.users.get(1002) is None  # nothing was processed
        assert health.status_code == 200
        report = health.json()
        assert (report["status"], report["database"], report["outbox_backlog"]) == ("ok", "ok", 0)
        assert report["outbox_backlog_by_priority"] == {"notice": 0, "reminder": 0, "bulk": 0}
        ceiling = PROFILES[Messenger(messenger)].send_ceiling
        assert report["send_budget"]["rate"] == report["send_budget"]["ceiling"] == ceiling
        assert report["send_budget"]["known_limit"] is None
    finally:
        await bot.close()
