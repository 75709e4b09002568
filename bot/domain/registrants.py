"""A call's registrants as admins browse them: filters, pages, names, a registration's history.

A listing (which status, which answer to a choice question, which page) travels in a button's
payload as a short key (`a`, `wq4o1p2`), read back strictly: anything else is no listing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.domain.calls import Call, CallSpec
from bot.domain.forms import Answer, Option, Question, QuestionType
from bot.domain.models import Registration, RegistrationStatus, User

PAGE_SIZE = 10  # registrants on one page of the list
HISTORY_SHOWN = 12  # the latest changes of status a card lists
MESSAGES_SHOWN = 5  # the latest messages from the bot a card lists
# What an admin may write to one person: the message gets a line naming the call above it,
# and the whole must fit in one message (4,096 UTF-16 units).
MESSAGE_ROOM = 3500

# Which registrants a listing shows, by the letter its key starts with. None: everyone who
# submitted (whatever became of it since); DRAFT: those who started and never submitted.
STATUS_LETTERS: dict[str, RegistrationStatus | None] = {
    "a": None,
    "s": RegistrationStatus.SUBMITTED,
    "w": RegistrationStatus.WAITLISTED,
    "c": RegistrationStatus.ACCEPTED,
    "r": RegistrationStatus.REJECTED,
    "x": RegistrationStatus.WITHDRAWN,
    "d": RegistrationStatus.DRAFT,
}
_LETTER_OF = {status: letter for letter, status in STATUS_LETTERS.items()}
# The status filters in the order the filter screen offers them.
STATUS_FILTERS: tuple[RegistrationStatus | None, ...] = tuple(STATUS_LETTERS.values())
# Statuses only an admin's decision fills: offered on a moderated call, or while they hold people.
DECIDED = (RegistrationStatus.ACCEPTED, RegistrationStatus.REJECTED)
_KEY = re.compile(r"([aswcrxd])(?:q(\d{1,2})o(\d{1,2}))?(?:p(\d{1,5}))?")
MAX_PAGE = 99_999
CHOICE_TYPES = (QuestionType.CHOICE, QuestionType.MULTI_CHOICE)


@dataclass(frozen=True)
class Listing:
    """One page of a call's registrants under one filter."""

    status: RegistrationStatus | None = None  # None: everyone who submitted
    question: int | None = None  # the index of a choice question in the form
    option: int | None = None  # the index of one of its options
    page: int = 0

    def encode(self) -> str:
        """The listing as a button's key (at most 14 characters)."""
        key = _LETTER_OF[self.status]
        if self.question is not None and self.option is not None:
            key += f"q{self.question}o{self.option}"
        if self.page:
            key += f"p{self.page}"
        return key

    @classmethod
    def decode(cls, key: str) -> Listing | None:
        """The listing a key names; None for anything `encode` would not have written."""
        match = _KEY.fullmatch(key)
        if match is None:
            return None
        letter, question, option, page = match.groups()
        return cls(
            STATUS_LETTERS[letter],
            None if question is None else int(question),
            None if option is None else int(option),
            int(page or 0),
        )

    @property
    def filtered(self) -> bool:
        """Whether anything narrows the list (a status, or an answer)."""
        return self.status is not None or self.question is not None

    def at(self, page: int) -> Listing:
        return Listing(self.status, self.question, self.option, max(0, min(page, MAX_PAGE)))

    def with_status(self, status: RegistrationStatus | None) -> Listing:
        return Listing(status, self.question, self.option)

    def with_choice(self, question: int | None, option: int | None) -> Listing:
        return Listing(self.status, question, option)


@dataclass(frozen=True)
class ChoiceFilter:
    """An answer to filter by: the question and the option, as the form has them."""

    question: Question
    option: Option


class BadListing(Exception):
    """A listing that names a question or option the call's form does not have."""


def choice_questions(spec: CallSpec) -> list[tuple[int, Question]]:
    """The form's choice questions with their index: the answers a list can be filtered by."""
    return [(i, q) for i, q in enumerate(spec.form.questions) if q.type in CHOICE_TYPES]


def choice_filter(spec: CallSpec, listing: Listing) -> ChoiceFilter | None:
    """The answer a listing filters by (None: none); BadListing when the form has no such."""
    if listing.question is None or listing.option is None:
        return None
    questions = spec.form.questions
    if listing.question >= len(questions):
        raise BadListing
    question = questions[listing.question]
    if question.type not in CHOICE_TYPES or listing.option >= len(question.options):
        raise BadListing
    return ChoiceFilter(question, question.options[listing.option])


def page_count(count: int) -> int:
    """Pages a list of `count` registrants takes (an empty list still shows one)."""
    return max(1, -(-count // PAGE_SIZE))


def offered(status: RegistrationStatus | None, *, moderated: bool, count: int) -> bool:
    """Whether a status filter is worth offering: accepted and rejected only where admins
    decide, or while they still hold people (moderation turned off after some decisions)."""
    return status not in DECIDED or moderated or count > 0


def name_question(spec: CallSpec) -> Question | None:
    """The question whose answer names a registrant: the call file's `display_key`, or else
    the form's first text question (None: the form has neither)."""
    form = spec.form
    if spec.display_key is not None:
        return form.question(spec.display_key)
    return next((q for q in form.questions if q.type == QuestionType.TEXT), None)


@dataclass(frozen=True)
class RegistrantRow:
    """One line of the list: who, where they stand, since when."""

    id: int
    status: RegistrationStatus
    reference_code: str | None
    created_at: datetime
    submitted_at: datetime | None
    name: Answer | None  # their answer to the naming question, as stored


@dataclass(frozen=True)
class RegistrantPage:
    listing: Listing  # its page within the pages there are
    rows: list[RegistrantRow]
    count: int  # registrants under the listing's filter, on every page
    choice: ChoiceFilter | None

    @property
    def pages(self) -> int:
        return page_count(self.count)


class Moment(StrEnum):
    """A step in a registration's history, as an admin reads it."""

    STARTED = "started"
    RESTARTED = "restarted"  # a new draft after withdrawing
    SUBMITTED = "submitted"
    WAITLISTED = "waitlisted"
    PROMOTED = "promoted"  # moved up from the waiting list into a seat
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class StatusChange:
    """A registration's status from `at` on, as the database records each change."""

    status: RegistrationStatus
    at: datetime


def history(changes: list[StatusChange]) -> list[tuple[Moment, datetime]]:
    """What each change meant, in order: a draft after a withdrawal is a new start; a seat
    after the waiting list is a move up."""
    moments: list[tuple[Moment, datetime]] = []
    before: RegistrationStatus | None = None
    for change in changes:
        status = change.status
        if status == RegistrationStatus.DRAFT:
            moment = Moment.STARTED if before is None else Moment.RESTARTED
        elif status == RegistrationStatus.SUBMITTED and before == RegistrationStatus.WAITLISTED:
            moment = Moment.PROMOTED
        else:
            moment = Moment(status.value)
        moments.append((moment, change.at))
        before = status
    return moments


@dataclass(frozen=True)
class SentMessage:
    """A message the bot sent (or is sending) to a person through the outbox."""

    kind: str  # a BroadcastKind
    status: str  # a DeliveryStatus
    at: datetime


@dataclass(frozen=True)
class Card:
    """Everything an admin's card of one registration shows."""

    call: Call
    registration: Registration
    user: User
    history: list[tuple[Moment, datetime]]  # the latest HISTORY_SHOWN, oldest first
    earlier: int  # changes older than those
    messages: list[SentMessage]  # the latest MESSAGES_SHOWN, newest first
    message_count: int
