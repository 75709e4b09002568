"""Reminder timing: N reminders fall due at the same moment; how late does each go out?

N calls share one deadline, each with one follower and one reminder three hours before it.
The bot runs on a clock that moves with real time, woken by its own job queue; for each
reminder, the lag is from its due time to the moment its first message leaves. The outbox
paces every send, so the k-th reminder cannot leave before k / rate: that pacing floor is
the baseline.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench import dataset
from bench.harness import OPEN_MOMENT
from bench.inprocess import InProcessRequest, our_bot
from bot.domain.calls import ReminderPlan
from bot.services.container import Services
from handlers.context import SERVICES_KEY

DEADLINE = datetime(2026, 12, 20, 15, 0, tzinfo=UTC)  # 18:30 in Tehran: no quiet hours near
DUE = DEADLINE - timedelta(hours=3)
FIRST_USER = 3_000_000
ROOT = Path(__file__).resolve().parent.parent


class RunningClock:
    """Real time, shifted: reads `start` now, and moves on as the seconds pass."""

    def __init__(self, start: datetime) -> None:
        self.jump_to(start)

    def now(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._started)

    def jump_to(self, moment: datetime) -> None:
        self._start, self._started = moment, time.monotonic()

    def monotonic_at(self, moment: datetime) -> float:
        """The time.monotonic() reading at which this clock shows `moment`."""
        return self._started + (moment - self._start).total_seconds()


@dataclass(frozen=True)
class ReminderFigures:
    reminders: int
    rate: float
    sent: int  # reminders that reached their follower
    duplicates: int  # messages beyond one per follower
    first_lag: float  # the earliest reminder: the scheduler's own reaction time
    p50: float
    p99: float
    floor_p50: float  # what pacing alone allows
    floor_p99: float

    @property
    def ratio(self) -> float:
        """The pacing floor over the measured p99 (1.0: the bot adds nothing to pacing)."""
        return self.floor_p99 / self.p99 if self.p99 else 0.0


async def measure(
    reminders: int, rate: float = 25.0, report: Callable[[ReminderFigures], None] = print
) -> None:
    """Sets up `reminders` calls, waits for their reminders to fall due, times the sends.

    The figures are reported as soon as the sends are in (or the time is up), before the bot
    stops: a scheduler that never settles must not keep the figures from being seen.
    """
    plan = ReminderPlan(before_deadline=["3h"], drafts=False, followers=True, everyone=False)
    specs = [
        dataset.sample_spec(f"reminded-{n}", deadline_at=DEADLINE, reminders=plan)
        for n in range(reminders)
    ]
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "reminders.db"
        call_ids = await dataset.create(database, specs)
        users = dataset.add_users(database, reminders, FIRST_USER)
        dataset.add_followers(database, list(zip(call_ids, users, strict=True)), OPEN_MOMENT)
        request = InProcessRequest()
        clock = RunningClock(DUE - timedelta(hours=1))
        async with our_bot(request, database, clock, SEND_RATE_CEILING=str(rate)) as app:
            services: Services = app.bot_data[SERVICES_KEY]
            # How long one wake-up's re-planning takes, to leave it room before the due time.
            started = time.monotonic()
            await services.scheduler.tick()
            lead = 1.0 + 2 * (time.monotonic() - started)
            clock.jump_to(DUE - timedelta(seconds=lead))
            await services.scheduler.tick()  # re-arms the job queue for the due time
            due_at = clock.monotonic_at(DUE)
            limit = due_at + reminders / rate + 10
            while len(request.first_sent) < reminders and time.monotonic() < limit:  # noqa: ASYNC110
                await asyncio.sleep(0.05)
            lags = sorted(
                request.first_sent[user] - due_at for user in users if user in request.first_sent
            )
            duplicates = sum(request.sent[user] - 1 for user in users if request.sent[user] > 1)
            report(_figures(reminders, rate, lags, duplicates))


def _figures(reminders: int, rate: float, lags: list[float], duplicates: int) -> ReminderFigures:
    floor = [k / rate for k in range(reminders)]
    return ReminderFigures(
        reminders=reminders,
        rate=rate,
        sent=len(lags),
        duplicates=duplicates,
        first_lag=lags[0] if lags else float("inf"),
        p50=statistics.median(lags) if lags else float("inf"),
        p99=_p99(lags) if lags else float("inf"),
        floor_p50=statistics.median(floor),
        floor_p99=_p99(floor),
    )


def _p99(values: list[float]) -> float:
    return values[min(len(values) - 1, int(0.99 * len(values)))]


async def measure_apart(reminders: int, rate: float = 25.0) -> ReminderFigures | None:
    """`measure` in a process of its own, killed if it outstays its time; None if it did."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.reminders",
        str(reminders),
        str(rate),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    # Setting up and re-planning many calls, the sends at `rate`, and time to spare.
    allowed = 30 + reminders / 25 + reminders / rate
    line = b""
    try:
        line = await asyncio.wait_for(process.stdout.readline(), timeout=allowed)
        await asyncio.wait_for(process.wait(), timeout=5)
    except TimeoutError:
        process.kill()
        await process.wait()
    return ReminderFigures(**json.loads(line)) if line.strip() else None


def main() -> None:
    """`python -m bench.reminders N RATE`: one JSON line of figures, then exit."""
    reminders, rate = int(sys.argv[1]), float(sys.argv[2])
    asyncio.run(measure(reminders, rate, lambda f: print(json.dumps(asdict(f)), flush=True)))


if __name__ == "__main__":
    main()
