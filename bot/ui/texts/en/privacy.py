"""Users' rights, in English: consent, the privacy policy, /mydata, /forget, retention."""

TEXTS: dict[str, str] = {
    "command.privacy": "Privacy: what data and why",
    "command.mydata": "My data (as a file)",
    "command.forget": "Erase all my data",
    "consent.rights": (
        "It is kept until {days} {days|day|days} after the call closes, then erased. At any time, /mydata "
        "shows you all of it and /forget erases it. Details: /privacy"
    ),
    "consent.version": "<i>Consent text version: {version}</i>",
    "drafts.too_many": (
        "You have {max} unfinished registrations; finish one, or discard one in /my, before starting another."
    ),
    "privacy.text": (
        "<b>Privacy at Farakhan</b>\n\n"
        "<b>What we keep:</b> your messenger account's id, name and username, your language, "
        "your answers to each call's form (such as your name, mobile, e-mail and views), the "
        "consent text you agreed to and when, your reminder settings, and the list of messages "
        "sent to you.\n"
        "<b>Why:</b> only to register you for that call and for its organiser to contact you.\n"
        "<b>Who sees it:</b> that call's admins; it is given to no one else.\n"
        "<b>How long:</b> each call's answers are erased {days} {days|day|days} after it closes.\n"
        "<b>You decide:</b> /my to view, edit or withdraw; /mydata for all your data in one "
        "file; /forget to erase all of it."
    ),
    "mydata.caption": "Everything we hold about you. To erase it: /forget",
    "mydata.exported_at": "exported at",
    "mydata.profile": "profile",
    "mydata.user_id": "account id",
    "mydata.first_name": "first name",
    "mydata.last_name": "last name",
    "mydata.username": "username",
    "mydata.language": "language",
    "mydata.first_seen": "first message",
    "mydata.last_seen": "last message",
    "mydata.registrations": "registrations",
    "mydata.call": "call",
    "mydata.status": "status",
    "mydata.reference_code": "reference code",
    "mydata.started": "started",
    "mydata.submitted": "submitted",
    "mydata.consent": "consent",
    "mydata.consent_version": "version",
    "mydata.consent_agreed": "agreed at",
    "mydata.consent_text": "text",
    "mydata.answers": "answers",
    "mydata.reminders": "reminders",
    "mydata.following": "calls you asked to be reminded of",
    "mydata.stopped": "calls whose reminders you stopped",
    "mydata.messages": "messages sent to you",
    "mydata.message_kind": "kind",
    "mydata.message_status": "delivery",
    "mydata.message_at": "at",
    "mydata.kind.broadcast": "broadcast",
    "mydata.kind.announcement": "announcement",
    "mydata.kind.reminder": "reminder",
    "mydata.kind.notice": "notice",
    "mydata.kind.admin_notice": "notice to admins",
    "mydata.kind.closing": "deadline passed",
    "forget.confirm": (
        "Erase all your data? Registrations in open calls are withdrawn, your answers and "
        "settings are erased, and this cannot be undone. If you want a copy of your data, "
        "send /mydata first."
    ),
    "forget.yes": "🗑 Yes, erase everything",
    "forget.done": "All your data has been erased. If you come back one day, start with /start.",
    "flood.slow_down": "A little slower, please! Messages arrived too fast; wait a moment and send again.",
    "audit.forget": "a user erased their data",
    "audit.retention": "answers erased after the retention period",
    "notice.retention_warning": (
        "🗓 The answers of “{title}” will be erased on {date} ({days} {days|day|days} after it closed). "
        "Export them before then if you need them: /admin"
    ),
    "notice.retention_done": "🧹 The answers of “{title}” were erased as the retention period ended ({count} {count|answer|answers}). The registration counts stay for stats.",
}
