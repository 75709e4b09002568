"""The directory's rules without Telegram: call files that ask for it, and how entries merge."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.calls import CallFileError, CallSpec, parse_call_file
from bot.domain.directory import (
    DIRECTORY_KEY,
    Contribution,
    DirectoryPlan,
    Entry,
    Part,
    chosen,
    contribution,
    erasure_due,
    matches,
    merge,
    profile_schema,
    renewed,
    toggled,
    warning_due,
    withdrawn,
)
from bot.domain.forms import Form, QuestionType
from tests.factories import TEHRAN, call_file, sample_call, small_call

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
KEEP = timedelta(days=730)


def given(at: datetime, call_id: int = 1, consented: bool = True, **profile) -> Contribution:
    return Contribution(user_id=7, call_id=call_id, consented=consented, profile=profile, at=at)


# Call files.


def test_the_sample_call_asks_for_directory_consent_last_and_optionally() -> None:
    spec = sample_call()
    question = spec.form.questions[-1]
    assert question.key == DIRECTORY_KEY
    assert question.type == QuestionType.CONSENT and not question.required
    assert spec.directory is not None and "expertise" in spec.directory.profile_keys
    assert spec.asks_directory


def test_a_stored_spec_reads_back_with_one_directory_question() -> None:
    spec = sample_call()
    again = CallSpec.model_validate_json(spec.model_dump_json())
    assert [q.key for q in again.form.questions] == [q.key for q in spec.form.questions]
    assert again.form.question(DIRECTORY_KEY) == spec.form.question(DIRECTORY_KEY)


def test_without_a_directory_section_nobody_is_asked() -> None:
    spec = small_call()
    assert spec.directory is None and spec.form.question(DIRECTORY_KEY) is None
    assert not spec.asks_directory


def test_a_directory_without_its_own_question_waits_for_the_catalogs_wording() -> None:
    spec = small_call(directory={"profile_keys": ["full_name"]})
    assert spec.form.question(DIRECTORY_KEY) is None and not spec.asks_directory


@pytest.mark.parametrize(
    ("keys", "problem"),
    [
        (["nickname"], "'nickname' is not a question of the form"),
        (["email", "email"], "'email' is listed twice"),
        (["directory"], "'directory' is a consent, not a profile answer"),
    ],
)
def test_profile_keys_must_be_questions_of_the_form(keys: list[str], problem: str) -> None:
    text = call_file(small_call()) + f"directory:\n  profile_keys: {keys}\n"
    with pytest.raises(CallFileError) as error:
        parse_call_file(text, TEHRAN)
    assert any(problem in found for found in error.value.problems), error.value.problems


def test_the_directory_key_is_kept_for_the_directory_question() -> None:
    data = small_call().model_dump(mode="json")
    data["form"]["questions"].append(
        {"key": "directory", "type": "text", "label": {"fa": "x"}, "required": False}
    )
    with pytest.raises(ValueError, match="kept for the directory's own question"):
        CallSpec.model_validate(data)


def test_an_unknown_field_in_the_directory_section_is_refused() -> None:
    with pytest.raises(ValueError, match="extra"):
        DirectoryPlan.model_validate({"profile_keys": ["email"], "people": 3})


# Merging entries.


def test_consent_creates_an_entry_with_the_profile_and_the_call() -> None:
    entry = merge(None, given(T0, full_name="سارا", expertise=["law"]))
    assert entry is not None
    assert entry.profile == {"full_name": "سارا", "expertise": ["law"]}
    assert entry.calls == (Part(1, T0),)
    assert entry.created_at == entry.renewed_at == T0


def test_without_consent_nobody_enters() -> None:
    assert merge(None, given(T0, consented=False, full_name="سارا")) is None


def test_the_newest_answer_wins_per_key_and_calls_accumulate() -> None:
    first = merge(None, given(T0, full_name="سارا", email="old@example.com"))
    later = T0 + timedelta(days=30)
    second = merge(first, given(later, call_id=2, email="new@example.com"))
    assert second is not None
    assert second.profile == {"full_name": "سارا", "email": "new@example.com"}
    assert [part.call_id for part in second.calls] == [1, 2]
    assert second.renewed_at == later and second.created_at == T0


def test_an_older_answer_arriving_late_does_not_overwrite_a_newer_one() -> None:
    newer = merge(None, given(T0 + timedelta(days=1), call_id=2, email="new@example.com"))
    entry = merge(newer, given(T0, call_id=1, email="old@example.com", full_name="سارا"))
    assert entry is not None
    assert entry.profile == {"email": "new@example.com", "full_name": "سارا"}
    assert entry.renewed_at == T0 + timedelta(days=1)


def test_an_edit_with_consent_updates_the_profile_and_keeps_the_joining_date() -> None:
    entry = merge(None, given(T0, email="old@example.com"))
    edited = merge(entry, given(T0 + timedelta(hours=2), email="fixed@example.com"))
    assert edited is not None
    assert edited.profile["email"] == "fixed@example.com"
    assert edited.calls == (Part(1, T0),)


def test_consent_taken_back_on_the_only_call_erases_the_entry() -> None:
    entry = merge(None, given(T0, email="a@example.com"))
    assert merge(entry, given(T0 + timedelta(hours=1), consented=False)) is None


def test_consent_taken_back_on_one_call_keeps_the_others() -> None:
    entry = merge(merge(None, given(T0, call_id=1)), given(T0, call_id=2))
    after = merge(entry, given(T0 + timedelta(hours=1), call_id=1, consented=False))
    assert after is not None and [part.call_id for part in after.calls] == [2]


def test_a_withdrawn_registration_keeps_the_entry_and_marks_the_call() -> None:
    entry = merge(None, given(T0, full_name="سارا"))
    assert entry is not None
    after = withdrawn(entry, 1)
    assert after.calls == (Part(1, T0, withdrawn=True),) and after.profile == entry.profile
    back = merge(after, given(T0 + timedelta(days=1)))
    assert back is not None and back.calls == (Part(1, T0, withdrawn=False),)


def test_a_blank_answer_keeps_what_was_known() -> None:
    plan = DirectoryPlan(profile_keys=["full_name", "email"])
    answers = {"full_name": "سارا", DIRECTORY_KEY: "yes"}
    found = contribution(plan, 7, 1, answers, T0)
    assert found == Contribution(7, 1, True, {"full_name": "سارا"}, T0)
    entry = merge(merge(None, given(T0, email="a@example.com")), found)
    assert entry is not None and entry.profile["email"] == "a@example.com"


def test_a_call_without_a_directory_contributes_nothing() -> None:
    assert contribution(None, 7, 1, {"full_name": "سارا"}, T0) is None
    plan = DirectoryPlan(profile_keys=["full_name"])
    assert not contribution(plan, 7, 1, {"full_name": "سارا"}, T0).consented  # type: ignore[union-attr]


# Retention.


def entry_renewed(at: datetime, warned: datetime | None = None) -> Entry:
    return Entry(7, {}, {}, (Part(1, at),), at, at, warned)


def test_the_warning_comes_seven_days_before_the_erasure() -> None:
    entry = entry_renewed(T0)
    assert not warning_due(entry, T0 + KEEP - timedelta(days=8), KEEP)
    assert warning_due(entry, T0 + KEEP - timedelta(days=7), KEEP)
    assert not erasure_due(entry, T0 + KEEP, KEEP)  # never warned: never erased


def test_an_entry_is_erased_only_seven_days_after_its_warning() -> None:
    late_warning = T0 + KEEP + timedelta(days=3)  # the bot was down when it was due
    entry = entry_renewed(T0, warned=late_warning)
    assert not erasure_due(entry, T0 + KEEP + timedelta(days=4), KEEP)
    assert erasure_due(entry, late_warning + timedelta(days=7), KEEP)
    assert entry.erased_on(KEEP) == late_warning + timedelta(days=7)


def test_staying_renews_the_entry_and_clears_the_warning() -> None:
    entry = entry_renewed(T0, warned=T0 + KEEP - timedelta(days=7))
    stayed = renewed(entry, T0 + KEEP - timedelta(days=2))
    assert stayed.warned_at is None and stayed.renewed_at == T0 + KEEP - timedelta(days=2)
    assert not warning_due(stayed, T0 + KEEP, KEEP)


# The profile across calls, counted and filtered by its choices.


def test_the_schema_takes_the_newest_wording_and_every_option() -> None:
    old = sample_call().form
    data = old.model_dump(mode="json")
    expertise = next(q for q in data["questions"] if q["key"] == "expertise")
    expertise["label"] = {"fa": "تخصص", "en": "Field"}
    expertise["options"] = [o for o in expertise["options"] if o["value"] != "other"]
    expertise["options"].append({"value": "media", "label": {"fa": "رسانه", "en": "Media"}})
    new = Form.model_validate(data)
    plan = DirectoryPlan(profile_keys=["full_name", "expertise"])
    schema = profile_schema([(plan, old), (plan, new)])
    assert list(schema) == ["full_name", "expertise"]
    assert schema["expertise"].label == {"fa": "تخصص", "en": "Field"}
    values = [option.value for option in schema["expertise"].options]
    assert "media" in values and "other" in values


def test_filters_match_any_option_of_a_key_and_every_key() -> None:
    schema = profile_schema([(sample_call().directory, sample_call().form)])  # type: ignore[list-item]
    pairs = chosen({"expertise": ["law", "policy"], "registering_as": "person"}, schema)
    assert pairs == {("expertise", "law"), ("expertise", "policy"), ("registering_as", "person")}
    assert matches(pairs, {})
    assert matches(pairs, {"expertise": ("privacy", "law")})
    assert not matches(pairs, {"expertise": ("law",), "registering_as": ("organisation",)})
    filters = toggled(toggled({}, "expertise", "law"), "expertise", "privacy")
    assert filters == {"expertise": ("law", "privacy")}
    assert toggled(toggled(filters, "expertise", "law"), "expertise", "privacy") == {}
