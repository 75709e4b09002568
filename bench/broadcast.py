"""Broadcast: N recipients through the outbox against an emulator enforcing Telegram's limits.

Reports the achieved rate against the configured one, the 429s the server gave, duplicates
and missing recipients, and the reply time of a volunteer chatting during the broadcast.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.harness import bot_against
from bot.domain.segments import Segment, SegmentKind
from emulator import EmulatorClient, EmulatorServer

FIRST_USER = 500_000
TEXT = "جلسهٔ نخست کارگروه شنبه ساعت ۱۰ برگزار می‌شود."


@dataclass(frozen=True)
class BroadcastFigures:
    recipients: int
    configured_rate: float
    achieved_rate: float
    too_many_requests: int
    duplicates: int
    missing: int
    reply_p50: float
    reply_p99: float

    @property
    def rate_ratio(self) -> float:
        return self.achieved_rate / self.configured_rate


async def measure(recipients: int, rate: float = 25.0, replies: int = 20) -> BroadcastFigures:
    """Sends one broadcast to `recipients` users while a volunteer chats; measures both."""
    async with EmulatorServer() as server:
        emulator = server.emulator
        emulator.set_rate_limits(global_per_second=30, per_chat_per_second=1)
        with tempfile.TemporaryDirectory() as folder:
            async with bot_against(
                server.api_base_url, Path(folder), SEND_RATE_CEILING=str(rate)
            ) as (
                services,
                storage,
            ):
                users = range(FIRST_USER, FIRST_USER + recipients)
                now = services.clock.now()
                for user_id in users:
                    emulator.ensure_user(user_id)
                    emulator.chats[user_id].started = True
                    await storage.users.seen(
                        user_id,
                        first_name=None,
                        last_name=None,
                        username=None,
                        default_language="fa",
                        now=now,
                    )
                started = time.monotonic()
                await storage.outbox.create(
                    "broadcast", Segment(SegmentKind.EVERYONE), {"text": TEXT}, now
                )
                services.outbox.wake()
                replies = min(replies, max(3, int(recipients / rate / 1.5)))
                reply_times = await _chat_meanwhile(server, replies, recipients / rate)
                while await storage.outbox.sending():  # noqa: ASYNC110 - rows
                    await asyncio.sleep(0.05)
                elapsed = time.monotonic() - started
                counts = {
                    user_id: sum(
                        1
                        for m in emulator.messages(user_id)
                        if m["from"] == "bot" and m["text"] == TEXT
                    )
                    for user_id in users
                }
    reply_times.sort()
    return BroadcastFigures(
        recipients=recipients,
        configured_rate=rate,
        achieved_rate=recipients / elapsed,
        too_many_requests=emulator.stats["too_many_requests"],
        duplicates=sum(n - 1 for n in counts.values() if n > 1),
        missing=sum(1 for n in counts.values() if n == 0),
        reply_p50=statistics.median(reply_times),
        reply_p99=reply_times[min(len(reply_times) - 1, int(0.99 * len(reply_times)))],
    )


async def _chat_meanwhile(server: EmulatorServer, count: int, span: float) -> list[float]:
    """A volunteer sends /help now and then during the broadcast; each reply's wait (s)."""
    chatter = 900_000
    times = []
    async with EmulatorClient(server.url) as client:
        for _ in range(count):
            before = (
                len(server.emulator.messages(chatter)) if chatter in server.emulator.chats else 0
            )
            started = time.monotonic()
            await client.send_message(chatter, "/help")
            while len(server.emulator.messages(chatter)) < before + 2:  # noqa: ASYNC110
                await asyncio.sleep(0.005)
            times.append(time.monotonic() - started)
            # Like a person: not more than one message a second (Telegram's per-chat limit).
            await asyncio.sleep(max(1.2, span / count / 2))
    return times
