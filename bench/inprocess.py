"""A Bot API without a network: PTB's `BaseRequest` answered in-process, and chats to read.

Every application of the interactive benchmark (ours, the bare echo bot, the replay of our
replies) talks to this layer, so the framework's own work (serialising requests, parsing
answers into objects) is measured alike for all. It records what the bot shows in each chat,
so simulated volunteers can read the newest screen and press its real buttons, and the calls
made for each update, so they can be replayed.
"""

from __future__ import annotations

import itertools
import json
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

from telegram import Update
from telegram.ext import Application
from telegram.request import BaseRequest, RequestData

import bot.runtime.app
from bench.harness import TOKEN
from bot.domain.clock import Clock
from bot.domain.settings import load_settings
from bot.runtime.app import build_application

BOT_USER = {"id": 7000000001, "is_bot": True, "first_name": "Farakhan", "username": "bench_bot"}
# Methods whose answer is a Message; the rest answer True.
_MESSAGE_METHODS = {
    "sendMessage", "sendDocument", "sendPhoto", "editMessageText", "editMessageReplyMarkup",
}  # fmt: skip
# Set by whoever feeds an update: the Bot API calls made while handling it, as (method, params).
calls_of_update: ContextVar[list[tuple[str, dict[str, Any]]] | None] = ContextVar(
    "calls_of_update", default=None
)


@dataclass
class ChatScreen:
    """What one private chat shows: the bot's messages by id, and a message counter."""

    user: dict[str, Any]
    messages: dict[int, dict[str, Any]] = field(default_factory=dict)
    next_id: int = 1

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def find_button(self, label: str) -> tuple[dict[str, Any], str]:
        """The newest message with an inline button whose text holds `label`: (message, data)."""
        for message_id in sorted(self.messages, reverse=True):
            message = self.messages[message_id]
            for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
                for button in row:
                    if label in button.get("text", "") and "callback_data" in button:
                        return message, button["callback_data"]
        raise LookupError(f"no button {label!r} in chat {self.user['id']}")

    @property
    def last_text(self) -> str:
        return self.messages[max(self.messages)].get("text", "") if self.messages else ""


class InProcessRequest(BaseRequest):
    """Answers Bot API calls from memory: messages get ids, edits change the stored message."""

    def __init__(self) -> None:
        self.chats: dict[int, ChatScreen] = {}
        self.calls = 0
        self.first_sent: dict[int, float] = {}  # chat -> monotonic time of the bot's first message
        self.sent: Counter[int] = Counter()  # chat -> messages the bot sent there
        self.answered_at: dict[str, float] = {}  # method -> perf_counter() of its last answer
        self._callback_ids = itertools.count(1)

    @property
    def read_timeout(self) -> float | None:
        return 5.0

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    def chat(self, user_id: int) -> ChatScreen:
        if user_id not in self.chats:
            user = {"id": user_id, "is_bot": False, "first_name": "سارا", "language_code": "fa"}
            self.chats[user_id] = ChatScreen(user)
        return self.chats[user_id]

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        self.calls += 1
        api_method = url.rsplit("/", 1)[-1]
        # JSON-encoded like a real HTTP layer would send them: that work is the framework's.
        params = request_data.json_parameters if request_data else {}
        if (calls := calls_of_update.get()) is not None and request_data is not None:
            calls.append((api_method, request_data.parameters))
        result = self._answer(api_method, params)
        self.answered_at[api_method] = time.perf_counter()
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def _answer(self, api_method: str, params: dict[str, str]) -> Any:
        if api_method == "getMe":
            return BOT_USER
        if api_method == "getUpdates":
            return []
        if api_method not in _MESSAGE_METHODS:
            return True
        chat = self.chat(int(params["chat_id"]))
        markup = json.loads(params["reply_markup"]) if "reply_markup" in params else None
        if api_method.startswith("edit"):
            message = chat.messages.setdefault(
                int(params["message_id"]), self._message(chat, int(params["message_id"]), "")
            )
            if "text" in params:
                message["text"] = params["text"]
            message["reply_markup"] = markup
            message["edit_date"] = int(time.time())
            return message
        self.first_sent.setdefault(chat.user["id"], time.monotonic())
        self.sent[chat.user["id"]] += 1
        message = self._message(chat, chat.new_id(), params.get("text", params.get("caption", "")))
        if markup and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        chat.messages[message["message_id"]] = message
        return message

    @staticmethod
    def _message(chat: ChatScreen, message_id: int, text: str) -> dict[str, Any]:
        return {
            "message_id": message_id,
            "from": BOT_USER,
            "chat": {"id": chat.user["id"], "type": "private", "first_name": "سارا"},
            "date": int(time.time()),
            "text": text,
        }

    # Updates, as Telegram would send them.

    def text_update(self, user_id: int, text: str) -> dict[str, Any]:
        chat = self.chat(user_id)
        message: dict[str, Any] = {
            "message_id": chat.new_id(),
            "from": chat.user,
            "chat": {"id": user_id, "type": "private", "first_name": "سارا"},
            "date": int(time.time()),
            "text": text,
        }
        if text.startswith("/"):
            length = len(text.split(" ", 1)[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return {"update_id": 0, "message": message}

    def press_update(self, user_id: int, label: str) -> dict[str, Any]:
        chat = self.chat(user_id)
        message, data = chat.find_button(label)
        return self.callback_update(user_id, message, data)

    def callback_update(self, user_id: int, message: dict[str, Any], data: str) -> dict[str, Any]:
        query = {
            "id": str(next(self._callback_ids)),
            "from": self.chat(user_id).user,
            "chat_instance": str(user_id),
            "message": message,
            "data": data,
        }
        return {"update_id": 0, "callback_query": query}


async def feed(app: Application, update: dict[str, Any]) -> None:
    """Hands one update to the application as its update fetcher would, and waits for it."""
    parsed = Update.de_json(update, app.bot)
    await app.update_processor.process_update(parsed, app.process_update(parsed))


@contextmanager
def in_process(request: InProcessRequest) -> Iterator[None]:
    """While open, the application's Bots (replies and the outbox) send through `request`.

    Without the send budget's limiter: it holds replies to Telegram's ~30 a second, and the
    benchmark measures the bot's own work, which must stay well above that.
    """
    with (
        mock.patch.object(bot.runtime.app, "HTTPXRequest", lambda **_: request),
        mock.patch.object(bot.runtime.app, "BudgetLimiter", lambda *_, **__: None),
        # …and without the tally /metrics wraps around it (it would wrap nothing).
        mock.patch.object(bot.runtime.app, "CountingLimiter", lambda inner: inner),
    ):
        yield


async def started(app: Application) -> None:
    """initialize → post_init → start, without polling (updates are fed directly)."""
    await app.initialize()
    if app.post_init:
        await app.post_init(app)
    await app.start()


async def stopped(app: Application) -> None:
    """stop → post_stop → shutdown → post_shutdown."""
    await app.stop()
    if app.post_stop:
        await app.post_stop(app)
    await app.shutdown()
    if app.post_shutdown:
        await app.post_shutdown(app)


@asynccontextmanager
async def our_bot(
    request: InProcessRequest, database: Path | str, clock: Clock, **settings: str
) -> AsyncIterator[Application]:
    """The real application on `database` (a SQLite file, or a PostgreSQL URL), answered by
    `request`; started, then stopped."""
    config = load_settings(
        _env_file=None,
        BOT_TOKEN=TOKEN,
        # Nothing listens there: every request is answered in-process.
        BOT_API_BASE_URL="http://127.0.0.1:9/bot",
        DATABASE_URL=database if isinstance(database, str) else f"sqlite:///{database}",
        LOG_LEVEL="WARNING",
        **settings,
    )
    with in_process(request):
        app = build_application(config, clock)
        await started(app)
        try:
            yield app
        finally:
            await stopped(app)
