"""Audit events: which admin did what, to which call, when (never volunteers' answers)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class AuditEvent:
    at: datetime
    admin_id: int
    action: str
    call_id: int | None
    detail: str
