"""The benchmarks' quick run, as CI runs it: every benchmark at small sizes, and no broadcast
or reminder may reach anyone twice or miss anyone (timings are reported, not judged)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.timeout(240)
def test_the_quick_benchmarks_run_and_every_message_reaches_everyone_once(tmp_path) -> None:
    output = tmp_path / "results.md"
    finished = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--output", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=230,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    rows = {line.split("  ")[0]: line for line in finished.stdout.splitlines()}
    assert rows["Broadcast: duplicates"].split()[2] == "0"
    assert rows["Broadcast: missing"].split()[2] == "0"
    assert "Interactive: registrations submitted" in rows
    assert any(figure.startswith("Scale: CSV export") for figure in rows)
    assert any(figure.startswith("Scale: /directory search") for figure in rows)
    assert rows["Reminders: duplicates"].split()[2] == "0"
    assert "## Machine" in output.read_text()
