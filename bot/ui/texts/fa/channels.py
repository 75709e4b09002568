"""Posts to Eitaa channels and what the admin hears of them, in Persian."""

TEXTS: dict[str, str] = {
    "channels.register": "📝 ثبت‌نام از راه ربات:",
    "channels.link": "• {messenger}: {link}",
    "channels.messenger.telegram": "تلگرام",
    "channels.messenger.bale": "بله",
    "channels.messenger.soroush": "سروش‌پلاس",
    "channels.reminder": "⏳ {left} تا پایان مهلت ثبت‌نام در «{title}» مانده است.\n🗓 مهلت: {deadline}",
    "channels.closed": "🔒 مهلت ثبت‌نام در «{title}» به پایان رسید. از همراهی‌تان سپاسگزاریم.",
    "admin.announce.eitaa_preview": "👇 و در کانال‌های ایتا، به‌صورت متن ساده و بی‌دکمه، این‌طور:",
    "admin.announce.own_chats": "• {messenger}: {count} کانال و گروه",
    "admin.announce.eitaa_chats": "• ایتا: {channels}",
    "admin.announce.eitaa_pinned": "📌 در ایتا سنجاق می‌شود؛ با پایان مهلت، یادداشت پایان ثبت‌نام هم منتشر می‌شود.",
    "admin.announce.eitaa_done": "📢 اعلان «{title}» در {count} کانال ایتا منتشر شد.",
    "admin.announce.eitaa_failed": "⚠️ انتشار «{title}» در {count} کانال ایتا ناموفق بود:",
    "admin.announce.eitaa_failure": "• {channel}: {error} (پس از {attempts} تلاش)",
}
