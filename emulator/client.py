"""EmulatorClient: an async HTTP client of the emulator's user-side /_emu API."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import httpx

from emulator.models import JsonDict

logger = logging.getLogger(__name__)


class EmulatorClientError(Exception):
    """The emulator refused a user-side request."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message


@dataclass
class SentUpdate:
    """What the emulator answers when a user sends something."""

    update_id: int
    message_id: int | None = None
    chat_id: int | None = None
    callback_query_id: str | None = None


@dataclass
class ChatMessage:
    """One message of a chat as the user side sees it."""

    message_id: int
    sender: str
    kind: str
    text: str | None
    html: str | None
    parse_mode: str | None
    reply_markup: JsonDict | None
    document: JsonDict | None
    edited: bool
    deleted: bool
    date: int
    photo: list[JsonDict] | None = None  # a photo's sizes, smallest first

    @classmethod
    def from_json(cls, data: JsonDict) -> ChatMessage:
        """Build a ChatMessage from the /_emu JSON view."""
        return cls(
            message_id=data["message_id"],
            sender=data["from"],
            kind=data.get("kind", "text"),
            text=data.get("text"),
            html=data.get("html"),
            parse_mode=data.get("parse_mode"),
            reply_markup=data.get("reply_markup"),
            document=data.get("document"),
            edited=data.get("edited", False),
            deleted=data.get("deleted", False),
            date=data.get("date", 0),
            photo=data.get("photo"),
        )

    @property
    def inline_buttons(self) -> list[JsonDict]:
        """The inline keyboard buttons in reading order ([] without an inline keyboard)."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [button for row in rows for button in row]

    @property
    def keyboard_buttons(self) -> list[JsonDict]:
        """The reply keyboard buttons as objects with "text" ([] without a reply keyboard)."""
        rows = (self.reply_markup or {}).get("keyboard") or []
        return [b if isinstance(b, dict) else {"text": b} for row in rows for b in row]


@dataclass
class ChatSnapshot:
    """All messages of a chat and the chat's version number."""

    version: int
    messages: list[ChatMessage]

    def from_bot(self) -> list[ChatMessage]:
        """Return the bot's messages that were not deleted."""
        return [m for m in self.messages if m.sender == "bot" and not m.deleted]


class EmulatorClient:
    """Async client of the user-side API: act as Telegram users and read the bot's chats."""

    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = httpx.AsyncClient(base_url=self.base_url, timeout=timeout, trust_env=False)

    async def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        """Send one request and return its JSON answer, raising EmulatorClientError on errors."""
        response = await self._http.request(method, path, **kwargs)
        if response.status_code >= 400:
            try:
                message = response.json().get("error", response.text)
            except ValueError:
                message = response.text
            raise EmulatorClientError(response.status_code, message)
        return response.json()

    @staticmethod
    def _sent(data: JsonDict) -> SentUpdate:
        """Return a SentUpdate built from an answer."""
        return SentUpdate(
            update_id=data["update_id"],
            message_id=data.get("message_id"),
            chat_id=data.get("chat_id"),
            callback_query_id=data.get("callback_query_id"),
        )

    async def send_message(self, user_id: int, text: str, **fields: Any) -> SentUpdate:
        """Send a text as a user (fields: chat_id, chat_type, chat_title, first_name, ...)."""
        body = {"text": text, **fields}
        return self._sent(
            await self._request("POST", f"/_emu/users/{user_id}/messages", json=body)
        )

    async def send_contact(self, user_id: int, phone_number: str, **fields: Any) -> SentUpdate:
        """Share a contact (fields: contact_user_id, first_name, last_name)."""
        body = {"phone_number": phone_number, **fields}
        return self._sent(await self._request("POST", f"/_emu/users/{user_id}/contact", json=body))

    async def send_media(self, user_id: int, kind: str) -> SentUpdate:
        """Send a sticker, photo, voice, document or location."""
        path = f"/_emu/users/{user_id}/media"
        return self._sent(await self._request("POST", path, json={"kind": kind}))

    async def send_document(
        self,
        user_id: int,
        file_name: str,
        data: bytes,
        mime_type: str | None = None,
        caption: str | None = None,
    ) -> SentUpdate:
        """Upload a document as a user."""
        files = {"file": (file_name, data, mime_type or "application/octet-stream")}
        form = {"caption": caption} if caption else None
        path = f"/_emu/users/{user_id}/document"
        return self._sent(await self._request("POST", path, files=files, data=form))

    async def edit_message(self, user_id: int, message_id: int, text: str) -> SentUpdate:
        """Edit a user's earlier message."""
        body = {"message_id": message_id, "text": text}
        return self._sent(await self._request("POST", f"/_emu/users/{user_id}/edit", json=body))

    async def press(
        self,
        user_id: int,
        message_id: int,
        button: str | None = None,
        data: str | None = None,
        chat_id: int | None = None,
    ) -> SentUpdate:
        """Press an inline button by its text, or send forged callback data."""
        body: JsonDict = {"message_id": message_id}
        for key, value in (("button", button), ("data", data), ("chat_id", chat_id)):
            if value is not None:
                body[key] = value
        return self._sent(await self._request("POST", f"/_emu/users/{user_id}/press", json=body))

    async def enqueue_raw(self, update: JsonDict) -> int:
        """Queue any dict as an update; return its update_id."""
        return int((await self._request("POST", "/_emu/updates", json=update))["update_id"])

    async def messages(
        self,
        chat_id: int | str,
        since: int | None = None,
        timeout: float = 0.0,  # noqa: ASYNC109
    ) -> ChatSnapshot:
        """Return a chat's messages; with since, wait up to timeout for a newer version."""
        params: dict[str, Any] = {}
        if since is not None:
            params = {"since": since, "timeout": timeout}
        data = await self._request(
            "GET",
            f"/_emu/chats/{chat_id}/messages",
            params=params,
            timeout=max(timeout + 10.0, 30.0),
        )
        return ChatSnapshot(data["version"], [ChatMessage.from_json(m) for m in data["messages"]])

    async def download_file(self, file_id: str) -> bytes:
        """Return the raw bytes of a stored file."""
        response = await self._http.get(f"/_emu/files/{file_id}")
        if response.status_code >= 400:
            raise EmulatorClientError(response.status_code, response.text)
        return response.content

    async def callback_answer(self, callback_query_id: str) -> JsonDict | None:
        """Return the bot's answer to a callback query, or None while unanswered."""
        try:
            return await self._request("GET", f"/_emu/callback_answers/{callback_query_id}")
        except EmulatorClientError as exc:
            if exc.status == 404:
                return None
            raise

    async def state(self) -> JsonDict:
        """Return pending update count, webhook info and stats."""
        return await self._request("GET", "/_emu/state")

    async def calls(self, method: str | None = None) -> list[JsonDict]:
        """Return recorded Bot API calls, optionally of one method."""
        params = {"method": method} if method else None
        return await self._request("GET", "/_emu/calls", params=params)

    async def add_fault(self, **fault: Any) -> JsonDict:
        """Add a fault (the keyword arguments of Emulator.add_fault)."""
        return await self._request("POST", "/_emu/faults", json=fault)

    async def clear_faults(self) -> None:
        """Remove every pending fault."""
        await self._request("DELETE", "/_emu/faults")

    async def block(self, user_id: int, blocked: bool = True, notify: bool = False) -> None:
        """Mark a user as having blocked (or unblocked) the bot."""
        body = {"blocked": blocked, "notify": notify}
        await self._request("POST", f"/_emu/users/{user_id}/block", json=body)

    async def set_rate_limits(
        self,
        global_per_second: float | None = None,
        per_chat_per_second: float | None = None,
        per_group_per_minute: float | None = None,
        per_chat_burst: int | None = None,
    ) -> JsonDict:
        """Set or lift the send rate limits (`per_chat_burst`: see RateLimiter)."""
        body = {
            "global_per_second": global_per_second,
            "per_chat_per_second": per_chat_per_second,
            "per_group_per_minute": per_group_per_minute,
            "per_chat_burst": per_chat_burst,
        }
        return await self._request("POST", "/_emu/limits", json=body)

    async def reset(self) -> None:
        """Forget all emulator state."""
        await self._request("POST", "/_emu/reset")

    async def wait_confirmed(self, timeout: float = 5.0) -> bool:  # noqa: ASYNC109
        """Wait until the bot confirmed every queued update; False on timeout."""
        data = await self._request(
            "POST", "/_emu/wait_confirmed", json={"timeout": timeout}, timeout=timeout + 10.0
        )
        return bool(data["confirmed"])

    async def aclose(self) -> None:
        """Close the HTTP connection pool."""
        await self._http.aclose()

    async def __aenter__(self) -> EmulatorClient:
        """Use the client in an async with block."""
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the client at the end of an async with block."""
        await self.aclose()
