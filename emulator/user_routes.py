"""The user-side HTTP API under /_emu: act as Telegram users and inspect what the bot did."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from aiohttp import web

from emulator.models import JsonDict, UserError

if TYPE_CHECKING:
    from emulator.state import Emulator

logger = logging.getLogger(__name__)
_PROFILE_FIELDS = ("first_name", "last_name", "username", "language_code")
_MAX_WAIT = 60.0
RouteHandler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _json(body: Any, status: int = 200) -> web.Response:
    """Return a JSON response that keeps non-ASCII text readable."""
    return web.Response(
        text=json.dumps(body, ensure_ascii=False), status=status, content_type="application/json"
    )


@web.middleware
async def _errors(request: web.Request, handler: RouteHandler) -> web.StreamResponse:
    """Turn user-side errors into JSON answers."""
    try:
        return await handler(request)
    except UserError as exc:
        return _json({"ok": False, "error": exc.message}, exc.status)
    except (TypeError, ValueError, KeyError) as exc:
        if not request.path.startswith("/_emu/"):
            raise
        return _json({"ok": False, "error": f"bad request: {exc}"}, 400)


async def _body(request: web.Request) -> JsonDict:
    """Return the request's JSON object body ({} when empty)."""
    if not request.can_read_body:
        return {}
    try:
        body = await request.json()
    except ValueError as exc:
        raise UserError(400, "the body must be a JSON object") from exc
    if not isinstance(body, dict):
        raise UserError(400, "the body must be a JSON object")
    return body


def _int(value: Any, name: str) -> int:
    """Return value as an int or raise a 400 user error."""
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise UserError(400, f"{name} must be an integer") from exc


def _chat_key(value: str) -> int | str:
    """Return a chat id path segment as int when numeric."""
    try:
        return int(value)
    except ValueError:
        return value


def _sent(update: JsonDict) -> JsonDict:
    """Return the user-side answer for a queued message update."""
    message = update.get("message") or update.get("edited_message") or {}
    return {
        "update_id": update["update_id"],
        "message_id": message.get("message_id"),
        "chat_id": message.get("chat", {}).get("id"),
    }


class UserRoutes:
    """Handlers of the /_emu endpoints for one emulator."""

    def __init__(self, emulator: Emulator) -> None:
        self.emu = emulator

    async def message(self, request: web.Request) -> web.Response:
        """POST /_emu/users/{user_id}/messages."""
        body = await _body(request)
        user_id = _int(request.match_info["user_id"], "user_id")
        chat_id = body.get("chat_id")
        update = self.emu.send_message(
            user_id,
            str(body.get("text", "")),
            chat_id=_int(chat_id, "chat_id") if chat_id is not None else None,
            chat_type=body.get("chat_type"),
            chat_title=body.get("chat_title"),
            **{k: body[k] for k in _PROFILE_FIELDS if body.get(k) is not None},
        )
        return _json(_sent(update))

    async def contact(self, request: web.Request) -> web.Response:
        """POST /_emu/users/{user_id}/contact."""
        body = await _body(request)
        user_id = _int(request.match_info["user_id"], "user_id")
        contact_user_id: Any = "self"
        if "contact_user_id" in body:
            raw = body["contact_user_id"]
            contact_user_id = None if raw is None else _int(raw, "contact_user_id")
        update = self.emu.send_contact(
            user_id,
            str(body.get("phone_number", "")),
            contact_user_id=contact_user_id,
            first_name=body.get("first_name"),
            last_name=body.get("last_name"),
        )
        return _json(_sent(update))

    async def media(self, request: web.Request) -> web.Response:
        """POST /_emu/users/{user_id}/media."""
        body = await _body(request)
        user_id = _int(request.match_info["user_id"], "user_id")
        update = self.emu.send_media(user_id, str(body.get("kind", "")))
        return _json(_sent(update))

    async def document(self, request: web.Request) -> web.Response:
        """POST /_emu/users/{user_id}/document (multipart with one file part)."""
        user_id = _int(request.match_info["user_id"], "user_id")
        form = await request.post()
        uploads = [v for v in form.values() if isinstance(v, web.FileField)]
        if not uploads:
            raise UserError(400, "send the document as a multipart file part")
        upload = uploads[0]
        caption = form.get("caption")
        update = self.emu.send_document(
            user_id,
            upload.filename or "document",
            upload.file.read(),
            mime_type=upload.content_type,
            caption=caption if isinstance(caption, str) else None,
        )
        return _json(_sent(update))

    async def edit(self, request: web.Request) -> web.Response:
        """POST /_emu/users/{user_id}/edit."""
        body = await _body(request)
        user_id = _int(request.match_info["user_id"], "user_id")
        message_id = _int(body.get("message_id"), "message_id")
        update = self.emu.edit_user_message(user_id, message_id, str(body.get("text", "")))
        return _json(_sent(update))

    async def press(self, request: web.Request) -> web.Response:
        """POST /_emu/users/{user_id}/press."""
        body = await _body(request)
        user_id = _int(request.match_info["user_id"], "user_id")
        chat_id = body.get("chat_id")
        update = self.emu.press(
            user_id,
            _int(body.get("message_id"), "message_id"),
            button=body.get("button"),
            data=body.get("data"),
            chat_id=_int(chat_id, "chat_id") if chat_id is not None else None,
        )
        query = update["callback_query"]
        return _json({"update_id": update["update_id"], "callback_query_id": query["id"]})

    async def block(self, request: web.Request) -> web.Response:
        """POST /_emu/users/{user_id}/block (body {"blocked": false} unblocks)."""
        body = await _body(request)
        user_id = _int(request.match_info["user_id"], "user_id")
        if body.get("blocked", True):
            self.emu.block(user_id, notify=bool(body.get("notify", False)))
        else:
            self.emu.unblock(user_id, notify=bool(body.get("notify", False)))
        return _json({"ok": True, "blocked": user_id in self.emu.blocked})

    async def raw_update(self, request: web.Request) -> web.Response:
        """POST /_emu/updates: queue any JSON object as an update."""
        update = self.emu.enqueue_raw(await _body(request))
        return _json({"update_id": update["update_id"]})

    async def chat_messages(self, request: web.Request) -> web.Response:
        """GET /_emu/chats/{chat_id}/messages?since=V&timeout=S."""
        chat_id = _chat_key(request.match_info["chat_id"])
        since = request.query.get("since")
        if since is not None:
            timeout = min(float(request.query.get("timeout", "0")), _MAX_WAIT)
            await self.emu.wait_chat(chat_id, _int(since, "since"), timeout)
        return _json(
            {"version": self.emu.chat_version(chat_id), "messages": self.emu.messages(chat_id)}
        )

    async def file(self, request: web.Request) -> web.Response:
        """GET /_emu/files/{file_id}: the raw bytes of a stored file."""
        record = self.emu.files.get(request.match_info["file_id"])
        if record is None:
            raise UserError(404, "no such file")
        name = record.file_name or record.file_path.rsplit("/", 1)[-1]
        disposition = f"attachment; filename*=UTF-8''{quote(name)}"
        return web.Response(
            body=record.data,
            content_type=record.mime_type or "application/octet-stream",
            headers={"Content-Disposition": disposition},
        )

    async def callback_answer(self, request: web.Request) -> web.Response:
        """GET /_emu/callback_answers/{callback_query_id}?timeout=S (waits for the answer)."""
        record = self.emu.callbacks.get(request.match_info["query_id"])
        timeout = min(float(request.query.get("timeout", "0")), _MAX_WAIT)
        deadline = time.monotonic() + timeout
        while record is not None and not record.answered and time.monotonic() < deadline:
            await self.emu.wait_change(deadline - time.monotonic())
        if record is None:
            raise UserError(404, "no such callback query")
        if not record.answered or record.answer is None:
            raise UserError(404, "the bot has not answered this callback query yet")
        return _json(record.answer)

    async def state(self, request: web.Request) -> web.Response:
        """GET /_emu/state."""
        hook = self.emu.webhook
        return _json(
            {
                "pending_updates": self.emu.pending_updates(),
                "webhook": None
                if hook is None
                else {
                    "url": hook.url,
                    "has_secret_token": hook.secret_token is not None,
                    "last_error_message": hook.last_error_message,
                },
                "stats": self.emu.stats,
                "blocked": sorted(self.emu.blocked),
                "faults": [f.to_json() for f in self.emu.faults.faults],
                "limits": self.emu.limits.to_json(),
            }
        )

    async def calls(self, request: web.Request) -> web.Response:
        """GET /_emu/calls?method=NAME."""
        method = request.query.get("method")
        return _json([c.to_json() for c in self.emu.calls(method)])

    async def add_fault(self, request: web.Request) -> web.Response:
        """POST /_emu/faults with add_fault()'s keyword arguments."""
        body = await _body(request)
        allowed = {"method", "chat_id", "status", "retry_after", "description", "times", "delay"}
        unknown = set(body) - allowed
        if unknown:
            raise UserError(400, f"unknown fault fields: {', '.join(sorted(unknown))}")
        return _json(self.emu.add_fault(**body).to_json())

    async def clear_faults(self, request: web.Request) -> web.Response:
        """DELETE /_emu/faults."""
        self.emu.clear_faults()
        return _json({"ok": True})

    async def limits(self, request: web.Request) -> web.Response:
        """POST /_emu/limits {"global_per_second": x|null, "per_chat_per_second": y|null,
        "per_group_per_minute": z|null, "per_chat_burst": n|null}."""
        body = await _body(request)
        self.emu.set_rate_limits(
            body.get("global_per_second"),
            body.get("per_chat_per_second"),
            body.get("per_group_per_minute"),
            per_chat_burst=body.get("per_chat_burst"),
        )
        return _json(self.emu.limits.to_json())

    async def reset(self, request: web.Request) -> web.Response:
        """POST /_emu/reset: forget everything."""
        self.emu.reset()
        return _json({"ok": True})

    async def wait_confirmed(self, request: web.Request) -> web.Response:
        """POST /_emu/wait_confirmed {"timeout": S}: wait until the bot took every update."""
        body = await _body(request)
        timeout = min(float(body.get("timeout", 5.0)), _MAX_WAIT)
        return _json({"confirmed": await self.emu.wait_confirmed(timeout)})


def add_user_routes(app: web.Application, emulator: Emulator) -> None:
    """Register the /_emu routes of an emulator on an aiohttp application."""
    routes = UserRoutes(emulator)
    app.middlewares.append(_errors)
    user = "/_emu/users/{user_id}"
    app.router.add_post(f"{user}/messages", routes.message)
    app.router.add_post(f"{user}/contact", routes.contact)
    app.router.add_post(f"{user}/media", routes.media)
    app.router.add_post(f"{user}/document", routes.document)
    app.router.add_post(f"{user}/edit", routes.edit)
    app.router.add_post(f"{user}/press", routes.press)
    app.router.add_post(f"{user}/block", routes.block)
    app.router.add_post("/_emu/updates", routes.raw_update)
    app.router.add_get("/_emu/chats/{chat_id}/messages", routes.chat_messages)
    app.router.add_get("/_emu/files/{file_id}", routes.file)
    app.router.add_get("/_emu/callback_answers/{query_id}", routes.callback_answer)
    app.router.add_get("/_emu/state", routes.state)
    app.router.add_get("/_emu/calls", routes.calls)
    app.router.add_post("/_emu/faults", routes.add_fault)
    app.router.add_delete("/_emu/faults", routes.clear_faults)
    app.router.add_post("/_emu/limits", routes.limits)
    app.router.add_post("/_emu/reset", routes.reset)
    app.router.add_post("/_emu/wait_confirmed", routes.wait_confirmed)
