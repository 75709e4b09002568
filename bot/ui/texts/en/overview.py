"""What admins would rather look at, in English: the statistics chart."""

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
}
