"""What admins would rather look at, in English: the chart, what was sent."""

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
    # /broadcasts: what each message said, and which call it was about.
    "broadcasts.said": "💬 “{words}” — {about}",
    "broadcasts.about": "about “{title}”",
    "broadcasts.about_everyone": "to every user of the bot",
}
