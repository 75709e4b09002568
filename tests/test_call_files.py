"""Call files: the shipped sample is valid; a bad file lists every problem with its path."""

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.domain.calls import CallFileError, load_call_file, parse_call_file

TEHRAN = ZoneInfo("Asia/Tehran")
SAMPLE = Path(__file__).resolve().parent.parent / "calls" / "user-rights-working-group.yaml"


def test_the_sample_call_is_valid_persian_with_english() -> None:
    spec = load_call_file(SAMPLE, TEHRAN)
    assert spec.slug == "user-rights-working-group"
    assert "صیانت از حقوق کاربران" in spec.title["fa"]
    assert spec.title["en"]
    keys = [q.key for q in spec.form.questions]
    for expected in (
        "full_name",
        "registering_as",
        "organisation_name",
        "expertise",
        "mobile",
        "email",
        "proposals",
    ):
        assert expected in keys
    for question in spec.form.questions:
        assert "ي" not in question.label["fa"] and "ك" not in question.label["fa"]


def problems(text: str) -> list[str]:
    with pytest.raises(CallFileError) as caught:
        parse_call_file(text, TEHRAN)
    return caught.value.problems


def test_every_bad_field_is_listed_with_its_path() -> None:
    found = problems(
        "slug: Bad Slug\n"
        "title: {fa: عنوان}\n"
        "deadline_at: 1405/13/40\n"
        "capacity: 0\n"
        "form:\n"
        "  - {key: name, type: text, label: نام, max_length: 0}\n"
        "  - {key: as, type: choice, label: نوع, options: [{value: a, label: A}]}\n"
    )
    text = "\n".join(found)
    assert "deadline_at: not a valid Jalali date" in text
    assert any(p.startswith("slug:") for p in found)
    assert any(p.startswith("description:") for p in found)
    assert any(p.startswith("organiser:") for p in found)
    assert any(p.startswith("capacity:") for p in found)
    assert any(p.startswith("form.0.max_length:") for p in found)
    assert any(p.startswith("form.1:") and "two options" in p for p in found)


def test_conditions_must_name_an_earlier_choice() -> None:
    found = problems(
        "slug: ok\ntitle: t\ndescription: d\norganiser: o\ndeadline_at: 2030-01-01T00:00\n"
        "form:\n  - {key: org, type: text, label: L, when: {as: [org]}}\n"
    )
    assert "'when' must name an earlier choice question" in found[0]


def test_not_yaml_and_not_a_mapping() -> None:
    assert problems("slug: [unclosed")[0].startswith("not valid YAML")
    assert "must be a mapping" in problems("- just\n- a list\n")[0]


def test_opening_after_the_deadline_is_refused() -> None:
    found = problems(
        "slug: ok\ntitle: t\ndescription: d\norganiser: o\n"
        "opens_at: 1405/10/01\ndeadline_at: 1405/09/01\n"
        "form:\n  - {key: a, type: text, label: A}\n"
    )
    assert "opens_at must be before deadline_at" in found[0]
