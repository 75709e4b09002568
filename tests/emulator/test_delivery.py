"""How the emulator delivers: long polling, webhooks, presses, files, and its user API."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from aiohttp import web
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import Conflict, Forbidden
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from emulator import Emulator, EmulatorClient, EmulatorServer
from emulator.client import ChatSnapshot, EmulatorClientError
from emulator.webhook import SECRET_HEADER

USER = 1001


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Echo a text with an inline keyboard."""
    assert update.message is not None
    keyboard = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("ثبت‌نام", callback_data="reg")],
            [InlineKeyboardButton("لغو", callback_data="no")],
        ]
    )
    await update.message.reply_text(
        f"<b>echo:</b> {update.message.text}", parse_mode=ParseMode.HTML, reply_markup=keyboard
    )


async def on_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a callback and write the received data into the chat."""
    query = update.callback_query
    assert query is not None
    await query.answer(f"got {query.data}", show_alert=query.data == "no")
    assert query.message is not None
    await context.bot.send_message(query.message.chat.id, f"pressed {query.data}")


@pytest.fixture
async def polling_app(app: Application) -> AsyncIterator[Application]:
    """The Application polling the emulator with the echo and callback handlers."""
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.add_handler(CallbackQueryHandler(on_press))
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=1)
    await app.start()
    yield app
    await app.updater.stop()
    await app.stop()


async def bot_messages(
    client: EmulatorClient, chat_id: int, count: int, wait: float = 5.0
) -> ChatSnapshot:
    """Wait until a chat holds at least count bot messages; return the snapshot."""
    deadline = asyncio.get_running_loop().time() + wait
    snapshot = await client.messages(chat_id)
    while len(snapshot.from_bot()) < count:
        remaining = deadline - asyncio.get_running_loop().time()
        assert remaining > 0, f"expected {count} bot messages, got {snapshot.messages}"
        snapshot = await client.messages(chat_id, since=snapshot.version, timeout=remaining)
    return snapshot


async def test_get_me(app: Application, emu: Emulator) -> None:
    assert app.bot.username == "farakhan_bot"
    assert app.bot.id == 7000000001
    assert emu.calls("getMe")[0].status == 200


async def test_echo_through_long_polling(
    polling_app: Application, client: EmulatorClient, emu: Emulator
) -> None:
    sent = await client.send_message(USER, "سلام", first_name="Sara", language_code="fa")
    assert sent.message_id == 1
    snapshot = await bot_messages(client, USER, 1)
    reply = snapshot.from_bot()[0]
    assert reply.text == "echo: سلام"
    assert reply.html == "<b>echo:</b> سلام"
    assert reply.parse_mode == "HTML"
    assert [b["text"] for b in reply.inline_buttons] == ["ثبت‌نام", "لغو"]
    assert await client.wait_confirmed(2.0)
    emu.reset()  # a bot that keeps polling across a reset still gets new updates
    await client.send_message(USER, "again")
    assert (await bot_messages(client, USER, 1)).from_bot()[0].text == "echo: again"


async def test_press_by_text_and_forged_data(
    polling_app: Application, client: EmulatorClient, emu: Emulator
) -> None:
    await client.send_message(USER, "hi")
    reply = (await bot_messages(client, USER, 1)).from_bot()[0]
    pressed = await client.press(USER, reply.message_id, button="لغو")
    snapshot = await bot_messages(client, USER, 2)
    assert snapshot.from_bot()[1].text == "pressed no"
    assert pressed.callback_query_id is not None
    answer = await client.callback_answer(pressed.callback_query_id)
    assert answer == {"text": "got no", "show_alert": True, "url": None, "cache_time": None}
    await client.press(USER, reply.message_id, data="forged:" + "x" * 100)
    snapshot = await bot_messages(client, USER, 3)
    assert snapshot.from_bot()[2].text.startswith("pressed forged:")
    with pytest.raises(EmulatorClientError) as info:
        await client.press(USER, reply.message_id, button="no such button")
    assert info.value.status == 404


async def test_send_document_and_download(
    app: Application, emu: Emulator, client: EmulatorClient
) -> None:
    emu.send_message(USER, "hi")
    data = "name,phone\nسارا,0912\n".encode()
    message = await app.bot.send_document(
        USER, document=data, filename="list.csv", caption="<i>export</i>", parse_mode="HTML"
    )
    assert message.document is not None and message.document.file_name == "list.csv"
    assert message.caption == "export"
    view = (await client.messages(USER)).from_bot()[-1]
    assert view.document is not None and view.document["size"] == len(data)
    assert await client.download_file(message.document.file_id) == data
    again = await app.bot.send_document(USER, document=message.document.file_id)
    assert again.document is not None and again.document.file_id == message.document.file_id


async def test_user_document_via_get_file(app: Application, client: EmulatorClient) -> None:
    await client.send_document(USER, "in.txt", b"hello file", mime_type="text/plain")
    updates = await app.bot.get_updates(timeout=0)
    document = updates[0].message.document
    assert document is not None and document.file_name == "in.txt"
    file = await app.bot.get_file(document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"hello file"


async def test_webhook_delivery(app: Application, emu: Emulator, client: EmulatorClient) -> None:
    received: list[tuple[dict, str | None]] = []
    answers = [500]

    async def hook(request: web.Request) -> web.Response:
        if answers:
            return web.Response(status=answers.pop())
        received.append((await request.json(), request.headers.get(SECRET_HEADER)))
        return web.Response()

    receiver = web.Application()
    receiver.router.add_post("/hook", hook)
    runner = web.AppRunner(receiver)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        emu.webhook_retry_delays = (0.01,)
        url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
        assert await app.bot.set_webhook(url, secret_token="s3cret-token")
        await client.send_message(USER, "via hook")
        assert await emu.wait_confirmed(3.0)
        assert received[0][0]["message"]["text"] == "via hook"
        assert received[0][1] == "s3cret-token"
        info = await app.bot.get_webhook_info()
        assert info.url == url and info.pending_update_count == 0
        assert info.last_error_message is not None
        with pytest.raises(Conflict):
            await app.bot.get_updates()
        assert await app.bot.delete_webhook()
    finally:
        await runner.cleanup()


async def test_wait_confirmed_and_offsets(app: Application, emu: Emulator) -> None:
    first = emu.send_message(USER, "one")
    emu.send_message(USER, "two")
    assert emu.pending_updates() == 2
    assert not await emu.wait_confirmed(0.05)
    updates = await app.bot.get_updates(timeout=0)
    assert [u.update_id for u in updates] == [first["update_id"], first["update_id"] + 1]
    assert emu.pending_updates() == 2
    await app.bot.get_updates(offset=updates[-1].update_id + 1, timeout=0)
    assert emu.pending_updates() == 0
    assert await emu.wait_confirmed(0.05)


async def test_second_poll_releases_first(server: EmulatorServer) -> None:
    async with httpx.AsyncClient(base_url=server.api_base_url + "123:TEST") as http:
        first = asyncio.create_task(http.post("/getUpdates", data={"timeout": "10"}))
        await asyncio.sleep(0.1)
        second = await http.post("/getUpdates", json={"timeout": 0})
        released = await asyncio.wait_for(first, 2.0)
    assert released.json() == {"ok": True, "result": []}
    assert second.json() == {"ok": True, "result": []}


async def test_group_chat_and_command_entity(app: Application, client: EmulatorClient) -> None:
    group = -1001234567890
    await client.send_message(
        USER, "/start@farakhan_bot", chat_id=group, chat_type="supergroup", chat_title="Team"
    )
    update = (await app.bot.get_updates(timeout=0))[0]
    assert update.effective_chat is not None and update.effective_chat.type == "supergroup"
    assert update.effective_chat.title == "Team"
    assert update.message is not None and update.message.entities[0].type == "bot_command"
    await app.bot.send_message(group, "hello group")
    snapshot = await client.messages(group)
    assert [m.sender for m in snapshot.messages] == ["user", "bot"]
    with pytest.raises(Forbidden, match=r"(?i)can't initiate conversation"):
        await app.bot.send_message(USER, "private hello")


async def test_contact_media_edit_and_raw_updates(
    app: Application, client: EmulatorClient, emu: Emulator
) -> None:
    await client.send_contact(USER, "+989121234567")
    await client.send_contact(USER, "+989350000000", contact_user_id=None, first_name="Ali")
    for kind in ("sticker", "photo", "voice", "location", "document"):
        await client.send_media(USER, kind)
    sent = await client.send_message(USER, "typo")
    await client.edit_message(USER, sent.message_id or 0, "fixed")
    await client.enqueue_raw({"some_future_update": {"weird": True}})
    updates = await app.bot.get_updates(timeout=0)
    assert updates[0].message.contact.user_id == USER
    assert updates[1].message.contact.user_id is None
    assert updates[2].message.sticker.type == "regular"
    assert len(updates[3].message.photo) == 3
    assert updates[4].message.voice.mime_type == "audio/ogg"
    assert updates[5].message.location is not None
    assert updates[6].message.document is not None
    assert updates[8].edited_message.text == "fixed"
    assert len(updates) == 10
    assert len(await client.calls("getUpdates")) == 1


async def test_commands_messages_long_poll_and_reset(
    app: Application, client: EmulatorClient, emu: Emulator
) -> None:
    from telegram import BotCommand, BotCommandScopeAllPrivateChats

    scope = BotCommandScopeAllPrivateChats()
    await app.bot.set_my_commands([BotCommand("start", "شروع")], scope=scope, language_code="fa")
    assert (await app.bot.get_my_commands(scope=scope, language_code="fa"))[0].command == "start"
    assert await app.bot.get_my_commands() == ()
    await client.send_message(USER, "hi")
    version = (await client.messages(USER)).version

    async def later() -> None:
        await asyncio.sleep(0.1)
        await app.bot.send_message(USER, "late")

    task = asyncio.create_task(later())
    snapshot = await client.messages(USER, since=version, timeout=3)
    await task
    assert snapshot.version > version and snapshot.messages[-1].text == "late"
    await client.reset()
    assert emu.pending_updates() == 0 and emu.api_calls == [] and emu.messages(USER) == []
