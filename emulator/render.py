"""Turning text or captions with a parse_mode into plain text and entities, with limits."""

from __future__ import annotations

from typing import Any

from emulator.markup import HtmlParseError, parse_html
from emulator.models import JsonDict, bad_request, utf16_len

MAX_TEXT = 4096
MAX_CAPTION = 1024


def render_text(
    value: Any, parse_mode: Any, entities: Any, *, caption: bool = False
) -> tuple[str, str | None, list[JsonDict]]:
    """Parse text or caption per parse_mode; return (plain, original html, entities)."""
    text = "" if value is None else str(value)
    mode = str(parse_mode or "").lower()
    html: str | None = None
    if mode == "html":
        try:
            plain, parsed = parse_html(text)
        except HtmlParseError as exc:
            raise bad_request(f"can't parse entities: {exc}") from exc
        html = text
    elif mode in ("markdown", "markdownv2"):
        plain, parsed = text, []
    elif mode:
        raise bad_request("unsupported parse_mode")
    else:
        plain, parsed = text, entities if isinstance(entities, list) else []
    limit = MAX_CAPTION if caption else MAX_TEXT
    if not caption and not plain.strip():
        raise bad_request("message text is empty")
    if utf16_len(plain) > limit:
        raise bad_request("message caption is too long" if caption else "message is too long")
    return plain, html, parsed
