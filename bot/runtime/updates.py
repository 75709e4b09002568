"""Concurrent update processing that keeps each chat's updates in order."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

ChatLock = Callable[[int], AbstractAsyncContextManager[None]]


@asynccontextmanager
async def no_lock(chat_id: int) -> AsyncIterator[None]:
    """One process: the in-process lock is enough."""
    yield


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Runs updates of different chats concurrently, those of one chat one after another.

    A volunteer who sends two answers quickly must have them stored in order, while other
    volunteers are not kept waiting behind them. With several replicas `chat_lock` (a
    PostgreSQL advisory lock per chat, storage/pg_locks.py) extends the order across them:
    two answers that reach two replicas at once are applied one after the other.
    """

    def __init__(self, max_concurrent_updates: int = 64, chat_lock: ChatLock = no_lock) -> None:
        super().__init__(max_concurrent_updates)
        self.chat_lock = chat_lock
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}
        self.handled: Counter[str] = Counter()  # updates processed, by kind (for /metrics)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        try:
            await self._in_order(update, coroutine)
        finally:
            self.handled[kind_of(update)] += 1

    async def _in_order(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock = self._locks.setdefault(chat.id, asyncio.Lock())
        self._waiting[chat.id] = self._waiting.get(chat.id, 0) + 1
        try:
            async with lock, self.chat_lock(chat.id):
                await coroutine
        finally:
            self._waiting[chat.id] -= 1
            if not self._waiting[chat.id]:
                # Nobody else queued for this chat: forget its lock so the map stays small.
                del self._waiting[chat.id]
                del self._locks[chat.id]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""


def kind_of(update: object) -> str:
    """What an update carries (`message`, `callback_query`, …): one of the Bot API's few
    update types, never anything of the person who sent it."""
    if isinstance(update, Update):
        for kind in Update.ALL_TYPES:
            if getattr(update, kind, None) is not None:
                return kind
    return "other"
