"""`python -m bench [--quick] [--output PATH]`: every benchmark, one table, bench/results.md.

Each figure stands next to a baseline measured in the same run (an echo bot, the configured
rate, the smaller size, the pacing floor), so the ratios hold on a noisy machine. The full
run writes bench/results.md; `--quick` uses small sizes, writes nothing unless asked, and
like the full run exits with 1 when a broadcast or a reminder reached someone twice or not
at all (timings are reported, never a reason to fail).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench import broadcast, interactive, pacing, reminders, scale, surge
from bench.report import Row, machine, markdown, table
from bench.rows import (
    broadcast_rows,
    interactive_rows,
    kind,
    pacing_rows,
    reminder_rows,
    scale_rows,
    surge_rows,
)
from bench.surge import SurgePlan

RESULTS = Path(__file__).resolve().parent / "results.md"


@dataclass(frozen=True)
class Sizes:
    volunteers: int
    recipients: int
    scale: tuple[int, int]
    reminders: int
    pacing: tuple[int, tuple[float, ...]]  # recipients, and the limits they are sent at
    surge: tuple[SurgePlan, ...]


FULL = Sizes(
    volunteers=2_000,
    recipients=3_000,
    scale=(10_000, 100_000),
    reminders=1_000,
    pacing=(3_000, (20, 30, 50)),
    # The surge, whose replies alone ask for 3.3 times the messenger's limit while
    # most volunteers register (see the "replies asked for" row), and one the limit can
    # carry with room for the broadcast (0.67 of it; 100 volunteers would ask for 1.1).
    surge=(
        SurgePlan(volunteers=300, spread=60, thought=(2, 5), recipients=3_000),
        SurgePlan(volunteers=60, spread=60, thought=(2, 5), recipients=3_000),
    ),
)
QUICK = Sizes(
    volunteers=200,
    recipients=150,
    scale=(200, 2_000),
    reminders=100,
    pacing=(60, (20, 50)),
    surge=(SurgePlan(volunteers=4, spread=1, thought=(2, 2.5), recipients=60),),
)
RATE = 25.0  # SEND_RATE_CEILING, against the emulator's 30 msg/s and 1 msg/s per chat
CORRECTNESS = (  # and the reminders' rows
    "Broadcast: duplicates",
    "Broadcast: missing",
    "Pacing: duplicates / missing",
    "Surge: broadcast duplicates",
    "Surge: broadcast missing",
)


PARTS = ("interactive", "broadcast", "pacing", "surge", "scale", "reminders")


async def run(sizes: Sizes, parts: tuple[str, ...] = PARTS) -> list[Row]:
    """Runs the benchmarks (all, or the `parts` named) one after another; their rows."""
    rows: list[Row] = []
    if "interactive" in parts:
        rows += interactive_rows(await interactive.measure(sizes.volunteers))
    if "broadcast" in parts:
        rows += broadcast_rows(await broadcast.measure(sizes.recipients, RATE))
    if "pacing" in parts:
        recipients, limits = sizes.pacing
        rows += pacing_rows([await pacing.measure(limit, recipients) for limit in limits])
    if "surge" in parts:
        for plan in sizes.surge:
            rows += surge_rows(await surge.measure(plan))
    if "scale" in parts:
        with tempfile.TemporaryDirectory() as folder:
            small = await scale.measure(sizes.scale[0], Path(folder))
            large = await scale.measure(sizes.scale[1], Path(folder))
        rows += scale_rows(small, large)
    if "reminders" in parts:
        measured = await reminders.measure_apart(sizes.reminders, RATE)
        rows += reminder_rows(sizes.reminders, measured)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes (CI)")
    parser.add_argument("--output", type=Path, help="where to write the results (Markdown)")
    parser.add_argument(
        "--only",
        type=lambda text: tuple(text.split(",")),
        default=PARTS,
        help=f"some of the benchmarks, comma-separated: {','.join(PARTS)}"
        " (writes bench/results.md only when given --output)",
    )
    on_postgres = parser.add_argument_group(
        "PostgreSQL beside SQLite (only the scale rows and the interactive row)"
    )
    on_postgres.add_argument(
        "--postgres", action="store_true", help="on a throwaway PostgreSQL cluster of its own"
    )
    on_postgres.add_argument(
        "--database",
        metavar="URL",
        help="on this PostgreSQL server (it creates and drops"
        " databases of its own there): postgresql://user@host:port/postgres",
    )
    on_postgres.add_argument("--size", type=int, help="registrations (default 100,000)")
    on_postgres.add_argument("--volunteers", type=int, help="interactive (default 2,000)")
    args = parser.parse_args()
    if unknown := set(args.only) - set(PARTS):
        parser.error(f"no such benchmark: {', '.join(sorted(unknown))}")
    logging.basicConfig(level=logging.ERROR)
    if args.postgres or args.database:
        from bench.postgres import main as beside_postgres

        return beside_postgres(args)
    sizes = QUICK if args.quick else FULL
    started, load = time.monotonic(), os.getloadavg()
    rows = asyncio.run(run(sizes, args.only))
    seconds = time.monotonic() - started
    print(table(rows))
    print(f"\n{'quick' if args.quick else 'full'} run: {seconds:.0f} s")
    whole = not args.quick and args.only == PARTS
    output = args.output or (RESULTS if whole else None)
    if output is not None:
        when = datetime.now(UTC)
        output.write_text(markdown(rows, machine(), when, seconds, args.quick, load))
        print(f"wrote {output}")
    # Correctness, not speed: every broadcast and reminder reaches everyone exactly once.
    broken = [
        r for r in rows if kind(r.figure) in CORRECTNESS or r.figure.startswith("Reminders: ")
    ]
    return 1 if any(r.passed is False for r in broken) else 0


if __name__ == "__main__":
    sys.exit(main())
