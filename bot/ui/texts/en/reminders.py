"""Reminders and the schedule, in English."""

TEXTS: dict[str, str] = {
    "reminder.drafts": "⏳ {left} left until the deadline for “{title}”, and your registration is unfinished: {progress}.",
    "reminder.progress": "{count} more question(s) to go",
    "reminder.progress_review": "only the final confirmation is left",
    "reminder.followers": "⏳ {left} left until the deadline for “{title}”, and you haven't registered yet.",
    "reminder.everyone": "📣 “{title}” by {organiser} takes registrations until {deadline}.",
    "reminder.meeting": "📅 Meeting reminder: “{meeting}” — {title}\n🕰 {when}",
    "reminder.meeting_place": "📍 {place}",
    "reminder.meeting_link": "🔗 {link}",
    "reminder.meeting_calendar": "Open the attached file to add the meeting to your calendar.",
    "reminder.closed_draft": "⛔ The deadline for “{title}” has passed and your unfinished registration was not sent.",
    "reminder.closing_summary": (
        "🔒 The deadline for “{title}” has passed; registration is closed.\n"
        "registered {submitted} · waiting {waitlisted} · unfinished {drafts} · withdrawn {withdrawn}"
    ),
    "reminder.button.stop": "🔕 Stop reminders for this call",
    "reminder.button.see": "👀 See the call",
    "reminders.stopped": "Reminders for this call are off. You can turn them back on in /my.",
    "reminders.resumed": "Reminders for this call are back on.",
    "view.reminders_on": "🔔 Reminders: on",
    "view.reminders_off": "🔕 Reminders: off",
    "button.reminders_off": "🔕 No reminders",
    "button.reminders_on": "🔔 Send reminders",
    "admin.button.reminders": "🔔 Reminders",
    "reminders.title": "<b>Reminders for “{title}”</b>",
    "reminders.offsets": "before the deadline: {offsets} · before meetings: {meetings}",
    "reminders.kind.deadline": "deadline reminder to {audience}",
    "reminders.kind.meeting": "reminder of “{meeting}” to {audience}",
    "reminders.kind.close": "closing registration",
    "reminders.audience.drafts": "unfinished drafts",
    "reminders.audience.followers": "followers",
    "reminders.audience.everyone": "users who never opened the call",
    "reminders.audience.registrants": "registrants",
    "reminders.audience.call": "the call",
    "reminders.item": "▫️ {when} — {what} — {state}",
    "reminders.planned": "planned",
    "reminders.sent": "sent to {count}",
    "reminders.skipped": "not sent ({reason})",
    "reminders.on": "on",
    "reminders.off": "off",
    "reminders.toggle.drafts": "Drafts: {state}",
    "reminders.toggle.followers": "Followers: {state}",
    "reminders.toggle.everyone": "Never opened: {state}",
    "reminders.button.offsets": "⏱ Times before the deadline",
    "admin.prompt.offsets": (
        "Write the reminder times before the deadline, separated by commas: d days, h hours, "
        "m minutes. For example: 3d, 1d, 3h\nNow: {current}"
    ),
    "admin.refused.offsets": "I couldn't read those times. Write for example: 3d, 1d, 3h (at most ten).",
    "audit.reminders": "changed reminders",
}
