"""The benchmarks' table, for the terminal and for bench/results.md, and the machine it ran on."""

from __future__ import annotations

import os
import platform
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path

PACKAGES = ("python-telegram-bot", "aiosqlite", "openpyxl", "aiohttp", "pydantic", "httpx")
COLUMNS = ("figure", "value", "baseline", "ratio", "target", "")
METHOD = (
    "- **Interactive** (`bench/interactive.py`): each simulated volunteer sends the 11"
    " updates of the sample call's registration (deep link, Register, consent, name, choice,"
    " an expertise and its confirmation, phone, e-mail, Skip, Submit), pressing the buttons"
    " of the bot's last screen; 32 volunteers at a time. Updates go to the application's"
    " update processor, as PTB's own fetcher hands them; the Bot API is answered in-process"
    " (`bench/inprocess.py`, a `BaseRequest`). PTB's rate limiter (Telegram's 30 messages a"
    " second) is off: the figure is the bot's own capacity. Baselines, same harness: a bare"
    " PTB application that echoes each update, and one that replays, for the same updates,"
    " exactly the Bot API calls our bot made (the framework's share of our replies). These"
    " figures are reported, no longer judged: hundreds of updates a second is far above what"
    " the messenger lets a bot send (about 30 messages a second), so the pacing and surge"
    " rows judge what people feel.",
    "- **Broadcast** (`bench/broadcast.py`): the local emulator over HTTP, enforcing 30"
    " messages a second and 1 a second per chat (429 with `retry_after` beyond);"
    " `SEND_RATE_CEILING` 25; a volunteer sends `/help` every few seconds meanwhile.",
    "- **Pacing** (`bench/pacing.py`, `bench/baselines.py`): one broadcast to N recipients"
    " who started the bot. The emulator runs in a process of its own (`bench/messenger.py`),"
    " so the bot's load never moves the messenger's clock (in the bench's own process the"
    " figures were the same within noise on an idle machine: 0.935 both ways at 30 a second,"
    " 900 recipients); it allows 20, 30 or 50 messages a"
    " second (any one-second window; a 429 with `retry_after` 1 beyond), 1 a second per chat"
    " and 20 a minute per group. Farakhan runs with `SEND_RATE_CEILING` 60 and must find the"
    " limit. Baselines in the same run, each against a fresh emulator: a PTB bot with"
    " `AIORateLimiter` at its defaults (30 a second; `max_retries` 5) sending in a loop (PTB's"
    " wiki, “Avoiding flood limits”), and aiogram's documented broadcast loop"
    " (`examples/broadcast_example.py`: sleep a fixed 0.05 s after each send; on a flood error"
    " sleep `retry_after` and send again), written with PTB's plain `Bot`, since aiogram is"
    " not a dependency. From the emulator's log of the sends: *overall* is messages"
    " delivered ÷ seconds from the hand-over to the last delivery ÷ the limit. *Settled* is"
    " the first delivery from which every 2-second span to the end holds at least 95% of the"
    " limit; a span is excused only if it takes in the pause after a lone 429 (one after 10"
    " seconds without any: a probe for a raised limit), and a sender whose last spans fall"
    " short never settles. The rate *once settled* runs from there to the end, probes"
    " included. Why this definition: excusing every 429's pause would call a sender that is"
    " refused every second settled from the start, and “the rest of the run is at 95%”"
    " would make the rate once settled 0.95 or more by construction. 429s: their number and"
    " their share of the sends the emulator received.",
    "- **Surge** (`bench/surge.py`): the emulator (in its own process) allows 30 messages a"
    " second, 20 a minute per group and 1 a second per private chat with short bursts of up"
    " to 3 (a token bucket, as Telegram allows short bursts: a step of the form edits the last"
    " question and asks the next, two or three requests to one chat within milliseconds). A"
    " broadcast to N recipients is handed over and at the same moment V volunteers start"
    " registering, their starts spread evenly (seeded) over S seconds; each walks the sample"
    " call's registration (12 updates, pressing the buttons of the bot's last screen) and"
    " thinks 2 to 5 seconds after each answer. The volunteers act in the emulator's process."
    " Farakhan runs at Telegram's default ceiling (30): the outbox sends the broadcast, replies"
    " come first. The baseline is the same application as a conventional bot runs it:"
    " `AIORateLimiter` (`max_retries` 5) for every request instead of the send budget, and the"
    " broadcast a loop through that same bot. *Sends while both run*: every message or edit"
    " delivered between the first volunteer's first update and the end of the broadcast or of"
    " the registrations, whichever came first, a second ÷ 30. A reply's wait: from the"
    " volunteer's update to the bot's first delivered message or edit in that chat. *Replies"
    " asked for*: the messages and edits delivered to the volunteers ÷ the time their"
    " registrations would take if no reply waited (S + 11 × the mean thought) ÷ 30; above 1,"
    " no bot can answer them all without delay.",
    "- **Scale** (`bench/scale.py`, `bench/dataset.py`): users, registrations (85% submitted,"
    " 5% drafts, 4% waiting, 6% withdrawn) and answers written straight into the database."
    " Each export runs in a process of its own; its peak RSS is that process's VmHWM. `/admin`,"
    " the statistics screen and `/find`: median of 5, as an admin sees them (for `/find`, the"
    " slowest of three queries: a phone in Persian digits, a reference code in lower case, and"
    " a full name thousands share). The directory holds one entry per user with the sample"
    " call's profile: `/directory` (everyone counted by each choice), a page with one"
    " expertise ticked, and `/directory <text>` (the slower of /find's phone and shared full"
    " name), median of 5. Start-up: from building the application to its being"
    " ready (storage, outbox recovery, the scheduler's first look), with N pending deliveries"
    " and N/10 planned reminders.",
    "- **Reminders** (`bench/reminders.py`): N calls share a deadline, each with one follower"
    " and a reminder 3 hours before it; the bot's clock runs in real time and its job queue"
    " wakes it. Lag: from the due time to the reminder's first message. The pacing floor"
    " (the k-th can't leave before k / rate) is the baseline. It runs in a process of its"
    " own, stopped if it outstays its time.",
)


@dataclass(frozen=True)
class Row:
    figure: str
    value: str
    baseline: str
    ratio: str
    target: str
    passed: bool | None  # None: reported, no target

    def cells(self) -> tuple[str, ...]:
        verdict = {True: "pass", False: "FAIL", None: ""}[self.passed]
        return (self.figure, self.value, self.baseline, self.ratio, self.target, verdict)


def table(rows: list[Row]) -> str:
    """The rows as aligned plain text."""
    lines = [COLUMNS, *(row.cells() for row in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(COLUMNS))]
    text = ["  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True))
            for line in lines]  # fmt: skip
    text.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in text)


def machine() -> dict[str, str]:
    """What the figures came from: cores, CPU, memory, Python and the key packages."""
    info = {
        "cores (nproc)": str(os.cpu_count()),
        "CPU": _proc_value("/proc/cpuinfo", "model name") or platform.processor(),
        "RAM": _memory(),
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version,
    }
    for package in PACKAGES:
        try:
            info[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            info[package] = "not installed"
    return info


def _proc_value(path: str, key: str) -> str:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


def _memory() -> str:
    total = _proc_value("/proc/meminfo", "MemTotal")
    return f"{int(total.split()[0]) / 1024 / 1024:.1f} GB" if total else "unknown"


def markdown(
    rows: list[Row],
    about: dict[str, str],
    when: datetime,
    seconds: float,
    quick: bool,
    load: tuple[float, float, float],
) -> str:
    """bench/results.md: the table, when and where it was measured, and how to read it."""
    head = "| " + " | ".join(c or "result" for c in COLUMNS) + " |"
    lines = [
        "# Benchmark results",
        "",
        f"A {'quick' if quick else 'full'} run of `python -m bench`"
        f"{' --quick' if quick else ''} (`make bench`), {when:%Y-%m-%d %H:%M} UTC,"
        f" {seconds / 60:.1f} minutes. Each figure stands next to a baseline measured in the"
        " same run; the ratio compares them (for the scale rows: how much the time grew"
        " from the smaller size to the larger, 10 being linear).",
        "",
        head,
        "|" + "---|" * len(COLUMNS),
        *(
            "| " + " | ".join(cell.replace("|", "/") for cell in row.cells()) + " |"
            for row in rows
        ),
        "",
        "What was found and changed to get here: [FINDINGS.md](FINDINGS.md).",
        "",
        "## How it is measured",
        "",
        *METHOD,
        "",
        "## Machine",
        "",
        *(f"- {key}: {value}" for key, value in about.items()),
        f"- load average when the run began: {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f}"
        " (other work on the machine at the same time)",
        "",
    ]
    return "\n".join(lines)
