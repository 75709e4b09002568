"""kill -9 at random moments, repeated: nothing confirmed is lost, nobody gets two copies.

The bot runs as a real process (python -m bot run) against the in-process emulator and is
killed with SIGKILL while volunteers register and while a broadcast goes out, then started
again. CI runs a reduced size; FARAKHAN_FULL=1 runs the full one.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import signal
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.domain.segments import Segment, SegmentKind
from emulator import EmulatorServer
from storage import Storage
from tests.chat import TEST_TOKEN, add_started_users, visible
from tests.factories import BEFORE_DEADLINE, sample_call
from tests.processes import farakhan

FULL = bool(os.environ.get("FARAKHAN_FULL"))
VOLUNTEERS = 24 if FULL else 6
KILLS = 12 if FULL else 3
# How long one volunteer may take, kills included: 12 restarts on a loaded 2-core machine
# can hold a volunteer up for longer than 3 do.
REGISTER_LIMIT = 220 if FULL else 150
SLUG = "user-rights-working-group"
CODE = re.compile(r"کد پیگیری: \u2068?(FK-[A-Z0-9]{6})")  # the code is isolated, FSI…PDI


class Bot:
    """The bot as a process that can be killed and started again."""

    def __init__(self, server: EmulatorServer, database: Path, rate: str = "25") -> None:
        self.env = {
            "DATABASE_URL": f"sqlite:///{database}",
            "BOT_TOKEN": TEST_TOKEN,
            "BOT_API_BASE_URL": server.api_base_url,
            "SEND_RATE_CEILING": rate,
            "LOG_LEVEL": "WARNING",
        }
        self.process: asyncio.subprocess.Process | None = None
        self.kills = 0

    async def start(self) -> None:
        self.process = await farakhan("run", env=self.env, output=asyncio.subprocess.DEVNULL)

    async def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        await self.process.wait()
        self.kills += 1

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(self.process.wait(), timeout=15)


async def prepared(database: Path, server: EmulatorServer, users: range = range(0)) -> Storage:
    storage = await Storage.open(database)
    # The bot runs on the real clock here: the call must be open today, whatever today is.
    now = datetime.now(UTC)
    spec = sample_call(opens_at=now - timedelta(days=1), deadline_at=now + timedelta(days=30))
    await storage.calls.save(spec, now)
    await add_started_users(server, storage, users, BEFORE_DEADLINE)
    return storage


def latest_state(server: EmulatorServer, user: int) -> tuple[str, list[str], int]:
    """The newest meaningful bot message: its text, its buttons, and its id."""
    for message in reversed(server.emulator.messages(user)):
        text = visible(message.get("text") or "")
        if message["from"] != "bot" or text.startswith(("📱", "شماره ثبت شد")):
            continue
        if "پاسخ شما:" in text:
            continue
        rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
        return text, [visible(b["text"]) for row in rows for b in row], message["message_id"]
    return "", [], 0


async def act(server: EmulatorServer, user: int) -> str | None:
    """One step of a registration, decided by what the bot shows now; the code when done."""
    emulator = server.emulator
    text, buttons, message_id = latest_state(server, user)

    def press(label: str) -> None:
        match = next((b for b in buttons if label in b), None)
        if match is None:  # not the screen we thought: start from the link again
            emulator.send_message(user, f"/start {SLUG}")
        else:
            emulator.press(user, message_id, button=match)

    asking = text.startswith("سؤال ") or "\nسؤال " in text  # a question of the form
    if found := CODE.search(text):
        return found.group(1)
    if "با این شرایط موافقید" in text:
        press("موافقم")
    elif "مرور پاسخ‌ها" in text:
        press("تأیید و ارسال")
    elif asking and "بانک اطلاعات کارشناسان" in text:  # the directory of experts: no
        press("رد شدن")
    elif asking and "نام و نام خانوادگی" in text:
        emulator.send_message(user, f"داوطلب {user}")
    elif asking and "به چه عنوان" in text:
        press("به‌عنوان فرد")
    elif asking and "حوزهٔ تخصص" in text:
        press("تأیید انتخاب" if any("☑" in b for b in buttons) else "سایر")
    elif asking and "شمارهٔ تلفن همراه" in text:
        emulator.send_message(user, f"0912{user % 10_000_000:07d}")
    elif asking and "نشانی ایمیل" in text:
        emulator.send_message(user, f"v{user}@example.com")
    elif asking and "نظرات و پیشنهادهای" in text:
        press("رد شدن")
    elif any("ثبت‌نام من" in b for b in buttons):
        # Submitted, but the confirmation was lost to a kill: the card offers the
        # registration, whose view shows the code.
        press("ثبت‌نام من")
    elif any("ادامهٔ ثبت‌نام" in b for b in buttons):
        press("ادامهٔ ثبت‌نام")
    elif "📝 ثبت‌نام" in buttons:
        press("📝 ثبت‌نام")
    else:
        emulator.send_message(user, f"/start {SLUG}")
    return None


def bot_side(server: EmulatorServer, user: int) -> list[tuple]:
    """What the bot has shown in the chat (our own messages change nothing here)."""
    return [
        (m["message_id"], m.get("text"), str(m.get("reply_markup")))
        for m in server.emulator.messages(user)
        if m["from"] == "bot"
    ]


def transcript(server: EmulatorServer, user: int, last: int = 14) -> list[str]:
    """The end of one chat, for the message of a failing assertion."""
    lines = []
    for message in server.emulator.messages(user)[-last:]:
        rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
        buttons = [visible(b["text"]) for row in rows for b in row]
        text = visible(message.get("text") or "")[:120]
        lines.append(f"{message['from']}: {text} {buttons if buttons else ''}")
    return lines


async def register(
    server: EmulatorServer, user: int, limit: float = REGISTER_LIMIT, think: float = 0.1
) -> str | None:
    """Keeps acting until the bot shows a reference code (waiting out a dead bot), `think`
    seconds after the bot's last message each time."""
    emulator = server.emulator
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if code := await act(server, user):
            return code
        shown = bot_side(server, user)
        quiet_since = time.monotonic()
        while bot_side(server, user) == shown and time.monotonic() < deadline:
            await emulator.wait_chat(user, emulator.chat_version(user), 0.5)
            if emulator.pending_updates():
                quiet_since = time.monotonic()  # the bot is down: our message still waits
            elif time.monotonic() - quiet_since > 4:
                break  # fetched but never answered (killed mid-update): act again
        # The bot may still be sending the rest of its reply (a part of it held up by a
        # 429 comes a second or more after the first): read all of it first.
        await until_quiet(server, user, think, deadline)
    return None


async def until_quiet(server: EmulatorServer, user: int, quiet: float, deadline: float) -> None:
    """Returns once the bot has shown nothing new in the chat for `quiet` seconds."""
    emulator = server.emulator
    shown, since = bot_side(server, user), time.monotonic()
    while (left := min(since + quiet, deadline) - time.monotonic()) > 0:
        await emulator.wait_chat(user, emulator.chat_version(user), left)
        if bot_side(server, user) != shown:
            shown, since = bot_side(server, user), time.monotonic()


@pytest.mark.timeout(600)
async def test_registrations_the_volunteer_saw_confirmed_survive_kill_9(tmp_path) -> None:
    database = tmp_path / "farakhan.db"
    async with EmulatorServer() as server:
        storage = await prepared(database, server)
        await storage.close()
        bot = Bot(server, database)
        await bot.start()
        users = [70_001 + n for n in range(VOLUNTEERS)]
        registrations = asyncio.gather(*(register(server, user) for user in users))
        rng = random.Random(20261122)
        try:
            for _ in range(KILLS):
                await asyncio.sleep(rng.uniform(1.0, 3.0))
                await bot.kill()
                await asyncio.sleep(rng.uniform(0.1, 1.0))
                await bot.start()
            codes = await asyncio.wait_for(registrations, timeout=240)
        finally:
            await bot.stop()
    assert bot.kills == KILLS
    seen = dict(zip(users, codes, strict=True))
    stuck = {user: transcript(server, user) for user, code in seen.items() if code is None}
    for user, lines in stuck.items():
        print(user, *lines, sep="\n")
    assert not stuck, stuck  # every volunteer finished, despite the kills
    storage = await Storage.open(database)
    try:
        for user, code in seen.items():
            registration = await storage.registrations.for_user_and_call(user, 1)
            assert registration.status == "submitted" and registration.reference_code == code
            assert registration.answers["email"] == f"v{user}@example.com"
    finally:
        await storage.close()


@pytest.mark.timeout(600)
async def test_a_broadcast_killed_repeatedly_sends_nobody_a_second_copy(tmp_path) -> None:
    database = tmp_path / "farakhan.db"
    users = range(80_001, 80_001 + (400 if FULL else 150))
    text = "پیام همگانی زیر kill -9"
    async with EmulatorServer() as server:
        storage = await prepared(database, server, users)
        await storage.outbox.create(
            "broadcast", Segment(SegmentKind.EVERYONE), {"text": text}, BEFORE_DEADLINE
        )
        await storage.close()
        bot = Bot(server, database, rate="50")
        rng = random.Random(7)
        await bot.start()
        for _ in range(KILLS):
            await asyncio.sleep(rng.uniform(0.5, 2.0))
            await bot.kill()
            await bot.start()

        async def copies() -> dict[int, int]:
            return {
                u: sum(1 for m in server.emulator.messages(u) if m["text"] == text) for u in users
            }

        deadline = time.monotonic() + 120
        storage = await Storage.open(database)
        try:
            while await storage.outbox.sending() and time.monotonic() < deadline:  # noqa: ASYNC110
                await asyncio.sleep(0.2)
            rows = await storage.db.fetch_all(
                "SELECT status, COUNT(*) FROM deliveries GROUP BY status"
            )
        finally:
            await storage.close()
            await bot.stop()
        got = await copies()
    statuses = {row[0]: row[1] for row in rows}
    assert max(got.values()) == 1  # nobody got a second copy
    # At most once: a send cut off mid-flight is "unknown" and never repeated.
    assert statuses.get("sent", 0) + statuses.get("unknown", 0) == len(users)
    assert sum(got.values()) >= statuses.get("sent", 0)
    assert statuses.get("unknown", 0) <= KILLS * 8  # at most the sends in flight per kill
