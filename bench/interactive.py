"""Interactive throughput: simulated volunteers register for the sample call, concurrently.

Each volunteer walks the whole form (deep link → consent → answers → submit), pressing the
real buttons of the bot's last screen. Updates are fed to the real application over an
in-process request layer. Two baselines run through the same harness: a bare PTB application
whose handlers only echo (the issue's), and one that makes exactly our bot's Bot API calls
for the same updates and nothing else (what the framework alone costs for our replies).
Reported: updates a second for each, and per-update latency.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from telegram import Bot, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bench.dataset import sample_spec
from bench.harness import OPEN_MOMENT, TOKEN
from bench.inprocess import (
    InProcessRequest,
    calls_of_update,
    feed,
    our_bot,
    started,
    stopped,
)
from bench.steps import registration_steps
from bot.domain.clock import ManualClock
from bot.domain.models import RegistrationStatus
from bot.runtime.app import STORAGE_KEY
from storage import Storage

FIRST_USER = 1_000_000
CONCURRENT = 32  # volunteers mid-form at any moment


@dataclass(frozen=True)
class Throughput:
    updates: int
    seconds: float
    p50: float
    p99: float

    @property
    def per_second(self) -> float:
        return self.updates / self.seconds


@dataclass(frozen=True)
class InteractiveFigures:
    volunteers: int
    ours: Throughput
    echo: Throughput  # a bare PTB application that only echoes
    replay: Throughput  # a bare PTB application making exactly our replies, nothing else
    submitted: int  # registrations that reached "submitted": every volunteer, or a bug

    @property
    def ratio(self) -> float:
        return self.ours.per_second / self.echo.per_second

    @property
    def replay_ratio(self) -> float:
        return self.ours.per_second / self.replay.per_second


async def measure(volunteers: int) -> InteractiveFigures:
    """The echo baseline, the real bot, then a replay of the real bot's replies.

    The echo bot answers each update with one short text. The replay makes, for each of the
    same updates, the very Bot API calls our bot made (its screens, keyboards, answered
    buttons) without doing anything else: the framework's share of our bot's work.
    """
    echo = await _echo_run(volunteers)
    script: Script = {}
    ours, submitted = await _our_run(volunteers, script)
    replay = await _replay_run(volunteers, script)
    return InteractiveFigures(volunteers, ours, echo, replay, submitted)


# For each volunteer, in order: each update fed and the Bot API calls made while handling it.
Script = dict[int, list[tuple[dict[str, Any], list[tuple[str, dict[str, Any]]]]]]
NextUpdate = Callable[[int, int], dict[str, Any] | None]


async def _drive(
    app: Application, volunteers: int, next_update: NextUpdate, script: Script | None = None
) -> Throughput:
    """Runs `volunteers` through their steps, CONCURRENT at a time; times every update."""
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(volunteers):
        queue.put_nowait(n)
    latencies: list[float] = []

    async def volunteer_slot() -> None:
        while not queue.empty():
            n = queue.get_nowait()
            step = 0
            while (update := next_update(n, step)) is not None:
                if script is not None:
                    calls: list[tuple[str, dict[str, Any]]] = []
                    calls_of_update.set(calls)  # this slot's task only
                    script.setdefault(n, []).append((update, calls))
                started_at = time.perf_counter()
                await feed(app, update)
                latencies.append(time.perf_counter() - started_at)
                step += 1

    began = time.perf_counter()
    await asyncio.gather(*(volunteer_slot() for _ in range(min(CONCURRENT, volunteers))))
    seconds = time.perf_counter() - began
    latencies.sort()
    return Throughput(
        updates=len(latencies),
        seconds=seconds,
        p50=statistics.median(latencies),
        p99=latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))],
    )


async def our_throughput(volunteers: int, database: Path | str) -> tuple[Throughput, int]:
    """The real bot alone on `database` (an empty one: a SQLite file's path, or a PostgreSQL
    URL): its throughput, and the registrations submitted."""
    return await _our_run(volunteers, {}, database)


async def _our_run(
    volunteers: int, script: Script, database: Path | str | None = None
) -> tuple[Throughput, int]:
    request = InProcessRequest()
    update_ids = itertools.count(1)
    slug = sample_spec().slug

    def next_update(n: int, step: int) -> dict[str, Any] | None:
        steps = registration_steps(slug, n)
        if step >= len(steps):
            return None
        kind, value = steps[step]
        user = FIRST_USER + n
        update = (
            request.text_update(user, value)
            if kind == "text"
            else request.press_update(user, value)
        )
        update["update_id"] = next(update_ids)
        return update

    with tempfile.TemporaryDirectory() as folder:
        where = Path(folder) / "bench.db" if database is None else database
        async with our_bot(request, where, ManualClock(OPEN_MOMENT)) as app:
            storage: Storage = app.bot_data[STORAGE_KEY]
            call, _ = await storage.calls.save(sample_spec(), OPEN_MOMENT)
            figures = await _drive(app, volunteers, next_update, script)
            counts = await storage.registrations.count_by_status(call.id)
    return figures, counts[RegistrationStatus.SUBMITTED]


def _bare_app(request: InProcessRequest) -> Application:
    """A PTB application with nothing of ours: the same request layer and concurrency."""
    return (
        ApplicationBuilder()
        .token(TOKEN)
        .request(request)
        .get_updates_request(request)
        .concurrent_updates(64)
        .build()
    )


async def _echo_run(volunteers: int) -> Throughput:
    """The baseline: the same kinds of updates, to a PTB application that only echoes them."""
    request = InProcessRequest()
    app = _bare_app(request)
    app.add_handler(MessageHandler(filters.TEXT, _echo_text))
    app.add_handler(CallbackQueryHandler(_echo_press))

    def next_update(n: int, step: int) -> dict[str, Any] | None:
        steps = registration_steps("call", n)
        if step >= len(steps):
            return None
        kind, value = steps[step]
        user = FIRST_USER + n
        chat = request.chat(user)
        if kind == "text" or not chat.messages:
            return request.text_update(user, value)
        return request.callback_update(user, chat.messages[max(chat.messages)], value[:60])

    await started(app)
    try:
        return await _drive(app, volunteers, next_update)
    finally:
        await stopped(app)


async def _replay_run(volunteers: int, script: Script) -> Throughput:
    """The same updates again, to a PTB application that makes our bot's calls and no more."""
    request = InProcessRequest()
    app = _bare_app(request)
    calls = {update["update_id"]: made for steps in script.values() for update, made in steps}

    async def replay(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Makes the calls our bot made for this update, through the Bot's own methods."""
        for method, params in calls[update.update_id]:
            await _call(context.bot, method, params)

    app.add_handler(TypeHandler(Update, replay))

    def next_update(n: int, step: int) -> dict[str, Any] | None:
        steps = script.get(n, [])
        return steps[step][0] if step < len(steps) else None

    await started(app)
    try:
        return await _drive(app, volunteers, next_update)
    finally:
        await stopped(app)


async def _call(bot: Bot, method: str, params: dict[str, Any]) -> None:
    """Makes one recorded call as our bot makes it: through `_post`, the answer unparsed.

    Our bot sends and edits its screens without building a `Message` of the answer
    (`LenientBot.call_unparsed`), and its inline keyboards are plain data (`bot.ui.screens`);
    the replay does the same, so that it stays the framework's share of exactly our work.
    """
    await bot._post(method, dict(params))  # the very path of LenientBot.call_unparsed


async def _echo_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Says back what was typed."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(update.effective_message.text or "")


async def _echo_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answers the button and shows its data in place, like a screen replaced."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_text(query.data or "")


if __name__ == "__main__":  # a quick look: python -m bench.interactive
    logging.basicConfig(level=logging.WARNING)
    print(asyncio.run(measure(200)))
