"""The emulator's HTTP layer: Bot API routes, file downloads and the user-side /_emu API."""

from __future__ import annotations

import json
import logging
from types import TracebackType
from typing import Any

from aiohttp import web

from emulator.faults import DROP_CONNECTION, MALFORMED
from emulator.page import PageConfig, add_page_routes
from emulator.params import UploadedFile, decode_params
from emulator.state import Emulator
from emulator.user_routes import add_user_routes

logger = logging.getLogger(__name__)
MAX_UPLOAD_BYTES = 60 * 1024 * 1024
EMULATOR_KEY: web.AppKey[Emulator] = web.AppKey("emulator", Emulator)


async def _read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    """Read a Bot API request's parameters (query, form, multipart or JSON) and file parts."""
    raw: dict[str, Any] = dict(request.query)
    files: dict[str, UploadedFile] = {}
    if request.method == "POST" and request.can_read_body:
        content_type = request.content_type
        if content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                body = None
            if isinstance(body, dict):
                raw.update(body)
        elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.post()
            for name, value in form.items():
                if isinstance(value, web.FileField):
                    files[name] = UploadedFile(
                        field=name,
                        filename=value.filename,
                        content_type=value.content_type,
                        data=value.file.read(),
                    )
                else:
                    raw[name] = value
    return raw, files


def _json_response(body: Any, status: int) -> web.Response:
    """Return a JSON response that keeps non-ASCII text readable."""
    return web.Response(
        text=json.dumps(body, ensure_ascii=False), status=status, content_type="application/json"
    )


async def handle_bot_method(request: web.Request) -> web.StreamResponse:
    """Serve /bot<token>/<method>."""
    emulator = request.app[EMULATOR_KEY]
    raw, files = await _read_params(request)
    params = decode_params(raw)
    answer = await emulator.call_api(request.match_info["method"], params, files)
    if answer.status == MALFORMED:
        return web.Response(status=200, text="<html>502 Bad Gateway</html>")
    if answer.status == DROP_CONNECTION or answer.body is None:
        if request.transport is not None:
            request.transport.abort()
        raise web.HTTPInternalServerError()
    return _json_response(answer.body, answer.status)


async def handle_file_download(request: web.Request) -> web.StreamResponse:
    """Serve /file/bot<token>/<file_path> for files the bot got from getFile."""
    emulator = request.app[EMULATOR_KEY]
    record = emulator.file_by_path(request.match_info["file_path"])
    if record is None:
        return _json_response({"ok": False, "error_code": 404, "description": "Not Found"}, 404)
    return web.Response(
        body=record.data, content_type=record.mime_type or "application/octet-stream"
    )


def build_app(emulator: Emulator, page: PageConfig | None = None) -> web.Application:
    """Return the aiohttp application serving an emulator (and its chat page at /)."""
    app = web.Application(client_max_size=MAX_UPLOAD_BYTES)
    app[EMULATOR_KEY] = emulator
    app.router.add_route("*", "/bot{token}/{method}", handle_bot_method)
    app.router.add_get("/file/bot{token}/{file_path:.+}", handle_file_download)
    add_user_routes(app, emulator)
    add_page_routes(app, emulator, page or PageConfig())
    return app


class EmulatorServer:
    """Runs an Emulator behind HTTP on host:port (port 0 picks a free port).

    With page_port, the same routes are served on a second port too, for people: the chat
    page at its root, so the bot's API address and the page's address can differ.
    """

    def __init__(
        self,
        emulator: Emulator | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        page_port: int | None = None,
        page: PageConfig | None = None,
    ) -> None:
        self._emulator = emulator if emulator is not None else Emulator()
        self._host = host
        self._port = port
        self._page_port = page_port
        self._page = page
        self._runner: web.AppRunner | None = None
        self._bound_port: int | None = None
        self._bound_page_port: int | None = None

    @property
    def emulator(self) -> Emulator:
        """The served emulator."""
        return self._emulator

    @property
    def url(self) -> str:
        """The server's base URL, e.g. http://127.0.0.1:43123."""
        if self._bound_port is None:
            raise RuntimeError("the emulator server is not started")
        return f"http://{self._host}:{self._bound_port}"

    @property
    def page_url(self) -> str:
        """The chat page's URL (it is served at the root): the page port's, else the server's."""
        if self._bound_page_port is None:
            return self.url
        return f"http://{self._host}:{self._bound_page_port}"

    @property
    def api_base_url(self) -> str:
        """The base_url to give ApplicationBuilder."""
        return f"{self.url}/bot"

    @property
    def file_base_url(self) -> str:
        """The base_file_url to give ApplicationBuilder."""
        return f"{self.url}/file/bot"

    async def start(self) -> None:
        """Start listening."""
        app = build_app(self._emulator, self._page)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        try:
            await web.TCPSite(runner, self._host, self._port).start()
            self._bound_port = int(runner.addresses[0][1])
            if self._page_port is not None:
                await web.TCPSite(runner, self._host, self._page_port).start()
                self._bound_page_port = int(runner.addresses[-1][1])
        except OSError:
            await runner.cleanup()
            raise
        self._runner = runner
        self._emulator.reopen()
        logger.info("Bot API emulator listening on %s", self.url)

    async def stop(self) -> None:
        """Release waiting requests and stop listening."""
        await self._emulator.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> EmulatorServer:
        """Start the server for an async with block."""
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop the server at the end of an async with block."""
        await self.stop()
