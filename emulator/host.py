"""What the Emulator's mixins (actions, updates, controls) need from the class that hosts them.

The mixins annotate `self` with this protocol instead of `Emulator` itself: mypy accepts a
protocol as the self-type of a mixin and checks at each call that `Emulator` satisfies it.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Protocol

from emulator.faults import FaultBook, RateLimiter
from emulator.models import (
    ApiCall,
    CallbackRecord,
    ChatRecord,
    FileRecord,
    JsonDict,
    Signal,
    StoredMessage,
    UserRecord,
    WebhookConfig,
)
from emulator.webhook import WebhookDelivery


class EmulatorHost(Protocol):
    """The state and methods of `emulator.state.Emulator` that its mixins use."""

    # ----- state (emulator.state) -----------------------------------------------------------

    chats: dict[int | str, ChatRecord]
    callbacks: dict[str, CallbackRecord]
    api_calls: list[ApiCall]
    blocked: set[int]
    faults: FaultBook
    limits: RateLimiter
    webhook: WebhookConfig | None
    _signal: Signal
    _delivery: WebhookDelivery
    _closed: bool
    _next_update_id: int
    _poll_generation: int
    _queue: list[JsonDict]
    _allowed_updates: set[str] | None
    _calls_by_method: Counter[str]
    _too_many_requests: int
    _rate_limited: int

    # ----- methods (emulator.state) ---------------------------------------------------------

    def bot_user(self) -> JsonDict: ...

    def next_id(self) -> int: ...

    def ensure_user(
        self,
        user_id: int,
        first_name: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> UserRecord: ...

    def ensure_group(
        self, chat_id: int, chat_type: str | None = None, title: str | None = None
    ) -> ChatRecord: ...

    def touch(self, chat: ChatRecord) -> None: ...

    def add_message(self, chat: ChatRecord, message: StoredMessage) -> StoredMessage: ...

    def new_file(
        self, data: bytes, file_name: str | None, mime_type: str | None, folder: str
    ) -> FileRecord: ...

    # ----- methods of the mixins that they call on one another (and themselves) ---------------

    def _chat_of(
        self,
        user: UserRecord,
        chat_id: int | None,
        chat_type: str | None = None,
        chat_title: str | None = None,
    ) -> ChatRecord: ...

    def _user_message(
        self,
        user_id: int,
        kind: str,
        content: JsonDict,
        chat_id: int | None = None,
        **profile: Any,
    ) -> JsonDict: ...

    def send_document(
        self,
        user_id: int,
        file_name: str,
        data: bytes,
        *,
        mime_type: str | None = None,
        caption: str | None = None,
        chat_id: int | None = None,
    ) -> JsonDict: ...

    def my_chat_member_update(self, user_id: int, old: str, new: str) -> JsonDict: ...

    def enqueue(self, update: JsonDict) -> JsonDict: ...

    def confirm_through(self, update_id: int) -> None: ...

    def deliverable(self, limit: int | None = None) -> list[JsonDict]: ...

    def kick_pollers(self) -> None: ...
