"""Locks between processes on one database: one poller, one chat's updates one at a time.

On SQLite one process runs, so both are free (`NoLocks`). On PostgreSQL they are advisory
locks of one session of their own (storage/pg_locks.py): the server drops them the moment
the process's connection closes, so a killed replica holds nothing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from enum import IntEnum


class Held(IntEnum):
    """What a process holds for as long as it runs (the first key of an advisory lock)."""

    POLLING = 1  # `run` without --webhook: one process polls the messenger for updates


class ProcessLocks:
    """The locks a process takes among others on one database; here, none are needed."""

    async def connect(self) -> None:
        """Makes ready what the locks need (a bot takes them from its first update)."""

    async def hold(self, what: Held) -> bool:
        """Takes `what` until the process ends; False when another process has it."""
        return True

    def chat(self, chat_id: int) -> AbstractAsyncContextManager[None]:
        """Held while one update of `chat_id` is handled: another process's update of the
        same chat waits for it."""
        return _free()

    async def close(self) -> None:
        """Releases everything held."""


@asynccontextmanager
async def _free() -> AsyncIterator[None]:
    yield
