"""Bot API methods about the bot itself: getMe, commands, webhook, chat actions, logOut."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from emulator.models import ApiError, JsonDict, WebhookConfig, bad_request
from emulator.params import UploadedFile

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from emulator.state import Emulator

_COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")
_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


def webhook_conflict() -> ApiError:
    """Return the 409 Telegram gives to getUpdates while a webhook is set."""
    return ApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; "
        "use deleteWebhook to delete the webhook first",
    )


async def get_me(emu: Emulator, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
    """getMe."""
    return {
        **emu.bot_user(),
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


async def return_true(emu: Emulator, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
    """logOut and close: nothing to do."""
    return True


async def send_chat_action(emu: Emulator, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
    """sendChatAction."""
    emu.chat_for_bot(params.get("chat_id"))
    if params.get("action") not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


def commands_key(params: JsonDict) -> str:
    """Return the storage key of a command list: its scope and language."""
    scope = params.get("scope")
    if not isinstance(scope, dict):
        scope = {"type": "default"}
    return json.dumps(scope, sort_keys=True) + "|" + str(params.get("language_code") or "")


async def set_my_commands(emu: Emulator, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
    """setMyCommands."""
    commands = params.get("commands")
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > 100:
        raise bad_request("too many commands")
    for command in commands:
        if not isinstance(command, dict):
            raise bad_request("can't parse BotCommand JSON object")
        if not _COMMAND_NAME.match(str(command.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        description = command.get("description")
        if not isinstance(description, str) or not 1 <= len(description) <= 256:
            raise bad_request("command description is empty or too long")
    emu.commands[commands_key(params)] = commands
    return True


async def get_my_commands(emu: Emulator, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
    """getMyCommands."""
    return emu.commands.get(commands_key(params), [])


async def delete_my_commands(
    emu: Emulator, params: JsonDict, files: dict[str, UploadedFile]
) -> Any:
    """deleteMyCommands."""
    emu.commands.pop(commands_key(params), None)
    return True


async def set_webhook(emu: Emulator, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
    """setWebhook (http URLs are accepted, since the emulator only talks to local receivers)."""
    url = str(params.get("url") or "")
    if not url:
        return await delete_webhook(emu, params, files)
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = params.get("secret_token")
    if secret is not None and not _SECRET_TOKEN.match(str(secret)):
        raise bad_request("secret token contains unallowed characters")
    if params.get("drop_pending_updates"):
        emu.drop_pending()
    allowed = params.get("allowed_updates")
    emu.webhook = WebhookConfig(
        url=url,
        secret_token=str(secret) if secret else None,
        allowed_updates=allowed if isinstance(allowed, list) and allowed else None,
        max_connections=int(params.get("max_connections") or 40),
    )
    emu.kick_pollers()
    emu.start_webhook_delivery()
    return True


async def delete_webhook(emu: Emulator, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
    """deleteWebhook."""
    if params.get("drop_pending_updates"):
        emu.drop_pending()
    emu.webhook = None
    emu.stop_webhook_delivery()
    return True


async def get_webhook_info(emu: Emulator, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
    """getWebhookInfo."""
    info: JsonDict = {
        "url": "",
        "has_custom_certificate": False,
        "pending_update_count": emu.pending_updates(),
    }
    hook = emu.webhook
    if hook is not None:
        info["url"] = hook.url
        info["max_connections"] = hook.max_connections
        if hook.allowed_updates:
            info["allowed_updates"] = hook.allowed_updates
        if hook.last_error_date is not None:
            info["last_error_date"] = hook.last_error_date
            info["last_error_message"] = hook.last_error_message
    return info


METHODS: dict[str, Callable[[Emulator, JsonDict, dict[str, UploadedFile]], Awaitable[Any]]] = {
    "getme": get_me,
    "logout": return_true,
    "close": return_true,
    "sendchataction": send_chat_action,
    "setmycommands": set_my_commands,
    "getmycommands": get_my_commands,
    "deletemycommands": delete_my_commands,
    "setwebhook": set_webhook,
    "deletewebhook": delete_webhook,
    "getwebhookinfo": get_webhook_info,
}
