"""A terminal chat client: talk to the bot through the emulator as one Telegram user."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading

import httpx

from emulator.client import ChatMessage, ChatSnapshot, EmulatorClient, EmulatorClientError
from emulator.models import JsonDict

logger = logging.getLogger(__name__)
HELP = """Commands:
  any text        send it as a message (Persian works)
  #N              press inline button N of the latest bot message with an inline keyboard
  #kN             press reply-keyboard button N (a contact button shares your contact)
  #c              share your own contact (asks for the phone number)
  !sticker !photo !voice !location !document   send that kind of media
  !help           show this help
  Ctrl-D / Ctrl-C quit"""
MEDIA_COMMANDS = ("!sticker", "!photo", "!voice", "!location", "!document")


def _read_lines(loop: asyncio.AbstractEventLoop, queue: asyncio.Queue[str | None]) -> None:
    """Read stdin lines in a daemon thread and hand them to the event loop (None at EOF)."""
    while True:
        try:
            line = input()
        except (EOFError, KeyboardInterrupt):
            loop.call_soon_threadsafe(queue.put_nowait, None)
            return
        loop.call_soon_threadsafe(queue.put_nowait, line)


def _signature(message: ChatMessage) -> tuple[object, ...]:
    """Return what identifies a visible change of a message."""
    return (message.text, message.reply_markup, message.edited, message.deleted, message.document)


class TerminalChat:
    """Shows the bot's messages as they arrive and sends what the user types."""

    def __init__(
        self, client: EmulatorClient, user_id: int, first_name: str, language_code: str | None
    ) -> None:
        self.client = client
        self.user_id = user_id
        self.first_name = first_name
        self.language_code = language_code
        self.version = 0
        self.seen: dict[int, tuple[object, ...]] = {}
        self.inline_message: ChatMessage | None = None
        self.keyboard: list[JsonDict] = []
        self.lines: asyncio.Queue[str | None] = asyncio.Queue()

    async def run(self) -> None:
        """Run the chat until the user quits."""
        loop = asyncio.get_running_loop()
        threading.Thread(target=_read_lines, args=(loop, self.lines), daemon=True).start()
        print(f"Chatting as {self.first_name} (user {self.user_id}). Type !help for help.")
        poller = asyncio.create_task(self._poll())
        try:
            while (line := await self.lines.get()) is not None:
                try:
                    await self._handle(line.strip())
                except EmulatorClientError as exc:
                    print(f"! {exc.message}")
                except httpx.HTTPError as exc:
                    print(f"! cannot reach the emulator: {exc!r}")
        finally:
            poller.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await poller

    async def _poll(self) -> None:
        """Long-poll the chat and print new messages, edits and deletions."""
        while True:
            try:
                snapshot = await self.client.messages(self.user_id, since=self.version, timeout=25)
            except httpx.HTTPError:
                print("! connection to the emulator lost, retrying...")
                await asyncio.sleep(2)
                continue
            self.version = snapshot.version
            self._show(snapshot)

    def _show(self, snapshot: ChatSnapshot) -> None:
        """Print what changed since the last snapshot and refresh the keyboards."""
        for message in snapshot.messages:
            signature = _signature(message)
            previous = self.seen.get(message.message_id)
            self.seen[message.message_id] = signature
            if message.sender != "bot" or previous == signature:
                continue
            if message.deleted:
                if previous is not None:
                    print(f"✗ (bot deleted message {message.message_id})")
                continue
            self._print_message(message, edited=previous is not None)
        bot_messages = snapshot.from_bot()
        self.inline_message = next((m for m in reversed(bot_messages) if m.inline_buttons), None)
        for message in reversed(bot_messages):
            markup = message.reply_markup or {}
            if "keyboard" in markup or markup.get("remove_keyboard"):
                self.keyboard = message.keyboard_buttons
                break

    def _print_message(self, message: ChatMessage, edited: bool) -> None:
        """Print one bot message with its buttons and document link."""
        label = "✎ edited" if edited else "🤖"
        print(f"{label} [{message.message_id}] {message.text or ''}")
        if message.document:
            url = f"{self.client.base_url}/_emu/files/{message.document['file_id']}"
            name = message.document.get("file_name")
            print(f"   📄 {name} ({message.document.get('size')} bytes) download: {url}")
        if message.inline_buttons:
            print(
                "   "
                + "  ".join(_button_label(i, b) for i, b in enumerate(message.inline_buttons, 1))
            )
        keyboard = message.keyboard_buttons
        if keyboard:
            print(
                "   keyboard: "
                + "  ".join(
                    f"[k{i}] {b['text']}{' 📱' if b.get('request_contact') else ''}"
                    for i, b in enumerate(keyboard, 1)
                )
            )
        if (message.reply_markup or {}).get("remove_keyboard"):
            print("   (keyboard removed)")

    async def _handle(self, line: str) -> None:
        """Act on one typed line."""
        if not line:
            return
        if line == "!help":
            print(HELP)
        elif line in MEDIA_COMMANDS:
            await self.client.send_media(self.user_id, line[1:])
        elif line == "#c":
            await self._share_contact()
        elif line.startswith("#k") and line[2:].isdigit():
            await self._press_keyboard(int(line[2:]))
        elif line.startswith("#") and line[1:].isdigit():
            await self._press_inline(int(line[1:]))
        else:
            await self._send_text(line)

    async def _send_text(self, text: str) -> None:
        """Send a text message with the user's profile."""
        profile = {"first_name": self.first_name}
        if self.language_code:
            profile["language_code"] = self.language_code
        await self.client.send_message(self.user_id, text, **profile)

    async def _share_contact(self) -> None:
        """Ask for a phone number and share the user's own contact."""
        print("Phone number (e.g. +989121234567): ", end="", flush=True)
        phone = await self.lines.get()
        if phone and phone.strip():
            await self.client.send_contact(self.user_id, phone.strip(), first_name=self.first_name)

    async def _press_keyboard(self, number: int) -> None:
        """Press a reply-keyboard button: send its text, or share the contact."""
        if not 1 <= number <= len(self.keyboard):
            print("! no such keyboard button")
            return
        button = self.keyboard[number - 1]
        if button.get("request_contact"):
            await self._share_contact()
        else:
            await self._send_text(str(button["text"]))

    async def _press_inline(self, number: int) -> None:
        """Press inline button N of the latest message with an inline keyboard."""
        message = self.inline_message
        if message is None or not 1 <= number <= len(message.inline_buttons):
            print("! no such inline button")
            return
        button = message.inline_buttons[number - 1]
        if "callback_data" not in button:
            print(f"   (link button: {button.get('url', 'not a callback button')})")
            return
        sent = await self.client.press(self.user_id, message.message_id, button=button["text"])
        if sent.callback_query_id:
            asyncio.get_running_loop().create_task(self._show_answer(sent.callback_query_id))

    async def _show_answer(self, query_id: str) -> None:
        """Print the bot's callback answer (a toast or alert) once it arrives."""
        for _ in range(50):
            answer = await self.client.callback_answer(query_id)
            if answer is not None:
                if answer.get("text"):
                    kind = "alert" if answer.get("show_alert") else "toast"
                    print(f"   ({kind}: {answer['text']})")
                return
            await asyncio.sleep(0.2)


def _button_label(number: int, button: JsonDict) -> str:
    """Return an inline button as "[N] text" (with its URL for link buttons)."""
    suffix = f" → {button['url']}" if "url" in button else ""
    return f"[{number}] {button.get('text', '')}{suffix}"


async def run_chat(url: str, user_id: int, name: str, language_code: str | None) -> None:
    """Connect to an emulator and chat as one user until Ctrl-D."""
    async with EmulatorClient(url) as client:
        await TerminalChat(client, user_id, name, language_code).run()
