"""A call's statistics, as the admin's screen shows them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class CallStats:
    opened: int
    agreed: int
    submitted: int  # ever submitted, including those later withdrawn
    accepted: int
    withdrawn: int
    waitlisted: int
    per_day: list[tuple[date, int]] = field(default_factory=list)
    choices: dict[str, dict[str, int]] = field(default_factory=dict)  # question -> option -> n
