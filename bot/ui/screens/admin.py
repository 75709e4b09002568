"""Admins' screens: the console, a call's panel, confirmations, lists."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.domain.broadcasts import Broadcast, DeliveryCounts, opening
from bot.domain.calls import Call, CallStatus
from bot.domain.messenger import Entry
from bot.domain.models import RegistrationStatus
from bot.domain.registrants import Listing
from bot.domain.text import cut, shorten
from bot.ui.callbacks import Action
from bot.ui.screens import Screen, button, lines_within, link_button, rows, way_in
from bot.ui.screens.calls import call_card
from bot.ui.screens.directory import CLEAR, NO_KEY
from bot.ui.texts import Markup, Translator

Counts = dict[RegistrationStatus, int]
# Who an admin can write to about one call, in the order the buttons show them.
STATUS_TARGETS = (CallStatus.OPEN, CallStatus.CLOSED, CallStatus.ARCHIVED)


def _counts_line(t: Translator, counts: Counts) -> Markup:
    return t(
        "admin.counts",
        submitted=counts[RegistrationStatus.SUBMITTED] + counts[RegistrationStatus.ACCEPTED],
        waitlisted=counts[RegistrationStatus.WAITLISTED],
        drafts=counts[RegistrationStatus.DRAFT],
        withdrawn=counts[RegistrationStatus.WITHDRAWN],
    )


def home(t: Translator, calls: list[tuple[Call, Counts]]) -> Screen:
    """Every call with its counts, a button to each, and the console's general actions."""
    lines: list[str] = [t("admin.title")]
    for call, counts in calls:
        lines += [
            "",
            t(
                "admin.call_line",
                title=t.title(call.spec.title),
                status=t(f"admin.call_status.{call.status}"),
            ),
            _counts_line(t, counts),
            t("admin.deadline_line", deadline=t.date(call.deadline_at)),
        ]
    if not calls:
        lines += ["", t("admin.no_calls")]
    buttons = [
        [button(shorten(t.pick(call.spec.title), 60), Action.ADMIN_CALL, call.id)]
        for call, _ in calls
    ]
    buttons += [
        [button(t("find.button.open"), Action.ADMIN_FIND_OPEN)],
        [
            button(t("admin.button.new_call"), Action.ADMIN_NEW),
            button(t("admin.button.write_everyone"), Action.ADMIN_SEGMENTS, 0),
        ],
        [
            button(t("admin.button.broadcasts"), Action.ADMIN_BROADCASTS),
            button(t("admin.button.audit"), Action.ADMIN_AUDIT),
        ],
    ]
    return Screen(Markup(lines_within(lines)), rows(*buttons))


def call_panel(
    t: Translator,
    call: Call,
    counts: Counts,
    entry: Entry,
    *,
    can_announce: bool,
    pending_review: int,
) -> Screen:
    """One call for its organiser: state, numbers, and everything they can do with it."""
    spec = call.spec
    lines = [
        f"<b>{t.text(spec.title)}</b>",
        t("admin.panel.status", status=t(f"admin.call_status.{call.status}")),
        t("admin.deadline_line", deadline=t.date(call.deadline_at)),
        t("admin.panel.capacity", capacity=spec.capacity)
        if spec.capacity
        else t("admin.panel.no_capacity"),
        t("admin.panel.moderated" if spec.moderated else "admin.panel.not_moderated"),
        _counts_line(t, counts),
        way_in(t, entry, "admin.panel.link"),
    ]
    i = call.id
    status_row = []
    if call.status != CallStatus.OPEN:
        status_row.append(button(t("admin.button.open"), Action.ADMIN_STATUS, i, index=0))
    if call.status == CallStatus.OPEN:
        status_row.append(button(t("admin.button.close"), Action.ADMIN_STATUS, i, index=1))
    if call.status != CallStatus.ARCHIVED:
        status_row.append(button(t("admin.button.archive"), Action.ADMIN_STATUS, i, index=2))
    keyboard = rows(
        [
            button(t("admin.button.stats"), Action.ADMIN_STATS, i),
            button(t("admin.button.csv"), Action.ADMIN_EXPORT, i, index=0),
            button(t("admin.button.xlsx"), Action.ADMIN_EXPORT, i, index=1),
        ],
        [button(t("registrants.button.open"), Action.ADMIN_REGISTRANTS, i, Listing().encode())],
        [button(t("admin.button.write"), Action.ADMIN_SEGMENTS, i)]
        + ([button(t("admin.button.announce"), Action.ADMIN_ANNOUNCE, i)] if can_announce else []),
        [button(t("directory.button.invite"), Action.ADMIN_INVITE, i, NO_KEY, CLEAR)],
        [button(t("admin.button.pending", count=pending_review), Action.ADMIN_PENDING, i)]
        if spec.moderated
        else None,
        [
            button(t("admin.button.deadline"), Action.ADMIN_DEADLINE, i),
            button(t("admin.button.reminders"), Action.ADMIN_REMINDERS, i),
            button(t("admin.button.edit"), Action.ADMIN_EDIT, i),
        ],
        status_row,
        [button(t("admin.button.home"), Action.ADMIN_HOME)],
    )
    return Screen(Markup("\n".join(lines)), keyboard)


def status_confirm(t: Translator, call: Call, target: int) -> Screen:
    status = STATUS_TARGETS[target]
    text = t(f"admin.confirm.{status}", title=t.title(call.spec.title))
    keyboard = rows(
        [
            button(t("admin.button.yes"), Action.ADMIN_STATUS_YES, call.id, index=target),
            button(t("button.no"), Action.ADMIN_CALL, call.id),
        ]
    )
    return Screen(text, keyboard)


def current_value(t: Translator, call: Call, name: str) -> Markup | str:
    """A field's value as its edit prompt shows it: what to change, in the reader's digits."""
    spec = call.spec
    if name == "capacity":
        return t.number(spec.capacity) if spec.capacity else "—"
    if name == "opens_at":
        return t.typed_date(call.opens_at)
    part, _, lang = name.rpartition("_")
    text = (getattr(spec, part) or {}).get(lang, "—")
    return cut(text, CURRENT_ROOM)


# A long description is shown cut in its edit prompt (the prompt must fit in one message).
CURRENT_ROOM = 3000

EDITABLE_FIELDS = ("title_fa", "title_en", "description_fa", "description_en", "organiser_fa",
                   "organiser_en", "consent_fa", "consent_en", "capacity", "opens_at")  # fmt: skip


def edit_fields(t: Translator, call: Call) -> Screen:
    buttons = [
        [button(t(f"admin.field.{field}"), Action.ADMIN_EDIT_FIELD, call.id, field)]
        for field in EDITABLE_FIELDS
    ]
    buttons.append(
        [
            button(
                t(
                    "admin.button.moderation_off"
                    if call.spec.moderated
                    else "admin.button.moderation_on"
                ),
                Action.ADMIN_MODERATION,
                call.id,
            )
        ]
    )
    buttons.append([button(t("admin.button.back"), Action.ADMIN_CALL, call.id)])
    return Screen(t("admin.edit.pick", title=t.title(call.spec.title)), rows(*buttons))


def prompt(t: Translator, key: str, **params: object) -> Screen:
    """Asks the admin to type something, with a way out."""
    return Screen(t(key, **params), rows([button(t("admin.button.cancel"), Action.ADMIN_CANCEL)]))


def segments(t: Translator, call: Call | None, counts: dict[str, int]) -> Screen:
    """Who to write to, with how many people each choice reaches."""
    if call is None:
        keyboard = rows(
            [
                button(
                    t("admin.segment.everyone", count=counts["everyone"]),
                    Action.ADMIN_COMPOSE,
                    0,
                    "everyone",
                )
            ],
            [button(t("admin.button.home"), Action.ADMIN_HOME)],
        )
        return Screen(t("admin.segments.everyone_title"), keyboard)
    buttons = [  # the groups offered, in order (no accepted/rejected where nobody decides)
        [button(t(f"admin.segment.{key}", count=count), Action.ADMIN_COMPOSE, call.id, key)]
        for key, count in counts.items()
    ]
    buttons.append([button(t("admin.button.back"), Action.ADMIN_CALL, call.id)])
    return Screen(t("admin.segments.title", title=t.title(call.spec.title)), rows(*buttons))


def broadcast_preview_intro(t: Translator, count: int, segment_label: str) -> Screen:
    return Screen(t("admin.preview.intro", count=count, segment=segment_label))


def broadcast_confirm(t: Translator, count: int, draft: int) -> Screen:
    keyboard = rows(
        [button(t("admin.button.send", count=count), Action.ADMIN_SEND, draft)],
        [button(t("admin.button.cancel"), Action.ADMIN_CANCEL)],
    )
    return Screen(t("admin.preview.confirm"), keyboard)


def progress(
    t: Translator,
    broadcast: Broadcast,
    counts: DeliveryCounts,
    rate: float | None,
    eta: float | None,
    done: bool,
) -> Screen:
    """The live progress of a broadcast: a bar, the outcomes so far, the current rate (messages
    a second since the last look) and the time left at the rate the send budget learned."""
    total = max(counts.total, 1)
    finished = counts.total - counts.left
    filled = round(10 * finished / total)
    bar = "▓" * filled + "░" * (10 - filled)
    percent = round(100 * finished / total)
    lines = [
        t("admin.progress.done" if done else "admin.progress.title", id=broadcast.id),
        t("admin.progress.bar", bar=bar, percent=percent),
        t(
            "admin.progress.counts",
            sent=counts.sent,
            blocked=counts.blocked,
            failed=counts.failed + counts.unknown,
            left=counts.left,
        ),
    ]
    if rate is not None and not done:
        lines.append(t("admin.progress.rate", rate=round(rate)))
    if eta is not None and not done:
        lines.append(t("admin.progress.eta", seconds=max(1, round(eta))))
    return Screen(Markup(lines_within(lines)))


def broadcasts(
    t: Translator, items: list[tuple[Broadcast, DeliveryCounts, Call | None]]
) -> Screen:
    """The latest broadcasts: how each went, its first words and the call it was about."""
    if not items:
        return Screen(
            t("admin.broadcasts.none"), rows([button(t("admin.button.home"), Action.ADMIN_HOME)])
        )
    lines = [t("admin.broadcasts.title")]
    for broadcast, counts, call in items:
        state = t(f"admin.broadcast_status.{broadcast.status}")
        lines.append(
            t(
                "admin.broadcasts.item",
                id=broadcast.id,
                at=t.date(broadcast.created_at),
                total=counts.total,
                sent=counts.sent,
                blocked=counts.blocked,
                failed=counts.failed + counts.unknown,
                state=state,
            )
        )
        words = opening(str(broadcast.payload.get("text") or ""))
        if call is not None:
            about = t("broadcasts.about", title=t.title(call.spec.title))
        else:
            about = t("broadcasts.about_everyone")
        lines.append(t("broadcasts.said", words=words, about=about))
    return Screen(
        Markup(lines_within(lines)), rows([button(t("admin.button.home"), Action.ADMIN_HOME)])
    )


def announcement(t: Translator, call: Call, now: datetime, entry: Entry) -> Screen:
    """The call's card as a channel post, with a Register button that opens the bot (where
    there is no link into it, the card ends with what to send it instead)."""
    if not entry.link:
        footer = t("admin.announce.register_start", bot=entry.handle, command=entry.command)
        return Screen(call_card(t, call, None, now, after=(footer,)).text)
    card = call_card(t, call, None, now)
    return Screen(card.text, rows([link_button(t("button.register"), entry.link)]))


def announce_confirm(
    t: Translator,
    call: Call,
    *,
    own: int,
    messenger: str,
    eitaa: Sequence[str] = (),
    pinned: bool = False,
) -> Screen:
    """Where the announcement goes: the messenger's own chats, then the Eitaa channels."""
    count = own + len(eitaa)
    lines = [t("admin.announce.confirm", count=count)]
    if own and eitaa:
        name = t(f"channels.messenger.{messenger}")
        lines.append(t("admin.announce.own_chats", messenger=Markup(name), count=own))
    if eitaa:
        lines.append(t("admin.announce.eitaa_chats", channels=", ".join(eitaa)))
        if pinned:
            lines.append(t("admin.announce.eitaa_pinned"))
    keyboard = rows(
        [button(t("admin.button.announce_send", count=count), Action.ADMIN_ANNOUNCE_YES, call.id)],
        [button(t("button.no"), Action.ADMIN_CALL, call.id)],
    )
    return Screen(Markup("\n".join(lines)), keyboard)
