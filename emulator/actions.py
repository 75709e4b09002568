"""What emulated users do: send messages, contacts, media and documents, edit, press buttons."""

from __future__ import annotations

import mimetypes
import re
from typing import TYPE_CHECKING, Any, Literal

from emulator.keyboards import find_inline_button
from emulator.models import (
    BOT_ID,
    CallbackRecord,
    ChatRecord,
    JsonDict,
    StoredMessage,
    UserError,
    UserRecord,
    now_unix,
    utf16_len,
)

if TYPE_CHECKING:
    from emulator.host import EmulatorHost

_COMMAND = re.compile(r"^/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
MEDIA_KINDS = ("sticker", "photo", "voice", "document", "location")


def command_entities(text: str) -> list[JsonDict]:
    """Return the bot_command entity Telegram adds when text starts with /command."""
    match = _COMMAND.match(text)
    if not match:
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(match.group(0))}]


class UserActionsMixin:
    """User-side actions of the Emulator; each queues the update Telegram would send."""

    def _chat_of(
        self: EmulatorHost,
        user: UserRecord,
        chat_id: int | None,
        chat_type: str | None = None,
        chat_title: str | None = None,
    ) -> ChatRecord:
        """Return the chat a user acts in: the private chat (now started) or a group."""
        if chat_id is None or chat_id == user.id:
            chat = self.chats[user.id]
            chat.started = True
            return chat
        if chat_id > 0:
            raise UserError(400, "a group chat_id must be negative")
        return self.ensure_group(chat_id, chat_type, chat_title)

    def _user_message(
        self: EmulatorHost,
        user_id: int,
        kind: str,
        content: JsonDict,
        chat_id: int | None = None,
        **profile: Any,
    ) -> JsonDict:
        """Store a user's message with the given content fields and queue its update."""
        chat_type = profile.pop("chat_type", None)
        chat_title = profile.pop("chat_title", None)
        user = self.ensure_user(user_id, **profile)
        chat = self._chat_of(user, chat_id, chat_type, chat_title)
        message_id = chat.new_message_id()
        date = now_unix()
        api: JsonDict = {
            "message_id": message_id,
            "from": user.to_api(),
            "chat": chat.to_api(),
            "date": date,
            **content,
        }
        text = content.get("text", content.get("caption"))
        self.add_message(
            chat,
            StoredMessage(
                message_id=message_id,
                chat_id=chat.id,
                sender="user",
                date=date,
                kind=kind,
                api=api,
                text=text,
                document=content.get("document"),
            ),
        )
        return self.enqueue({"message": api})

    def send_message(
        self: EmulatorHost,
        user_id: int,
        text: str,
        *,
        chat_id: int | None = None,
        chat_type: str | None = None,
        chat_title: str | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> JsonDict:
        """Queue a user's text message (to a group when chat_id is given); return the update."""
        if not text:
            raise UserError(400, "text must not be empty")
        content: JsonDict = {"text": text}
        entities = command_entities(text)
        if entities:
            content["entities"] = entities
        return self._user_message(
            user_id,
            "text",
            content,
            chat_id,
            chat_type=chat_type,
            chat_title=chat_title,
            first_name=first_name,
            last_name=last_name,
            username=username,
            language_code=language_code,
        )

    def send_contact(
        self: EmulatorHost,
        user_id: int,
        phone_number: str,
        *,
        contact_user_id: int | Literal["self"] | None = "self",
        first_name: str | None = None,
        last_name: str | None = None,
        chat_id: int | None = None,
    ) -> JsonDict:
        """Queue a shared contact (by default the sender's own); return the update."""
        user = self.ensure_user(user_id)
        contact: JsonDict = {
            "phone_number": phone_number,
            "first_name": first_name or user.first_name,
        }
        if last_name or (contact_user_id == "self" and user.last_name):
            contact["last_name"] = last_name or user.last_name
        if contact_user_id == "self":
            contact["user_id"] = user_id
        elif contact_user_id is not None:
            contact["user_id"] = contact_user_id
        return self._user_message(user_id, "contact", {"contact": contact}, chat_id)

    def send_media(
        self: EmulatorHost, user_id: int, kind: str, *, chat_id: int | None = None
    ) -> JsonDict:
        """Queue a sticker, photo, voice, document or location message; return the update."""
        if kind not in MEDIA_KINDS:
            raise UserError(400, f"kind must be one of {', '.join(MEDIA_KINDS)}")
        if kind == "location":
            content: JsonDict = {"location": {"latitude": 35.6892, "longitude": 51.389}}
        elif kind == "document":
            data = b"hello from the emulator\n"
            return self.send_document(user_id, "notes.txt", data, chat_id=chat_id)
        elif kind == "sticker":
            record = self.new_file(b"RIFF\x00\x00\x00\x00WEBP", None, "image/webp", "stickers")
            content = {
                "sticker": {
                    "file_id": record.file_id,
                    "file_unique_id": record.file_unique_id,
                    "width": 512,
                    "height": 512,
                    "is_animated": False,
                    "is_video": False,
                    "type": "regular",
                    "emoji": "😀",
                    "file_size": len(record.data),
                }
            }
        elif kind == "photo":
            sizes = []
            for side in (90, 320, 800):
                record = self.new_file(b"\xff\xd8\xff" + bytes(side), None, "image/jpeg", "photos")
                sizes.append(
                    {
                        "file_id": record.file_id,
                        "file_unique_id": record.file_unique_id,
                        "width": side,
                        "height": side,
                        "file_size": len(record.data),
                    }
                )
            content = {"photo": sizes}
        else:
            record = self.new_file(b"OggS" + bytes(64), None, "audio/ogg", "voice")
            content = {
                "voice": {
                    "file_id": record.file_id,
                    "file_unique_id": record.file_unique_id,
                    "duration": 3,
                    "mime_type": "audio/ogg",
                    "file_size": len(record.data),
                }
            }
        return self._user_message(user_id, kind, content, chat_id)

    def send_document(
        self: EmulatorHost,
        user_id: int,
        file_name: str,
        data: bytes,
        *,
        mime_type: str | None = None,
        caption: str | None = None,
        chat_id: int | None = None,
    ) -> JsonDict:
        """Queue a document message whose file the bot can fetch with getFile."""
        mime = mime_type or mimetypes.guess_type(file_name)[0] or "application/octet-stream"
        record = self.new_file(data, file_name, mime, "documents")
        content: JsonDict = {
            "document": {
                "file_id": record.file_id,
                "file_unique_id": record.file_unique_id,
                "file_name": file_name,
                "mime_type": mime,
                "file_size": len(data),
            }
        }
        if caption:
            content["caption"] = caption
        return self._user_message(user_id, "document", content, chat_id)

    def edit_user_message(
        self: EmulatorHost, user_id: int, message_id: int, text: str, *, chat_id: int | None = None
    ) -> JsonDict:
        """Edit a user's earlier text message and queue the edited_message update."""
        chat = self.chats.get(chat_id if chat_id is not None else user_id)
        stored = chat.messages.get(message_id) if chat else None
        if chat is None or stored is None or stored.api["from"]["id"] != user_id:
            raise UserError(404, f"user {user_id} has no message {message_id} in that chat")
        if stored.kind != "text" or stored.deleted:
            raise UserError(400, "only text messages that still exist can be edited")
        if not text:
            raise UserError(400, "text must not be empty")
        api = {k: v for k, v in stored.api.items() if k != "entities"}
        api["text"] = text
        api["edit_date"] = now_unix()
        entities = command_entities(text)
        if entities:
            api["entities"] = entities
        stored.api, stored.text, stored.edited = api, text, True
        self.touch(chat)
        return self.enqueue({"edited_message": api})

    def press(
        self: EmulatorHost,
        user_id: int,
        message_id: int,
        button: str | None = None,
        data: str | None = None,
        *,
        chat_id: int | None = None,
    ) -> JsonDict:
        """Press an inline button (by text) or send forged callback data; return the update."""
        user = self.ensure_user(user_id)
        chat = self._chat_of(user, chat_id)
        stored = chat.messages.get(message_id)
        if button is not None:
            if stored is None or stored.deleted or stored.sender != "bot":
                raise UserError(404, f"no bot message {message_id} in chat {chat.id}")
            found = find_inline_button(stored.reply_markup, button)
            if found is None:
                raise UserError(404, f"message {message_id} has no inline button {button!r}")
            if "callback_data" not in found:
                raise UserError(400, f"button {button!r} has no callback_data")
            data = found["callback_data"]
        elif data is None:
            raise UserError(400, "give either button or data")
        if stored is not None and not stored.deleted:
            message: JsonDict = stored.api
        else:
            message = {"chat": chat.to_api(), "message_id": message_id, "date": 0}
        query_id = str(4_000_000_000_000_000_000 + self.next_id())
        self.callbacks[query_id] = CallbackRecord(id=query_id, user_id=user_id)
        query = {
            "id": query_id,
            "from": user.to_api(),
            "chat_instance": f"{abs(hash((chat.id, BOT_ID))) % 10**18}",
            "message": message,
            "data": data,
        }
        return self.enqueue({"callback_query": query})

    def enqueue_raw(self: EmulatorHost, update: JsonDict) -> JsonDict:
        """Queue any dict verbatim as an update (its update_id is replaced); return it."""
        return self.enqueue(update)

    def my_chat_member_update(self: EmulatorHost, user_id: int, old: str, new: str) -> JsonDict:
        """Build the my_chat_member update Telegram sends when a user (un)blocks the bot."""
        user = self.ensure_user(user_id)
        bot = self.bot_user()
        return {
            "my_chat_member": {
                "chat": self.chats[user_id].to_api(),
                "from": user.to_api(),
                "date": now_unix(),
                "old_chat_member": {"user": bot, "status": old, **_member_extra(old)},
                "new_chat_member": {"user": bot, "status": new, **_member_extra(new)},
            }
        }


def _member_extra(status: str) -> JsonDict:
    """Return the extra fields a ChatMember of this status needs."""
    return {"until_date": 0} if status == "kicked" else {}
