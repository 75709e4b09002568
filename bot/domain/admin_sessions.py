"""An admin's conversation in progress: which flow, which step, what was typed so far."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Flow(StrEnum):
    """What the admin is typing for."""

    WIZARD = "wizard"  # a new call, question by question
    DEADLINE = "deadline"  # a call's new deadline
    FIELD = "field"  # a new value for one of a call's fields
    OFFSETS = "offsets"  # new reminder times before the deadline
    COMPOSE = "compose"  # a broadcast's text, then its confirmation
    FIND = "find"  # what to look for among registrations
    MESSAGE = "message"  # a message to one registrant, then its confirmation
    DIRECTORY_FIND = "directory_find"  # what to look for in the directory of experts


class Step(StrEnum):
    """Where in its flow a session stands (the wizard's steps are in `wizard.STEPS`)."""

    TEXT = "text"  # one typed value ends the flow
    TITLE = "title"
    SLUG = "slug"
    DESCRIPTION = "description"
    ORGANISER = "organiser"
    DEADLINE = "deadline"
    CAPACITY = "capacity"
    FORM = "form"
    CONFIRM = "confirm"


# Flows that change one of a call's settings from a single typed value.
CALL_CHANGES = (Flow.DEADLINE, Flow.FIELD, Flow.OFFSETS)


@dataclass
class AdminSession:
    admin_id: int
    flow: Flow
    step: Step
    data: dict[str, Any] = field(default_factory=dict)
