"""Logging for the command line: one format, and secrets never written anywhere.

python-telegram-bot logs its API URL (which contains the token) at DEBUG, and its
InvalidToken error quotes the token; httpx logs request URLs. Every line is redacted
before it is written.
"""

from __future__ import annotations

import logging

from bot.domain.settings import Settings

_SECRETS: list[str] = []


def redact(text: str) -> str:
    """The text with the token and the webhook secret replaced."""
    for secret in _SECRETS:
        text = text.replace(secret, "<redacted>")
    return text


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def configure(settings: Settings) -> None:
    """Sets the level and format, and remembers the secrets to keep out of every line."""
    _SECRETS.clear()
    if settings.bot_token is not None:
        _SECRETS.append(settings.bot_token.get_secret_value())
    if settings.webhook_secret is not None:
        _SECRETS.append(settings.webhook_secret.get_secret_value())
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level)
    # httpx logs every request URL at INFO, and Bot API URLs carry the token.
    for noisy in ("httpx", "httpcore", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
