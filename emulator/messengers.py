"""How the emulator behaves for each messenger: Telegram's Bot API, or a clone's quirks.

Soroush Plus is reported to be a clone of Telegram's Bot API that also returns the bot's own
outgoing messages in getUpdates (docs/messengers.md). Its mode here is strict: it refuses
what nobody has confirmed there (the command menu, chat actions, contact buttons, edits of
a message with an inline keyboard), so a journey that passes on it needs none of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from emulator.models import ApiError, ChatRecord, JsonDict, bad_request

EDITS = frozenset({"editmessagetext", "editmessagecaption", "editmessagereplymarkup"})


@dataclass(frozen=True)
class Behaviour:
    """What one messenger does differently from Telegram's Bot API."""

    name: str
    echoes_own_messages: bool = False  # getUpdates returns the bot's own messages too
    refused_methods: frozenset[str] = frozenset()  # lower-case; answered 404 Not Found
    refuses_contact_buttons: bool = False
    refuses_keyboard_edits: bool = False

    def refusal(
        self, method: str, params: JsonDict, chats: dict[int | str, ChatRecord]
    ) -> ApiError | None:
        """The error this messenger answers a call with, or None to serve it."""
        name = method.lower()
        if name in self.refused_methods:
            return ApiError(404, "Not Found")
        if self.refuses_contact_buttons and _asks_contact(params.get("reply_markup")):
            return bad_request("request_contact buttons are not supported")
        if self.refuses_keyboard_edits and name in EDITS and _has_inline_keyboard(params, chats):
            return bad_request("messages with an inline keyboard can't be edited")
        return None


def _has_inline_keyboard(params: JsonDict, chats: dict[int | str, ChatRecord]) -> bool:
    chat_id, message_id = params.get("chat_id"), params.get("message_id")
    chat = chats.get(chat_id) if isinstance(chat_id, int | str) else None
    stored = chat.messages.get(message_id) if chat and isinstance(message_id, int) else None
    return stored is not None and "inline_keyboard" in (stored.reply_markup or {})


def _asks_contact(markup: object) -> bool:
    rows = markup.get("keyboard") if isinstance(markup, dict) else None
    return isinstance(rows, list) and any(
        isinstance(button, dict) and button.get("request_contact")
        for row in rows
        if isinstance(row, list)
        for button in row
    )


TELEGRAM = Behaviour("telegram")
SOROUSH = Behaviour(
    "soroush",
    echoes_own_messages=True,
    refused_methods=frozenset({"setmycommands", "sendchataction"}),
    refuses_contact_buttons=True,
    refuses_keyboard_edits=True,
)
# Bale answers as Telegram does for everything the bot uses; its markup is the bot's affair.
BEHAVIOURS = {"telegram": TELEGRAM, "bale": TELEGRAM, "soroush": SOROUSH}
