"""One export in a process of its own, so its peak memory is its own.

`python -m bench.export_child DATABASE SLUG FORMAT OUTPUT` (DATABASE: a SQLite file, or a
PostgreSQL URL) prints one JSON line: the rows
written, the seconds the export took (wall and CPU), and the process's peak resident memory
(VmHWM) before and after it, in MB.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

from bot.domain.settings import load_settings
from bot.services.export import export_file
from bot.ui.texts import Translator
from storage import POSTGRESQL_SCHEMES, Storage


def peak_rss_mb() -> float:
    """The process's peak resident set size so far (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def export(database: Path | str, slug: str, fmt: str, output: Path) -> dict[str, float]:
    storage = await Storage.open(database)
    try:
        call = await storage.calls.by_slug(slug)
        assert call is not None, slug
        t = Translator("fa", load_settings(_env_file=None).tz)
        before = peak_rss_mb()
        started, cpu = time.perf_counter(), time.process_time()
        rows = await export_file(storage, call, fmt, output, t)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        await storage.close()
    return {
        "rows": rows,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "rss_before_mb": before,
        "peak_rss_mb": peak_rss_mb(),
    }


def main() -> None:
    database, slug, fmt, output = sys.argv[1:5]
    where = database if database.startswith(POSTGRESQL_SCHEMES) else Path(database)
    print(json.dumps(asyncio.run(export(where, slug, fmt, Path(output)))))


if __name__ == "__main__":
    main()
