"""The messenger's API made hostile: slow, timing out, 5xx, broken JSON, 429 storms, gone.

The bot (a real process) must recover by itself and lose nothing: every volunteer finishes
registering, and a broadcast reaches everyone exactly once. The outage is 5 s here;
FARAKHAN_FULL=1 makes it 30 s.
"""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import pytest

from bot.domain.segments import Segment, SegmentKind
from emulator import EmulatorServer
from storage import Storage
from tests.factories import BEFORE_DEADLINE
from tests.tcp_proxy import Proxy
from tests.test_kill import Bot, prepared, register, transcript

OUTAGE = 30.0 if os.environ.get("FARAKHAN_FULL") else 5.0
VOLUNTEERS = [90_001, 90_002, 90_003]
RECIPIENTS = range(91_001, 91_081)
TEXT = "پیام در میان توفان"


@pytest.mark.timeout(600)
async def test_the_bot_recovers_from_a_hostile_api_and_loses_nothing(tmp_path: Path) -> None:
    database = tmp_path / "farakhan.db"
    emulator_server = EmulatorServer()
    await emulator_server.start()
    emulator = emulator_server.emulator
    proxy = Proxy(int(emulator_server.url.rsplit(":", 1)[1]))
    await proxy.up()  # the bot reaches the API through it, so the API can vanish and return
    storage = await prepared(database, emulator_server, RECIPIENTS)
    await storage.close()
    bot = Bot(emulator_server, database, rate="40")
    bot.env["BOT_API_BASE_URL"] = f"http://127.0.0.1:{proxy.port}/bot"
    await bot.start()
    try:
        # Misbehaviour, all at once: slow answers, answers after the client gave up,
        # 5xx, non-JSON bodies, dropped connections and a storm of 429s.
        emulator.add_fault(method="sendMessage", status=200, delay=2.0, times=3)
        emulator.add_fault(method="sendMessage", status=200, delay=12.0, times=1)
        emulator.add_fault(method="sendMessage", status=502, times=4)
        emulator.add_fault(method="getUpdates", status=1, times=2)  # not JSON
        emulator.add_fault(method="getUpdates", status=0, times=2)  # connection dropped
        emulator.add_fault(method="editMessageText", status=500, times=2)
        emulator.add_fault(status=429, retry_after=1, times=8)
        registering = asyncio.gather(
            *(register(emulator_server, user, limit=240) for user in VOLUNTEERS)
        )
        storage = await Storage.open(database)
        await storage.outbox.create(
            "broadcast", Segment(SegmentKind.EVERYONE), {"text": TEXT}, BEFORE_DEADLINE
        )
        await storage.close()

        await asyncio.sleep(3)
        await proxy.down()  # connection refused for the length of the outage
        await asyncio.sleep(OUTAGE)
        await proxy.up()

        codes = await asyncio.wait_for(registering, timeout=300)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            got = {
                u: sum(1 for m in emulator.messages(u) if m["text"] == TEXT) for u in RECIPIENTS
            }
            if min(got.values()) >= 1:
                break
            await asyncio.sleep(0.5)
    finally:
        await bot.stop()
        await emulator_server.stop()
    stuck = {
        user: transcript(emulator_server, user)
        for user, code in zip(VOLUNTEERS, codes, strict=True)
        if code is None
    }
    for user, lines in stuck.items():
        print(user, *lines, sep="\n")
    assert not stuck
    assert set(got.values()) == {1}, {u: n for u, n in got.items() if n != 1}
    storage = await Storage.open(database)
    try:
        for user, code in zip(VOLUNTEERS, codes, strict=True):
            registration = await storage.registrations.for_user_and_call(user, 1)
            assert registration.status == "submitted" and registration.reference_code == code
    finally:
        await storage.close()
