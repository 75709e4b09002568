"""The directory of experts: people who agreed to stay on after a call, and its rules.

A call file may ask for directory consent (a `directory:` section naming the form's keys that
make a profile). The directory holds one entry per person across calls: the newest answer to
each profile key, and the calls the person took part in. These rules are pure; storage keeps
the entries and the services apply the rules when a registration is submitted, edited or
withdrawn, when someone leaves, and in the daily retention pass.

The merge rules:

- a registration submitted or edited with consent adds the person (or updates their entry):
  for each profile key it answers, the newer answer wins (answers carry the moment they were
  given, so applying them out of order gives the same entry); a key left blank keeps what
  the entry knew; the call is added to the entry's calls; the entry is renewed;
- a registration submitted or edited without consent (the question skipped) takes that call
  off the entry; an entry left with no call is erased: nobody stays without a consent;
- a withdrawn registration keeps the entry and marks the call withdrawn: the consent was its
  own answer, and leaving the directory is its own button (in /my);
- "stay" (the button in the warning before erasure) renews the entry; nothing else does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field

from bot.domain.forms import Answer, Answers, Form, Question, QuestionType
from bot.domain.localized import Localized

# The key of the form question that asks for directory consent (its answer: "yes" or none).
DIRECTORY_KEY = "directory"
WARN_BEFORE = timedelta(days=7)  # a person hears of their entry's erasure this long before it
CHOICE_TYPES = (QuestionType.CHOICE, QuestionType.MULTI_CHOICE)
PAGE_SIZE = 10  # people on one page of /directory
_MAX_QUESTIONS = 50  # a form's limit (forms.Form): the directory's question must fit in it


class DirectoryPlan(BaseModel):
    """A call file's `directory:` section: which answers make the profile, and the question
    asked (without one, the catalog's, naming the call's organiser)."""

    model_config = ConfigDict(extra="forbid")

    profile_keys: list[str] = Field(min_length=1, max_length=20)
    question: Localized | None = None


def plan_problems(form: Form, plan: DirectoryPlan | None) -> list[str]:
    """Why a form and its directory section do not fit together (empty: they do)."""
    own = form.question(DIRECTORY_KEY)
    if own is not None and (
        plan is None or own.type != QuestionType.CONSENT or own.required or own.when or own.options
    ):
        return [f"form: the key {DIRECTORY_KEY!r} is kept for the directory's own question"]
    if plan is None:
        return []
    problems = []
    for index, key in enumerate(plan.profile_keys):
        question = form.question(key)
        if key == DIRECTORY_KEY or (question and question.type == QuestionType.CONSENT):
            problems.append(f"directory.profile_keys: {key!r} is a consent, not a profile answer")
        elif question is None:
            problems.append(f"directory.profile_keys: {key!r} is not a question of the form")
        elif key in plan.profile_keys[:index]:
            problems.append(f"directory.profile_keys: {key!r} is listed twice")
    if own is None and len(form.questions) >= _MAX_QUESTIONS:
        problems.append(
            f"form: at most {_MAX_QUESTIONS - 1} questions when the directory's question is asked"
        )
    return problems


def asking_consent(form: Form, label: Localized) -> Form:
    """The form with the directory's question at its end (or its wording renewed): optional,
    so that saying nothing means no."""
    question = Question(key=DIRECTORY_KEY, type=QuestionType.CONSENT, label=label, required=False)
    others = [q for q in form.questions if q.key != DIRECTORY_KEY]
    return form.model_copy(update={"questions": [*others, question]})


# Entries and how they change.


@dataclass(frozen=True)
class Part:
    """One call a person took part in, as the directory remembers it."""

    call_id: int
    joined_at: datetime
    withdrawn: bool = False


@dataclass(frozen=True)
class Entry:
    user_id: int
    profile: dict[str, Answer]
    answered_at: dict[str, datetime]  # when each profile answer was given
    calls: tuple[Part, ...]
    created_at: datetime
    renewed_at: datetime
    warned_at: datetime | None = None  # told of the coming erasure (cleared on renewal)

    def erased_on(self, keep: timedelta) -> datetime:
        """When the entry goes unless it is renewed first."""
        erase = self.renewed_at + keep
        return max(erase, self.warned_at + WARN_BEFORE) if self.warned_at else erase


@dataclass(frozen=True)
class Contribution:
    """What one registration says to the directory at one moment."""

    user_id: int
    call_id: int
    consented: bool
    profile: dict[str, Answer]
    at: datetime


def contribution(
    plan: DirectoryPlan | None, user_id: int, call_id: int, answers: Answers, at: datetime
) -> Contribution | None:
    """What a registration's answers give the directory (None: its call keeps no directory)."""
    if plan is None:
        return None
    profile = {
        key: answers[key] for key in plan.profile_keys if answers.get(key) not in (None, "", [])
    }
    consented = answers.get(DIRECTORY_KEY) not in (None, "", [])
    return Contribution(user_id, call_id, consented, profile, at)


def merge(entry: Entry | None, given: Contribution) -> Entry | None:
    """The entry after a registration with (or without) consent was submitted or edited;
    None when the person is not (or no longer) in the directory."""
    if not given.consented:
        if entry is None:
            return None
        calls = tuple(part for part in entry.calls if part.call_id != given.call_id)
        if len(calls) == len(entry.calls):
            return entry
        return replace(entry, calls=calls) if calls else None
    if entry is None:
        entry = Entry(given.user_id, {}, {}, (), given.at, given.at)
    profile, answered_at = dict(entry.profile), dict(entry.answered_at)
    for key, value in given.profile.items():
        if key not in answered_at or answered_at[key] <= given.at:
            profile[key] = value
            answered_at[key] = given.at
    earlier = next((part for part in entry.calls if part.call_id == given.call_id), None)
    part = Part(given.call_id, earlier.joined_at if earlier else given.at)
    kept = [p if p.call_id != given.call_id else part for p in entry.calls]
    return Entry(
        user_id=entry.user_id,
        profile=profile,
        answered_at=answered_at,
        calls=tuple(kept if earlier else [*kept, part]),
        created_at=entry.created_at,
        renewed_at=max(entry.renewed_at, given.at),
        warned_at=None,
    )


def withdrawn(entry: Entry, call_id: int) -> Entry:
    """The entry after the person withdrew from one of its calls: kept, the call marked."""
    calls = tuple(replace(p, withdrawn=True) if p.call_id == call_id else p for p in entry.calls)
    return replace(entry, calls=calls)


def renewed(entry: Entry, at: datetime) -> Entry:
    """The entry after the person chose to stay: its retention starts again."""
    return replace(entry, renewed_at=max(entry.renewed_at, at), warned_at=None)


# Retention: an entry not renewed for DIRECTORY_RETENTION_DAYS is erased; the person is
# told WARN_BEFORE ahead, and an entry is never erased sooner than that after the warning.


@dataclass(frozen=True)
class Cutoffs:
    """Entries renewed before `warn` are due a warning; those renewed before `erase` and
    warned before `warned` are due erasure."""

    warn: datetime
    erase: datetime
    warned: datetime


def cutoffs(now: datetime, keep: timedelta) -> Cutoffs:
    return Cutoffs(warn=now - keep + WARN_BEFORE, erase=now - keep, warned=now - WARN_BEFORE)


def warning_due(entry: Entry, now: datetime, keep: timedelta) -> bool:
    return entry.warned_at is None and entry.renewed_at <= cutoffs(now, keep).warn


def erasure_due(entry: Entry, now: datetime, keep: timedelta) -> bool:
    limits = cutoffs(now, keep)
    return (
        entry.warned_at is not None
        and entry.renewed_at <= limits.erase
        and entry.warned_at <= limits.warned
    )


# The profile's shape across calls, and filtering by its choices.

Filters = dict[str, tuple[str, ...]]  # key -> options, any of which matches; every key applies


def profile_schema(plans: Iterable[tuple[DirectoryPlan, Form]]) -> dict[str, Question]:
    """Each profile key some call keeps, with the question that asks it: the newest call's
    wording (`plans` run oldest first), and the options of every call that asks it."""
    schema: dict[str, Question] = {}
    for plan, form in plans:
        for key in plan.profile_keys:
            question = form.question(key)
            if question is None:
                continue
            older = schema.get(key)
            if older is not None and older.options:
                values = {option.value for option in question.options}
                kept = [option for option in older.options if option.value not in values]
                question = question.model_copy(update={"options": [*question.options, *kept]})
            schema[key] = question
    return schema


def choice_keys(schema: Mapping[str, Question]) -> list[str]:
    """The profile keys people can be counted and filtered by (choice questions)."""
    return [key for key, question in schema.items() if question.type in CHOICE_TYPES]


def name_key(schema: Mapping[str, Question]) -> str | None:
    """The profile key that names a person: the first text question (a full name)."""
    return next((k for k, q in schema.items() if q.type == QuestionType.TEXT), None)


def chosen(profile: Mapping[str, Answer], schema: Mapping[str, Question]) -> set[tuple[str, str]]:
    """The (key, option) pairs a profile holds, for counting and filtering."""
    pairs = set()
    for key in choice_keys(schema):
        value = profile.get(key)
        for option in value if isinstance(value, list) else [value]:
            if isinstance(option, str) and option:
                pairs.add((key, option))
    return pairs


def matches(pairs: set[tuple[str, str]], filters: Filters) -> bool:
    """Whether a profile's choices pass the filters: for every key, one of its options."""
    return all(any((key, value) in pairs for value in values) for key, values in filters.items())


def toggled(filters: Filters, key: str, value: str) -> Filters:
    """The filters with one option of one key turned on or off (a key with none is dropped)."""
    values = filters.get(key, ())
    changed = tuple(v for v in values if v != value) if value in values else (*values, value)
    rest = {k: v for k, v in filters.items() if k != key}
    return {**rest, key: changed} if changed else rest


# What the admins' screens show.


@dataclass(frozen=True)
class Overview:
    """The directory at a glance: everyone, each profile choice counted, and the filters."""

    total: int
    counts: dict[tuple[str, str], int]  # (key, option) -> entries holding it
    filters: Filters
    matching: int  # entries the filters select


@dataclass(frozen=True)
class EntriesPage:
    entries: list[Entry]
    number: int  # from 0
    pages: int
    count: int  # entries the filters (and the search) select, on every page
    query: str | None = None  # what the admin searched for, as typed (None: no search)
    filtered: bool = False  # whether ticked options narrow the search


@dataclass(frozen=True)
class Reach:
    """Who an invitation to a call would reach: those the filters select, and of them those
    not registered for the call already (nor blocking the bot)."""

    selected: int
    reached: int
