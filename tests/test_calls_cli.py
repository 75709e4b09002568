"""`calls import` and `calls list` from the shell: create, update, refuse, list."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "calls" / "user-rights-working-group.yaml"


def farakhan(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'f.db'}", "LOG_LEVEL": "ERROR"}
    env.pop("BOT_TOKEN", None)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_import_creates_then_updates_by_slug_and_list_shows_it(tmp_path) -> None:
    created = farakhan(tmp_path, "calls", "import", str(SAMPLE))
    assert created.returncode == 0, created.stderr
    assert "Created call 'user-rights-working-group' (deadline 1405/10/15 18:00" in created.stdout
    changed = tmp_path / "changed.yaml"
    changed.write_text(
        SAMPLE.read_text(encoding="utf-8").replace(
            "deadline_at: 1405/10/15 18:00", "deadline_at: ۱۴۰۵/۱۰/۲۰ ۱۸:۰۰"
        ),
        encoding="utf-8",
    )
    updated = farakhan(tmp_path, "calls", "import", str(changed))
    assert updated.returncode == 0, updated.stderr
    assert "Updated call 'user-rights-working-group' (deadline 1405/10/20 18:00" in updated.stdout
    listed = farakhan(tmp_path, "calls", "list")
    assert listed.stdout.splitlines() == [
        "user-rights-working-group\topen\tdeadline 1405/10/20 18:00\tno registrations"
    ]


def test_a_bad_file_lists_its_problems_and_writes_nothing(tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("slug: Bad Slug\ntitle: x\ndeadline_at: soon\nform: []\n", encoding="utf-8")
    result = farakhan(tmp_path, "calls", "import", str(bad))
    assert result.returncode == 2
    assert "bad.yaml has" in result.stderr
    assert "  - slug: use lowercase letters, digits and hyphens" in result.stderr
    for path in ("deadline_at:", "description:", "organiser:", "form:"):
        assert f"  - {path}" in result.stderr, path
    assert "No calls yet" in farakhan(tmp_path, "calls", "list").stdout


async def test_once_people_registered_the_form_may_only_grow_by_optional_questions(
    tmp_path,
) -> None:
    from bot.domain.clock import ManualClock
    from bot.services.journey import Journey
    from storage import Storage
    from tests.factories import BEFORE_DEADLINE, sample_call

    clock = ManualClock(BEFORE_DEADLINE)
    storage = await Storage.open(tmp_path / "f.db")
    call, _ = await storage.calls.save(sample_call(), clock.now())
    user = await storage.users.seen(
        1, first_name="S", last_name=None, username=None, default_language="fa", now=clock.now()
    )
    await Journey(storage=storage, clock=clock).begin(user, call)  # one draft is enough
    await storage.close()

    text = SAMPLE.read_text(encoding="utf-8")
    shrunk = tmp_path / "shrunk.yaml"
    shrunk.write_text(text[: text.index("  - key: proposals")], encoding="utf-8")
    refused = farakhan(tmp_path, "calls", "import", str(shrunk))
    assert refused.returncode == 2
    assert "already has 1 registration(s)" in refused.stderr
    assert "question 'proposals' cannot be removed" in refused.stderr

    grown = tmp_path / "grown.yaml"
    grown.write_text(
        text + "  - {key: city, type: text, label: شهر, required: false}\n", encoding="utf-8"
    )
    accepted = farakhan(tmp_path, "calls", "import", str(grown))
    assert accepted.returncode == 0, accepted.stderr
