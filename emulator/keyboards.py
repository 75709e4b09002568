"""Validation of reply_markup values and lookup of inline buttons, with Telegram's errors."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from emulator.models import JsonDict, bad_request

_INLINE_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_URL_SCHEMES = ("http", "https", "tg")
MAX_CALLBACK_DATA_BYTES = 64


def _check_button_url(url: Any) -> None:
    """Raise BUTTON_URL_INVALID unless url is an http(s) or tg URL."""
    if not isinstance(url, str):
        raise bad_request("BUTTON_URL_INVALID")
    parsed = urlparse(url)
    if parsed.scheme.lower() not in _URL_SCHEMES:
        raise bad_request("BUTTON_URL_INVALID")
    if parsed.scheme.lower() != "tg" and not parsed.netloc:
        raise bad_request("BUTTON_URL_INVALID")


def _check_inline_button(button: Any) -> None:
    """Raise a Bad Request unless button is a valid InlineKeyboardButton."""
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request(
            'can\'t parse inline keyboard button: Field "text" must be of type String'
        )
    if not button["text"].strip():
        raise bad_request("BUTTON_TEXT_INVALID")
    actions = [name for name in _INLINE_ACTIONS if name in button]
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if len(actions) > 1:
        raise bad_request(
            "can't parse inline keyboard button: exactly one of the optional fields must be used"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str):
            raise bad_request("BUTTON_DATA_INVALID")
        size = len(data.encode("utf-8"))
        if size < 1 or size > MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button:
        _check_button_url(button["url"])


def _check_rows(rows: Any, what: str) -> list[list[Any]]:
    """Return rows when they are an array of arrays, else raise a Bad Request."""
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(f"can't parse {what} JSON object")
    return rows


def _check_reply_button(button: Any) -> None:
    """Raise a Bad Request unless button is a valid KeyboardButton (string or object)."""
    if isinstance(button, str):
        text = button
    elif isinstance(button, dict) and isinstance(button.get("text"), str):
        text = button["text"]
    else:
        raise bad_request('can\'t parse keyboard button: Field "text" must be of type String')
    if not text.strip():
        raise bad_request("BUTTON_TEXT_INVALID")


def validate_reply_markup(markup: Any, *, inline_only: bool = False) -> JsonDict | None:
    """Validate a reply_markup value like Telegram does and return it (None when absent)."""
    if markup is None or markup == "":
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        for row in _check_rows(markup["inline_keyboard"], "inline keyboard markup"):
            for button in row:
                _check_inline_button(button)
        return markup
    if inline_only:
        raise bad_request("inline keyboard expected")
    if "keyboard" in markup:
        rows = _check_rows(markup["keyboard"], "keyboard markup")
        if not any(rows):
            raise bad_request("keyboard must be non-empty")
        for row in rows:
            for button in row:
                _check_reply_button(button)
        return markup
    if markup.get("remove_keyboard") is True or markup.get("force_reply") is True:
        return markup
    raise bad_request("can't parse reply keyboard markup JSON object")


def inline_part(markup: JsonDict | None) -> JsonDict | None:
    """Return the markup as it appears in a returned Message (inline keyboards only)."""
    if markup is not None and "inline_keyboard" in markup:
        return {"inline_keyboard": markup["inline_keyboard"]}
    return None


def inline_buttons(markup: JsonDict | None) -> list[JsonDict]:
    """Return all inline buttons of a markup in reading order."""
    if markup is None or "inline_keyboard" not in markup:
        return []
    return [button for row in markup["inline_keyboard"] for button in row]


def find_inline_button(markup: JsonDict | None, text: str) -> JsonDict | None:
    """Return the first inline button whose text equals text, or None."""
    for button in inline_buttons(markup):
        if button.get("text") == text:
            return button
    return None
