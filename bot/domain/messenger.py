"""Messenger profiles: what differs between Telegram, Bale, Soroush Plus and Eitaa, in one
place.

Texts are written once, as Telegram HTML, in the catalogs. A profile's renderer turns them
into what its messenger shows: Telegram gets the HTML with parse_mode; Bale ignores
parse_mode and renders Markdown-like markup itself, so it gets plain text with that markup
(tags converted, entities decoded) and user text exactly as typed. Soroush Plus is reported
to be a clone of Telegram's Bot API: it gets Telegram's HTML, and leaves out what nobody has
confirmed there (docs/messengers.md says what each profile assumes and on what evidence).
Eitaa has no chat-bot API: its profile describes channel posts through Eitaayar (plain text,
no buttons), and a later messenger whose API is not Telegram's (Rubika, iGap) gets a profile
the same way.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import ClassVar

from bot.domain.settings import Messenger, Settings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Profile:
    name: str
    api_base: str
    file_base: str
    deep_link_base: str  # + "<bot username>?start=<payload>"; "" when no form is known
    html: bool  # True: HTML with parse_mode; False: Bale's own markup, no parse_mode
    secret_in_path: bool  # webhook secret: in the URL path (Bale) or in a header (Telegram)
    reliable_edits: bool  # can a message with an inline keyboard be edited dependably?
    optional_methods: frozenset[str]  # methods worth trying; others are skipped
    max_document_bytes: int
    send_ceiling: float  # messages a second the send budget starts at and never exceeds
    contact_button: bool = True  # may a phone question offer a request_contact button?
    # What nobody has confirmed on this messenger; `farakhan check` tries each it can.
    unconfirmed: frozenset[str] = frozenset()
    markup: bool = True  # without HTML: Bale's markup (True) or plain text (False)
    buttons: bool = True  # inline keyboards exist (False: links go in the text)
    chat_bot: bool = True  # a bot people talk to (False: it only posts to channels)

    def render(self, text: str) -> tuple[str, str | None]:
        """A catalog text (HTML) as this messenger wants it: (text, parse_mode)."""
        if self.html:
            return text, "HTML"  # the Bot API's parse_mode
        return (to_bale(text) if self.markup else self.plain(text)), None

    def plain(self, text: str) -> str:
        """A text without any markup (toasts, alerts)."""
        return _Converter(markup=False).convert(text)

    def supports(self, method: str) -> bool:
        return method in self.optional_methods

    def entry(self, username: str, payload: str = "") -> Entry:
        """How a person reaches the bot (for a call: with its /start payload)."""
        link = ""
        if self.deep_link_base:
            suffix = f"?start={payload}" if payload else ""
            link = f"{self.deep_link_base}{username}{suffix}"
        return Entry(link=link, username=username, payload=payload)


@dataclass(frozen=True)
class Entry:
    """A way into the bot: a link where the messenger has a dependable one; else the bot's
    @username and the command to send it (`/start <slug>`)."""

    link: str
    username: str
    payload: str = ""

    @property
    def handle(self) -> str:
        return f"@{self.username}"

    @property
    def command(self) -> str:
        return f"/start {self.payload}" if self.payload else "/start"


TELEGRAM = Profile(
    name="telegram",
    api_base="https://api.telegram.org/bot",
    file_base="https://api.telegram.org/file/bot",
    deep_link_base="https://t.me/",
    html=True,
    secret_in_path=False,
    reliable_edits=True,
    optional_methods=frozenset({"setMyCommands", "sendChatAction"}),
    max_document_bytes=50 * 1024 * 1024,
    send_ceiling=30.0,  # the Bot FAQ: "not more than about 30 messages per second"
)
# https://tapi.bale.ai/bot<TOKEN>/<method>, files at https://tapi.bale.ai/file/bot<TOKEN>/…
BALE = Profile(
    name="bale",
    api_base="https://tapi.bale.ai/bot",
    file_base="https://tapi.bale.ai/file/bot",
    deep_link_base="https://ble.ir/",
    html=False,
    secret_in_path=True,
    reliable_edits=False,
    optional_methods=frozenset(),
    max_document_bytes=20 * 1024 * 1024,
    send_ceiling=30.0,  # Bale publishes no figure (it answers 429): Telegram's, to start
)
# Soroush Plus (https://splus.ir), as SplusLib describes it: "a byte-for-byte clone of the
# Telegram Bot API; only the base URL differs" (https://api.splus.ir/bot<TOKEN>/<METHOD>),
# 429 with retry_after. None of it confirmed against the service: what is uncertain is left
# out (no deep link, command menu, chat action, contact button or edits) until
# `farakhan check` shows it answers (docs/messengers.md).
SOROUSH = Profile(
    name="soroush",
    api_base="https://api.splus.ir/bot",
    file_base="https://api.splus.ir/file/bot",
    deep_link_base="",  # no form known: cards show @bot and the /start <slug> to send
    html=True,  # Telegram's HTML, as a clone would take it
    secret_in_path=False,  # a clone checks X-Telegram-Bot-Api-Secret-Token like Telegram
    reliable_edits=False,
    optional_methods=frozenset(),
    max_document_bytes=20 * 1024 * 1024,  # no figure published: Bale's, the smaller
    send_ceiling=20.0,  # no figure published: below Telegram's 30 until 429s say more
    contact_button=False,
    unconfirmed=frozenset(
        {"deep_link", "setMyCommands", "sendChatAction", "editMessageText", "request_contact"}
    ),
)
PROFILES = {Messenger.TELEGRAM: TELEGRAM, Messenger.BALE: BALE, Messenger.SOROUSH: SOROUSH}

# Eitaa: no chat-bot API. Eitaayar (https://eitaayar.ir/api/<TOKEN>/<METHOD>) lets a
# channel's admin post: getMe, sendMessage, sendFile. Text only, as far as is reported: no
# parse_mode, no inline keyboards, no edits, no unpin (docs/messengers.md). Its requests are
# another service's, not the messenger's: they do not spend the send budget, and Eitaayar
# publishes no limit, so posts are paced at one a second (send_ceiling).
EITAA = Profile(
    name="eitaa",
    api_base="https://eitaayar.ir/api/",
    file_base="",
    deep_link_base="",
    html=False,
    secret_in_path=True,
    reliable_edits=False,
    optional_methods=frozenset(),
    max_document_bytes=0,  # sendFile exists; we post no files
    send_ceiling=1.0,
    markup=False,
    buttons=False,
    chat_bot=False,
)

# The requests a messenger counts against a bot's send limit: every one that puts a message
# into a chat or changes one there. Telegram's Bot FAQ ("My bot is hitting limits") limits
# messages: about 30 a second overall, 1 a second per chat, 20 a minute per group; edits
# are refused with 429 as sends are. Answering a callback query, a chat action ("typing…"),
# getUpdates, getMe and setMyCommands put nothing in a chat and are not counted. Bale and
# Soroush Plus publish no limits and answer 429 with retry_after like Telegram; the same list
# is used. The local emulator's limiter counts exactly these (tests/test_send_budget.py).
COUNTED_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendMediaGroup",
        "copyMessage",
        "forwardMessage",
        "editMessageText",
        "editMessageCaption",
        "editMessageReplyMarkup",
    }
)
GROUP_INTERVAL = 3.0  # seconds between two messages to one group: 20 a minute


def profile_for(settings: Settings) -> Profile:
    return PROFILES[settings.messenger]


def send_ceiling(settings: Settings) -> float:
    """The most messages a second the bot may send: SEND_RATE_CEILING, or the older
    BROADCAST_RATE, or the messenger's own figure."""
    chosen = settings.send_rate_ceiling or settings.broadcast_rate
    return chosen if chosen is not None else profile_for(settings).send_ceiling


def registration_links(
    links: tuple[tuple[str, str], ...], slug: str, own: tuple[Profile, str]
) -> list[tuple[str, str]]:
    """Each messenger's link into a call (`?start=<slug>`), as REGISTRATION_LINKS names
    them; when none are set, the bot's own way in (`own`: its profile and username): its
    link, or where the messenger has none, its @username and the command to send."""
    if links:
        return [(name, f"{url}?start={slug}") for name, url in links]
    profile, username = own
    entry = profile.entry(username, slug)
    return [(profile.name, entry.link or f"{entry.handle} {entry.command}")]


def is_group(chat_id: int | str) -> bool:
    """Groups and channels: negative ids, or @names."""
    return isinstance(chat_id, str) or chat_id < 0


def to_bale(text: str) -> str:
    """Telegram HTML to Bale's markup: *bold*, _italic_, links as "text (url)"."""
    return _Converter(markup=True).convert(text)


class _Converter(HTMLParser):
    """Walks our catalog HTML; user text inside it arrives already entity-escaped."""

    _MARKS: ClassVar[dict[str, str]] = {"b": "*", "strong": "*", "i": "_", "em": "_"}

    def __init__(self, markup: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.markup = markup
        self.parts: list[str] = []
        self.open: list[tuple[str, int, str | None]] = []  # tag, index in parts, href

    def convert(self, text: str) -> str:
        self.feed(text)
        self.close()
        return "".join(self.parts)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open.append((tag, len(self.parts), dict(attrs).get("href")))

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1][0] != tag:
            return
        _, start, href = self.open.pop()
        inner = "".join(self.parts[start:])
        mark = self._MARKS.get(tag) if self.markup else None
        # Mark only text that cannot be confused by the same mark inside it.
        if mark and inner.strip() and mark not in inner:
            self.parts[start:] = [f"{mark}{inner}{mark}"]
        elif tag == "a" and href and href != inner:
            self.parts.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
