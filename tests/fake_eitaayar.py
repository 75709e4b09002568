"""A small local stand-in for Eitaayar (https://eitaayar.ir/api/<TOKEN>/<METHOD>): it records
what was posted and fails on demand. Never the real service."""

from __future__ import annotations

import asyncio
from collections import defaultdict, deque
from dataclasses import dataclass

from aiohttp import web

FAKE_EITAA_TOKEN = "eitaa-SECRET-7f3a9c"


@dataclass(frozen=True)
class Post:
    channel: str
    text: str
    pin: bool


class FakeEitaayar:
    """Answers getMe and sendMessage like Eitaayar as reported ({"ok": …})."""

    def __init__(self) -> None:
        self.posts: list[Post] = []
        self.requests: list[tuple[str, str]] = []  # (method, chat_id), failed ones too
        self._failures: dict[str, deque[str]] = defaultdict(deque)
        self._runner: web.AppRunner | None = None
        self.url = ""

    def fail(self, channel: str, *how: str) -> None:
        """The next requests for `channel` fail, one per `how`: "ok_false", "500", "429",
        "timeout" (hangs 0.5 s and posts nothing: a service stuck before posting) or "refused"
        (400, not worth retrying)."""
        self._failures[channel.removeprefix("@")].extend(how)

    async def __aenter__(self) -> FakeEitaayar:
        app = web.Application()
        app.router.add_post("/api/{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)  # its log is the service's, not ours
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}/api"
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != FAKE_EITAA_TOKEN:
            return web.json_response({"ok": False, "description": "invalid token"}, status=401)
        method = request.match_info["method"]
        if method == "getMe":
            return web.json_response({"ok": True, "result": {"id": 1, "first_name": "panel"}})
        form = await request.post()
        channel = str(form.get("chat_id", ""))
        self.requests.append((method, channel))
        if self._failures[channel]:
            how = self._failures[channel].popleft()
            if how == "timeout":
                await asyncio.sleep(0.5)
                return web.json_response({"ok": False, "description": "too late"})
            if how == "500":
                return web.Response(status=500, text="<html>Internal Server Error</html>")
            elif how == "429":
                body = {"ok": False, "error_code": 429, "parameters": {"retry_after": 0.05}}
                return web.json_response(body, status=429)
            elif how == "refused":
                body = {"ok": False, "error_code": 400, "description": "chat not found"}
                return web.json_response(body, status=400)
            else:
                return web.json_response({"ok": False, "description": "try again later"})
        text = str(form.get("text", ""))
        self.posts.append(Post(channel, text, form.get("pin") == "1"))
        return web.json_response({"ok": True, "result": {"message_id": len(self.posts)}})
