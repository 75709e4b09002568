"""Eitaa without the bot: its profile, settings, the call file's channel reminders, the
Eitaayar client against the local fake, and the posts' rows on SQLite and PostgreSQL."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.calls import SAMPLE_CALL, Call, CallFileError, CallStatus, parse_call_file
from bot.domain.channels import NewPost, PostKind, PostResult, PostStatus
from bot.domain.messenger import BALE, EITAA, SOROUSH, TELEGRAM, registration_links
from bot.domain.reminders import CHANNELS, ReminderKind, plan
from bot.domain.settings import SettingsError, load_settings
from bot.sending.eitaa import EitaaPolicy, Eitaayar
from storage import Storage
from tests.factories import sample_call
from tests.fake_eitaayar import FAKE_EITAA_TOKEN, FakeEitaayar

TEHRAN = ZoneInfo("Asia/Tehran")
SAMPLE_CALL_TEXT = SAMPLE_CALL.read_text(encoding="utf-8")
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
FAST = EitaaPolicy(interval=0.0, attempts=3, backoff=0.01, timeout=0.3)


def test_each_profile_says_what_its_messenger_has() -> None:
    html = "<b>فراخوان</b> &amp; <a href='https://x.ir'>پیوند</a>"
    assert TELEGRAM.render(html) == (html, "HTML")
    assert BALE.render(html) == ("*فراخوان* & پیوند (https://x.ir)", None)
    # Eitaa posts are plain: no markup is reported to render there, and no buttons exist.
    assert EITAA.render(html) == ("فراخوان & پیوند (https://x.ir)", None)
    assert (TELEGRAM.buttons, BALE.buttons, EITAA.buttons) == (True, True, False)
    assert not EITAA.chat_bot and TELEGRAM.chat_bot and BALE.chat_bot


def test_registration_links_name_every_messenger_or_the_bots_own() -> None:
    links = (("telegram", "https://t.me/farakhan_bot"), ("bale", "https://ble.ir/farakhan_bot"))
    assert registration_links(links, "c1", (TELEGRAM, "x")) == [
        ("telegram", "https://t.me/farakhan_bot?start=c1"),
        ("bale", "https://ble.ir/farakhan_bot?start=c1"),
    ]
    assert registration_links((), "c1", (BALE, "x")) == [("bale", "https://ble.ir/x?start=c1")]
    # No link into the bot is known on Soroush Plus: its @username and the command to send.
    assert registration_links((), "c1", (SOROUSH, "x")) == [("soroush", "@x /start c1")]


def test_eitaa_settings_are_read_and_checked(monkeypatch) -> None:
    monkeypatch.setenv("EITAA_TOKEN", FAKE_EITAA_TOKEN)
    monkeypatch.setenv("EITAA_CHANNELS", " @nasrnews, -1009001 ,")
    monkeypatch.setenv("REGISTRATION_LINKS", "telegram=https://t.me/f_bot/,bale=https://ble.ir/f")
    settings = load_settings(_env_file=None)
    assert settings.eitaa and settings.eitaa_channels == ("@nasrnews", "-1009001")
    assert settings.registration_links == (
        ("telegram", "https://t.me/f_bot"),
        ("bale", "https://ble.ir/f"),
    )
    assert not settings.eitaa_pin and settings.eitaa_api_base_url == "https://eitaayar.ir/api"
    monkeypatch.setenv("EITAA_API_BASE_URL", "")  # as .env.example may leave it
    assert load_settings(_env_file=None).eitaa_api_base_url == "https://eitaayar.ir/api"


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("EITAA_CHANNELS", "nasr news", "Setting EITAA_CHANNELS is invalid: expected"),
        ("REGISTRATION_LINKS", "telegram:t.me/x", "Setting REGISTRATION_LINKS is invalid"),
        ("EITAA_PIN", "perhaps", "Setting EITAA_PIN is invalid"),
        ("EITAA_TOKEN", "a b c d e f g h", "Setting EITAA_TOKEN is invalid"),
    ],
)
def test_a_bad_eitaa_setting_is_named(monkeypatch, name: str, value: str, says: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings(_env_file=None)
    assert str(caught.value).startswith(says) and value not in str(caught.value)


def test_eitaa_channels_without_a_token_are_refused(monkeypatch) -> None:
    monkeypatch.delenv("EITAA_TOKEN", raising=False)
    monkeypatch.setenv("EITAA_CHANNELS", "@nasrnews")
    with pytest.raises(SettingsError, match="EITAA_CHANNELS is set but EITAA_TOKEN is missing"):
        load_settings(_env_file=None)


def test_the_call_file_asks_for_channel_reminders_and_bad_ones_are_named() -> None:
    text = SAMPLE_CALL_TEXT + "\nreminders:\n  channels: [3d, 1d]\n"
    spec = parse_call_file(text, TEHRAN)
    assert spec.reminders.channels == ["3d", "1d"]
    assert spec.reminders.before_deadline == ["3d", "1d", "3h"]  # the people's, unchanged
    with pytest.raises(CallFileError) as caught:
        parse_call_file(SAMPLE_CALL_TEXT + "\nreminders: {channels: [3d, soon]}\n", TEHRAN)
    assert caught.value.problems == [
        "reminders.channels: 'soon' is not an offset like 3d, 1h or 30m"
    ]
    assert sample_call().reminders.channels == []  # none unless asked


def test_channel_reminders_are_planned_before_the_deadline() -> None:
    spec = sample_call().model_copy()
    spec.reminders = spec.reminders.model_copy(update={"channels": ["3d", "1d"]})
    call = Call(1, spec, CallStatus.OPEN, NOW, spec.deadline_at)
    ours = [p for p in plan(call, None, TEHRAN) if p.audience == CHANNELS]
    assert [(p.kind, p.offset_minutes, p.due_at) for p in ours] == [
        (ReminderKind.DEADLINE, 3 * 1440, spec.deadline_at - timedelta(days=3)),
        (ReminderKind.DEADLINE, 1440, spec.deadline_at - timedelta(days=1)),
    ]


async def test_the_client_honours_retry_after_and_never_logs_its_token(caplog) -> None:
    caplog.set_level(logging.DEBUG)
    async with FakeEitaayar() as fake:
        client = Eitaayar(token=FAKE_EITAA_TOKEN, base_url=fake.url, policy=FAST)
        fake.fail("@nasrnews", "429", "timeout")
        assert await client.send_message("@nasrnews", "سلام", pin=True) == PostResult(
            ok=True, attempts=3, message_id="1"
        )
        fake.fail("-1", "500", "500", "500")
        failed = await client.send_message("-1", "سلام")
        await client.close()
    assert failed == PostResult(ok=False, error="HTTP 500", attempts=3)
    assert [(p.channel, p.text, p.pin) for p in fake.posts] == [("nasrnews", "سلام", True)]
    assert "to @nasrnews failed (attempt 1 of 3): HTTP 429" in caplog.text
    assert FAKE_EITAA_TOKEN not in caplog.text


async def test_a_post_row_is_claimed_once_and_a_reminders_post_is_written_once(
    storage: Storage,
) -> None:
    call, _ = await storage.calls.save(sample_call(), NOW)
    announce = NewPost(call.id, "eitaa", "@a", PostKind.ANNOUNCEMENT, "متن", pin=True)
    [first] = await storage.channel_posts.add([announce], NOW)
    assert await storage.channel_posts.claim(first)
    assert not await storage.channel_posts.claim(first)  # a second sender finds it taken
    await storage.channel_posts.finish(first, PostResult(ok=True, attempts=2), NOW)
    assert await storage.channel_posts.pinned(call.id, "eitaa") == ["@a"]

    reminder_id = await storage.db.fetch_value(
        "INSERT INTO reminders (call_id, kind, audience, offset_minutes, due_at, status)"
        " VALUES (?, 'deadline', 'channels', 1440, ?, 'sent') RETURNING id",
        (call.id, "2027-01-04T14:30:00.000000Z"),
    )
    reminder = NewPost(call.id, "eitaa", "@a", PostKind.REMINDER, "⏳", reminder_id=reminder_id)
    assert len(await storage.channel_posts.add([reminder, reminder], NOW)) == 1
    [pending] = await storage.channel_posts.pending()
    assert await storage.channel_posts.claim(pending)
    assert await storage.channel_posts.recover_interrupted() == 1  # cut off: never again
    posts = await storage.channel_posts.for_call(call.id)
    assert [(p.kind, p.status, p.attempts) for p in posts] == [
        (PostKind.ANNOUNCEMENT, PostStatus.SENT, 2),
        (PostKind.REMINDER, PostStatus.UNKNOWN, 0),
    ]
