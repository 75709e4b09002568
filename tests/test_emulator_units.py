"""Unit tests of the emulator's parts: HTML parsing, keyboards, params, faults, queue, chat CLI."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from emulator import Emulator, EmulatorClient, EmulatorServer
from emulator.__main__ import build_parser
from emulator.chat_cli import TerminalChat
from emulator.faults import Fault, FaultBook, RateLimiter
from emulator.keyboards import validate_reply_markup
from emulator.markup import HtmlParseError, parse_html
from emulator.models import ApiError, RateLimited, UserError
from emulator.params import decode_params


def test_html_entities_use_utf16_offsets() -> None:
    text, entities = parse_html("😀 <b>سلام <i>دنیا</i></b> &lt;ok&gt; &#65;&#x42;")
    assert text == "😀 سلام دنیا <ok> AB"
    assert entities == [
        {"type": "bold", "offset": 3, "length": 9},
        {"type": "italic", "offset": 8, "length": 4},
    ]


def test_html_special_tags() -> None:
    source = (
        '<pre><code class="language-python">x = 1</code></pre>'
        "<blockquote expandable>q</blockquote><tg-spoiler>s</tg-spoiler>"
        '<span class="tg-spoiler">t</span><tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>'
        '<a href="https://e.org/?a=1&amp;b=2">l</a><s>d</s><u>u</u><code>c</code>'
    )
    text, entities = parse_html(source)
    assert text == "x = 1qst👍lduc"
    types = [e["type"] for e in entities]
    assert types == [
        "pre",
        "expandable_blockquote",
        "spoiler",
        "spoiler",
        "custom_emoji",
        "text_link",
        "strikethrough",
        "underline",
        "code",
    ]
    assert entities[0]["language"] == "python"
    assert entities[5]["url"] == "https://e.org/?a=1&b=2"


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        ("<foo>x</foo>", 'Unsupported start tag "foo"'),
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'expected "</b>", found "</i>"'),
        ("x</b>", "Unexpected end tag"),
        ("a < b", 'Unsupported start tag ""'),
        ("Q&A", "Unsupported HTML entity"),
        ("&nbsp;", "Unsupported HTML entity"),
        ("<span>x</span>", 'must have class "tg-spoiler"'),
        ("<b", "Unclosed start tag"),
    ],
)
def test_html_errors(source: str, fragment: str) -> None:
    with pytest.raises(HtmlParseError) as info:
        parse_html(source)
    assert fragment in str(info.value)


def test_reply_markup_validation() -> None:
    keyboard = {"keyboard": [[{"text": "📱", "request_contact": True}], ["cancel"]]}
    assert validate_reply_markup(keyboard) == keyboard
    assert validate_reply_markup({"remove_keyboard": True}) == {"remove_keyboard": True}
    assert validate_reply_markup({"force_reply": True}) is not None
    assert validate_reply_markup(None) is None
    ok = {
        "inline_keyboard": [
            [
                {"text": "a", "callback_data": "x" * 64},
                {"text": "t", "url": "tg://resolve?domain=x"},
            ]
        ]
    }
    assert validate_reply_markup(ok) == ok
    bad = [
        ({"inline_keyboard": [[{"text": "a", "callback_data": "x" * 65}]]}, "BUTTON_DATA_INVALID"),
        ({"inline_keyboard": [[{"text": "a", "callback_data": ""}]]}, "BUTTON_DATA_INVALID"),
        ({"inline_keyboard": [[{"text": "a", "url": "javascript:x"}]]}, "BUTTON_URL_INVALID"),
        ({"inline_keyboard": [[{"text": "a"}]]}, "Text buttons are unallowed"),
        (
            {"inline_keyboard": [[{"text": "a", "url": "https://e.org", "callback_data": "x"}]]},
            "exactly one",
        ),
        ({"inline_keyboard": {"text": "a"}}, "can't parse"),
        ({"something": 1}, "can't parse"),
    ]
    for markup, fragment in bad:
        with pytest.raises(ApiError) as info:
            validate_reply_markup(markup)
        assert info.value.status == 400 and fragment in info.value.description
    with pytest.raises(ApiError, match="inline keyboard expected"):
        validate_reply_markup(keyboard, inline_only=True)


def test_decode_params() -> None:
    params = decode_params(
        {
            "chat_id": "123",
            "text": "123",
            "reply_markup": '{"remove_keyboard": true}',
            "show_alert": "true",
            "parse_mode": "HTML",
            "message_id": 7,
        },
        {"chat_id": "@channel"},
    )
    assert params == {
        "chat_id": "@channel",
        "text": "123",
        "reply_markup": {"remove_keyboard": True},
        "show_alert": True,
        "parse_mode": "HTML",
        "message_id": 7,
    }


def test_fault_book_and_rate_limiter() -> None:
    book = FaultBook()
    book.add(Fault(method="sendMessage", chat_id=5, status=502, times=2))
    book.add(Fault(status=503, times=-1))
    assert book.take("getMe", {}).status == 503  # type: ignore[union-attr]
    assert book.take("sendMessage", {"chat_id": 5}).status == 502  # type: ignore[union-attr]
    assert book.take("sendMessage", {"chat_id": 5}).status == 502  # type: ignore[union-attr]
    assert book.take("sendMessage", {"chat_id": 5}).status == 503  # type: ignore[union-attr]
    limiter = RateLimiter()
    assert limiter.check("sendMessage", {"chat_id": 1}) is None
    limiter.configure(global_per_second=2, per_chat_per_second=None)
    assert limiter.check("sendMessage", {"chat_id": 1}) is None
    assert limiter.check("getMe", {}) is None
    assert limiter.check("editMessageText", {"chat_id": 2}) is None
    error = limiter.check("sendDocument", {"chat_id": 3})
    assert error is not None and error.status == 429 and error.retry_after == 1
    assert error.limit == RateLimited.BOT  # the bot's limit, whichever chat it was sent to


def test_a_private_chat_bursts_then_earns_one_message_a_second(monkeypatch) -> None:
    now = [100.0]
    monkeypatch.setattr("emulator.faults.time.monotonic", lambda: now[0])
    limiter = RateLimiter()
    limiter.configure(30, per_chat_per_second=1, per_chat_burst=3)

    def send(chat: int = 7) -> int:
        error = limiter.check("editMessageText", {"chat_id": chat})
        return 200 if error is None else error.status

    assert [send(), send(), send(), send()] == [200, 200, 200, 429]  # three at once, no more
    refused = limiter.check("sendMessage", {"chat_id": 7})
    assert refused is not None and refused.limit == RateLimited.CHAT  # the chat's own
    assert send(8) == 200  # another chat has its own burst
    now[0] += 1.0
    assert [send(), send()] == [200, 429]  # one earned back a second later
    now[0] += 60.0
    assert [send(), send(), send(), send()] == [200, 200, 200, 429]  # never more than three
    limiter.configure(30, per_chat_per_second=1)  # without a burst: one in any second
    assert [send(), send()] == [200, 429]
    limiter.configure(2, per_chat_per_second=1, per_chat_burst=3)  # the global limit still holds
    assert [send(1), send(2), send(3)] == [200, 200, 429]


async def test_in_process_queue_and_errors() -> None:
    emu = Emulator(bot_username="test_bot")
    poll = asyncio.create_task(emu.get_updates(None, 100, 5))
    await asyncio.sleep(0.01)
    emu.send_message(5, "/start payload")
    updates = await asyncio.wait_for(poll, 1)
    assert updates[0]["message"]["entities"][0] == {
        "type": "bot_command",
        "offset": 0,
        "length": 6,
    }
    answer = await emu.call_api(
        "sendMessage",
        {
            "chat_id": 5,
            "text": "x",
            "reply_markup": {"inline_keyboard": [[{"text": "u", "url": "https://e.org"}]]},
        },
    )
    assert answer.status == 200
    with pytest.raises(UserError) as info:
        emu.press(5, 2, button="u")
    assert info.value.status == 400
    with pytest.raises(UserError):
        emu.edit_user_message(5, 2, "not mine")
    poll = asyncio.create_task(emu.get_updates(updates[-1]["update_id"] + 1, 100, 5))
    await asyncio.sleep(0.01)
    emu.reset()
    assert await asyncio.wait_for(poll, 1) == []
    emu.block(9, notify=True)
    assert (await emu.call_api("sendMessage", {"chat_id": 9, "text": "x"})).status == 403
    update = (await emu.get_updates(None, 100, 0))[0]
    assert update["my_chat_member"]["new_chat_member"]["status"] == "kicked"
    await emu.close()


@pytest.fixture
async def served() -> AsyncIterator[tuple[EmulatorServer, EmulatorClient]]:
    """A running server and a user-side client."""
    async with EmulatorServer() as server, EmulatorClient(server.url) as client:
        yield server, client


async def test_terminal_chat_shows_and_presses(
    served: tuple[EmulatorServer, EmulatorClient], capsys: pytest.CaptureFixture[str]
) -> None:
    server, client = served
    emu = server.emulator
    emu.send_message(1001, "hi")
    inline = {
        "inline_keyboard": [
            [{"text": "ثبت‌نام", "callback_data": "reg"}, {"text": "لغو", "callback_data": "no"}]
        ]
    }
    await emu.call_api(
        "sendMessage", {"chat_id": 1001, "text": "خوش آمدید", "reply_markup": inline}
    )
    contact = {"keyboard": [[{"text": "ارسال شماره", "request_contact": True}]]}
    await emu.call_api("sendMessage", {"chat_id": 1001, "text": "شماره؟", "reply_markup": contact})
    chat = TerminalChat(client, 1001, "Sara", "fa")
    chat._show(await client.messages(1001))
    out = capsys.readouterr().out
    assert "[1] ثبت‌نام  [2] لغو" in out and "[k1] ارسال شماره 📱" in out
    await chat._handle("#2")
    chat.lines.put_nowait("+989121234567")
    await chat._handle("#k1")
    await chat._handle("!sticker")
    await chat._handle("سلام")
    updates = await emu.get_updates(None, 100, 0)
    assert updates[1]["callback_query"]["data"] == "no"
    assert updates[2]["message"]["contact"]["phone_number"] == "+989121234567"
    assert "sticker" in updates[3]["message"]
    assert updates[4]["message"]["from"]["language_code"] == "fa"


def test_cli_parser() -> None:
    args = build_parser().parse_args(["chat", "--user", "7", "--name", "Ali"])
    assert (args.command, args.user, args.name, args.lang) == ("chat", 7, "Ali", "fa")
    assert build_parser().parse_args(["serve", "--port", "0"]).port == 0


async def test_as_soroush_the_bots_own_messages_come_back_and_the_unconfirmed_is_refused() -> None:
    emu = Emulator(messenger="soroush")
    emu.send_message(5, "/start")
    keyboard = {"inline_keyboard": [[{"text": "b", "callback_data": "x"}]]}
    sent = await emu.call_api(
        "sendMessage", {"chat_id": 5, "text": "hi", "reply_markup": keyboard}
    )
    assert sent.status == 200
    updates = await emu.get_updates(None, 100, 0)
    echo = updates[-1]["message"]
    assert echo["from"]["is_bot"] and echo["text"] == "hi" and echo["chat"]["id"] == 5
    contact = {"keyboard": [[{"text": "📱", "request_contact": True}]]}
    refused = [
        await emu.call_api("setMyCommands", {"commands": []}),
        await emu.call_api("sendChatAction", {"chat_id": 5, "action": "typing"}),
        await emu.call_api("sendMessage", {"chat_id": 5, "text": "n", "reply_markup": contact}),
        await emu.call_api("editMessageText", {"chat_id": 5, "message_id": 2, "text": "e"}),
    ]
    assert [answer.status for answer in refused] == [404, 404, 400, 400]
    assert emu.refusals == ["setMyCommands", "sendChatAction", "sendMessage", "editMessageText"]
    plain = await emu.call_api("sendMessage", {"chat_id": 5, "text": "plain"})
    edit = {"chat_id": 5, "message_id": plain.body["result"]["message_id"], "text": "edited"}
    assert (await emu.call_api("editMessageText", edit)).status == 200  # no keyboard: edited
    assert Emulator().behaviour.echoes_own_messages is False  # Telegram's own: no echoes


async def test_a_refused_call_is_recorded_with_the_limit_that_refused_it() -> None:
    emulator = Emulator()
    for user in (5, 6, 7):
        emulator.send_message(user, "/start")
    emulator.set_rate_limits(global_per_second=2, per_chat_per_second=1, per_chat_burst=1)
    for chat in (5, 5, 6, 7):
        await emulator.call_api("sendMessage", {"chat_id": chat, "text": "سلام"})
    assert [(c.status, c.limited_by) for c in emulator.api_calls] == [
        (200, None),
        (429, RateLimited.CHAT),  # chat 5's second message within its second
        (200, None),
        (429, RateLimited.BOT),  # the bot's third message within a second, to a new chat
    ]
