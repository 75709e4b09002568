"""The benchmarks' quick run, as CI runs it: every benchmark at small sizes, and no broadcast
or reminder may reach anyone twice or miss anyone (timings are reported, not judged)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.timeout(420)
def test_the_quick_benchmarks_run_and_every_message_reaches_everyone_once(tmp_path) -> None:
    output = tmp_path / "results.md"
    finished = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--output", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=410,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    rows = {line.split("  ")[0]: line for line in finished.stdout.splitlines()}

    def value(figure: str) -> str:
        return re.split(r"\s{2,}", rows[figure])[1]

    assert value("Broadcast: duplicates") == "0"
    assert value("Broadcast: missing") == "0"
    assert "Interactive: registrations submitted" in rows
    assert any(figure.startswith("Scale: CSV export") for figure in rows)
    assert any(figure.startswith("Scale: /directory search") for figure in rows)
    assert value("Reminders: duplicates") == "0"
    # Pacing at each limit against both baselines; the surge against the conventional bot.
    assert value("Pacing: duplicates / missing") == "0 / 0"
    for limit in (20, 50):
        assert "aiogram" in rows[f"Pacing at {limit}/s: 429s (share of sends)"]
    assert value("Surge (4 volunteers): broadcast duplicates") == "0"
    assert value("Surge (4 volunteers): broadcast missing") == "0"
    assert "conventional bot" in rows["Surge (4 volunteers): a volunteer's reply p50 / p99"]
    assert "## Machine" in output.read_text()
