"""What admins would rather look at, in English: the chart, moved dates, what was sent."""

TEXTS: dict[str, str] = {
    # The statistics chart (a picture: plain text, no markup).
    "chart.heading": "Registrations and the volunteers' path",
    "chart.per_day": "Registrations per day",
    "chart.daily": "Registrations that day",
    "chart.cumulative": "Total so far",
    "chart.none_yet": "No registration yet",
    "chart.funnel": "The volunteers' path",
    "chart.stage.opened": "opened the call",
    "chart.stage.agreed": "agreed",
    "chart.stage.submitted": "submitted",
    "chart.stage.accepted": "accepted",
    "chart.share": "{count} ({share}%)",
    "chart.caption": "📈 Registrations for “{title}”",
    # A deadline or a meeting moved: the admin decides whether the people concerned hear of it.
    "move.ask.deadline": (
        "⏰ The deadline of “{title}” moved from {old} to {new}.\n"
        "{count} {count|person is|people are} concerned (registered, unfinished and following). "
        "Tell them?"
    ),
    "move.ask.meeting": (
        "📅 The meeting “{meeting}” of “{title}” moved from {old} to {new}.\n"
        "{count} {count|person takes|people take} part in it. Tell them?"
    ),
    "move.button.tell": "📣 Tell {count} {count|person|people}",
    "move.button.silent": "🤫 Don't tell",
    "move.told": "📣 The news is on its way to {count} {count|person|people}.",
    "move.not_told": "🤫 Nobody was told.",
    "move.stale": "This question was answered already, or that date has moved again since; nothing was sent.",
    "move.notice.deadline": "⏰ The deadline of “{title}” has changed.\nWas: {old}\nNow: {new}",
    "move.notice.meeting": (
        "📅 The meeting “{meeting}” of “{title}” has moved.\nWas: {old}\nNow: {new}"
    ),
    "move.button.see": "📄 See the call",
    "audit.deadline_told": "told of a new deadline",
    "audit.deadline_not_told": "did not tell of a new deadline",
    "audit.meeting_told": "told of a moved meeting",
    "audit.meeting_not_told": "did not tell of a moved meeting",
    "admin.audit.people": "{count} {count|person|people}",
    # /broadcasts: what each message said, and which call it was about.
    "broadcasts.said": "💬 “{words}” — {about}",
    "broadcasts.about": "about “{title}”",
    "broadcasts.about_everyone": "to every user of the bot",
}
