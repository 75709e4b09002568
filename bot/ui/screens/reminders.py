"""Reminders as volunteers get them, and the admin's view of a call's schedule."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.domain.calls import Call, Meeting, offset_minutes
from bot.domain.reminders import Reminder, ReminderStatus
from bot.domain.text import cut, utf16_length
from bot.ui.callbacks import Action
from bot.ui.screens import InlineButton, Screen, button, lines_within, rows, token
from bot.ui.texts import TITLE_ROOM, Markup, Translator, inserted

# A document's caption holds 1,024 UTF-16 units on every messenger we serve. Measured on the
# text with its markup, which is never shorter than what the API counts.
CAPTION_LIMIT = 1024


def _stop(t: Translator, call: Call) -> InlineButton:
    return button(t("reminder.button.stop"), Action.REMINDERS_OFF, call.id, index=0)


def deadline_reminder(t: Translator, call: Call, audience: str, now: datetime) -> Screen:
    """What drafts, followers or newcomers read before the deadline (with a way back in)."""
    title = t.title(call.spec.title)
    left = t.duration(call.deadline_at - now)
    if audience == "drafts":
        text = t("reminder.drafts", left=left, title=title, progress=Markup(token("progress")))
        # Straight back to where they stopped: their own draft, filled in per recipient.
        data = f"{Action.CONTINUE.value}:{token('registration')}"
        main = InlineButton(text=t("button.continue"), callback_data=data)
    elif audience == "followers":
        text = t("reminder.followers", left=left, title=title)
        main = button(t("button.register"), Action.JOIN, call.id)
    else:
        text = t(
            "reminder.everyone",
            title=title,
            organiser=t.title(call.spec.organiser),
            deadline=t.date(call.deadline_at),
        )
        main = button(t("reminder.button.see"), Action.CALL, call.id)
    return Screen(text, rows([main], [_stop(t, call)]))


def progress_words(t: Translator, left: int) -> str:
    """`۲ سؤال مانده`, or that only the confirmation is left."""
    return t("reminder.progress", count=left) if left else t("reminder.progress_review")


def meeting_reminder(t: Translator, call: Call, meeting: Meeting) -> Screen:
    """The meeting's reminder: the caption of its .ics, so within a caption's length. The
    titles and the place give way to the link; a link no caption can hold is left whole in
    the attached file rather than cut."""
    for room in (TITLE_ROOM, 120, 60, 30):
        text = _meeting_text(t, call, meeting, room, with_link=True)
        if utf16_length(text) <= CAPTION_LIMIT:
            break
    else:
        text = _meeting_text(t, call, meeting, TITLE_ROOM, with_link=False)
    return Screen(text, rows([_stop(t, call)]))


def _meeting_text(
    t: Translator, call: Call, meeting: Meeting, room: int, with_link: bool
) -> Markup:
    lines = [
        t(
            "reminder.meeting",
            meeting=cut(t.pick(meeting.title), room),
            title=cut(t.pick(call.spec.title), room),
            when=t.date(meeting.starts_at),
        )
    ]
    if meeting.place:
        lines.append(t("reminder.meeting_place", place=cut(t.pick(meeting.place), room)))
    if meeting.link:
        lines.append(
            t("reminder.meeting_link", link=meeting.link)
            if with_link
            else t("reminder.meeting_link_in_file")
        )
    lines.append(t("reminder.meeting_calendar"))
    return Markup("\n".join(lines))


def call_closed(t: Translator, call: Call) -> Screen:
    return Screen(t("reminder.closed_draft", title=t.title(call.spec.title)))


def closing_summary(t: Translator, call: Call, counts: dict) -> Screen:
    return Screen(
        t(
            "reminder.closing_summary",
            title=t.title(call.spec.title),
            submitted=counts["submitted"] + counts["accepted"],
            waitlisted=counts["waitlisted"],
            drafts=counts["draft"],
            withdrawn=counts["withdrawn"],
        )
    )


def schedule(t: Translator, call: Call, reminders: list[Reminder], sent: dict[int, int]) -> Screen:
    """The admin's view: what is planned, what went out (to how many), what was skipped."""
    plan = call.spec.reminders
    lines = [
        t("reminders.title", title=t.title(call.spec.title)),
        t(
            "reminders.offsets",
            offsets=offsets_in_words(t, plan.before_deadline),
            meetings=offsets_in_words(t, plan.before_meetings),
        ),
    ]
    for item in reminders:
        meeting = next((m for m in call.spec.meetings if m.key == item.meeting_key), None)
        what = t(
            f"reminders.kind.{item.kind}",
            audience=t(f"reminders.audience.{item.audience}"),
            meeting=t.title(meeting.title) if meeting else item.meeting_key,
        )
        if item.status == ReminderStatus.SENT:
            state = t("reminders.sent", count=sent.get(item.broadcast_id or 0, 0))
        elif item.status == ReminderStatus.SKIPPED:
            state = t("reminders.skipped", reason=_reason(t, item.note))
        else:
            state = t("reminders.planned")
        lines.append(t("reminders.item", when=t.date(item.due_at), what=what, state=state))
    toggles = [
        button(
            t(
                f"reminders.toggle.{audience}",
                state=t("reminders.on" if getattr(plan, audience) else "reminders.off"),
            ),
            Action.ADMIN_REMINDER_AUDIENCE,
            call.id,
            audience,
        )
        for audience in ("drafts", "followers", "everyone")
    ]
    keyboard = rows(
        [button(t("reminders.button.offsets"), Action.ADMIN_REMINDER_OFFSETS, call.id)],
        toggles[:2],
        toggles[2:],
        [button(t("admin.button.back"), Action.ADMIN_CALL, call.id)],
    )
    return Screen(Markup(lines_within(lines)), keyboard)


def offsets_in_words(t: Translator, offsets: list[str]) -> Markup:
    """`3d, 1d, 3h` as a reader says it: «۳ روز، ۱ روز، ۳ ساعت» (— when there are none)."""
    words = []
    for offset in offsets:
        try:
            words.append(t.duration(timedelta(minutes=offset_minutes(offset))))
        except ValueError:
            words.append(inserted(offset))
    return Markup(t("list.separator").join(words)) if words else Markup("—")


def _reason(t: Translator, note: str) -> Markup:
    """Why the scheduler skipped a reminder (it stores the reason in English words)."""
    key = f"reminders.reason.{note.replace(' ', '_')}"
    return t(key) if t.has(key) else inserted(note)


def retention_warning(t: Translator, call: Call, erase_on: datetime, days: int) -> Screen:
    return Screen(
        t(
            "notice.retention_warning",
            title=t.title(call.spec.title),
            date=t.date(erase_on),
            days=days,
        )
    )


def retention_done(t: Translator, call: Call, count: int) -> Screen:
    return Screen(t("notice.retention_done", title=t.title(call.spec.title), count=count))
