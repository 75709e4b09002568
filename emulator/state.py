"""The emulator's in-memory state: users, chats, updates queue, files, calls, faults, limits."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from emulator import botapi
from emulator.actions import UserActionsMixin
from emulator.controls import ControlsMixin
from emulator.faults import DROP_CONNECTION, MALFORMED, FaultBook, RateLimiter
from emulator.messengers import BEHAVIOURS
from emulator.models import (
    BOT_FIRST_NAME,
    BOT_ID,
    DEFAULT_BOT_USERNAME,
    ApiCall,
    ApiError,
    CallbackRecord,
    ChatRecord,
    FileRecord,
    JsonDict,
    Signal,
    StoredMessage,
    UserRecord,
    WebhookConfig,
    bad_request,
)
from emulator.params import UploadedFile
from emulator.updates import UpdateQueueMixin
from emulator.webhook import WebhookDelivery

logger = logging.getLogger(__name__)


@dataclass
class ApiAnswer:
    """The emulator's answer to one Bot API call (body None means: drop the connection)."""

    status: int
    body: JsonDict | None = field(default=None)


class Emulator(UserActionsMixin, UpdateQueueMixin, ControlsMixin):
    """A stand-in for Telegram's Bot API serving one bot; asyncio-based, without HTTP."""

    def __init__(
        self, bot_username: str = DEFAULT_BOT_USERNAME, messenger: str = "telegram"
    ) -> None:
        self.bot_username = bot_username
        self.behaviour = BEHAVIOURS[messenger]  # a clone's quirks (emulator/messengers.py)
        self.webhook_timeout = 10.0
        self.webhook_retry_delays: tuple[float, ...] = (0.05, 0.1, 0.2, 0.5, 1.0)
        self._signal = Signal()
        self._delivery = WebhookDelivery(self)
        self._closed = False
        # Never reset: a bot that survives reset() must not see old update ids again.
        self._next_update_id = 1
        self._counter = 0
        self._poll_generation = 0
        self._init_state()

    def _init_state(self) -> None:
        """Set every piece of state to empty."""
        self.users: dict[int, UserRecord] = {}
        self.chats: dict[int | str, ChatRecord] = {}
        self.files: dict[str, FileRecord] = {}
        self.photo_sizes: dict[str, list[JsonDict]] = {}  # a sent photo's sizes, by file_id
        self.callbacks: dict[str, CallbackRecord] = {}
        self.api_calls: list[ApiCall] = []
        self.blocked: set[int] = set()
        self.commands: dict[str, list[JsonDict]] = {}
        self.faults = FaultBook()
        self.limits = RateLimiter()
        self.webhook: WebhookConfig | None = None
        self._queue: list[JsonDict] = []
        self._allowed_updates: set[str] | None = None
        self._calls_by_method: Counter[str] = Counter()
        self._too_many_requests = 0
        self._rate_limited = 0
        self.refusals: list[str] = []  # methods the messenger's quirks refused (messengers.py)

    # ----- identities and chats -------------------------------------------------------------

    def bot_user(self) -> JsonDict:
        """Return the bot's User object."""
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": BOT_FIRST_NAME,
            "username": self.bot_username,
        }

    def next_id(self) -> int:
        """Return a fresh number for file and callback ids."""
        self._counter += 1
        return self._counter

    def ensure_user(
        self,
        user_id: int,
        first_name: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> UserRecord:
        """Return the user (creating it and its private chat); given fields update it."""
        user = self.users.get(user_id)
        if user is None:
            user = UserRecord(id=user_id, first_name=first_name or f"User {user_id}")
            self.users[user_id] = user
            self.chats[user_id] = ChatRecord(id=user_id, type="private", user=user)
        elif first_name:
            user.first_name = first_name
        for key, value in (
            ("last_name", last_name),
            ("username", username),
            ("language_code", language_code),
        ):
            if value is not None:
                setattr(user, key, value)
        return user

    def ensure_group(
        self, chat_id: int, chat_type: str | None = None, title: str | None = None
    ) -> ChatRecord:
        """Return the group chat with this id, creating it when new."""
        chat = self.chats.get(chat_id)
        if chat is None:
            chat = ChatRecord(id=chat_id, type=chat_type or "group", title=title)
            self.chats[chat_id] = chat
        else:
            chat.type = chat_type or chat.type
            chat.title = title or chat.title
        return chat

    def chat_for_bot(self, chat_id: Any) -> ChatRecord:
        """Return the chat a bot call addresses, or raise chat-not-found / blocked errors."""
        if chat_id is None or chat_id == "":
            raise bad_request("chat_id is empty")
        chat = self.chats.get(chat_id)
        if chat is None:
            raise bad_request("chat not found")
        if chat.type == "private" and chat.id in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if chat.type == "private" and not chat.started:
            raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        return chat

    def touch(self, chat: ChatRecord) -> None:
        """Bump a chat's version after a change and wake waiters."""
        chat.version += 1
        self._signal.fire()

    def add_message(self, chat: ChatRecord, message: StoredMessage) -> StoredMessage:
        """Store a new message in its chat."""
        chat.messages[message.message_id] = message
        self.touch(chat)
        return message

    def messages(self, chat_id: int | str) -> list[JsonDict]:
        """Return the user-side view of every message of a chat, oldest first."""
        chat = self.chats.get(chat_id)
        return [m.to_view() for m in chat.messages.values()] if chat else []

    def wake(self) -> None:
        """Wake every waiter after a change outside the chats (a callback answered)."""
        self._signal.fire()

    async def wait_change(self, timeout: float) -> bool:  # noqa: ASYNC109
        """Wait up to timeout seconds for any change of state; False on timeout."""
        return await self._signal.wait(timeout)

    def chat_version(self, chat_id: int | str) -> int:
        """Return the change counter of a chat (0 for an unknown chat)."""
        chat = self.chats.get(chat_id)
        return chat.version if chat else 0

    async def wait_chat(self, chat_id: int | str, since: int, timeout: float) -> int:  # noqa: ASYNC109
        """Wait up to timeout seconds until the chat's version exceeds since; return it."""
        deadline = time.monotonic() + timeout
        while self.chat_version(chat_id) <= since and not self._closed:
            if not await self._signal.wait(deadline - time.monotonic()):
                break
        return self.chat_version(chat_id)

    def new_file(
        self, data: bytes, file_name: str | None, mime_type: str | None, folder: str
    ) -> FileRecord:
        """Store file bytes and return their record with fresh ids and path."""
        number = self.next_id()
        suffix = ""
        if file_name and "." in file_name:
            suffix = "." + file_name.rsplit(".", 1)[1]
        record = FileRecord(
            file_id=f"BQACAgEAA{number:08d}emu",
            file_unique_id=f"AgAD{number:06d}",
            data=data,
            file_name=file_name,
            mime_type=mime_type,
            file_path=f"{folder}/file_{number}{suffix}",
        )
        self.files[record.file_id] = record
        return record

    def file_by_path(self, file_path: str) -> FileRecord | None:
        """Return the file stored under a getFile path, or None."""
        for record in self.files.values():
            if record.file_path == file_path:
                return record
        return None

    # ----- lifecycle ------------------------------------------------------------------------

    def reset(self) -> None:
        """Forget everything (users, chats, updates, calls, faults, webhook)."""
        self._delivery.cancel()
        self._poll_generation += 1
        self._init_state()
        self._signal.fire()

    def reopen(self) -> None:
        """Accept waiting requests again after close() (used when a server restarts)."""
        self._closed = False

    async def close(self) -> None:
        """Stop webhook delivery and release every waiting request."""
        self._closed = True
        self._signal.fire()
        await self._delivery.stop()

    def start_webhook_delivery(self) -> None:
        """Start delivering queued updates to the webhook, if not running."""
        self._delivery.ensure_running()

    def stop_webhook_delivery(self) -> None:
        """Stop delivering to the webhook."""
        self._delivery.cancel()

    async def call_api(
        self, method: str, params: JsonDict, files: dict[str, UploadedFile] | None = None
    ) -> ApiAnswer:
        """Run one Bot API call with faults and limits applied; record it."""
        files = files or {}
        record = ApiCall(method, params, 0, time.time(), [f.filename for f in files.values()])
        self.api_calls.append(record)
        self._calls_by_method[method] += 1
        handler = botapi.METHODS.get(method.lower())
        try:
            if handler is None:
                raise ApiError(404, "Not Found")
            refusal = self.behaviour.refusal(method, params, self.chats)
            if refusal is not None:
                self.refusals.append(method)
                raise refusal
            fault = self.faults.take(method, params)
            if fault is not None:
                if fault.delay:
                    await asyncio.sleep(fault.delay)
                if fault.status in (DROP_CONNECTION, MALFORMED):
                    logger.debug("answering %s with fault %s", method, fault.status)
                    return ApiAnswer(fault.status)
                error = fault.error()
                if error is not None:
                    raise error
            limit_error = self.limits.check(method, params)
            if limit_error is not None:
                self._rate_limited += 1
                record.limited_by = limit_error.limit
                raise limit_error
            result = await handler(self, params, files)
        except ApiError as exc:
            record.status = exc.status
            if exc.status == 429:
                self._too_many_requests += 1
            return ApiAnswer(exc.status, exc.envelope())
        record.status = 200
        return ApiAnswer(200, {"ok": True, "result": result})
