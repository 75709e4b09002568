"""What admins would rather look at, in Persian: the chart, moved dates, what was sent."""

TEXTS: dict[str, str] = {
    # The statistics chart (a picture: plain text, no markup).
    "chart.heading": "ثبت‌نام‌ها و مسیر داوطلبان",
    "chart.per_day": "ثبت‌نام در هر روز",
    "chart.daily": "ثبت‌نام‌های همان روز",
    "chart.cumulative": "مجموع تا آن روز",
    "chart.none_yet": "هنوز ثبت‌نامی نرسیده است",
    "chart.funnel": "مسیر داوطلبان",
    "chart.stage.opened": "دیدن فراخوان",
    "chart.stage.agreed": "پذیرفتن شرایط",
    "chart.stage.submitted": "ارسال",
    "chart.stage.accepted": "پذیرفته",
    "chart.share": "{count} ({share}٪)",
    "chart.caption": "📈 نمودار ثبت‌نام‌های «{title}»",
    # A deadline or a meeting moved: the admin decides whether the people concerned hear of it.
    "move.ask.deadline": (
        "⏰ مهلت «{title}» جابه‌جا شد: از {old} به {new}.\n"
        "{count} نفر به این فراخوان مربوط‌اند (ثبت‌نام‌کرده‌ها، نیمه‌کاره‌ها و دنبال‌کننده‌ها). "
        "به آن‌ها خبر بدهیم؟"
    ),
    "move.ask.meeting": (
        "📅 زمان جلسهٔ «{meeting}» در «{title}» جابه‌جا شد: از {old} به {new}.\n"
        "{count} نفر در این جلسه شرکت دارند. به آن‌ها خبر بدهیم؟"
    ),
    "move.button.tell": "📣 خبر دادن به {count} نفر",
    "move.button.silent": "🤫 خبر ندهیم",
    "move.told": "📣 خبر جابه‌جایی برای {count} نفر در صف ارسال است.",
    "move.not_told": "🤫 به کسی خبر داده نشد.",
    "move.stale": "این پرسش پیش‌تر پاسخ گرفته یا آن تاریخ از آن پس دوباره جابه‌جا شده است؛ چیزی فرستاده نشد.",
    "move.notice.deadline": "⏰ مهلت فراخوان «{title}» تغییر کرد.\nمهلت پیشین: {old}\nمهلت تازه: {new}",
    "move.notice.meeting": (
        "📅 زمان جلسهٔ «{meeting}» در فراخوان «{title}» تغییر کرد.\n"
        "زمان پیشین: {old}\nزمان تازه: {new}"
    ),
    "move.button.see": "📄 دیدن فراخوان",
    "audit.deadline_told": "خبر دادن تغییر مهلت",
    "audit.deadline_not_told": "خبر ندادن تغییر مهلت",
    "audit.meeting_told": "خبر دادن تغییر زمان جلسه",
    "audit.meeting_not_told": "خبر ندادن تغییر زمان جلسه",
    "admin.audit.people": "{count} نفر",
    # /broadcasts: what each message said, and which call it was about.
    "broadcasts.said": "💬 «{words}» — {about}",
    "broadcasts.about": "دربارهٔ «{title}»",
    "broadcasts.about_everyone": "به همهٔ کاربران ربات",
}
