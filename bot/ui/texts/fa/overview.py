"""What admins would rather look at, in Persian: the chart, what was sent."""

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
    # /broadcasts: what each message said, and which call it was about.
    "broadcasts.said": "💬 «{words}» — {about}",
    "broadcasts.about": "دربارهٔ «{title}»",
    "broadcasts.about_everyone": "به همهٔ کاربران ربات",
}
