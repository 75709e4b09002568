"""What the emulator refuses, as Telegram does: bad markup, limits, faults, rate limits."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import Application

from emulator import Emulator, EmulatorClient, EmulatorServer

USER = 1001


async def test_html_is_stored_as_plain_text(app: Application, emu: Emulator) -> None:
    emu.send_message(USER, "hi")
    message = await app.bot.send_message(
        USER,
        "<b>bold</b> &amp; <a href='https://example.org'>link</a> &#x1F600;",
        parse_mode="HTML",
    )
    assert message.text == "bold & link 😀"
    assert [e.type for e in message.entities] == ["bold", "text_link"]
    stored = emu.messages(USER)[-1]
    assert stored["text"] == "bold & link 😀"
    assert stored["html"].startswith("<b>bold</b>")
    assert message.text_html.startswith("<b>bold</b> &amp; <a href")


@pytest.mark.parametrize(
    "text", ["<foo>x</foo>", "<b>unclosed", "a < b", "Q&A", "<b>x</i>", "<span>s</span>"]
)
async def test_invalid_html_is_rejected(app: Application, emu: Emulator, text: str) -> None:
    emu.send_message(USER, "hi")
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await app.bot.send_message(USER, text, parse_mode="HTML")
    assert emu.calls("sendMessage")[-1].status == 400


async def test_text_and_keyboard_limits(app: Application, emu: Emulator) -> None:
    emu.send_message(USER, "hi")
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await app.bot.send_message(USER, "<b></b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await app.bot.send_message(USER, "x" * 4097)
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("a", callback_data="é" * 33)]])
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await app.bot.send_message(USER, "x", reply_markup=too_long)
    bad_url = InlineKeyboardMarkup([[InlineKeyboardButton("a", url="ftp://example.org")]])
    with pytest.raises(BadRequest, match=r"(?i)button_url_invalid"):
        await app.bot.send_message(USER, "x", reply_markup=bad_url)
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await app.bot.send_message(424242, "x")


async def test_edit_and_delete_errors(app: Application, emu: Emulator) -> None:
    emu.send_message(USER, "hi")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("a", callback_data="a")]])
    message = await app.bot.send_message(USER, "one", reply_markup=keyboard)
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await app.bot.edit_message_text("one", USER, message.message_id, reply_markup=keyboard)
    edited = await app.bot.edit_message_text("two", USER, message.message_id)
    assert isinstance(edited, type(message)) and edited.reply_markup is None
    assert emu.messages(USER)[-1]["edited"] is True
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await app.bot.edit_message_text("x", USER, 999)
    assert await app.bot.delete_message(USER, message.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await app.bot.delete_message(USER, message.message_id)


async def test_faults_map_to_ptb_errors(
    app: Application, emu: Emulator, client: EmulatorClient
) -> None:
    emu.send_message(USER, "hi")
    await client.add_fault(method="sendMessage", status=429, retry_after=3)
    with pytest.raises(RetryAfter) as retry:
        await app.bot.send_message(USER, "x")
    assert "retry in 3 seconds" in str(retry.value).lower()
    emu.add_fault(method="sendMessage", chat_id=USER, status=500)
    with pytest.raises(NetworkError) as server_error:
        await app.bot.send_message(USER, "x")
    assert type(server_error.value) is NetworkError
    emu.add_fault(method="sendMessage", status=0)
    with pytest.raises(NetworkError):
        await app.bot.send_message(USER, "x")
    emu.add_fault(method="sendMessage", status=200, delay=0.2)
    started = asyncio.get_running_loop().time()
    await app.bot.send_message(USER, "slow but fine")
    assert asyncio.get_running_loop().time() - started >= 0.2
    await client.block(USER)
    with pytest.raises(Forbidden, match=r"(?i)blocked"):
        await app.bot.send_message(USER, "x")
    assert emu.stats["too_many_requests"] == 1


async def test_rate_limits(app: Application, emu: Emulator, client: EmulatorClient) -> None:
    emu.send_message(USER, "hi")
    await client.set_rate_limits(per_chat_per_second=2)
    await app.bot.send_message(USER, "1")
    await app.bot.send_message(USER, "2")
    with pytest.raises(RetryAfter):
        await app.bot.send_message(USER, "3")
    state = await client.state()
    assert state["stats"]["too_many_requests"] == 1 and state["stats"]["rate_limited"] == 1


async def test_a_private_chat_may_have_a_short_burst(
    app: Application, emu: Emulator, client: EmulatorClient
) -> None:
    emu.send_message(USER, "hi")
    limits = await client.set_rate_limits(per_chat_per_second=1, per_chat_burst=3)
    assert limits["per_chat_burst"] == 3
    for text in ("the answer, edited", "the next question", "its hint"):  # within milliseconds
        await app.bot.send_message(USER, text)
    with pytest.raises(RetryAfter):
        await app.bot.send_message(USER, "a fourth at once")


async def test_curl_style_params_and_unknown_method(server: EmulatorServer, emu: Emulator) -> None:
    emu.send_message(USER, "hi")
    markup = {"inline_keyboard": [[{"text": "go", "callback_data": "go"}]]}
    async with httpx.AsyncClient(base_url=server.api_base_url + "123:TEST") as http:
        as_json = await http.post(
            "/sendMessage", json={"chat_id": USER, "text": "json", "reply_markup": markup}
        )
        as_query = await http.get("/sendMessage", params={"chat_id": str(USER), "text": "123"})
        unknown = await http.post("/noSuchMethod")
    assert as_json.json()["result"]["reply_markup"] == markup
    assert as_query.json()["result"]["text"] == "123"
    assert unknown.status_code == 404
    assert unknown.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    assert emu.calls("sendMessage")[1].params["chat_id"] == USER
