"""Why a change was not made, as a catalog key the screens can say."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Refusal:
    """Why an admin's change was not made: a catalog key and its parameters."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)
