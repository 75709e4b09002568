"""Decoding of Bot API call parameters from query strings, forms, multipart and JSON bodies."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from emulator.models import JsonDict

# Parameters whose values are always JSON objects or arrays.
JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "commands",
        "scope",
        "allowed_updates",
        "link_preview_options",
        "reply_parameters",
    }
)
# Free-text parameters: kept as strings even when they happen to look like JSON.
TEXT_PARAMS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "url",
        "secret_token",
        "language_code",
        "description",
        "short_description",
        "file_name",
        "thumbnail",
        "file_id",
        "document",
        "photo",
        "sticker",
        "voice",
        "audio",
        "video",
        "animation",
        "emoji",
        "title",
        "name",
        "query",
        "action",
        "inline_message_id",
        "business_connection_id",
        "message_effect_id",
        "ip_address",
        "question",
        "explanation",
        "phone_number",
        "first_name",
        "last_name",
        "vcard",
        "address",
        "certificate",
    }
)
# Integer parameters (chat_id may also be an "@username" string).
INT_PARAMS = frozenset(
    {
        "chat_id",
        "message_id",
        "offset",
        "limit",
        "timeout",
        "cache_time",
        "user_id",
        "max_connections",
        "from_chat_id",
        "message_thread_id",
        "reply_to_message_id",
    }
)


@dataclass
class UploadedFile:
    """A file part of a multipart request."""

    field: str
    filename: str
    content_type: str | None
    data: bytes


def _to_int(value: Any) -> Any:
    """Convert an integer-looking value to int; leave anything else unchanged."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return value
    return value


def decode_value(name: str, value: Any) -> Any:
    """Decode one parameter value according to its name."""
    if name in INT_PARAMS:
        if isinstance(value, str) and value.startswith("@"):
            return value
        return _to_int(value)
    if not isinstance(value, str) or name in TEXT_PARAMS:
        return value
    if name in JSON_PARAMS:
        try:
            return json.loads(value)
        except ValueError:
            return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def decode_params(*sources: Mapping[str, Any]) -> JsonDict:
    """Merge raw parameter sources (later ones win) and decode every value."""
    merged: JsonDict = {}
    for source in sources:
        for name, value in source.items():
            merged[name] = value
    return {name: decode_value(name, value) for name, value in merged.items()}
