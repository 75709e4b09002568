"""PostgreSQL's advisory locks for storage/locks.py, on one connection of their own.

Session-level locks, so one connection holds them all, and the server releases them when
the process dies. A chat's lock is tried (`pg_try_advisory_lock`) and tried again after a
short pause rather than waited for: a waiting statement would block the one connection
every other chat's lock goes through.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg

from storage.locks import Held, ProcessLocks

logger = logging.getLogger(__name__)

CHAT = 0x6661  # the first key of a chat's lock ("fa"); Held's values are the others
RETRY = (0.005, 0.01, 0.02, 0.05, 0.1)  # seconds between tries of a chat's lock
GIVE_UP = 60.0  # seconds: a chat's update is handled anyway (and logged) after so long


def chat_key(chat_id: int) -> int:
    """The second key (an int4) of a chat's lock: its id folded into 32 bits (two chats
    that fold alike only wait for each other now and then)."""
    folded = chat_id & 0xFFFFFFFF
    return folded - (1 << 32) if folded >= 1 << 31 else folded


class PostgresLocks(ProcessLocks):
    def __init__(self, url: str) -> None:
        self.url = url
        self._connection: Any = None
        self._io = asyncio.Lock()  # one statement at a time on the one connection

    async def connect(self) -> None:
        async with self._io:
            await self._connected()

    async def _connected(self) -> Any:
        if self._connection is None or self._connection.is_closed():
            self._connection = await asyncpg.connect(self.url)
        return self._connection

    async def _query(self, sql: str, *args: Any) -> Any:
        async with self._io:
            return await (await self._connected()).fetchval(sql, *args)

    async def hold(self, what: Held) -> bool:
        return bool(await self._query("SELECT pg_try_advisory_lock($1, 0)", int(what)))

    @asynccontextmanager
    async def chat(self, chat_id: int) -> AsyncIterator[None]:
        key = chat_key(chat_id)
        loop = asyncio.get_running_loop()
        started, tries = loop.time(), 0
        held = False
        try:
            held = bool(await self._query("SELECT pg_try_advisory_lock($1, $2)", CHAT, key))
            while not held and loop.time() - started < GIVE_UP:
                await asyncio.sleep(RETRY[min(tries, len(RETRY) - 1)])
                tries += 1
                held = bool(await self._query("SELECT pg_try_advisory_lock($1, $2)", CHAT, key))
        except (OSError, asyncpg.PostgresError) as error:
            logger.warning("Chat %s handled without its lock (database: %s)", chat_id, error)
        if not held:
            logger.warning("Chat %s handled without its lock: another replica kept it", chat_id)
        try:
            yield
        finally:
            if held:
                try:
                    await self._query("SELECT pg_advisory_unlock($1, $2)", CHAT, key)
                except (OSError, asyncpg.PostgresError) as error:  # closed: released already
                    logger.info("Chat %s: its lock went with the connection (%s)", chat_id, error)

    async def close(self) -> None:
        async with self._io:
            if self._connection is not None and not self._connection.is_closed():
                await self._connection.close()
            self._connection = None
