"""Posts to Eitaa channels and what the admin hears of them, in English."""

TEXTS: dict[str, str] = {
    "channels.register": "📝 Register through the bot:",
    "channels.link": "• {messenger}: {link}",
    "channels.messenger.telegram": "Telegram",
    "channels.messenger.bale": "Bale",
    "channels.messenger.soroush": "Soroush Plus",
    "channels.reminder": "⏳ {left} left to register for “{title}”.\n🗓 Deadline: {deadline}",
    "channels.closed": "🔒 Registration for “{title}” has closed. Thank you for taking part.",
    "admin.announce.eitaa_preview": "👇 And in the Eitaa channels, as plain text without buttons:",
    "admin.announce.own_chats": "• {messenger}: {count} {count|channel or group|channels and groups}",
    "admin.announce.eitaa_chats": "• Eitaa: {channels}",
    "admin.announce.eitaa_pinned": "📌 Pinned on Eitaa; when registration closes, a closing note is posted too.",
    "admin.announce.eitaa_done": "📢 “{title}” was posted in {count} Eitaa {count|channel|channels}.",
    "admin.announce.eitaa_failed": "⚠️ Posting “{title}” failed in {count} Eitaa {count|channel|channels}:",
    "admin.announce.eitaa_failure": "• {channel}: {error} (after {attempts} {attempts|try|tries})",
}
