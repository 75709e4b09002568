"""What one outbox delivery sends: text (per language) and buttons, stored as JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode

from bot.screens import Screen

Payload = dict[str, Any]


@dataclass(frozen=True)
class OutgoingMessage:
    text: str
    buttons: list[list[dict[str, str]]] = field(default_factory=list)

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

    async def send(self, bot: Bot, chat_id: int | str) -> None:
        await bot.send_message(
            chat_id,
            self.text,
            parse_mode=ParseMode.HTML,
            reply_markup=self.keyboard(),
            disable_web_page_preview=True,
        )


def payload_of(screen: Screen) -> Payload:
    """A screen as one language's payload (its inline buttons kept as plain data)."""
    rows = []
    keyboard = screen.keyboard
    if isinstance(keyboard, InlineKeyboardMarkup):
        for row in keyboard.inline_keyboard:
            rows.append(
                [
                    {
                        "text": b.text,
                        **({"url": b.url} if b.url else {"data": str(b.callback_data)}),
                    }
                    for b in row
                ]
            )
    return {"text": screen.text, "buttons": rows}


def per_language(screens: dict[str, Screen]) -> Payload:
    """A payload with one version per language; each recipient gets theirs."""
    return {"by_language": {lang: payload_of(screen) for lang, screen in screens.items()}}


def message_for(payload: Payload, language: str) -> OutgoingMessage:
    """The version of a payload for a recipient who reads `language`."""
    versions = payload.get("by_language")
    if versions:
        payload = versions.get(language) or versions.get("fa") or next(iter(versions.values()))
    return OutgoingMessage(payload["text"], payload.get("buttons") or [])
