"""Bot API methods that change existing messages: edits and deletion."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from emulator.keyboards import inline_part, validate_reply_markup
from emulator.models import ChatRecord, JsonDict, StoredMessage, bad_request, now_unix
from emulator.params import UploadedFile
from emulator.render import render_text

if TYPE_CHECKING:
    from emulator.state import Emulator

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


def _stored_for_edit(
    emu: Emulator, params: JsonDict, action: str
) -> tuple[ChatRecord, StoredMessage]:
    """Return the chat and existing message a call edits or deletes, or raise like Telegram."""
    if params.get("inline_message_id"):
        raise bad_request("inline messages are not supported by the emulator")
    chat = emu.chat_for_bot(params.get("chat_id"))
    message_id = params.get("message_id")
    if message_id is None:
        raise bad_request("message identifier is not specified")
    stored = chat.messages.get(message_id)
    if stored is None or stored.deleted:
        raise bad_request(f"message to {action} not found")
    return chat, stored


def _apply_edit(emu: Emulator, chat: ChatRecord, stored: StoredMessage, api: JsonDict) -> JsonDict:
    """Replace a message's Bot API object after an edit and bump the chat."""
    api["edit_date"] = now_unix()
    stored.api = api
    stored.edited = True
    emu.touch(chat)
    return api


async def edit_message_text(
    emu: Emulator, params: JsonDict, files: dict[str, UploadedFile]
) -> Any:
    """editMessageText (an absent reply_markup removes the inline keyboard, like Telegram)."""
    chat, stored = _stored_for_edit(emu, params, "edit")
    if stored.sender != "bot":
        raise bad_request("message can't be edited")
    if stored.kind != "text":
        raise bad_request("there is no text in the message to edit")
    plain, html, entities = render_text(
        params.get("text"), params.get("parse_mode"), params.get("entities")
    )
    markup = validate_reply_markup(params.get("reply_markup"), inline_only=True)
    inline = inline_part(markup)
    same_text = plain == stored.api.get("text") and entities == stored.api.get("entities", [])
    if same_text and inline == stored.api.get("reply_markup"):
        raise bad_request(NOT_MODIFIED)
    api = {k: v for k, v in stored.api.items() if k not in ("entities", "reply_markup")}
    api["text"] = plain
    if entities:
        api["entities"] = entities
    if inline is not None:
        api["reply_markup"] = inline
    stored.text, stored.html, stored.parse_mode = plain, html, params.get("parse_mode")
    stored.reply_markup = markup
    return _apply_edit(emu, chat, stored, api)


async def edit_message_caption(
    emu: Emulator, params: JsonDict, files: dict[str, UploadedFile]
) -> Any:
    """editMessageCaption."""
    chat, stored = _stored_for_edit(emu, params, "edit")
    if stored.sender != "bot" or stored.kind == "text":
        raise bad_request("there is no caption in the message to edit")
    plain, html, entities = render_text(
        params.get("caption"),
        params.get("parse_mode"),
        params.get("caption_entities"),
        caption=True,
    )
    inline = inline_part(validate_reply_markup(params.get("reply_markup"), inline_only=True))
    old_caption = stored.api.get("caption", "")
    same = plain == old_caption and entities == stored.api.get("caption_entities", [])
    if same and inline == stored.api.get("reply_markup"):
        raise bad_request(NOT_MODIFIED)
    api = {
        k: v
        for k, v in stored.api.items()
        if k not in ("caption", "caption_entities", "reply_markup")
    }
    if plain:
        api["caption"] = plain
    if entities:
        api["caption_entities"] = entities
    if inline is not None:
        api["reply_markup"] = inline
    stored.text, stored.html, stored.parse_mode = plain or None, html, params.get("parse_mode")
    stored.reply_markup = inline
    return _apply_edit(emu, chat, stored, api)


async def edit_message_reply_markup(
    emu: Emulator, params: JsonDict, files: dict[str, UploadedFile]
) -> Any:
    """editMessageReplyMarkup."""
    chat, stored = _stored_for_edit(emu, params, "edit")
    if stored.sender != "bot":
        raise bad_request("message can't be edited")
    markup = validate_reply_markup(params.get("reply_markup"), inline_only=True)
    inline = inline_part(markup)
    if inline == stored.api.get("reply_markup"):
        raise bad_request(NOT_MODIFIED)
    api = {k: v for k, v in stored.api.items() if k != "reply_markup"}
    if inline is not None:
        api["reply_markup"] = inline
    stored.reply_markup = markup
    return _apply_edit(emu, chat, stored, api)


async def delete_message(emu: Emulator, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
    """deleteMessage."""
    chat, stored = _stored_for_edit(emu, params, "delete")
    stored.deleted = True
    emu.touch(chat)
    return True


METHODS = {
    "editmessagetext": edit_message_text,
    "editmessagecaption": edit_message_caption,
    "editmessagereplymarkup": edit_message_reply_markup,
    "deletemessage": delete_message,
}
