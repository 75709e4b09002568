"""Factories for calls and forms used across tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from bot.domain.calls import SAMPLE_CALL, CallSpec, load_call_file

TEHRAN = ZoneInfo("Asia/Tehran")
# 1405/09/10 12:30 in Tehran: the sample call is open (it opens 1405/09/01, closes 1405/10/15).
BEFORE_DEADLINE = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
SAMPLE_DEADLINE = datetime(2027, 1, 5, 14, 30, tzinfo=UTC)
# For files the command line imports: it reads the real clock and refuses a passed deadline.
FAR_DEADLINE = datetime(2036, 1, 5, 14, 30, tzinfo=UTC)


def sample_call(**changes: Any) -> CallSpec:
    """The shipped sample call, optionally with some fields changed."""
    spec = load_call_file(SAMPLE_CALL, TEHRAN)
    return spec.model_copy(update=changes) if changes else spec


def small_call(slug: str = "small-call", **changes: Any) -> CallSpec:
    """A two-question call, for rules that don't need the whole sample form."""
    data: dict[str, Any] = {
        "slug": slug,
        "title": {"fa": "فراخوان کوچک", "en": "Small call"},
        "description": {"fa": "شرح", "en": "About"},
        "organiser": {"fa": "برگزارکننده", "en": "Organiser"},
        "opens_at": datetime(2026, 11, 1, tzinfo=UTC),
        "deadline_at": SAMPLE_DEADLINE,
        "form": {
            "questions": [
                {"key": "full_name", "type": "text", "label": {"fa": "نام", "en": "Name"}},
                {"key": "email", "type": "email", "label": {"fa": "ایمیل", "en": "E-mail"}},
            ]
        },
    }
    data.update(changes)
    return CallSpec.model_validate(data)


def call_file(spec: CallSpec) -> str:
    """A call as the YAML file an admin would import (in chat or with `calls import`)."""
    return yaml.safe_dump(spec.model_dump(mode="json", exclude_none=True), allow_unicode=True)
