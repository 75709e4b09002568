"""The chat page: a messenger-like web page over the /_emu user API, and who can use it."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from aiohttp import web

from emulator.admin_api import commands_key

if TYPE_CHECKING:
    from emulator.state import Emulator

WEB_DIR = Path(__file__).resolve().parent / "web"


@dataclass(frozen=True)
class Persona:
    """Someone the page's user can be: a Telegram user with a name and a (fake) phone."""

    id: int
    name: str
    phone: str
    role: str = "volunteer"  # or "admin": only a label on the page; ADMIN_IDS decides
    language: str = "fa"


VOLUNTEERS = (
    Persona(1001, "سارا", "+989121110001"),
    Persona(1002, "رضا", "+989121110002"),
    Persona(1003, "مینا", "+989121110003"),
)
ADMIN = Persona(9001, "مدیر", "+989121119001", role="admin")


@dataclass(frozen=True)
class PageConfig:
    """What the page offers: the personas, and the deep-link payload an empty chat suggests."""

    personas: tuple[Persona, ...] = (*VOLUNTEERS, ADMIN)
    start_payload: str | None = None


def _json(body: object) -> web.Response:
    """Return a JSON response that keeps non-ASCII text readable."""
    return web.Response(text=json.dumps(body, ensure_ascii=False), content_type="application/json")


def add_page_routes(app: web.Application, emulator: Emulator, config: PageConfig) -> None:
    """Serve the page at / (static files under /web/) and its settings at /_emu/page."""

    async def index(request: web.Request) -> web.FileResponse:
        return web.FileResponse(WEB_DIR / "index.html")

    async def page_config(request: web.Request) -> web.Response:
        return _json(
            {
                "bot_username": emulator.bot_username,
                "start_payload": config.start_payload,
                "personas": [asdict(persona) for persona in config.personas],
            }
        )

    async def commands(request: web.Request) -> web.Response:
        """The bot's command menu (default scope) in the asked language, else the default."""
        language = request.query.get("language_code", "")
        found = emulator.commands.get(commands_key({"language_code": language}))
        return _json(found or emulator.commands.get(commands_key({}), []))

    app.router.add_get("/", index)
    app.router.add_static("/web/", WEB_DIR, append_version=False)
    app.router.add_get("/_emu/page", page_config)
    app.router.add_get("/_emu/commands", commands)
