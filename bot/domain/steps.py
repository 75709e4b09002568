"""Where a journey step leaves a volunteer: what the handlers show next."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.calls import Call, Window
from bot.domain.forms import AnswerError, Question
from bot.domain.models import Registration


@dataclass(frozen=True)
class Ask:
    """Show `question` (again, with `error`, when the last answer was refused)."""

    registration: Registration
    question: Question
    error: AnswerError | None = None


@dataclass(frozen=True)
class Review:
    """Show the draft's summary with Confirm / Edit / Cancel."""

    registration: Registration


@dataclass(frozen=True)
class Saved:
    """An edit to a submitted registration is stored; show the registration."""

    registration: Registration


@dataclass(frozen=True)
class Submitted:
    """The registration is in: show the reference code (and the waitlist place, if any)."""

    registration: Registration
    waitlist_position: int | None


@dataclass(frozen=True)
class Closed:
    """The call does not accept this now (not open yet, or past its deadline)."""

    call: Call
    window: Window


@dataclass(frozen=True)
class TooManyDrafts:
    """The volunteer has too many unfinished drafts to start another."""

    call: Call


@dataclass(frozen=True)
class Stale:
    """A button from an earlier step was pressed; nothing changed."""

    registration: Registration


Step = Ask | Review | Saved | Submitted | Closed | Stale | TooManyDrafts
