"""The catalogs, and a Translator that fills a text for one reader (language, time zone)."""

from __future__ import annotations

import html
import re
import string
from datetime import datetime, timedelta, tzinfo

from bot.domain.dates import format_datetime, format_duration, format_jalali_iso
from bot.domain.localized import pick
from bot.domain.normalize import to_persian_digits
from bot.domain.text import cut
from bot.ui.texts import en, fa
from bot.ui.texts.bidi import isolate

CATALOGS: dict[str, dict[str, str]] = {"fa": fa.TEXTS, "en": en.TEXTS}
LANGUAGE_NAMES = {"fa": "فارسی", "en": "English"}


class Markup(str):
    """Text already in the messenger's format: inserted as it is, never escaped again."""

    __slots__ = ()


def escape(text: str) -> Markup:
    """Makes user text safe to place inside an HTML message."""
    return Markup(html.escape(text, quote=False))


def inserted(text: str) -> Markup:
    """Text from a person or a call file, placed in a message: escaped, and isolated so a
    run of the other direction (a phone number in Persian, a Persian name in English)
    cannot scramble the line around it."""
    return Markup(isolate(html.escape(text, quote=False)))


# A call file allows 4,000 characters for any text; a title in a heading or a sentence is
# cut to this many (UTF-16 units), so that every message stays within the API's limits.
TITLE_ROOM = 200

# Punctuation that already ends a label: no colon is added after it (`چرا؟` not `چرا؟:`).
_ENDS_LABEL = ("?", "؟", ":", "!", "…")


# `{count|row|rows}`: the word for one, else the word for many, chosen by the number given
# as `count`. English texts use it; Persian keeps the singular after any number.
_PLURAL = re.compile(r"\{(\w+)\|([^{}|]*)\|([^{}|]*)\}")


# A value alone inside a tag (`<code>{code}</code>`) is isolated outside the tag, so that
# copying the code (Telegram copies a <code> on tap) copies no invisible marks.
_TAGGED_ISOLATE = re.compile(r"<(code|b|i|u|s)>\u2068([^\u2066-\u2069<]*)\u2069</\1>")


def _plurals(template: str, params: dict[str, object]) -> str:
    return _PLURAL.sub(lambda m: m[2] if params.get(m[1]) == 1 else m[3], template)


def placeholders(template: str) -> set[str]:
    """The {names} a catalog text expects (a plural's number among them)."""
    plain = _PLURAL.sub(lambda m: "{" + m[1] + "}", template)
    return {name for _, name, _, _ in string.Formatter().parse(plain) if name}


class Translator:
    """Texts for one reader: their language and time zone."""

    def __init__(self, lang: str, tz: tzinfo) -> None:
        self.lang = lang if lang in CATALOGS else "fa"
        self.tz = tz

    def __call__(self, key: str, **params: object) -> Markup:
        """The catalog text `key` with its placeholders filled; user text is escaped."""
        template = CATALOGS[self.lang].get(key) or CATALOGS["fa"][key]
        values = {name: self._value(value) for name, value in params.items()}
        text = _plurals(template, params).format_map(values)
        return Markup(_TAGGED_ISOLATE.sub("\u2068<\\1>\\2</\\1>\u2069", text))

    def _value(self, value: object) -> str:
        if isinstance(value, Markup):
            return value
        if isinstance(value, datetime):
            return self.date(value)
        if isinstance(value, bool):
            return escape(str(value))
        if isinstance(value, int | float):
            return self.number(value)
        return inserted(str(value))

    def number(self, value: float) -> str:
        text = str(int(value)) if float(value).is_integer() else str(value)
        return to_persian_digits(text) if self.lang == "fa" else text

    def date(self, moment: datetime) -> Markup:
        return Markup(format_datetime(moment, self.lang, self.tz))

    def duration(self, delta: timedelta) -> Markup:
        return Markup(format_duration(delta, self.lang))

    def has(self, key: str) -> bool:
        """Whether the catalogs have a text `key` (for keys made from stored values)."""
        return key in CATALOGS[self.lang]

    def typed_date(self, moment: datetime) -> Markup:
        """A moment as an admin would type it (`۱۴۰۵/۱۰/۲۰ ۱۸:۰۰`), to show what to change."""
        text = format_jalali_iso(moment, self.tz)
        return Markup(to_persian_digits(text) if self.lang == "fa" else text)

    def pick(self, localized: dict[str, str]) -> str:
        """A call file's text in this reader's language (plain: escape before use)."""
        return pick(localized, self.lang)

    def title(self, localized: dict[str, str]) -> str:
        """A call's title or organiser in this reader's language, cut to a title's length."""
        return cut(self.pick(localized), TITLE_ROOM)

    def text(self, localized: dict[str, str], limit: int = TITLE_ROOM) -> Markup:
        """A call file's text in this reader's language, cut to `limit`, ready to place."""
        return inserted(cut(self.pick(localized), limit))

    def label(self, text: str) -> Markup:
        """A label before its value: `نام:`, but `چرا؟` stays as it is."""
        stripped = text.rstrip()
        colon = "" if stripped.endswith(_ENDS_LABEL) else ":"
        shown = stripped if isinstance(text, Markup) else inserted(stripped)
        return Markup(f"{shown}{colon}")
