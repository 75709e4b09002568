"""Choice statistics come from tallies the database keeps: they must always equal a count of
the stored answers themselves, whatever happened to the answers, registrations and calls."""

import json
import random
from datetime import UTC, datetime, timedelta

from bench.dataset import sample_spec
from bot.domain.forms import QuestionType
from bot.domain.models import ACTIVE, RegistrationStatus
from storage import Storage
from storage.stats import StatsRepository

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
STATUSES = list(RegistrationStatus)


async def counted_directly(storage: Storage, call_id: int, key: str, statuses) -> dict:
    """The oracle: every answer read and counted (what the statistics did before tallies)."""
    marks = ", ".join("?" for _ in statuses)
    rows = await storage.db.fetch_all(
        "SELECT a.value FROM registrations r JOIN answers a ON a.registration_id = r.id"
        f" WHERE r.call_id = ? AND a.question_key = ? AND r.status IN ({marks})",
        (call_id, key, *statuses),
    )
    counts: dict[str, int] = {}
    for (stored,) in rows:
        value = json.loads(stored)
        for chosen in value if isinstance(value, list) else [value]:
            counts[str(chosen)] = counts.get(str(chosen), 0) + 1
    return counts


async def assert_tallies_hold(storage: Storage, call_ids, keys) -> None:
    stats = StatsRepository(storage.db)
    for call_id in call_ids:
        for key in keys:
            for statuses in (ACTIVE, (RegistrationStatus.DRAFT,), tuple(STATUSES)):
                expected = await counted_directly(storage, call_id, key, statuses)
                assert await stats.option_counts(call_id, key, statuses) == expected, (
                    call_id,
                    key,
                    statuses,
                )


async def assert_status_counts_hold(storage: Storage, call_ids) -> None:
    """/admin's counts by status (kept by triggers) equal a count of the registrations."""
    everywhere = dict.fromkeys(RegistrationStatus, 0)
    by_call = await storage.registrations.counts_by_call()
    for call_id in call_ids:
        rows = await storage.db.fetch_all(
            "SELECT status, COUNT(*) FROM registrations WHERE call_id = ? GROUP BY status",
            (call_id,),
        )
        expected = dict.fromkeys(RegistrationStatus, 0)
        expected.update({RegistrationStatus(status): n for status, n in rows})
        assert await storage.registrations.count_by_status(call_id) == expected, call_id
        assert by_call.get(call_id, dict.fromkeys(RegistrationStatus, 0)) == expected, call_id
        for status, n in expected.items():
            everywhere[status] += n
    assert await storage.gauges.registrations_by_status() == everywhere


async def test_tallies_equal_a_full_count_through_every_kind_of_change(database) -> None:
    storage = await Storage.open(database)
    rng = random.Random(14)
    try:
        calls = [(await storage.calls.save(sample_spec(slug), NOW))[0] for slug in ("one", "two")]
        keys = ["registering_as", "expertise", "full_name"]
        options = {
            "registering_as": ["person", "organisation"],
            "expertise": ["law", "privacy", "technology", "business", "policy"],
        }
        registrations = []
        for n in range(120):
            user = 5000 + n
            await storage.users.seen(
                user, first_name="x", last_name=None, username=None, default_language="fa", now=NOW
            )
            call = calls[n % 2]
            draft = await storage.registrations.start_draft(call.id, user, "full_name", NOW)
            registrations.append(draft)

        def an_answer(key):
            if key == "expertise":
                return rng.sample(options[key], rng.randint(1, 3))
            if key == "registering_as":
                return rng.choice(options[key])
            return f"name {rng.randint(1, 5)}"

        for step in range(1500):
            registration = rng.choice(registrations)
            action = rng.random()
            moment = NOW + timedelta(seconds=step)
            if action < 0.55:  # answer, change an answer, or clear it
                key = rng.choice(keys)
                value = None if rng.random() < 0.1 else an_answer(key)
                await storage.registrations.save_answer(registration.id, key, value, moment)
            elif action < 0.85:
                status = rng.choice(STATUSES)
                await storage.registrations.set_status(registration.id, status, moment)
            elif action < 0.9:  # withdrawn → registering again clears the answers
                current = await storage.registrations.get(registration.id)
                if current is not None:
                    await storage.registrations.set_status(
                        current.id, RegistrationStatus.WITHDRAWN, moment
                    )
                    again = await storage.registrations.start_draft(
                        current.call_id, current.user_id, "full_name", moment
                    )
                    registrations[registrations.index(registration)] = again
            elif action < 0.93:  # a draft discarded
                await storage.registrations.delete(registration.id)
                registrations.remove(registration)
            elif action < 0.95:  # a person erased (/forget)
                current = await storage.registrations.get(registration.id)
                if current is not None:
                    await storage.privacy.erase_user(current.user_id)
                registrations.remove(registration)
            if not registrations:
                break
        await assert_tallies_hold(storage, [c.id for c in calls], ["registering_as", "expertise"])
        await assert_status_counts_hold(storage, [c.id for c in calls])
        assert sum((await storage.registrations.count_by_status(calls[0].id)).values()) > 0
        stats = StatsRepository(storage.db)
        assert await stats.option_counts(calls[0].id, "full_name", ACTIVE) == {}  # not a choice

        # An admin changes a form: a text question becomes a choice; the tallies follow.
        spec = calls[0].spec
        questions = [
            q.model_copy(
                update={"type": QuestionType.CHOICE, "options": spec.form.questions[1].options}
            )
            if q.key == "full_name"
            else q
            for q in spec.form.questions
        ]
        changed = spec.model_copy(
            update={"form": spec.form.model_copy(update={"questions": questions})}
        )
        await storage.calls.update(calls[0].id, changed, NOW)
        await assert_tallies_hold(storage, [calls[0].id], ["full_name", "expertise"])

        # Retention erases a closed call's answers: nothing left to count.
        await storage.privacy.erase_answers(calls[1].id, NOW)
        assert await stats.option_counts(calls[1].id, "expertise", tuple(STATUSES)) == {}
        assert await stats.option_counts(calls[0].id, "expertise", ACTIVE)  # the other stays
        await assert_status_counts_hold(storage, [c.id for c in calls])  # registrations stay
    finally:
        await storage.close()
