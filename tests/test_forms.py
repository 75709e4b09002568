"""Checking one answer: specific refusals, normalised values."""

import pytest

from bot.domain.forms import (
    AnswerError,
    Form,
    Question,
    check_answer,
    check_multi_choice,
    choice_bounds,
    toggle_choice,
)


def question(**fields) -> Question:
    return Question.model_validate({"key": "q", "label": "Q", **fields})


def refused(result) -> str:
    assert isinstance(result, AnswerError), f"expected a refusal, got {result!r}"
    return result.key


def test_text_is_trimmed_and_normalised() -> None:
    assert check_answer(question(type="text"), "  علي  ") == "علی"


def test_text_over_the_limit_is_refused_with_both_lengths() -> None:
    result = check_answer(question(type="text", max_length=5), "abcdefg")
    assert result == AnswerError("answer.too_long", {"max": 5, "length": 7})


def test_text_under_the_minimum_and_empty_text() -> None:
    assert refused(check_answer(question(type="text", min_length=3), "ab")) == "answer.too_short"
    assert refused(check_answer(question(type="text"), " \u200b ")) == "answer.empty"


@pytest.mark.parametrize("typed", ["sara@example.com", "Sara.A+news@Mail.Example.ORG"])
def test_good_emails_pass_with_a_lowercase_domain(typed: str) -> None:
    value = check_answer(question(type="email"), typed)
    assert isinstance(value, str) and value.split("@")[1] == typed.split("@")[1].lower()


@pytest.mark.parametrize(
    "typed",
    [
        "sara",
        "sara@",
        "@example.com",
        "sara@example",
        "a b@c.com",
        "sara@@example.com",
        "sara..x@example.com",
        "sara@example.com.",
        "sara@-example.com",
        "Sara <sara@example.com>",
        "x" * 65 + "@example.com",
    ],
)
def test_bad_emails_are_refused(typed: str) -> None:
    assert refused(check_answer(question(type="email"), typed)) == "answer.email_invalid"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("کاربر@مثال.ایران", "کاربر@مثال.ایران"),
        ("سارا@example.com", "سارا@example.com"),
        ("user@bücher.de", "user@bücher.de"),
        ("User@BÜCHER.de", "User@bücher.de"),
        ("user@xn--bcher-kva.de", "user@bücher.de"),
    ],
)
def test_internationalised_emails_pass_as_the_library_normalises_them(
    typed: str, stored: str
) -> None:
    assert check_answer(question(type="email"), typed) == stored


def test_phone_answers_are_e164() -> None:
    assert check_answer(question(type="phone", mobile_only=True), "۰۹۱۲۱۲۳۴۵۶۷") == "+989121234567"
    assert refused(check_answer(question(type="phone"), "123")) == "answer.phone_invalid"


@pytest.mark.parametrize("typed", ["02188776655", "+44 20 7946 0958", "0044 20 7946 0958"])
def test_a_landline_is_refused_where_a_mobile_is_asked(typed: str) -> None:
    mobile = question(type="phone", mobile_only=True)
    assert refused(check_answer(mobile, typed)) == "answer.phone_not_mobile"
    assert isinstance(check_answer(question(type="phone"), typed), str)  # any phone will do


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("+44 7911 123456", "+447911123456"),
        ("00491511 2345678", "+4915112345678"),
        ("+1 212 555 0123", "+12125550123"),
        ("447911123456", "+447911123456"),  # as a shared contact sends it
    ],
)
def test_foreign_mobiles_are_stored_in_e164(typed: str, stored: str) -> None:
    assert check_answer(question(type="phone", mobile_only=True), typed) == stored


def test_a_number_in_no_country_is_refused() -> None:
    result = check_answer(question(type="phone"), "+999 1234 5678")
    assert refused(result) == "answer.phone_invalid"


def test_numbers_in_range_with_persian_digits() -> None:
    q = question(type="number", min=1, max=40, integer=True)
    assert check_answer(q, "۱۲") == 12
    assert check_answer(q, "0") == AnswerError("answer.number_too_small", {"min": 1})
    assert check_answer(q, "41") == AnswerError("answer.number_too_large", {"max": 40})
    assert refused(check_answer(q, "12.5")) == "answer.number_integer"
    assert refused(check_answer(q, "twelve")) == "answer.number_invalid"
    assert refused(check_answer(question(type="number"), "1e999")) == "answer.number_invalid"


def test_urls_get_a_scheme_when_missing() -> None:
    assert check_answer(question(type="url"), "example.com/page") == "https://example.com/page"
    assert refused(check_answer(question(type="url"), "not a url")) == "answer.url_invalid"


def test_a_choice_can_be_typed_by_number_or_label() -> None:
    q = question(
        type="choice",
        options=[
            {"value": "person", "label": {"fa": "فرد", "en": "Individual"}},
            {"value": "org", "label": {"fa": "سازمان", "en": "Organisation"}},
        ],
    )
    assert check_answer(q, "۲") == "org"
    assert check_answer(q, "individual") == "person"
    assert refused(check_answer(q, "maybe")) == "answer.use_buttons"


def test_multi_choice_limits_and_order() -> None:
    q = question(
        type="multi_choice",
        min_choices=1,
        max_choices=2,
        options=[
            {"value": "a", "label": "A"},
            {"value": "b", "label": "B"},
            {"value": "c", "label": "C"},
        ],
    )
    assert check_multi_choice(q, ["c", "a"]) == ["a", "c"]
    assert refused(check_multi_choice(q, [])) == "answer.choose_at_least"
    assert refused(check_multi_choice(q, ["a", "b", "c"])) == "answer.choose_at_most"
    assert refused(check_answer(q, "a")) == "answer.use_buttons"


FOUR = [{"value": v, "label": v.upper()} for v in ("a", "b", "c", "d")]


def test_a_tick_beyond_max_choices_is_refused_and_an_untick_always_works() -> None:
    q = question(type="multi_choice", max_choices=2, options=FOUR)
    assert toggle_choice(q, [], "b") == ["b"]
    assert toggle_choice(q, ["b"], "a") == ["b", "a"]
    assert toggle_choice(q, ["b", "a"], "c") == AnswerError("answer.toggle_at_most", {"max": 2})
    assert toggle_choice(q, ["b", "a"], "b") == ["a"]
    unlimited = question(type="multi_choice", options=FOUR)
    assert toggle_choice(unlimited, ["a", "b", "c"], "d") == ["a", "b", "c", "d"]


def test_the_bounds_a_multi_choice_question_states() -> None:
    def bounds(**fields) -> tuple[int, int | None]:
        return choice_bounds(question(type="multi_choice", options=FOUR, **fields))

    assert bounds() == (1, None)  # required: at least one
    assert bounds(required=False) == (0, None)
    assert bounds(max_choices=3) == (1, 3)
    assert bounds(min_choices=2, max_choices=2) == (2, 2)
    assert bounds(required=False, max_choices=3) == (0, 3)


def conditional_form() -> Form:
    return Form.model_validate(
        {
            "questions": [
                {"key": "name", "type": "text", "label": "Name"},
                {
                    "key": "as",
                    "type": "choice",
                    "label": "As",
                    "options": [
                        {"value": "person", "label": "Person"},
                        {"value": "org", "label": "Org"},
                    ],
                },
                {"key": "org", "type": "text", "label": "Org name", "when": {"as": ["org"]}},
                {"key": "note", "type": "text", "label": "Note", "required": False},
            ]
        }
    )


def test_conditional_questions_apply_only_after_their_answer() -> None:
    form = conditional_form()
    assert [q.key for q in form.applicable({"as": "person"})] == ["name", "as", "note"]
    assert form.next_after("as", {"as": "org"}).key == "org"
    assert form.next_after("as", {"as": "person"}).key == "note"
    assert form.position("note", {"as": "person"}) == (3, 3)
    assert form.position("note", {"as": "org"}) == (4, 4)
    assert form.first_missing({"name": "x", "as": "org"}).key == "org"
    assert form.prune({"name": "x", "as": "person", "org": "ACME"}) == {
        "name": "x",
        "as": "person",
    }
    assert form.previous_before("note", {"as": "person"}).key == "as"
