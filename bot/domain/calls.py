"""Calls: the call-file model, and whether a call is accepting registrations right now."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum
from pathlib import Path
from typing import Self

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails

from bot.domain.dates import DateParseError, parse_datetime
from bot.domain.directory import DirectoryPlan, asking_consent, plan_problems
from bot.domain.forms import Form
from bot.domain.localized import Localized

# The call that ships with the project; also the working-group form template admins start from.
SAMPLE_CALL = Path(__file__).resolve().parents[2] / "calls" / "user-rights-working-group.yaml"
SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$"


class CallStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    ARCHIVED = "archived"


OFFSET_PATTERN = re.compile(r"^(\d{1,4})\s*([dhm])$")
_MINUTES = {"d": 24 * 60, "h": 60, "m": 1}


def offset_minutes(offset: str) -> int:
    """`3d`, `1h`, `30m` in minutes."""
    match = OFFSET_PATTERN.match(offset.strip().lower())
    if match is None:
        raise ValueError(f"{offset!r} is not an offset like 3d, 1h or 30m")
    return int(match.group(1)) * _MINUTES[match.group(2)]


def _offsets(value: list[str]) -> list[str]:
    for offset in value:
        offset_minutes(offset)
    return value


class ReminderPlan(BaseModel):
    """When reminders go out, and to whom (each audience can be turned off)."""

    model_config = ConfigDict(extra="forbid")

    before_deadline: list[str] = Field(default_factory=lambda: ["3d", "1d", "3h"], max_length=10)
    drafts: bool = True  # volunteers with an unfinished draft
    followers: bool = True  # those who pressed "remind me" and have not registered
    everyone: bool = False  # everyone who started the bot and never opened the call
    before_meetings: list[str] = Field(default_factory=lambda: ["1d", "1h"], max_length=10)
    # Posted to the announcement channels (ANNOUNCE_CHAT_IDS and EITAA_CHANNELS) before the
    # deadline; none unless the call file asks (`reminders: {channels: [3d, 1d]}`).
    channels: list[str] = Field(default_factory=list, max_length=10)

    _check_deadline = field_validator("before_deadline")(_offsets)
    _check_meetings = field_validator("before_meetings")(_offsets)
    _check_channels = field_validator("channels")(_offsets)


class Meeting(BaseModel):
    """A meeting of the working group; registrants are reminded before it."""

    model_config = ConfigDict(extra="forbid")

    key: str = Field(default="", pattern=r"^[a-z0-9_-]{0,24}$")
    title: Localized
    starts_at: datetime
    duration_minutes: int = Field(default=60, ge=5, le=24 * 60)
    place: Localized | None = None
    link: str | None = Field(default=None, pattern=r"^https?://\S+$")


class CallSpec(BaseModel):
    """A call as written in a YAML call file (dates already parsed to UTC)."""

    model_config = ConfigDict(extra="forbid")

    slug: str
    title: Localized
    description: Localized
    organiser: Localized
    invited_groups: list[Localized] = Field(default_factory=list, max_length=30)
    opens_at: datetime | None = None
    deadline_at: datetime
    capacity: int | None = Field(default=None, ge=1)
    moderated: bool = False  # submissions wait for an admin to accept or reject them
    status: CallStatus = CallStatus.OPEN
    consent: Localized | None = None
    reminders: ReminderPlan = Field(default_factory=ReminderPlan)
    meetings: list[Meeting] = Field(default_factory=list, max_length=20)
    form: Form
    # The question whose answer names a registrant in admins' lists (default: the first text
    # question of the form).
    display_key: str | None = None
    # Asks for consent to keep a profile in the directory of experts (bot/domain/directory.py).
    directory: DirectoryPlan | None = None

    @field_validator("slug")
    @classmethod
    def _slug_shape(cls, value: str) -> str:
        if not re.match(SLUG_PATTERN, value):
            raise ValueError(
                "use lowercase letters, digits and hyphens, 1-48 characters, e.g. user-rights-1405"
            )
        return value

    @model_validator(mode="after")
    def _dates_in_order(self) -> Self:
        if self.opens_at is not None and self.opens_at >= self.deadline_at:
            raise ValueError("opens_at must be before deadline_at")
        for index, meeting in enumerate(self.meetings):
            meeting.key = meeting.key or f"m{index + 1}"  # reminders follow a meeting by key
        if len({meeting.key for meeting in self.meetings}) != len(self.meetings):
            raise ValueError("meeting keys must be unique")
        return self

    @model_validator(mode="after")
    def _display_key_in_form(self) -> Self:
        if self.display_key is not None and self.form.question(self.display_key) is None:
            raise ValueError(f"display_key: the form has no question {self.display_key!r}")
        return self

    @model_validator(mode="after")
    def _directory_fits_form(self) -> Self:
        if problems := plan_problems(self.form, self.directory):
            raise ValueError("; ".join(problems))
        if self.directory is not None and self.directory.question is not None:
            self.form = asking_consent(self.form, self.directory.question)
        return self

    @property
    def asks_directory(self) -> bool:
        """Whether the form asks for directory consent (the question worded and in place)."""
        return self.directory is not None and self.directory.question is not None


class Window(StrEnum):
    """Where a call stands for a volunteer at one moment."""

    NOT_YET = "not_yet"
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class Call:
    """A stored call: its id, status and dates, plus the spec it was made from."""

    id: int
    spec: CallSpec
    status: CallStatus
    opens_at: datetime
    deadline_at: datetime

    @property
    def slug(self) -> str:
        return self.spec.slug

    @property
    def form(self) -> Form:
        return self.spec.form

    @property
    def capacity(self) -> int | None:
        return self.spec.capacity

    @property
    def published(self) -> bool:
        """Whether volunteers may see the call at all: a draft is seen by admins only."""
        return self.status != CallStatus.DRAFT

    def takes_followers(self, now: datetime) -> bool:
        """Whether "remind me" means anything: only while registering is open or still ahead
        (a draft, a closed or an archived call has no deadline left to remind of)."""
        return self.window(now) != Window.CLOSED

    def window(self, now: datetime) -> Window:
        """Whether volunteers may register, edit or withdraw at `now`."""
        if self.status != CallStatus.OPEN or now >= self.deadline_at:
            return Window.CLOSED
        if now < self.opens_at:
            return Window.NOT_YET
        return Window.OPEN


class CallFileError(Exception):
    """A call file that cannot be used; `problems` lists each bad field with its path."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def parse_call_file(text: str, tz: tzinfo) -> CallSpec:
    """Validates a YAML call file; raises CallFileError listing every problem found."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise CallFileError([f"not valid YAML: {error}"]) from None
    if not isinstance(data, dict):
        raise CallFileError(["the file must be a mapping with slug, title, deadline_at, form…"])
    problems: list[str] = []
    unreadable: set[str] = set()
    for name in ("opens_at", "deadline_at"):
        if data.get(name) is not None:
            try:
                data[name] = parse_datetime(str(data[name]), tz)
            except DateParseError as error:
                problems.append(f"{name}: {error}")
                unreadable.add(name)
                del data[name]
    for index, meeting in enumerate(data.get("meetings") or []):
        if isinstance(meeting, dict) and meeting.get("starts_at") is not None:
            try:
                meeting["starts_at"] = parse_datetime(str(meeting["starts_at"]), tz)
            except DateParseError as error:
                problems.append(f"meetings.{index}.starts_at: {error}")
                meeting["starts_at"] = None
    if isinstance(data.get("form"), list):
        data["form"] = {"questions": data["form"]}
    try:
        spec = CallSpec.model_validate(data)
    except ValidationError as error:
        problems += [
            _describe(item)
            for item in error.errors()
            if not (item["type"] == "missing" and item["loc"][0] in unreadable)
        ]
        raise CallFileError(problems) from None
    if problems:
        raise CallFileError(problems)
    return spec


def load_call_file(path: Path, tz: tzinfo) -> CallSpec:
    """Reads and validates a call file from disk."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CallFileError([f"cannot read {path}: {error.strerror}"]) from None
    return parse_call_file(text, tz)


def _describe(item: ErrorDetails) -> str:
    location = ".".join(str(part) for part in item["loc"] if part != "questions")
    message = str(item["msg"]).removeprefix("Value error, ")
    return f"{location or 'file'}: {message}"
