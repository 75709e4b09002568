"""The rules of an admin's list of registrants, without Telegram: what a listing key may say,
which answer it filters by, pages, names, a registration's history; and the lists themselves
against a database, compared with a plain count of the stored rows whatever happens to them."""

import json
import random
from datetime import UTC, datetime, timedelta

import pytest

import storage.db as storage_db
from bench.dataset import sample_spec
from bot.domain.admin_sessions import AdminSession, Flow, Step
from bot.domain.broadcasts import BroadcastKind
from bot.domain.calls import CallSpec
from bot.domain.clock import ManualClock
from bot.domain.forms import QuestionType
from bot.domain.models import RegistrationStatus
from bot.domain.refusal import Refusal
from bot.domain.registrants import (
    MESSAGE_ROOM,
    STATUS_FILTERS,
    BadListing,
    Listing,
    Moment,
    StatusChange,
    choice_filter,
    history,
    name_question,
    offered,
    page_count,
)
from bot.domain.segments import Segment, SegmentKind
from bot.services.registrants import Registrants
from storage import Storage
from tests.factories import TEHRAN, small_call

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
S = RegistrationStatus


class _Outbox:
    """Stands in for the sender: these tests only look at the rows it would send."""

    woken = 0

    def wake(self) -> None:
        self.woken += 1


def service(storage: Storage, clock: ManualClock | None = None) -> Registrants:
    return Registrants(
        storage=storage, clock=clock or ManualClock(NOW), outbox=_Outbox(), tz=TEHRAN
    )  # type: ignore[arg-type]  # only wake() is used


# The listing key.


@pytest.mark.parametrize(
    "listing",
    [
        Listing(),
        Listing(page=3),
        Listing(S.WITHDRAWN),
        Listing(S.DRAFT, 4, 0),
        Listing(None, 49, 29, 99_999),
        *(Listing(status, 2, 1, 12) for status in STATUS_FILTERS),
    ],
)
def test_a_listing_reads_back_as_it_was_written(listing: Listing) -> None:
    key = listing.encode()
    assert Listing.decode(key) == listing
    assert len(key) <= 14 and key[0].isalpha() and key == key.lower()


def test_the_default_listing_is_everyone_who_submitted_on_the_first_page() -> None:
    assert Listing().encode() == "a"
    assert Listing.decode("a") == Listing(None, None, None, 0)
    assert not Listing().filtered and Listing(S.ACCEPTED).filtered and Listing(None, 1, 1).filtered


@pytest.mark.parametrize(
    "key", ["", "z", "A", "aq1", "ao1", "ap", "aq100o1", "aq1o1p123456", "a p1", "ab", "sq1o2x"]
)
def test_a_key_that_encode_would_not_write_is_no_listing(key: str) -> None:
    assert Listing.decode(key) is None


def test_a_page_stays_within_bounds_and_a_new_filter_starts_at_page_one() -> None:
    listing = Listing(S.SUBMITTED, 4, 1, 7)
    assert listing.at(-1).page == 0 and listing.at(10**9).page == 99_999
    assert listing.with_status(S.WITHDRAWN) == Listing(S.WITHDRAWN, 4, 1, 0)
    assert listing.with_choice(None, None) == Listing(S.SUBMITTED, None, None, 0)
    assert [page_count(n) for n in (0, 1, 10, 11, 25, 100_000)] == [1, 1, 1, 2, 3, 10_000]


def test_only_an_answer_to_a_choice_question_of_the_form_filters() -> None:
    spec = sample_spec()  # 0 full_name (text), 1 registering_as (choice), 4 expertise (multi)
    chosen = choice_filter(spec, Listing(None, 4, 1))
    assert chosen is not None and (chosen.question.key, chosen.option.value) == (
        "expertise",
        "privacy",
    )
    assert choice_filter(spec, Listing(S.ACCEPTED)) is None
    for question, option in ((0, 0), (1, 2), (4, 7), (40, 0)):
        with pytest.raises(BadListing):
            choice_filter(spec, Listing(None, question, option))


def test_accepted_and_rejected_are_offered_where_admins_decide_or_people_are() -> None:
    assert offered(S.ACCEPTED, moderated=True, count=0)
    assert not offered(S.REJECTED, moderated=False, count=0)
    assert offered(S.REJECTED, moderated=False, count=2)
    assert offered(S.WITHDRAWN, moderated=False, count=0) and offered(
        None, moderated=False, count=0
    )


# Names and history.


def test_a_registrant_is_named_by_the_display_key_or_the_first_text_question() -> None:
    assert name_question(sample_spec()).key == "full_name"  # type: ignore[union-attr]
    named = sample_spec(display_key="email")
    assert name_question(named).key == "email"  # type: ignore[union-attr]
    choices_only = small_call(
        form={
            "questions": [
                {"key": "role", "type": "choice", "label": {"fa": "نقش"},
                 "options": [{"value": "a", "label": {"fa": "الف"}},
                             {"value": "b", "label": {"fa": "ب"}}]},
            ]
        }
    )  # fmt: skip
    assert name_question(choices_only) is None


def test_a_display_key_must_be_one_of_the_forms_keys() -> None:
    data = small_call().model_dump()
    with pytest.raises(ValueError, match="display_key"):
        CallSpec.model_validate({**data, "display_key": "phone"})
    assert CallSpec.model_validate({**data, "display_key": "email"}).display_key == "email"


def test_history_says_what_each_change_meant() -> None:
    at = [NOW + timedelta(hours=i) for i in range(8)]
    changes = [
        StatusChange(status, moment)
        for status, moment in zip(
            [S.DRAFT, S.WAITLISTED, S.SUBMITTED, S.WITHDRAWN, S.DRAFT, S.SUBMITTED, S.ACCEPTED],
            at,
            strict=False,
        )
    ]
    assert history(changes) == list(
        zip(
            [Moment.STARTED, Moment.WAITLISTED, Moment.PROMOTED, Moment.WITHDRAWN,
             Moment.RESTARTED, Moment.SUBMITTED, Moment.ACCEPTED],
            at,
            strict=False,
        )
    )  # fmt: skip
    assert history([]) == []


# The lists against a database.


async def _person(storage: Storage, call_id: int, user: int, moment: datetime) -> int:
    await storage.users.seen(
        user, first_name=None, last_name=None, username=None, default_language="fa", now=moment
    )
    draft = await storage.registrations.start_draft(call_id, user, "full_name", moment)
    return draft.id


async def test_a_page_lists_newest_first_ten_at_a_time_and_stays_in_range(database) -> None:
    storage = await Storage.open(database)
    try:
        call, _ = await storage.calls.save(sample_spec(), NOW)
        ids = []
        for n in range(25):
            moment = NOW + timedelta(minutes=n)
            registration_id = await _person(storage, call.id, 7000 + n, moment)
            await storage.registrations.save_answer(registration_id, "full_name", f"P{n}", moment)
            # Submitted in the reverse order of starting: the list follows submission.
            submitted = NOW + timedelta(hours=1, minutes=30 - n)
            await storage.registrations.set_status(registration_id, S.SUBMITTED, submitted)
            ids.append(registration_id)
        registrants = service(storage)
        first = await registrants.page(call, Listing())
        assert first is not None and first.count == 25 and first.pages == 3
        assert [row.id for row in first.rows] == ids[:10]
        assert [row.name for row in first.rows] == [f"P{n}" for n in range(10)]
        third = await registrants.page(call, Listing(page=2))
        assert third is not None and [row.id for row in third.rows] == ids[20:]
        beyond = await registrants.page(call, Listing(page=40))  # the list shrank meanwhile
        assert beyond is not None and beyond.listing.page == 2 and beyond.rows == third.rows
        assert await registrants.page(call, Listing(None, 0, 0)) is None  # not a choice
    finally:
        await storage.close()


async def _oracle(
    storage: Storage, call_id: int, status: S | None, choice: tuple[str, str] | None
) -> list[int]:
    """Registration ids under a filter, newest first, read from the rows themselves."""
    rows = await storage.db.fetch_all(
        "SELECT id, status, submitted_at FROM registrations WHERE call_id = ?", (call_id,)
    )
    kept = []
    for row in rows:
        if status is None and row["submitted_at"] is None:
            continue
        if status is not None and row["status"] != status:
            continue
        if choice is not None:
            stored = await storage.db.fetch_value(
                "SELECT value FROM answers WHERE registration_id = ? AND question_key = ?",
                (row["id"], choice[0]),
            )
            value = json.loads(stored) if stored else []
            if choice[1] not in (value if isinstance(value, list) else [value]):
                continue
        kept.append((row["submitted_at"] or "", row["id"]))
    return [registration_id for _, registration_id in sorted(kept, reverse=True)]


async def _assert_lists_hold(storage: Storage, call_ids: list[int]) -> None:
    registrants = service(storage)
    for call_id in call_ids:
        call = await storage.calls.get(call_id)
        assert call is not None
        questions = {q.key: i for i, q in enumerate(call.form.questions)}
        filters: list[tuple[int | None, int | None]] = [(None, None)]
        for key in ("registering_as", "expertise"):
            question = call.form.questions[questions[key]]
            filters += [(questions[key], i) for i in range(len(question.options))]
        for status in STATUS_FILTERS:
            for question_index, option in filters:
                listing = Listing(status, question_index, option)
                chosen = choice_filter(call.spec, listing)
                key = None if chosen is None else (chosen.question.key, chosen.option.value)
                expected = await _oracle(storage, call_id, status, key)
                found = []
                for page in range(page_count(len(expected))):
                    shown = await registrants.page(call, listing.at(page))
                    assert shown is not None and shown.count == len(expected), (listing, key)
                    found += [row.id for row in shown.rows]
                assert found == expected, (listing, key)


async def test_every_filter_equals_a_plain_count_through_every_kind_of_change(database) -> None:
    storage = await Storage.open(database)
    rng = random.Random(15)
    options = {
        "registering_as": ["person", "organisation"],
        "expertise": ["law", "privacy", "technology", "business", "policy"],
    }
    try:
        calls = [(await storage.calls.save(sample_spec(slug), NOW))[0] for slug in ("one", "two")]
        registrations = [
            await _person(storage, calls[n % 2].id, 5000 + n, NOW + timedelta(seconds=n))
            for n in range(60)
        ]
        for step in range(700):
            registration_id = rng.choice(registrations)
            moment = NOW + timedelta(minutes=step)
            action = rng.random()
            if action < 0.5:  # answer, change an answer, or clear it
                key = rng.choice(list(options))
                value = (
                    None
                    if rng.random() < 0.1
                    else rng.sample(options[key], rng.randint(1, 3))
                    if key == "expertise"
                    else rng.choice(options[key])
                )
                await storage.registrations.save_answer(registration_id, key, value, moment)
            elif action < 0.85:
                status = rng.choice([S.SUBMITTED, S.WAITLISTED, S.ACCEPTED, S.REJECTED])
                await storage.registrations.set_status(registration_id, status, moment)
            elif action < 0.93:  # withdrawn, then registering again (the answers go)
                current = await storage.registrations.get(registration_id)
                assert current is not None
                await storage.registrations.set_status(current.id, S.WITHDRAWN, moment)
                if rng.random() < 0.5:
                    await storage.registrations.start_draft(
                        current.call_id, current.user_id, "full_name", moment
                    )
            elif action < 0.96:  # a person erased (/forget)
                current = await storage.registrations.get(registration_id)
                assert current is not None
                await storage.privacy.erase_user(current.user_id)
                registrations.remove(registration_id)
        await _assert_lists_hold(storage, [c.id for c in calls])

        # An admin changes a form: expertise is asked no more; registering_as still is.
        spec = calls[0].spec
        kept = [q for q in spec.form.questions if q.key not in ("expertise", "directory")]
        changed = spec.model_copy(  # (the directory's profile named expertise too)
            update={"form": spec.form.model_copy(update={"questions": kept}), "directory": None}
        )
        await storage.calls.update(calls[0].id, changed, NOW)
        gone = await storage.db.fetch_value(
            "SELECT COUNT(*) FROM chosen_options WHERE call_id = ? AND question_key = 'expertise'",
            (calls[0].id,),
        )
        assert gone == 0
        # …and a text question becomes a choice: its answers can filter at once.
        questions = [
            q.model_copy(update={"type": QuestionType.CHOICE, "options": kept[1].options})
            if q.key == "full_name"
            else q
            for q in spec.form.questions
        ]
        changed = spec.model_copy(
            update={"form": spec.form.model_copy(update={"questions": questions})}
        )
        some = next(iter(registrations))
        await storage.registrations.save_answer(some, "full_name", "person", NOW)
        await storage.calls.update(calls[0].id, changed, NOW)
        await _assert_lists_hold(storage, [calls[0].id])

        # Retention erases a closed call's answers: no answer filters any more.
        await storage.privacy.erase_answers(calls[1].id, NOW)
        left = await storage.db.fetch_value(
            "SELECT COUNT(*) FROM chosen_options WHERE call_id = ?", (calls[1].id,)
        )
        assert left == 0
        await _assert_lists_hold(storage, [calls[1].id])
    finally:
        await storage.close()


async def test_a_registrations_history_is_recorded_at_every_change_of_status(database) -> None:
    storage = await Storage.open(database)
    try:
        call, _ = await storage.calls.save(sample_spec(), NOW)
        at = [NOW + timedelta(hours=i) for i in range(6)]
        registration_id = await _person(storage, call.id, 42, at[0])
        repo = storage.registrations
        await repo.set_status(registration_id, S.WAITLISTED, at[1], reference_code="FK-AAAAAA")
        await repo.set_status(registration_id, S.WAITLISTED, at[2])  # no change: no event
        await repo.set_status(registration_id, S.SUBMITTED, at[3])
        await repo.set_status(registration_id, S.WITHDRAWN, at[4])
        await repo.start_draft(call.id, 42, "full_name", at[5])
        changes = await storage.registrants.history(registration_id)
        assert changes == [
            StatusChange(S.DRAFT, at[0]),
            StatusChange(S.WAITLISTED, at[1]),
            StatusChange(S.SUBMITTED, at[3]),
            StatusChange(S.WITHDRAWN, at[4]),
            StatusChange(S.DRAFT, at[5]),
        ]
        await storage.privacy.erase_user(42)  # /forget: the history goes with the person
        assert await storage.registrants.history(registration_id) == []
    finally:
        await storage.close()


async def test_the_migration_fills_history_and_answers_of_registrations_before_it(
    tmp_path, monkeypatch
) -> None:
    """SQLite's migration 0007 on a database that had registrations (PostgreSQL has no such
    history: its baseline starts after it)."""
    everything = storage_db._migration_files
    monkeypatch.setattr(
        storage_db, "_migration_files", lambda: [m for m in everything() if m[0] < 7]
    )
    storage = await Storage.open(tmp_path / "farakhan.db")
    try:
        call, _ = await storage.calls.save(sample_spec(), NOW)
        first = await _person(storage, call.id, 1, NOW)
        await storage.registrations.save_answer(first, "expertise", ["law", "privacy"], NOW)
        await storage.registrations.set_status(first, S.WAITLISTED, NOW + timedelta(hours=1))
        await storage.registrations.set_status(first, S.WITHDRAWN, NOW + timedelta(hours=2))
        monkeypatch.setattr(storage_db, "_migration_files", everything)
        assert (await storage_db.migrate(storage.db))[
            0
        ] == "0007_registrants.sql"  # then later ones
        assert await storage.registrants.history(first) == [
            StatusChange(S.DRAFT, NOW),
            # Whether it waited first is not kept anywhere: it was sent, at least.
            StatusChange(S.SUBMITTED, NOW + timedelta(hours=1)),
            StatusChange(S.WITHDRAWN, NOW + timedelta(hours=2)),
        ]
        assert await storage.registrants.count(call.id, None, ("expertise", "privacy")) == 1
        assert await storage.registrants.count(call.id, S.WITHDRAWN, ("expertise", "law")) == 1
    finally:
        await storage.close()


async def test_a_card_counts_the_messages_sent_to_the_person_and_is_audited(database) -> None:
    storage = await Storage.open(database)
    try:
        call, _ = await storage.calls.save(sample_spec(), NOW)
        registration_id = await _person(storage, call.id, 42, NOW)
        await storage.registrations.set_status(
            registration_id, S.SUBMITTED, NOW, reference_code="FK-ABCDEF"
        )
        for n in range(7):
            await storage.outbox.create(
                BroadcastKind.REMINDER if n else BroadcastKind.NOTICE,
                Segment(SegmentKind.CHATS, chat_ids=(42, 43)),
                {"text": "x"},
                NOW + timedelta(minutes=n),
            )
        card = await service(storage).card(9001, registration_id)
        assert card is not None and card.message_count == 7 and len(card.messages) == 5
        assert card.messages[0].at == NOW + timedelta(minutes=6)  # newest first
        assert [moment for moment, _ in card.history] == [Moment.STARTED, Moment.SUBMITTED]
        [event] = await storage.audit.latest()
        assert (event.admin_id, event.action, event.call_id, event.detail) == (
            9001, "card", call.id, "FK-ABCDEF",
        )  # fmt: skip
        assert await service(storage).card(9001, 999) is None
    finally:
        await storage.close()


async def test_a_message_to_one_person_is_one_delivery_within_one_messages_length(
    database,
) -> None:
    storage = await Storage.open(database)
    try:
        call, _ = await storage.calls.save(sample_spec(), NOW)
        registration_id = await _person(storage, call.id, 42, NOW)
        registrants = service(storage)
        found = await registrants.person(registration_id)
        assert found is not None
        _, _, user = found
        too_long = "ب" * (MESSAGE_ROOM + 1)
        assert registrants.compose(call, user, too_long, too_long) == Refusal(
            "registrants.message.too_long", {"max": MESSAGE_ROOM, "length": MESSAGE_ROOM + 1}
        )
        text = registrants.compose(call, user, "سلام <b>", "سلام &lt;b&gt;")
        assert isinstance(text, str) and text.endswith("سلام &lt;b&gt;\u2069")
        session = AdminSession(
            9001, Flow.MESSAGE, Step.CONFIRM, {"registration_id": registration_id, "html": text}
        )
        assert await registrants.send(9001, session) == found
        rows = await storage.db.fetch_all(
            "SELECT b.kind, b.payload, d.chat_id FROM deliveries d"
            " JOIN broadcasts b ON b.id = d.broadcast_id"
        )
        assert [(r[0], json.loads(r[1])["text"], r[2]) for r in rows] == [("message", text, 42)]
        assert [(e.action, e.detail) for e in await storage.audit.latest()] == [
            ("message", f"#{registration_id}")
        ]
        await storage.privacy.erase_user(42)
        assert await registrants.send(9001, session) == Refusal("registrants.message.gone")
    finally:
        await storage.close()
