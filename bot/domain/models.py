"""The records handlers and domain rules pass around: users and registrations."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from bot.domain.forms import Answers

REVIEW_STEP = "review"


@dataclass(frozen=True)
class User:
    id: int
    language: str
    first_name: str | None = None
    username: str | None = None
    active_registration_id: int | None = None


class RegistrationStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    WAITLISTED = "waitlisted"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


# Registrations that hold (or wait for) a seat, and those a volunteer may still change.
HOLDS_SEAT = (RegistrationStatus.SUBMITTED, RegistrationStatus.ACCEPTED)
ACTIVE = (RegistrationStatus.SUBMITTED, RegistrationStatus.WAITLISTED, RegistrationStatus.ACCEPTED)


@dataclass(frozen=True)
class Registration:
    id: int
    call_id: int
    user_id: int
    status: RegistrationStatus
    step: str | None
    return_to_review: bool
    reference_code: str | None
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None = None
    withdrawn_at: datetime | None = None
    consented_at: datetime | None = None
    consent_version: str | None = None
    answers: Answers = field(default_factory=dict)

    @property
    def is_draft(self) -> bool:
        return self.status == RegistrationStatus.DRAFT

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE


@dataclass(frozen=True, slots=True)
class Submission:
    """A registration as an export reads it: what its row in the file shows, nothing more.

    An export reads 100,000 of them; a whole `Registration` (five moments parsed, fourteen
    fields) was a sixth of the time.
    """

    user_id: int
    status: RegistrationStatus
    reference_code: str | None
    submitted_at: datetime | None
    answers: Answers
