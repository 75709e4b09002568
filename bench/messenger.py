"""The messenger's side of a benchmark: the emulator and the people who use it.

The pacing and surge benchmarks measure how a bot keeps to the messenger's limits, so the
messenger must keep its own time: `apart()` runs the emulator (and the volunteers who talk
to the bot) in a process of its own, and the bot under measurement has the bench's process
to itself. `together()` runs the same side in the bench's own event loop, to compare.

Either way the bench talks to a `Messenger`: recipients who started the bot, the limits,
volunteers who register, and afterwards the log of every counted request (method, chat,
status, when) and how many copies of a text each recipient got. Times are wall-clock
(`time.time()`), read in the emulator's process, as the emulator records its calls.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

from bench.steps import registration_steps
from emulator import EmulatorServer
from emulator.faults import RATE_LIMITED_METHODS
from emulator.models import UserError

ROOT = Path(__file__).resolve().parent.parent
# One counted request as the emulator saw it: method, chat id, HTTP status, wall time.
Request = tuple[str, int, int, float]


@dataclass(frozen=True)
class Volunteer:
    user: int
    starts_after: float  # seconds after the surge begins
    seed: int


@dataclass(frozen=True)
class Journey:
    user: int
    sent: list[float]  # wall time of each update the volunteer sent
    finished: bool  # every step was answered and the last screen reached


class Outcome:
    """What the emulator's log and the recipients' chats say of one run: its 429s, and the
    broadcast's duplicates and misses (for dataclasses with `requests` and `copies`)."""

    requests: list[Request]  # counted requests, in arrival order
    copies: list[int]  # broadcast messages each recipient got

    @property
    def too_many(self) -> int:
        return sum(1 for _, _, status, _ in self.requests if status == 429)

    @property
    def too_many_share(self) -> float:
        return self.too_many / len(self.requests) if self.requests else 0.0

    @property
    def duplicates(self) -> int:
        return sum(n - 1 for n in self.copies if n > 1)

    @property
    def missing(self) -> int:
        return sum(1 for n in self.copies if n == 0)


class Messenger(Protocol):
    """What a benchmark asks of the messenger's side."""

    api_base_url: str

    async def users(self, first: int, count: int) -> None:
        """`count` users from `first` on, each of whom has started the bot."""

    async def limits(
        self,
        global_per_second: float | None,
        per_chat_per_second: float | None,
        per_chat_burst: int | None,
        per_group_per_minute: float | None,
    ) -> None:
        """The limits the emulator enforces from now on."""

    async def surge(
        self, slug: str, volunteers: list[Volunteer], thought: tuple[float, float]
    ) -> list[Journey]:
        """The volunteers register for `slug`, each starting when told, thinking `thought`
        seconds (uniform, seeded) after each answer before the next step."""

    async def log(self) -> list[Request]:
        """Every counted request so far, in the order received."""

    async def copies(self, text: str, first: int, count: int) -> list[int]:
        """How many messages holding `text` each of the `count` users from `first` got."""


class Side:
    """The messenger itself: an emulator behind HTTP and the people acting in it."""

    def __init__(self, server: EmulatorServer) -> None:
        self.server = server
        self.emulator = server.emulator
        self.api_base_url = server.api_base_url

    async def users(self, first: int, count: int) -> None:
        for user in range(first, first + count):
            self.emulator.ensure_user(user)
            self.emulator.chats[user].started = True

    async def limits(
        self,
        global_per_second: float | None,
        per_chat_per_second: float | None,
        per_chat_burst: int | None,
        per_group_per_minute: float | None,
    ) -> None:
        self.emulator.set_rate_limits(
            global_per_second,
            per_chat_per_second,
            per_group_per_minute,
            per_chat_burst=per_chat_burst,
        )

    async def surge(
        self, slug: str, volunteers: list[Volunteer], thought: tuple[float, float]
    ) -> list[Journey]:
        began = time.monotonic()
        return list(
            await asyncio.gather(*(self._register(slug, v, thought, began) for v in volunteers))
        )

    async def log(self) -> list[Request]:
        return [
            (call.method, int(call.params.get("chat_id") or 0), call.status, call.time)
            for call in self.emulator.api_calls
            if call.method in RATE_LIMITED_METHODS
        ]

    async def copies(self, text: str, first: int, count: int) -> list[int]:
        return [
            sum(
                1 for m in self.emulator.messages(user) if m["from"] == "bot" and m["text"] == text
            )
            for user in range(first, first + count)
        ]

    async def _register(
        self, slug: str, volunteer: Volunteer, thought: tuple[float, float], began: float
    ) -> Journey:
        """One volunteer's registration: each step once the bot answered the last and the
        volunteer thought a moment; stops when an answer or a button never comes."""
        rng = random.Random(volunteer.seed)
        emulator, user = self.emulator, volunteer.user
        await asyncio.sleep(max(0.0, began + volunteer.starts_after - time.monotonic()))
        sent: list[float] = []
        for step, (kind, value) in enumerate(registration_steps(slug, volunteer.user)):
            if step:
                await asyncio.sleep(rng.uniform(*thought))
            if kind == "press":
                found = await self._button(user, value)
                if found is None:
                    return Journey(user, sent, finished=False)
                sent.append(time.time())
                emulator.press(user, found[0], button=found[1])
            else:
                sent.append(time.time())
                emulator.send_message(user, value)
            if not await self._answered(user, emulator.chat_version(user)):
                return Journey(user, sent, finished=False)
        return Journey(user, sent, finished=True)

    async def _answered(self, user: int, since: int, patience: float = 120.0) -> bool:
        """Waits for the bot to change the chat after `since` (its first answer)."""
        version = await self.emulator.wait_chat(user, since, patience)
        return version > since

    async def _button(
        self, user: int, label: str, patience: float = 120.0
    ) -> tuple[int, str] | None:
        """The newest bot message with a button holding `label`: (message id, its text);
        waits for the bot's reply to finish arriving, None if it never does."""
        deadline = time.monotonic() + patience
        while True:
            version = self.emulator.chat_version(user)
            for message in reversed(self.emulator.messages(user)):
                if message["from"] != "bot":
                    continue
                rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
                for button in (b for row in rows for b in row):
                    if label in button.get("text", "") and "callback_data" in button:
                        return message["message_id"], button["text"]
            if time.monotonic() >= deadline:
                return None
            await self.emulator.wait_chat(user, version, deadline - time.monotonic())


@contextlib.asynccontextmanager
async def together() -> AsyncIterator[Messenger]:
    """The messenger in the bench's own process and event loop."""
    async with EmulatorServer() as server:
        yield Side(server)


class Apart:
    """The messenger in a process of its own: each call is one JSON line each way."""

    def __init__(self, process: asyncio.subprocess.Process, api_base_url: str) -> None:
        self.process = process
        self.api_base_url = api_base_url
        self._lock = asyncio.Lock()

    async def _ask(self, operation: str, **arguments: Any) -> Any:
        assert self.process.stdin is not None and self.process.stdout is not None
        async with self._lock:
            line = json.dumps({"op": operation, "args": arguments}) + "\n"
            self.process.stdin.write(line.encode())
            await self.process.stdin.drain()
            answer = json.loads(await self.process.stdout.readline())
        if "error" in answer:
            raise RuntimeError(f"the messenger's process failed: {answer['error']}")
        return answer["result"]

    async def users(self, first: int, count: int) -> None:
        await self._ask("users", first=first, count=count)

    async def limits(
        self,
        global_per_second: float | None,
        per_chat_per_second: float | None,
        per_chat_burst: int | None,
        per_group_per_minute: float | None,
    ) -> None:
        await self._ask(
            "limits",
            global_per_second=global_per_second,
            per_chat_per_second=per_chat_per_second,
            per_chat_burst=per_chat_burst,
            per_group_per_minute=per_group_per_minute,
        )

    async def surge(
        self, slug: str, volunteers: list[Volunteer], thought: tuple[float, float]
    ) -> list[Journey]:
        answer = await self._ask(
            "surge", slug=slug, volunteers=[asdict(v) for v in volunteers], thought=thought
        )
        return [Journey(**journey) for journey in answer]

    async def log(self) -> list[Request]:
        return [tuple(request) for request in await self._ask("log")]

    async def copies(self, text: str, first: int, count: int) -> list[int]:
        return list(await self._ask("copies", text=text, first=first, count=count))


@contextlib.asynccontextmanager
async def apart() -> AsyncIterator[Messenger]:
    """The messenger in a child process (`python -m bench.messenger`), stopped on leaving."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.messenger",
        cwd=ROOT,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        limit=64 * 1024 * 1024,  # the log of a large run is one line
    )
    assert process.stdout is not None and process.stdin is not None
    try:
        ready = json.loads(await asyncio.wait_for(process.stdout.readline(), timeout=30))
        yield Apart(process, ready["api_base_url"])
    finally:
        process.stdin.close()
        try:
            await asyncio.wait_for(process.wait(), timeout=10)
        except TimeoutError:
            process.kill()
            await process.wait()


async def _serve() -> None:
    """The child's side of `Apart`: one JSON answer line per JSON request line on stdin."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=16 * 1024 * 1024)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    async with EmulatorServer() as server:
        side = Side(server)
        _answer({"api_base_url": server.api_base_url})
        while line := await reader.readline():
            request = json.loads(line)
            arguments = request["args"]
            try:
                if request["op"] == "surge":
                    arguments["volunteers"] = [Volunteer(**v) for v in arguments["volunteers"]]
                    arguments["thought"] = tuple(arguments["thought"])
                    result: Any = [asdict(j) for j in await side.surge(**arguments)]
                else:
                    result = await getattr(side, request["op"])(**arguments)
            except (UserError, TypeError, ValueError, KeyError, AttributeError) as error:
                _answer({"error": repr(error)})
                continue
            _answer({"result": result})


def _answer(body: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(body) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    asyncio.run(_serve())
