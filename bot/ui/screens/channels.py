"""Posts to Eitaa channels (plain text, links in place of buttons) and the admin's report."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.domain.calls import Call
from bot.domain.channels import ChannelPost
from bot.ui.screens import Screen, lines_within
from bot.ui.screens.calls import call_card
from bot.ui.texts import Markup, Translator

Links = Sequence[tuple[str, str]]  # (messenger, link into the call)


def _links(t: Translator, links: Links) -> list[str]:
    """Where to register, one messenger a line (no buttons exist where these are posted)."""
    lines: list[str] = [t("channels.register")]
    for messenger, link in links:
        key = f"channels.messenger.{messenger}"
        name = t(key) if t.has(key) else messenger  # a name we have no word for: as it is
        lines.append(t("channels.link", messenger=name, link=link))
    return lines


def post(t: Translator, call: Call, now: datetime, links: Links) -> Markup:
    """The call's card as an Eitaa post: its text, then every messenger's link."""
    return Markup(call_card(t, call, None, now, after=_links(t, links)).text)


def reminder(t: Translator, call: Call, now: datetime, links: Links) -> Markup:
    """Before the deadline: how long is left, and where to register."""
    head = t(
        "channels.reminder",
        left=t.duration(call.deadline_at - now),
        title=t.title(call.spec.title),
        deadline=t.date(call.deadline_at),
    )
    return Markup("\n".join([head, "", *_links(t, links)]))


def closed(t: Translator, call: Call) -> Markup:
    """Registration closed: said under an announcement that stays pinned (no unpin exists)."""
    return t("channels.closed", title=t.title(call.spec.title))


def report(t: Translator, call: Call, posts: Sequence[ChannelPost]) -> Screen:
    """How an announcement went on Eitaa: the count posted, and each failure on its line."""
    title = t.title(call.spec.title)
    failed = [p for p in posts if p.error or p.status != "sent"]
    lines = []
    if sent := len(posts) - len(failed):
        lines.append(t("admin.announce.eitaa_done", title=title, count=sent))
    if failed:
        lines.append(t("admin.announce.eitaa_failed", title=title, count=len(failed)))
        lines += [
            t(
                "admin.announce.eitaa_failure",
                channel=p.channel,
                error=p.error or p.status,
                attempts=p.attempts,
            )
            for p in failed
        ]
    return Screen(Markup(lines_within(lines)))
