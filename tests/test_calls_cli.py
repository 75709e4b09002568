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
    from storage import Storage
    from tests.factories import BEFORE_DEADLINE, sample_call
    from tests.test_journey import journey_on

    clock = ManualClock(BEFORE_DEADLINE)
    storage = await Storage.open(tmp_path / "f.db")
    call, _ = await storage.calls.save(sample_call(), clock.now())
    user = await storage.users.seen(
        1, first_name="S", last_name=None, username=None, default_language="fa", now=clock.now()
    )
    await journey_on(storage, clock).begin(user, call)  # one draft is enough
    await storage.close()

    text = SAMPLE.read_text(encoding="utf-8")
    shrunk = tmp_path / "shrunk.yaml"
    shrunk.write_text(text[: text.index("  - key: proposals")], encoding="utf-8")
    refused = farakhan(tmp_path, "calls", "import", str(shrunk))
    assert refused.returncode == 2
    assert "already has 1 registration(s)" in refused.stderr
    assert "question 'proposals' cannot be removed" in refused.stderr

    grown = tmp_path / "grown.yaml"
    city = "  - {key: city, type: text, label: شهر, required: false}\n"
    grown.write_text(text.replace("\ndirectory:", f"\n{city}directory:"), encoding="utf-8")
    accepted = farakhan(tmp_path, "calls", "import", str(grown))
    assert accepted.returncode == 0, accepted.stderr


def test_a_call_whose_deadline_has_passed_is_refused_unless_forced(tmp_path) -> None:
    late = tmp_path / "late.yaml"
    late.write_text(
        SAMPLE.read_text(encoding="utf-8")
        .replace("opens_at: 1405/09/01", "opens_at: 1404/09/01")
        .replace("deadline_at: 1405/10/15", "deadline_at: 1404/10/15"),
        encoding="utf-8",
    )
    refused = farakhan(tmp_path, "calls", "import", str(late))
    assert refused.returncode == 2
    assert refused.stderr == (
        f"farakhan: the deadline in {late} (1404/10/15 18:00 Asia/Tehran) has already passed,"
        " so the call would be closed from the start; nothing was saved. Move deadline_at"
        " ahead, or add --force to import it closed.\n"
    )
    assert "No calls yet" in farakhan(tmp_path, "calls", "list").stdout

    forced = farakhan(tmp_path, "calls", "import", "--force", str(late))
    assert forced.returncode == 0, forced.stderr
    assert "Created call 'user-rights-working-group' (deadline 1404/10/15 18:00" in forced.stdout
    assert "its deadline has passed: it takes no registrations" in forced.stdout


async def test_a_raised_capacity_moves_the_waiting_list_up_and_queues_their_notice(
    tmp_path,
) -> None:
    """No bot runs here: the notice waits in the outbox for the bot to deliver it."""
    from bot.domain.clock import ManualClock
    from bot.domain.models import RegistrationStatus
    from storage import Storage
    from tests.factories import BEFORE_DEADLINE, FAR_DEADLINE, call_file, small_call
    from tests.test_journey import journey_on, register, volunteer

    clock = ManualClock(BEFORE_DEADLINE)
    storage = await Storage.open(tmp_path / "f.db")
    call, _ = await storage.calls.save(small_call(capacity=1), clock.now())
    for user_id in (1, 2, 3):
        journey = journey_on(storage, clock)
        await register(journey, storage, call, await volunteer(storage, clock, user_id), "v")
        clock.advance(minutes=1)
    await storage.close()

    raised = tmp_path / "raised.yaml"
    raised.write_text(call_file(small_call(capacity=2, deadline_at=FAR_DEADLINE)), "utf-8")
    result = farakhan(tmp_path, "calls", "import", str(raised))
    assert result.returncode == 0, result.stderr

    storage = await Storage.open(tmp_path / "f.db")
    try:
        statuses = [
            (await storage.registrations.for_user_and_call(user_id, call.id)).status
            for user_id in (1, 2, 3)
        ]
        assert statuses == [
            RegistrationStatus.SUBMITTED,
            RegistrationStatus.SUBMITTED,
            RegistrationStatus.WAITLISTED,
        ]
        rows = await storage.db.fetch_all(
            "SELECT d.chat_id, d.status, b.payload FROM deliveries d"
            " JOIN broadcasts b ON b.id = d.broadcast_id"
        )
        assert [(row[0], row[1]) for row in rows] == [(2, "pending")]
        assert "جایی خالی شد" in rows[0][2]
    finally:
        await storage.close()
