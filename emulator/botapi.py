"""Bot API methods: send messages, documents and photos, answer callbacks, files, getUpdates;
the table."""

from __future__ import annotations

import mimetypes
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from emulator import admin_api, editing
from emulator.keyboards import inline_part, validate_reply_markup
from emulator.models import (
    ChatRecord,
    JsonDict,
    StoredMessage,
    bad_request,
    now_unix,
)
from emulator.params import UploadedFile
from emulator.photos import uploaded_photo
from emulator.render import render_text

if TYPE_CHECKING:
    from emulator.state import Emulator

Handler = Callable[["Emulator", JsonDict, dict[str, UploadedFile]], Awaitable[Any]]


def _bot_message(
    emu: Emulator,
    chat: ChatRecord,
    params: JsonDict,
    kind: str,
    content: JsonDict,
    rendered: tuple[str | None, str | None],
    document: JsonDict | None = None,
    photo: list[JsonDict] | None = None,
) -> JsonDict:
    """Store a message from the bot and return its Bot API Message object."""
    markup = validate_reply_markup(params.get("reply_markup"))
    reply_to = _reply_target(chat, params)
    message_id = chat.new_message_id()
    date = now_unix()
    api: JsonDict = {
        "message_id": message_id,
        "from": emu.bot_user(),
        "chat": chat.to_api(),
        "date": date,
        **content,
    }
    if reply_to is not None:
        api["reply_to_message"] = reply_to
    if inline_part(markup) is not None:
        api["reply_markup"] = inline_part(markup)
    plain, html = rendered
    emu.add_message(
        chat,
        StoredMessage(
            message_id=message_id,
            chat_id=chat.id,
            sender="bot",
            date=date,
            kind=kind,
            api=api,
            text=plain,
            html=html,
            parse_mode=params.get("parse_mode"),
            reply_markup=markup,
            document=document,
            photo=photo,
        ),
    )
    if emu.behaviour.echoes_own_messages:  # Soroush Plus: the bot's own message comes back
        emu.enqueue({"message": api})
    return api


def _reply_target(chat: ChatRecord, params: JsonDict) -> JsonDict | None:
    """Return the message replied to (reply_parameters), or raise when it does not exist."""
    reply = params.get("reply_parameters")
    target_id = reply.get("message_id") if isinstance(reply, dict) else None
    target_id = target_id or params.get("reply_to_message_id")
    if not target_id:
        return None
    stored = chat.messages.get(target_id)
    if stored is None or stored.deleted:
        allow = isinstance(reply, dict) and reply.get("allow_sending_without_reply")
        if allow or params.get("allow_sending_without_reply"):
            return None
        raise bad_request("message to be replied not found")
    return {k: v for k, v in stored.api.items() if k != "reply_to_message"}


async def send_message(emu: Emulator, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
    """sendMessage."""
    chat = emu.chat_for_bot(params.get("chat_id"))
    plain, html, entities = render_text(
        params.get("text"), params.get("parse_mode"), params.get("entities")
    )
    content: JsonDict = {"text": plain}
    if entities:
        content["entities"] = entities
    return _bot_message(emu, chat, params, "text", content, (plain, html))


async def send_document(emu: Emulator, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
    """sendDocument: a multipart upload or the file_id of a stored file."""
    chat = emu.chat_for_bot(params.get("chat_id"))
    value = params.get("document")
    upload = files.get("document")
    if isinstance(value, str) and value.startswith("attach://"):
        upload = files.get(value.removeprefix("attach://"))
    if upload is not None:
        if not upload.data:
            raise bad_request("file must be non-empty")
        name = upload.filename or "document"
        mime = upload.content_type
        if not mime or mime == "application/octet-stream":
            mime = mimetypes.guess_type(name)[0] or mime or "application/octet-stream"
        record = emu.new_file(upload.data, name, mime, "documents")
    elif isinstance(value, str) and value in emu.files:
        record = emu.files[value]
    elif value is None:
        raise bad_request("there is no document in the request")
    else:
        raise bad_request("wrong file identifier/HTTP URL specified")
    document = {
        "file_id": record.file_id,
        "file_unique_id": record.file_unique_id,
        "file_name": record.file_name or "document",
        "mime_type": record.mime_type or "application/octet-stream",
        "file_size": len(record.data),
    }
    plain, html, entities = render_text(
        params.get("caption"),
        params.get("parse_mode"),
        params.get("caption_entities"),
        caption=True,
    )
    content: JsonDict = {"document": document}
    if plain:
        content["caption"] = plain
    if entities:
        content["caption_entities"] = entities
    return _bot_message(
        emu, chat, params, "document", content, (plain or None, html), document=document
    )


async def send_photo(emu: Emulator, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
    """sendPhoto: a multipart upload (checked as Telegram checks it) or a sent photo's file_id."""
    chat = emu.chat_for_bot(params.get("chat_id"))
    value = params.get("photo")
    upload = files.get("photo")
    if isinstance(value, str) and value.startswith("attach://"):
        upload = files.get(value.removeprefix("attach://"))
    # The caption is read first: Telegram refuses the whole call, storing nothing.
    plain, html, entities = render_text(
        params.get("caption"),
        params.get("parse_mode"),
        params.get("caption_entities"),
        caption=True,
    )
    if upload is not None:
        photo = uploaded_photo(emu, upload)
    elif isinstance(value, str) and value in emu.photo_sizes:
        photo = emu.photo_sizes[value]
    elif value is None:
        raise bad_request("there is no photo in the request")
    else:
        raise bad_request("wrong file identifier/HTTP URL specified")
    content: JsonDict = {"photo": photo}
    if plain:
        content["caption"] = plain
    if entities:
        content["caption_entities"] = entities
    return _bot_message(emu, chat, params, "photo", content, (plain or None, html), photo=photo)


async def answer_callback_query(
    emu: Emulator, params: JsonDict, files: dict[str, UploadedFile]
) -> Any:
    """answerCallbackQuery (a second answer to the same query fails, like Telegram)."""
    record = emu.callbacks.get(str(params.get("callback_query_id")))
    if record is None or record.answered:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    text = params.get("text")
    if isinstance(text, str) and len(text) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    record.answered = True
    record.answer = {
        "text": text,
        "show_alert": bool(params.get("show_alert", False)),
        "url": params.get("url"),
        "cache_time": params.get("cache_time"),
    }
    emu.wake()
    return True


async def get_file(emu: Emulator, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
    """getFile."""
    record = emu.files.get(str(params.get("file_id")))
    if record is None:
        raise bad_request("invalid file_id")
    return {
        "file_id": record.file_id,
        "file_unique_id": record.file_unique_id,
        "file_size": len(record.data),
        "file_path": record.file_path,
    }


async def get_updates(emu: Emulator, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
    """getUpdates (long polling; 409 while a webhook is set)."""
    if emu.webhook is not None:
        raise admin_api.webhook_conflict()
    emu.set_allowed_updates(params.get("allowed_updates"))
    raw_limit = params.get("limit")
    raw_timeout = params.get("timeout")
    raw_offset = params.get("offset")
    limit = raw_limit if isinstance(raw_limit, int) else 100
    timeout = raw_timeout if isinstance(raw_timeout, int) else 0
    offset = raw_offset if isinstance(raw_offset, int) else None
    return await emu.get_updates(offset, max(1, min(limit, 100)), max(0, min(timeout, 50)))


METHODS: dict[str, Handler] = {
    "sendmessage": send_message,
    "senddocument": send_document,
    "sendphoto": send_photo,
    "answercallbackquery": answer_callback_query,
    "getfile": get_file,
    "getupdates": get_updates,
    **admin_api.METHODS,
    **editing.METHODS,
}
