"""The admins' audit log as a person reads it: who did what, to which call, in words."""

from __future__ import annotations

from datetime import datetime

from bot.domain.audit import AuditEvent
from bot.domain.calls import Call
from bot.ui.screens import Screen, lines_within
from bot.ui.screens.reminders import offsets_in_words
from bot.ui.texts import Markup, Translator, inserted

# Actions whose detail is a number, and what it counts.
_COUNTED = {
    "export_csv": "admin.audit.rows",
    "export_xlsx": "admin.audit.rows",
    "announce": "admin.audit.chats",
    "retention": "admin.audit.answers",
    "deadline_told": "admin.audit.people",
    "meeting_told": "admin.audit.people",
    "directory_entry": "directory.audit.person",
    "directory_csv": "admin.audit.rows",
    "directory_xlsx": "admin.audit.rows",
    "invite": "directory.audit.people",
    "directory_retention": "directory.audit.people",
}


def audit(t: Translator, events: list[AuditEvent], calls: dict[int, Call]) -> Screen:
    """The latest admin actions, newest first."""
    if not events:
        return Screen(t("admin.audit.none"))
    lines = [t("admin.audit.title")]
    for event in events:
        call = calls.get(event.call_id or 0)
        parts: list[str] = [t(f"audit.{event.action}")]
        if call is not None:
            parts.append(t("admin.audit.call", title=t.title(call.spec.title)))
        if detail := _detail(t, event):
            parts.append(detail)
        what = Markup(t("admin.audit.separator").join(parts))
        lines.append(t("admin.audit.item", at=t.date(event.at), admin=event.admin_id, what=what))
    return Screen(Markup(lines_within(lines)))


def _detail(t: Translator, event: AuditEvent) -> Markup | str:
    """What the action's stored detail means, in words (never the stored form)."""
    detail = event.detail
    if not detail:
        return ""
    if event.action in _COUNTED and detail.isdigit():
        return t(_COUNTED[event.action], count=int(detail))
    if event.action == "broadcast":
        segment, _, count = detail.partition(" → ")
        if count.isdigit():
            return t("admin.audit.reached", segment=_segment(t, segment), count=int(count))
    if event.action == "deadline":
        before, _, after = detail.partition(" → ")
        try:
            old, new = datetime.fromisoformat(before), datetime.fromisoformat(after)
        except ValueError:
            return detail
        return t("admin.audit.moved", old=t.date(old), new=t.date(new))
    if event.action == "edit":
        return t(f"admin.field.{detail}") if t.has(f"admin.field.{detail}") else detail
    if event.action == "reminders":
        audience, _, state = detail.partition("=")
        if state in ("True", "False"):
            return t(
                "admin.audit.audience",
                audience=t(f"reminders.audience.{audience}"),
                state=t("reminders.on" if state == "True" else "reminders.off"),
            )
        return offsets_in_words(t, [part.strip() for part in detail.split(",")])
    return inserted(detail)  # a reference code, or a detail from a newer version: isolated


def _segment(t: Translator, described: str) -> Markup:
    """`registrants:7:active` (as a broadcast stores its segment) in words."""
    parts = described.split(":")
    key = parts[-1] if parts[0] == "registrants" else parts[0]
    name = f"admin.segment_name.{key}"
    return t(name) if t.has(name) else t("admin.segment_name.chats")
