"""Forms: ordered questions, which of them apply, and checking one answer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Self

from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.domain.localized import Localized
from bot.domain.normalize import normalize_line, normalize_text
from bot.domain.phone import read_phone
from bot.domain.text import grapheme_count

Answer = str | int | float | list[str]
Answers = dict[str, Answer]

_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*\.[^\s]{2,}$", re.IGNORECASE)
_DEFAULT_MAX_LENGTH = {"text": 200, "long_text": 2000, "email": 254, "url": 500}


class QuestionType(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    EMAIL = "email"
    PHONE = "phone"
    NUMBER = "number"
    URL = "url"
    CONSENT = "consent"


BUTTON_TYPES = (QuestionType.CHOICE, QuestionType.MULTI_CHOICE, QuestionType.CONSENT)


class Option(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: str = Field(pattern=r"^[a-z0-9_-]{1,24}$")
    label: Localized


class Question(BaseModel):
    """One question of a form, as written in a call file."""

    model_config = ConfigDict(extra="forbid")

    key: str = Field(pattern=r"^[a-z][a-z0-9_]{0,23}$")
    type: QuestionType
    label: Localized
    help: Localized | None = None
    required: bool = True
    # Lengths count graphemes, the characters a reader sees (👩‍👩‍👧 is one, مُ is one), not
    # code points or Telegram's UTF-16 units: a typed message already fits Telegram's 4096.
    min_length: int | None = Field(default=None, ge=0)
    max_length: int | None = Field(default=None, ge=1, le=4000)
    min: float | None = None
    max: float | None = None
    integer: bool = False
    mobile_only: bool = False
    options: list[Option] = Field(default_factory=list, max_length=30)
    min_choices: int | None = Field(default=None, ge=0)
    max_choices: int | None = Field(default=None, ge=1)
    # Asked only when an earlier question's answer is one of the listed option values.
    when: dict[str, list[str]] | None = None

    @model_validator(mode="after")
    def _options_fit_type(self) -> Self:
        has_options = self.type in (QuestionType.CHOICE, QuestionType.MULTI_CHOICE)
        if has_options and len(self.options) < 2:
            raise ValueError(f"a {self.type} question needs at least two options")
        if not has_options and self.options:
            raise ValueError(f"a {self.type} question takes no options")
        if len({option.value for option in self.options}) != len(self.options):
            raise ValueError("option values must be unique")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min is greater than max")
        if (self.min_length or 0) > self.limit_length:
            raise ValueError("min_length is greater than max_length")
        return self

    @property
    def limit_length(self) -> int:
        return self.max_length or _DEFAULT_MAX_LENGTH.get(self.type, 200)

    def option(self, value: str) -> Option | None:
        return next((option for option in self.options if option.value == value), None)


class Form(BaseModel):
    """The ordered questions of a call."""

    model_config = ConfigDict(extra="forbid")

    questions: list[Question] = Field(min_length=1, max_length=50)

    @model_validator(mode="after")
    def _keys_and_conditions(self) -> Self:
        seen: dict[str, Question] = {}
        for question in self.questions:
            if question.key in seen:
                raise ValueError(f"question key {question.key!r} is used twice")
            for key, values in (question.when or {}).items():
                earlier = seen.get(key)
                if earlier is None or earlier.type != QuestionType.CHOICE:
                    raise ValueError(
                        f"{question.key}: 'when' must name an earlier choice question, not {key!r}"
                    )
                unknown = [value for value in values if earlier.option(value) is None]
                if unknown:
                    raise ValueError(f"{question.key}: {key} has no option {unknown[0]!r}")
            seen[question.key] = question
        return self

    def question(self, key: str) -> Question | None:
        return next((question for question in self.questions if question.key == key), None)

    def applicable(self, answers: Answers) -> list[Question]:
        """The questions this volunteer is asked, given their answers so far."""
        return [question for question in self.questions if _applies(question, answers)]

    def first_missing(self, answers: Answers) -> Question | None:
        """The first applicable required question still without an answer."""
        return next(
            (q for q in self.applicable(answers) if q.required and q.key not in answers), None
        )

    def next_after(self, key: str, answers: Answers) -> Question | None:
        """The applicable question after `key`, or None at the end of the form."""
        keys = [question.key for question in self.questions]
        later = self.questions[keys.index(key) + 1 :]
        return next((question for question in later if _applies(question, answers)), None)

    def previous_before(self, key: str, answers: Answers) -> Question | None:
        """The applicable question before `key`, or None at the start."""
        keys = [question.key for question in self.questions]
        earlier = self.questions[: keys.index(key)]
        return next((q for q in reversed(earlier) if _applies(q, answers)), None)

    def position(self, key: str, answers: Answers) -> tuple[int, int]:
        """(number, total) of `key` among the applicable questions, for "question 3 of 7"."""
        keys = [question.key for question in self.applicable(answers)]
        return (keys.index(key) + 1 if key in keys else len(keys), len(keys))

    def prune(self, answers: Answers) -> Answers:
        """Only the answers to questions that apply (a changed choice can make some moot)."""
        keys = {question.key for question in self.applicable(answers)}
        return {key: value for key, value in answers.items() if key in keys}


def _applies(question: Question, answers: Answers) -> bool:
    if not question.when:
        return True
    return all(answers.get(key) in values for key, values in question.when.items())


@dataclass(frozen=True)
class AnswerError:
    """Why an answer was refused: a catalog key and its parameters."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)


def check_answer(question: Question, raw: str) -> Answer | AnswerError:
    """Normalises typed text for `question` and returns the value to store, or why not."""
    if question.type in (QuestionType.MULTI_CHOICE, QuestionType.CONSENT):
        return AnswerError("answer.use_buttons")
    if question.type == QuestionType.CHOICE:
        return _typed_choice(question, normalize_line(raw))
    text = normalize_text(raw) if question.type == QuestionType.LONG_TEXT else normalize_line(raw)
    if not text:
        return AnswerError("answer.empty")
    if question.type == QuestionType.NUMBER:
        return _number(question, text)
    if question.type == QuestionType.PHONE:
        return _phone(question, text)
    length = grapheme_count(text)  # what the reader counts, as the limits are told to them
    if length > question.limit_length:
        return AnswerError("answer.too_long", {"max": question.limit_length, "length": length})
    if question.min_length and length < question.min_length:
        return AnswerError("answer.too_short", {"min": question.min_length})
    if question.type == QuestionType.EMAIL:
        return _email(text)
    if question.type == QuestionType.URL:
        url = text if re.match(r"^https?://", text, re.IGNORECASE) else f"https://{text}"
        return url if _URL.match(url) else AnswerError("answer.url_invalid")
    return text


def check_multi_choice(question: Question, chosen: list[str]) -> list[str] | AnswerError:
    """Checks a finished multi-choice selection against the question's limits."""
    if question.required and not chosen:
        return AnswerError("answer.choose_at_least", {"min": max(1, question.min_choices or 1)})
    if question.min_choices and len(chosen) < question.min_choices:
        return AnswerError("answer.choose_at_least", {"min": question.min_choices})
    if question.max_choices and len(chosen) > question.max_choices:
        return AnswerError("answer.choose_at_most", {"max": question.max_choices})
    order = [option.value for option in question.options]
    return sorted(chosen, key=order.index)


def choice_bounds(question: Question) -> tuple[int, int | None]:
    """How many options a finished multi-choice selection may hold: (at least, at most)."""
    least = max(question.min_choices or 0, 1 if question.required else 0)
    return least, question.max_choices


def toggle_choice(question: Question, chosen: list[str], value: str) -> list[str] | AnswerError:
    """The selection after one option is pressed: unticked if it was ticked, else ticked,
    unless that would be more than the question allows (then why not, and nothing changes)."""
    if value in chosen:
        return [item for item in chosen if item != value]
    if question.max_choices is not None and len(chosen) >= question.max_choices:
        return AnswerError("answer.toggle_at_most", {"max": question.max_choices})
    return [*chosen, value]


def _typed_choice(question: Question, text: str) -> str | AnswerError:
    # Typing an option's number or its exact label is as good as pressing its button.
    if text.isdigit() and 1 <= int(text) <= len(question.options):
        return question.options[int(text) - 1].value
    folded = text.casefold()
    for option in question.options:
        if any(normalize_line(label).casefold() == folded for label in option.label.values()):
            return option.value
    return AnswerError("answer.use_buttons")


def _phone(question: Question, text: str) -> str | AnswerError:
    phone = read_phone(text)
    if phone is None:
        return AnswerError("answer.phone_invalid")
    if question.mobile_only and not phone.mobile:
        return AnswerError("answer.phone_not_mobile")
    return phone.e164


def _email(text: str) -> str | AnswerError:
    # Syntax only: no DNS lookup while a volunteer waits. Internationalised addresses
    # (کاربر@مثال.ایران, user@bücher.de) are addresses too; strict keeps the local part
    # to 64 characters, as before.
    try:
        email = validate_email(text, check_deliverability=False, strict=True)
    except EmailNotValidError:
        return AnswerError("answer.email_invalid")
    return email.normalized


def _number(question: Question, text: str) -> int | float | AnswerError:
    cleaned = text.replace("٫", ".").replace("٬", "").replace(",", "")
    try:
        value: int | float = int(cleaned) if re.fullmatch(r"[-+]?\d+", cleaned) else float(cleaned)
    except ValueError:
        return AnswerError("answer.number_invalid")
    if value != value or value in (float("inf"), float("-inf")):
        return AnswerError("answer.number_invalid")
    if question.integer and not isinstance(value, int):
        return AnswerError("answer.number_integer")
    if question.min is not None and value < question.min:
        return AnswerError("answer.number_too_small", {"min": _plain(question.min)})
    if question.max is not None and value > question.max:
        return AnswerError("answer.number_too_large", {"max": _plain(question.max)})
    return value


def _plain(number: float) -> int | float:
    return int(number) if float(number).is_integer() else number


def change_problems(old: Form, new: Form) -> list[str]:
    """Why `new` cannot replace `old` once people have answered `old` (empty: it can).

    Answers are stored per question key, so a question may not disappear or change type,
    an option people may have chosen may not disappear, and a new question must be optional
    (those who registered before never saw it).
    """
    problems = []
    replacing = {question.key: question for question in new.questions}
    for question in old.questions:
        after = replacing.get(question.key)
        if after is None:
            problems.append(f"form: question {question.key!r} cannot be removed")
        elif after.type != question.type:
            problems.append(
                f"form: question {question.key!r} cannot change type "
                f"({question.type} to {after.type})"
            )
        else:
            gone = {o.value for o in question.options} - {o.value for o in after.options}
            if gone:
                problems.append(
                    f"form: question {question.key!r} cannot lose options {sorted(gone)}"
                )
    known = {question.key for question in old.questions}
    for question in new.questions:
        if question.key not in known and question.required:
            problems.append(f"form: new question {question.key!r} must be optional")
    return problems
