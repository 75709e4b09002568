"""Text given per language in call files: `{fa: ..., en: ...}` or one string for all."""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field

LANGUAGES = ("fa", "en")


def _from_plain_string(value: object) -> object:
    if isinstance(value, str):
        return {"fa": value}
    return value


Localized = Annotated[
    dict[str, Annotated[str, Field(min_length=1, max_length=4000)]],
    BeforeValidator(_from_plain_string),
    Field(min_length=1),
]


def pick(text: dict[str, str], lang: str) -> str:
    """The text in `lang`, else Persian, else whatever language the author gave."""
    return text.get(lang) or text.get("fa") or next(iter(text.values()))
