"""A bot that skips updates it cannot read instead of stalling on them.

python-telegram-bot parses a whole getUpdates batch at once; one malformed update (a new
API field of an unexpected type, a messenger's quirk) makes the batch fail, the offset never
moves, and polling stalls on it for ever. Here each update is parsed alone, and one that
cannot be read becomes an empty update with its id: it is skipped, and polling moves on.

It also makes calls whose answer nobody reads without turning that answer into objects
(`call_unparsed`).
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.ext import ExtBot

logger = logging.getLogger(__name__)


class LenientBot(ExtBot):
    async def _post(self, endpoint: str, data: dict | None = None, **kwargs: Any) -> Any:
        result = await super()._post(endpoint, data, **kwargs)
        if endpoint == "getUpdates" and isinstance(result, list):
            return [readable(item, self) for item in result]
        return result

    async def call_unparsed(self, method: str, **params: Any) -> Any:
        """Calls a Bot API method; returns its answer as decoded JSON, not as objects.

        Every sent or edited message comes back whole, keyboard included, and PTB's own
        methods build a `Message` of it. The bot's screens never read that back, and building
        it was a third of the framework's work per volunteer update (bench/FINDINGS.md).
        Parameters are serialised, defaults applied, errors raised and the rate limiter used
        exactly as for PTB's methods: this goes through the same `_post`.
        """
        return await self._post(method, params)


def readable(item: object, bot: ExtBot) -> dict:
    """The update as it came if PTB can read it; else only its id (so it is skipped)."""
    if not isinstance(item, dict):
        logger.warning("Dropped an update that is not an object: %.200r", item)
        return {"update_id": 0}
    update_id = item.get("update_id")
    if not isinstance(update_id, int):
        logger.warning("Dropped an update without a usable update_id: %.200r", item)
        return {"update_id": 0}
    try:
        Update.de_json(item, bot)
    except Exception as error:  # any shape PTB cannot read: log it and move on
        logger.warning("Skipped unreadable update %s (%s): %.200r", update_id, error, item)
        return {"update_id": update_id}
    return item
