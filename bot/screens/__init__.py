"""Screens: what the bot shows at each step, as text plus keyboard, built from catalog texts.

They know the messenger's keyboard types but nothing of updates or sending, so they are
tested without a network.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot.callbacks import Action, button_data

Keyboard = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


@dataclass(frozen=True)
class Screen:
    text: str
    keyboard: Keyboard | None = None


def button(
    label: str, action: Action, id: int = 0, key: str = "", index: int = 0, language: str = ""
) -> InlineKeyboardButton:
    """An inline button carrying one of our payloads."""
    data = button_data(action, id, key, index, language)
    return InlineKeyboardButton(label, callback_data=data)


def rows(*rows: list[InlineKeyboardButton] | None) -> InlineKeyboardMarkup | None:
    """An inline keyboard from the non-empty rows given, or None if there are none."""
    kept = [row for row in rows if row]
    return InlineKeyboardMarkup(kept) if kept else None
