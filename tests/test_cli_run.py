"""The bot as an operator runs it: `python -m bot run` in a real process, driven over HTTP only."""

import asyncio
import re
import signal
import socket
import time
from datetime import UTC, datetime, timedelta

from emulator import EmulatorClient, EmulatorServer
from emulator.client import ChatMessage
from tests.chat import TEST_TOKEN
from tests.processes import ROOT, farakhan


async def start_bot(env: dict[str, str], *args: str) -> asyncio.subprocess.Process:
    return await farakhan("run", *args, env=env)


async def stop_bot(process: asyncio.subprocess.Process) -> tuple[int, str, str]:
    process.send_signal(signal.SIGTERM)
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=15)
    return process.returncode, stdout.decode(), stderr.decode()


class RemoteVolunteer:
    """A volunteer who only has the emulator's HTTP API: send, then wait for the bot's answer."""

    def __init__(self, client: EmulatorClient, user_id: int) -> None:
        self.client, self.id, self.version = client, user_id, 0
        self.messages: list[ChatMessage] = []

    def _seen(self) -> set[tuple]:
        return {(m.message_id, m.text, str(m.reply_markup)) for m in self.messages}

    async def wait_for(self, needle: str, seen: set[tuple], limit: float = 15) -> ChatMessage:
        """Waits for a new or changed bot message whose text or buttons contain `needle`."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            snapshot = await self.client.messages(self.id, since=self.version, timeout=2)
            self.version, self.messages = snapshot.version, snapshot.from_bot()
            for message in reversed(self.messages):
                if (message.message_id, message.text, str(message.reply_markup)) in seen:
                    continue
                shown = [message.text or "", *(b["text"] for b in message.inline_buttons)]
                if any(needle in part for part in shown):
                    return message
        raise AssertionError(f"the bot never said {needle!r}; last: {self.messages[-1:]}")

    async def says(self, text: str, expect: str) -> ChatMessage:
        seen = self._seen()
        await self.client.send_message(self.id, text)
        return await self.wait_for(expect, seen)

    async def presses(self, label: str, expect: str) -> ChatMessage:
        message = next(
            m for m in reversed(self.messages) if any(label in b["text"] for b in m.inline_buttons)
        )
        button = next(b["text"] for b in message.inline_buttons if label in b["text"])
        seen = self._seen()
        await self.client.press(self.id, message.message_id, button=button)
        return await self.wait_for(expect, seen)


async def test_a_volunteer_registers_through_http_alone(tmp_path) -> None:
    database = tmp_path / "farakhan.db"
    env = {"DATABASE_URL": f"sqlite:///{database}", "LOG_LEVEL": "INFO"}
    # The process runs on the real clock: give the shipped call a deadline ahead of today.
    deadline = (datetime.now(UTC) + timedelta(days=30)).isoformat(timespec="minutes")
    shipped = (ROOT / "calls" / "user-rights-working-group.yaml").read_text(encoding="utf-8")
    call_file = tmp_path / "call.yaml"
    call_file.write_text(
        re.sub(
            r"(?m)^deadline_at: .*$",
            f"deadline_at: {deadline}",
            re.sub(r"(?m)^opens_at: .*$", "opens_at: 2026-01-01T00:00", shipped),
        ),
        encoding="utf-8",
    )
    imported = await farakhan("calls", "import", str(call_file), env=env)
    assert await imported.wait() == 0
    async with EmulatorServer() as server, EmulatorClient(server.url) as client:
        process = await start_bot(
            {**env, "BOT_TOKEN": TEST_TOKEN, "BOT_API_BASE_URL": server.api_base_url}
        )
        try:
            sara = RemoteVolunteer(client, 2001)
            await sara.says("/start user-rights-working-group", "مهلت ثبت‌نام")
            await sara.presses("ثبت‌نام", "با این شرایط موافقید؟")
            await sara.presses("موافقم", "سؤال ۱ از ۷")
            await sara.says("سارا احمدی", "سؤال ۲ از ۷")
            await sara.presses("به‌عنوان فرد", "سؤال ۳ از ۷")
            await sara.presses("فناوری", "☑️ فناوری")
            await sara.presses("تأیید انتخاب", "سؤال ۴ از ۷")
            await sara.says("۰۹۱۲۱۲۳۴۵۶۷", "سؤال ۵ از ۷")
            await sara.says("sara@example.com", "سؤال ۶ از ۷")
            await sara.presses("رد شدن", "سؤال ۷ از ۷")  # the directory of experts
            await sara.presses("رد شدن", "مرور پاسخ‌ها")
            done = await sara.presses("تأیید و ارسال", "کد پیگیری")
            assert "FK-" in done.text
        finally:
            code, stdout, stderr = await stop_bot(process)
    assert code == 0, stderr
    assert stdout.splitlines()[0] == (
        f"Farakhan is running: polling, messenger telegram, bot @farakhan_bot, database {database}"
    )
    assert stdout.splitlines()[-1] == "Farakhan stopped."
    assert TEST_TOKEN not in stderr + stdout  # the token never reaches the log


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_without_a_token_it_runs_on_the_local_emulator(tmp_path) -> None:
    port = free_port()
    process = await start_bot(
        {"DATABASE_URL": f"sqlite:///{tmp_path / 'local.db'}"}, "--emulator-port", str(port)
    )
    try:
        async with EmulatorClient(f"http://127.0.0.1:{port}") as client:
            for _ in range(100):  # wait for the emulator to listen
                try:
                    await client.state()
                    break
                except Exception:
                    await asyncio.sleep(0.1)
            sara = RemoteVolunteer(client, 3001)
            await sara.says("/start", "کارگروه ویژهٔ صیانت")  # the sample call was imported
    finally:
        code, stdout, stderr = await stop_bot(process)
    assert code == 0, stderr
    assert f"local Bot API emulator at http://127.0.0.1:{port}" in stdout


async def test_bad_settings_stop_start_up_with_one_line() -> None:
    process = await start_bot({"ADMIN_IDS": "alice,bob", "BOT_TOKEN": TEST_TOKEN})
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=15)
    assert process.returncode == 2
    assert stderr.decode().strip().splitlines() == [
        "farakhan: Setting ADMIN_IDS is invalid: expected comma-separated numeric user ids, "
        "e.g. 1234,5678"
    ]


async def test_check_without_a_token_says_it_would_use_the_local_emulator(tmp_path) -> None:
    database = tmp_path / "local.db"
    process = await farakhan("check", env={"DATABASE_URL": f"sqlite:///{database}"})
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=15)
    assert process.returncode == 0, stderr.decode()
    assert "BOT_TOKEN is missing" not in stderr.decode()
    lines = stdout.decode().splitlines()
    assert lines[1] == "database: ok (migrated)" and database.exists()
    assert lines[2].startswith("api: no BOT_TOKEN set: `farakhan run` would use the local")
    assert "Bot API emulator" in lines[2]


async def test_help_names_every_command_in_its_summary() -> None:
    from bot.__main__ import parser

    commands = next(
        action.choices for action in parser()._actions if action.dest == "command"
    )  # the subcommands as argparse knows them
    process = await farakhan("--help", env={})
    stdout, _ = await asyncio.wait_for(process.communicate(), timeout=15)
    assert process.returncode == 0
    summary = stdout.decode().split("\n\n")[1]  # after the usage, before the arguments
    assert [name for name in commands if name not in summary] == []
