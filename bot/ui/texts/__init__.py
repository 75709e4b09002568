"""The catalogs, and a Translator that fills a text for one reader (language, time zone)."""

from __future__ import annotations

import html
import string
from datetime import datetime, timedelta, tzinfo

from bot.domain.dates import format_datetime, format_duration
from bot.domain.localized import pick
from bot.domain.normalize import to_persian_digits
from bot.ui.texts import en, fa

CATALOGS: dict[str, dict[str, str]] = {"fa": fa.TEXTS, "en": en.TEXTS}
LANGUAGE_NAMES = {"fa": "فارسی", "en": "English"}


class Markup(str):
    """Text already in the messenger's format: inserted as it is, never escaped again."""

    __slots__ = ()


def escape(text: str) -> Markup:
    """Makes user text safe to place inside an HTML message."""
    return Markup(html.escape(text, quote=False))


def placeholders(template: str) -> set[str]:
    """The {names} a catalog text expects."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


class Translator:
    """Texts for one reader: their language and time zone."""

    def __init__(self, lang: str, tz: tzinfo) -> None:
        self.lang = lang if lang in CATALOGS else "fa"
        self.tz = tz

    def __call__(self, key: str, **params: object) -> Markup:
        """The catalog text `key` with its placeholders filled; user text is escaped."""
        template = CATALOGS[self.lang].get(key) or CATALOGS["fa"][key]
        values = {name: self._value(value) for name, value in params.items()}
        return Markup(template.format_map(values))

    def _value(self, value: object) -> str:
        if isinstance(value, Markup):
            return value
        if isinstance(value, datetime):
            return self.date(value)
        if isinstance(value, bool):
            return escape(str(value))
        if isinstance(value, int | float):
            return self.number(value)
        return escape(str(value))

    def number(self, value: float) -> str:
        text = str(int(value)) if float(value).is_integer() else str(value)
        return to_persian_digits(text) if self.lang == "fa" else text

    def date(self, moment: datetime) -> Markup:
        return Markup(format_datetime(moment, self.lang, self.tz))

    def duration(self, delta: timedelta) -> Markup:
        return Markup(format_duration(delta, self.lang))

    def pick(self, localized: dict[str, str]) -> str:
        """A call file's text in this reader's language (plain: escape before use)."""
        return pick(localized, self.lang)
