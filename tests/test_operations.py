"""An operator's view: SIGTERM mid-broadcast and a restart, `check`, `backup`."""

import asyncio
import signal
import time

import pytest

from bot.cli import check
from bot.domain.segments import Segment, SegmentKind
from emulator import Emulator, EmulatorServer
from storage import Storage
from tests.chat import TEST_TOKEN, add_started_users, settings_for
from tests.factories import BEFORE_DEADLINE, sample_call
from tests.processes import farakhan

USERS = range(30_001, 30_301)
TEXT = "پیام همگانی برای آزمون توقف"
ADMIN = 9001


def received(server: EmulatorServer) -> dict[int, int]:
    return {
        user: sum(1 for m in server.emulator.messages(user) if m["text"] == TEXT) for user in USERS
    }


async def test_sigterm_in_the_middle_of_a_broadcast_loses_and_repeats_nothing(tmp_path) -> None:
    database = tmp_path / "farakhan.db"
    async with EmulatorServer() as server:
        storage = await Storage.open(database)
        await storage.calls.save(sample_call(), BEFORE_DEADLINE)
        await add_started_users(server, storage, USERS, BEFORE_DEADLINE)
        await storage.outbox.create(
            "broadcast", Segment(SegmentKind.EVERYONE), {"text": TEXT}, BEFORE_DEADLINE
        )
        await storage.close()
        env = {
            "DATABASE_URL": f"sqlite:///{database}",
            "BOT_TOKEN": TEST_TOKEN,
            "BOT_API_BASE_URL": server.api_base_url,
            "SEND_RATE_CEILING": "60",
        }

        bot = await farakhan("run", env=env)
        while sum(received(server).values()) < 100:  # noqa: ASYNC110 - counting messages
            await asyncio.sleep(0.05)
        asked = time.monotonic()
        bot.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(bot.communicate(), timeout=15)
        assert bot.returncode == 0, stderr.decode()
        assert time.monotonic() - asked < 10
        first_part = sum(received(server).values())
        assert 100 <= first_part < 300

        bot = await farakhan("run", env=env)
        while sum(received(server).values()) < 300:  # noqa: ASYNC110 - counting messages
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)  # a second copy would have had time to arrive
        bot.send_signal(signal.SIGTERM)
        await asyncio.wait_for(bot.communicate(), timeout=15)
        assert set(received(server).values()) == {1}

    storage = await Storage.open(database)
    try:
        rows = await storage.db.fetch_all(
            "SELECT status, COUNT(*) FROM deliveries GROUP BY status"
        )
        assert {row[0]: row[1] for row in rows} == {"sent": 300}
    finally:
        await storage.close()


async def test_check_says_what_works_and_what_does_not(tmp_path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'f.db'}", "BOT_TOKEN": TEST_TOKEN}
    async with EmulatorServer() as server:
        ok = await farakhan("check", env={**env, "BOT_API_BASE_URL": server.api_base_url})
        stdout, _ = await ok.communicate()
    assert ok.returncode == 0
    assert stdout.decode().splitlines() == [
        f"settings: ok (messenger telegram, database {tmp_path / 'f.db'})",
        "database: ok (migrated)",
        "api: ok (@farakhan_bot)",
    ]
    down = await farakhan("check", env={**env, "BOT_API_BASE_URL": "http://127.0.0.1:9/bot"})
    _, stderr = await down.communicate()
    assert down.returncode == 1
    assert (
        stderr.decode()
        .strip()
        .splitlines()[-1]
        .startswith("farakhan: api: cannot reach 127.0.0.1:9")
    )
    assert TEST_TOKEN not in stderr.decode()


async def test_backup_is_a_consistent_copy_made_while_the_bot_writes(tmp_path) -> None:
    database = tmp_path / "farakhan.db"
    storage = await Storage.open(database)
    await storage.calls.save(sample_call(), BEFORE_DEADLINE)
    writing = asyncio.Event()

    async def keep_writing() -> None:
        user = 40_000
        while not writing.is_set():
            user += 1
            await storage.users.seen(
                user,
                first_name="x",
                last_name=None,
                username=None,
                default_language="fa",
                now=BEFORE_DEADLINE,
            )

    writer = asyncio.create_task(keep_writing())
    copy = tmp_path / "backups" / "farakhan-copy.db"
    backup = await farakhan("backup", str(copy), env={"DATABASE_URL": f"sqlite:///{database}"})
    stdout, stderr = await backup.communicate()
    writing.set()
    await writer
    await storage.close()
    assert backup.returncode == 0, stderr.decode()
    assert stdout.decode().startswith(f"Backed up {database} to {copy}")
    restored = await Storage.open(copy)
    try:
        assert (await restored.calls.by_slug("user-rights-working-group")) is not None
        assert await restored.db.fetch_value("PRAGMA integrity_check") == "ok"
        assert await restored.db.fetch_value("SELECT COUNT(*) FROM users") > 0
    finally:
        await restored.close()
    again = await farakhan("backup", str(copy), env={"DATABASE_URL": f"sqlite:///{database}"})
    _, stderr = await again.communicate()
    assert again.returncode == 2 and "exists; choose a new file name" in stderr.decode()


@pytest.mark.parametrize("strict", [True, False], ids=["refusing", "answering"])
async def test_check_on_soroush_tries_what_is_unconfirmed_and_never_fails_for_it(
    tmp_path, capsys, strict: bool
) -> None:
    """A strict Soroush refuses every unconfirmed method; a lenient one answers them all."""
    emulator = Emulator(messenger="soroush" if strict else "telegram")
    async with EmulatorServer(emulator) as server:
        server.emulator.send_message(ADMIN, "/start")  # the admin started the bot
        settings = settings_for(
            server, tmp_path / "f.db", MESSENGER="soroush", ADMIN_IDS=f"{ADMIN},9002"
        )
        assert await check(settings) == 0
        shown = [m for m in server.emulator.messages(ADMIN) if m["from"] == "bot"]
    lines = capsys.readouterr().out.splitlines()
    assert lines[2:4] == [
        "api: ok (@farakhan_bot)",
        "unconfirmed on soroush (docs/messengers.md), tried:",
    ]
    found = dict(line.strip().split(": ", 1) for line in lines[4:])
    assert found["deep link"].startswith("cannot be checked through the API")
    tried = [name for name in found if name != "deep link"]
    assert len(tried) == 4  # setMyCommands, sendChatAction, an edit, a contact button
    if strict:
        assert all(found[name].startswith("refused (") for name in tried), found
    else:
        assert all(found[name] == "answered" for name in tried), found
    assert shown and "farakhan check" in shown[0]["text"]


async def test_check_on_soroush_without_an_admin_tries_only_what_needs_no_chat(
    tmp_path, capsys
) -> None:
    async with EmulatorServer() as server:
        settings = settings_for(server, tmp_path / "f.db", MESSENGER="soroush")
        assert await check(settings) == 0
    lines = capsys.readouterr().out.splitlines()
    found = dict(line.strip().split(": ", 1) for line in lines[4:])
    assert found["setMyCommands (command menu)"] == "answered"
    in_a_chat = [
        name for name in found if name not in ("deep link", "setMyCommands (command menu)")
    ]
    assert in_a_chat and all(
        found[name].startswith("not tried: set ADMIN_IDS") for name in in_a_chat
    )
