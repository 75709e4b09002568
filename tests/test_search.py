"""Search: a query typed any way a person types finds the registration, and the index kept by
the database always says what the registrations say, whatever happened to them."""

import random
from datetime import UTC, datetime, timedelta

import pytest

from bench.dataset import sample_spec
from bot.domain.forms import QuestionType
from bot.domain.models import RegistrationStatus
from bot.domain.search import QueryProblem, SearchQuery, fold, pages, read_query
from storage import Storage, db
from storage.dialect import search_query

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def terms(typed: str) -> tuple[str, ...]:
    query = read_query(typed)
    assert isinstance(query, SearchQuery), query
    return query.terms


# The rules, without a database.


def test_arabic_yeh_and_kaf_are_read_as_persian() -> None:
    assert terms("علي كريمي") == terms("علی کریمی") == ("علی", "کریمی")


def test_a_word_with_or_without_zwnj_is_one_word() -> None:
    assert terms("می\u200cخواهم") == terms("میخواهم") == ("میخواهم",)


def test_every_way_of_typing_a_phone_number_finds_the_stored_one() -> None:
    typed = [
        "۰۹۱۲۱۲۳۴۵۶۷",
        "٠٩١٢١٢٣٤٥٦٧",
        "09121234567",
        "0912 123 4567",
        "0912-123-4567",
        "+98 912 123 4567",
        "+989121234567",
        "00989121234567",
        "9121234567",
        "\u200e+98 912 123 4567\u200f",
    ]
    assert {terms(number) for number in typed} == {("989121234567",)}  # "+989121234567"


def test_part_of_a_phone_number_is_looked_for_as_typed() -> None:
    # The index holds an Iranian number as 98912…, 0912… and 912…: a start of any of them.
    assert terms("۰۹۱۲ ۱۲۳") == ("0912123",)
    assert terms("0098 912 12") == ("9891212",)
    assert terms("+44 7911 123456") == ("447911123456",)
    assert terms("0912") == ("0912",)
    assert terms("12 34") == ("12", "34")  # numbers apart, not one number


def test_reference_codes_in_any_case_with_or_without_the_prefix() -> None:
    assert terms("FK-7K3M9Q") == terms("fk-7k3m9q") == terms("fk7k3m9q") == ("fk-7k3m9q",)
    assert terms("7k3m9q") == ("7k3m9q",)
    # Pasted from a message, with the marks that kept its direction.
    assert terms("\u2066FK-7K3M9Q\u2069") == ("fk-7k3m9q",)


def test_case_and_digits_are_folded() -> None:
    assert terms("Sara@Example.COM") == ("sara@example.com",)
    assert fold("Sara ۱۴۰۵ مي\u200cخواهم") == "sara 1405 میخواهم"


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", QueryProblem.EMPTY),
        ("   \n ", QueryProblem.EMPTY),
        ("\u2066\u2069", QueryProblem.EMPTY),
        ("a", QueryProblem.TOO_SHORT),
        ("۱", QueryProblem.TOO_SHORT),
        ("\u200cی\u200c", QueryProblem.TOO_SHORT),
        ("-- *", QueryProblem.TOO_SHORT),
        ("x" * 101, QueryProblem.TOO_LONG),
        ("سارا " * 30, QueryProblem.TOO_LONG),
    ],
)
def test_empty_short_and_long_queries_are_not_searched(typed: str, problem: QueryProblem) -> None:
    assert read_query(typed) == problem


def test_the_shortest_and_the_longest_queries_allowed() -> None:
    assert terms("ab") == ("ab",)
    assert terms("۱۲") == ("12",)
    assert terms("x" * 100) == ("x" * 100,)


def test_pages_of_ten_at_most_a_hundred() -> None:
    assert [pages(n) for n in (0, 1, 10, 11, 95, 5000)] == [1, 1, 1, 2, 10, 100]


# The index, in a real database.


async def person(storage: Storage, call_id: int, user: int, answers: dict, **status) -> int:
    """A registration written as the bot writes one: answers one by one, then submitted."""
    await storage.users.seen(
        user, first_name="x", last_name=None, username=None, default_language="fa", now=NOW
    )
    draft = await storage.registrations.start_draft(call_id, user, "full_name", NOW)
    for key, value in answers.items():
        await storage.registrations.save_answer(draft.id, key, value, NOW)
    if status:
        await storage.registrations.set_status(
            draft.id, status["status"], NOW, reference_code=status.get("code")
        )
    return draft.id


async def found(storage: Storage, typed: str) -> list[int]:
    query = read_query(typed)
    assert isinstance(query, SearchQuery)
    hits = await storage.search.page(query.terms, 100, 0)
    assert await storage.search.count(query.terms) == len(hits)
    return [hit.registration_id for hit in hits]


SARA = {
    "full_name": "سارا احمدی",
    "registering_as": "person",
    "expertise": ["privacy"],
    "mobile": "+989121234567",
    "email": "sara.ahmadi@example.com",
    "proposals": "شفافیت الگوریتم‌ها و حق دسترسی",
}


async def test_a_registration_is_found_by_everything_typed_in_it(database) -> None:
    storage = await Storage.open(database)
    try:
        call, _ = await storage.calls.save(sample_spec(), NOW)
        sara = await person(
            storage, call.id, 1, SARA, status=RegistrationStatus.SUBMITTED, code="FK-7K3M9Q"
        )
        other = {**SARA, "full_name": "رضا رضایی", "mobile": "+989351112233", "email": "r@x.org"}
        reza = await person(storage, call.id, 2, other | {"proposals": "حق دسترسی برای همه"})
        for typed in (
            "سارا",
            "احمد",
            "سارا احمدی",
            "۰۹۱۲۱۲۳۴۵۶۷",
            "+98 912 123 4567",
            "0098 9121234567",
            "0912 123",
            "sara.ahmadi@example.com",
            "SARA.AHMADI",
            "fk-7k3m9q",
            "7K3M9Q",
            "الگوریتمها",
            "الگوريتم‌ها",
        ):
            assert await found(storage, typed) == [sara], typed
        assert await found(storage, "رضایی") == [reza]
        assert await found(storage, "حق دسترسی") == [reza, sara]  # newest first
        assert await found(storage, "privacy") == []  # a choice's option is no typed word
        assert await found(storage, "person") == []
        assert await found(storage, "سارا رضایی") == []  # every word, in one registration
    finally:
        await storage.close()


async def test_quotes_and_the_index_operators_are_only_words(database) -> None:
    storage = await Storage.open(database)
    try:
        call, _ = await storage.calls.save(sample_spec(), NOW)
        sara = await person(storage, call.id, 1, SARA | {"full_name": 'سارا "NEAR" OR احمدی'})
        assert await found(storage, '"near"') == [sara]
        assert await found(storage, "OR احمدی") == [sara]
        for typed in ('"', 'a"b', "NOT AND", "NEAR(x y)", "x*", "^ab", "col:ab", "(ab", "ab)"):
            if isinstance(read_query(typed), SearchQuery):
                await found(storage, typed)  # no error from the index's query language
    finally:
        await storage.close()


async def indexed(storage: Storage) -> dict[int, str]:
    rows = await storage.db.fetch_all("SELECT rowid, body FROM registration_search")
    return {row[0]: row[1] for row in rows}


async def rebuilt(storage: Storage) -> dict[int, str]:
    """The oracle: every registration's document made afresh from what is stored now."""
    rows = await storage.db.fetch_all(
        "SELECT registration_id, body FROM search_documents WHERE body != ''"
    )
    return {row[0]: row[1] for row in rows}


async def test_the_index_follows_every_kind_of_change(database) -> None:
    storage = await Storage.open(database)
    rng = random.Random(15)
    try:
        calls = [(await storage.calls.save(sample_spec(slug), NOW))[0] for slug in ("one", "two")]
        registrations = [await person(storage, calls[n % 2].id, 5000 + n, {}) for n in range(80)]

        def an_answer(key: str):
            return {
                "full_name": f"نام {rng.randint(1, 9)}",
                "mobile": f"+98912{rng.randint(0, 9999999):07d}",
                "email": f"v{rng.randint(1, 99)}@example.org",
                "registering_as": rng.choice(["person", "organisation"]),
                "expertise": ["law"],
            }[key]

        for step in range(1200):
            registration_id = rng.choice(registrations)
            action = rng.random()
            moment = NOW + timedelta(seconds=step)
            if action < 0.6:  # answer, change an answer, or clear it
                key = rng.choice(["full_name", "mobile", "email", "registering_as", "expertise"])
                value = None if rng.random() < 0.1 else an_answer(key)
                await storage.registrations.save_answer(registration_id, key, value, moment)
            elif action < 0.8:
                status = rng.choice(list(RegistrationStatus))
                code = f"FK-{rng.randint(0, 10**6):06d}"
                await storage.registrations.set_status(
                    registration_id, status, moment, reference_code=code
                )
            elif action < 0.87:  # withdrawn → registering again clears the answers
                current = await storage.registrations.get(registration_id)
                assert current is not None
                await storage.registrations.start_draft(
                    current.call_id, current.user_id, "full_name", moment
                )
            elif action < 0.9:
                await storage.registrations.keep_only_answers(registration_id, ["full_name"])
            elif action < 0.91:  # a draft discarded
                await storage.registrations.delete(registration_id)
                registrations.remove(registration_id)
            elif action < 0.92:  # a person erased (/forget)
                current = await storage.registrations.get(registration_id)
                assert current is not None
                await storage.privacy.erase_user(current.user_id)
                registrations.remove(registration_id)
        assert await indexed(storage) == await rebuilt(storage)
        assert len(await indexed(storage)) > 40

        # Found by what it says now, not by what it said.
        current = await storage.registrations.get(registrations[0])
        assert current is not None
        await storage.registrations.save_answer(current.id, "full_name", "یگانه", NOW)
        assert await found(storage, "یگانه") == [current.id]
        await storage.registrations.save_answer(current.id, "full_name", "دیگری", NOW)
        assert await found(storage, "یگانه") == []

        # An admin changes a form: the e-mail question becomes a choice and leaves the index.
        spec = calls[0].spec
        questions = [
            q.model_copy(
                update={"type": QuestionType.CHOICE, "options": spec.form.questions[1].options}
            )
            if q.key == "email"
            else q
            for q in spec.form.questions
        ]
        changed = spec.model_copy(
            update={"form": spec.form.model_copy(update={"questions": questions})}
        )
        await storage.calls.update(calls[0].id, changed, NOW)
        assert await indexed(storage) == await rebuilt(storage)
        assert not any("@" in body for body in (await storage.db.fetch_all(
            "SELECT s.body FROM registration_search s JOIN registrations r ON r.id = s.rowid"
            " WHERE r.call_id = ?", (calls[0].id,)
        )))  # fmt: skip

        # Retention erases a closed call's answers: only the reference codes are left.
        await storage.privacy.erase_answers(calls[1].id, NOW)
        assert await indexed(storage) == await rebuilt(storage)
        left = await storage.db.fetch_all(
            "SELECT s.body FROM registration_search s JOIN registrations r ON r.id = s.rowid"
            " WHERE r.call_id = ?",
            (calls[1].id,),
        )
        assert all(row[0].startswith("FK-") and " " not in row[0] for row in left)
    finally:
        await storage.close()


async def test_registrations_stored_before_search_existed_are_found(tmp_path, monkeypatch) -> None:
    """Migration 0008 indexes what an existing database already holds."""
    everything = db._migration_files()
    path = tmp_path / "farakhan.db"
    monkeypatch.setattr(db, "_migration_files", lambda: [m for m in everything if m[0] < 8])
    storage = await Storage.open(path)
    try:
        call, _ = await storage.calls.save(sample_spec(), NOW)
        sara = await person(
            storage, call.id, 1, SARA, status=RegistrationStatus.SUBMITTED, code="FK-7K3M9Q"
        )
        assert await storage.db.fetch_value("SELECT MAX(version) FROM schema_migrations") < 8
    finally:
        await storage.close()
    monkeypatch.setattr(db, "_migration_files", lambda: everything)
    storage = await Storage.open(path)
    try:
        assert await found(storage, "۰۹۱۲۱۲۳۴۵۶۷") == [sara]
        assert await found(storage, "fk-7k3m9q") == [sara]
        assert await found(storage, "سارا احمدی") == [sara]
        assert await indexed(storage) == await rebuilt(storage)
        later = await person(storage, call.id, 2, SARA | {"full_name": "سارا کریمی"})
        assert await found(storage, "سارا") == [later, sara]
    finally:
        await storage.close()


async def test_forget_erases_what_an_admin_searched_for_and_the_person_found(database) -> None:
    storage = await Storage.open(database)
    try:
        call, _ = await storage.calls.save(sample_spec(), NOW)
        sara = await person(storage, call.id, 1, SARA, status=RegistrationStatus.SUBMITTED)
        await storage.search.remember(1, "رضا", NOW)  # Sara is an admin too
        assert await found(storage, "سارا") == [sara]
        await storage.privacy.erase_user(1)
        assert await found(storage, "سارا") == []
        assert await storage.search.remembered(1) is None
        assert await indexed(storage) == {}
    finally:
        await storage.close()


@pytest.mark.parametrize("database", ["postgresql"], indirect=True)
async def test_one_person_among_thousands_is_looked_up_in_the_index(storage) -> None:
    """PostgreSQL plans /find's page of one phone from the GIN index, not by reading every
    document newest first until ten match (it once guessed 2% of them match any prefix)."""
    await storage.db.execute(
        "INSERT INTO registration_search (rowid, body)"
        " SELECT g, 'سارا احمدی ' || (989120000000 + g) || repeat(' شفافیت الگوریتم‌ها', 20)"
        " FROM generate_series(1, 5000) AS g"
    )
    await storage.db.execute("ANALYZE registration_search")
    page = storage.search._page
    query = search_query(storage.db, terms("۰۹۱۲۰۰۰۴۳۲۱"))
    plan = "\n".join(
        row[0] for row in await storage.db.fetch_all(f"EXPLAIN {page}", (query, 10, 0))
    )
    assert "registration_search_words" in plan, plan
    assert "registration_search_pkey" not in plan and "Seq Scan" not in plan, plan
