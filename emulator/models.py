"""Plain data records and small helpers shared by the Bot API emulator modules."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

BOT_ID = 7000000001
BOT_FIRST_NAME = "Farakhan"
DEFAULT_BOT_USERNAME = "farakhan_bot"

JsonDict = dict[str, Any]


class ApiError(Exception):
    """A Bot API error answer: HTTP status, Telegram description and optional retry_after."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def envelope(self) -> JsonDict:
        """Return Telegram's JSON error envelope for this error."""
        body: JsonDict = {"ok": False, "error_code": self.status, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


class RateLimited(ApiError):
    """A 429 of the emulator's limits, saying which one refused: the bot's own (`BOT`, every
    chat together), or the chat's (`CHAT`: a private chat's, or a group's)."""

    BOT = "bot"
    CHAT = "chat"

    def __init__(self, wait: int, limit: str) -> None:
        super().__init__(429, f"Too Many Requests: retry after {wait}", retry_after=wait)
        self.limit = limit


def bad_request(detail: str) -> ApiError:
    """Return a 400 error whose description starts with Telegram's "Bad Request: "."""
    return ApiError(400, f"Bad Request: {detail}")


class UserError(Exception):
    """An error of the user-side API (bad input, unknown message or button)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Signal:
    """A broadcast wake-up: every waiter wakes on the next fire() and re-checks its condition."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def fire(self) -> None:
        """Wake every current waiter."""
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, timeout: float) -> bool:  # noqa: ASYNC109
        """Wait for the next fire() up to timeout seconds; return False on timeout."""
        if timeout <= 0:
            return False
        try:
            await asyncio.wait_for(self._event.wait(), timeout)
        except TimeoutError:
            return False
        return True


def now_unix() -> int:
    """Return the current time as Telegram's unix timestamp."""
    return int(time.time())


def utf16_len(text: str) -> int:
    """Return the length of text in UTF-16 code units, as Telegram counts it."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class UserRecord:
    """A Telegram user known to the emulator."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None

    def to_api(self) -> JsonDict:
        """Return the Bot API User object."""
        data: JsonDict = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data


@dataclass
class StoredMessage:
    """One message of a chat, as the emulator remembers it."""

    message_id: int
    chat_id: int | str
    sender: str  # "user" or "bot"
    date: int
    kind: str  # "text", "document", "contact", "sticker", "photo", "voice", "location", ...
    api: JsonDict  # the Bot API Message object as it currently is
    text: str | None = None
    html: str | None = None
    parse_mode: str | None = None
    reply_markup: JsonDict | None = None
    document: JsonDict | None = None
    photo: list[JsonDict] | None = None  # a photo's sizes, smallest first
    edited: bool = False
    deleted: bool = False

    def to_view(self) -> JsonDict:
        """Return the user-side JSON view of this message."""
        document = None
        if self.document is not None:
            document = {
                "file_id": self.document["file_id"],
                "file_name": self.document.get("file_name"),
                "mime_type": self.document.get("mime_type"),
                "size": self.document.get("file_size"),
            }
        return {
            "message_id": self.message_id,
            "from": self.sender,
            "kind": self.kind,
            "text": self.text,
            # Entities let a client format the text without parsing HTML (the chat page).
            "entities": self.api.get("entities") or self.api.get("caption_entities") or [],
            "html": self.html,
            "parse_mode": self.parse_mode,
            "reply_markup": self.reply_markup,
            "document": document,
            "photo": self.photo,
            "contact": self.api.get("contact"),
            "edited": self.edited,
            "deleted": self.deleted,
            "date": self.date,
        }


@dataclass
class ChatRecord:
    """A private chat or group with its messages and change counter."""

    id: int | str
    type: str  # "private", "group" or "supergroup"
    title: str | None = None
    user: UserRecord | None = None
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    next_message_id: int = 1
    version: int = 0
    started: bool = False  # private chats: the user has written to the bot

    def to_api(self) -> JsonDict:
        """Return the Bot API Chat object."""
        if self.type == "private" and self.user is not None:
            data: JsonDict = {"id": self.id, "type": "private"}
            data["first_name"] = self.user.first_name
            if self.user.last_name is not None:
                data["last_name"] = self.user.last_name
            if self.user.username is not None:
                data["username"] = self.user.username
            return data
        return {"id": self.id, "type": self.type, "title": self.title or f"Group {self.id}"}

    def new_message_id(self) -> int:
        """Allocate the next message id of this chat."""
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id


@dataclass
class FileRecord:
    """A stored file, downloadable by the bot (getFile) and by users (/_emu/files)."""

    file_id: str
    file_unique_id: str
    data: bytes
    file_name: str | None
    mime_type: str | None
    file_path: str


@dataclass
class ApiCall:
    """One recorded Bot API call."""

    method: str
    params: JsonDict
    status: int
    time: float
    files: list[str] = field(default_factory=list)
    limited_by: str | None = None  # a 429 of the rate limits: RateLimited.BOT or .CHAT

    def to_json(self) -> JsonDict:
        """Return this record as a JSON-ready dict."""
        return {
            "method": self.method,
            "params": self.params,
            "status": self.status,
            "time": self.time,
            "files": self.files,
            "limited_by": self.limited_by,
        }


@dataclass
class CallbackRecord:
    """A callback query sent to the bot and the bot's answer, once given."""

    id: str
    user_id: int
    answered: bool = False
    answer: JsonDict | None = None


@dataclass
class WebhookConfig:
    """The webhook the bot set with setWebhook, and the last delivery error."""

    url: str
    secret_token: str | None = None
    allowed_updates: list[str] | None = None
    max_connections: int = 40
    last_error_date: int | None = None
    last_error_message: str | None = None
