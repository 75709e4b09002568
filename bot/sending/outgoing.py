"""What one outbox delivery sends: text (per language), buttons, a document; stored as JSON.

A payload may hold tokens like ⟦registration⟧ that each recipient's delivery data fills in:
`fill` for every language (ids in buttons), `fill_by_language` for words and digits.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile

from bot.domain.messenger import Profile
from bot.ui.screens import Screen, inline_rows, token

Payload = dict[str, Any]


@dataclass(frozen=True)
class OutgoingMessage:
    text: str
    buttons: list[list[dict[str, str]]] = field(default_factory=list)
    document: dict[str, str] | None = None  # {"name": file name, "b64": content}

    def keyboard(self) -> InlineKeyboardMarkup | None:
        if not self.buttons:
            return None
        return InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(b["text"], url=b.get("url"), callback_data=b.get("data"))
                    for b in row
                ]
                for row in self.buttons
            ]
        )

    async def send(self, bot: Bot, chat_id: int | str, profile: Profile) -> None:
        """Sends it, rendered for the messenger (Telegram HTML or Bale's markup)."""
        text, parse_mode = profile.render(self.text)
        if self.document is not None:
            content = base64.b64decode(self.document["b64"])
            await bot.send_document(
                chat_id,
                InputFile(content, filename=self.document["name"]),
                caption=text,
                parse_mode=parse_mode,
                reply_markup=self.keyboard(),
            )
            return
        await bot.send_message(
            chat_id,
            text,
            parse_mode=parse_mode,
            reply_markup=self.keyboard(),
            disable_web_page_preview=True,
        )


def payload_of(screen: Screen) -> Payload:
    """A screen as one language's payload (its inline buttons kept as plain data)."""
    rows = [
        [
            {
                "text": b["text"],
                **({"url": b["url"]} if "url" in b else {"data": b["callback_data"]}),
            }
            for b in row
        ]
        for row in inline_rows(screen.keyboard)
    ]
    return {"text": screen.text, "buttons": rows}


def per_language(screens: dict[str, Screen]) -> Payload:
    """A payload with one version per language; each recipient gets theirs."""
    return {"by_language": {lang: payload_of(screen) for lang, screen in screens.items()}}


def message_for(
    payload: Payload, language: str, data: dict[str, Any] | None = None
) -> OutgoingMessage:
    """The version of a payload for a recipient who reads `language`, with their data."""
    versions = payload.get("by_language")
    if versions:
        language = language if language in versions else "fa" if "fa" in versions else ""
        payload = versions.get(language) or next(iter(versions.values()))
    data = data or {}
    words = {**data.get("fill", {}), **data.get("fill_by_language", {}).get(language, {})}
    text = _fill(payload["text"], words)
    buttons = [
        [{k: _fill(v, data.get("fill", {})) for k, v in b.items()} for b in row]
        for row in payload.get("buttons") or []
    ]
    return OutgoingMessage(text, buttons, payload.get("document"))


def _fill(text: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        text = text.replace(token(name), str(value))
    return text


def attach(payload: Payload, name: str, content: bytes) -> Payload:
    """The payload with a document attached (its text becomes the caption)."""
    return {**payload, "document": {"name": name, "b64": base64.b64encode(content).decode()}}
