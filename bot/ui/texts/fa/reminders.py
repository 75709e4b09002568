"""Reminders and the schedule, in Persian."""

TEXTS: dict[str, str] = {
    "reminder.drafts": "⏳ {left} تا پایان مهلت «{title}» مانده است و ثبت‌نام شما نیمه‌کاره است: {progress}.",
    "reminder.progress": "{count} سؤال دیگر تا پایان",
    "reminder.progress_review": "فقط تأیید نهایی مانده",
    "reminder.followers": "⏳ {left} تا پایان مهلت «{title}» مانده است و هنوز ثبت‌نام نکرده‌اید.",
    "reminder.everyone": "📣 فراخوان «{title}» از {organiser} تا {deadline} ثبت‌نام می‌پذیرد.",
    "reminder.meeting": "📅 یادآوری جلسه: «{meeting}» — {title}\n🕰 {when}",
    "reminder.meeting_place": "📍 {place}",
    "reminder.meeting_link": "🔗 {link}",
    "reminder.meeting_calendar": "پروندهٔ پیوست را باز کنید تا جلسه به تقویمتان افزوده شود.",
    "reminder.closed_draft": "⛔ مهلت «{title}» به پایان رسید و ثبت‌نام نیمه‌کارهٔ شما ارسال نشد.",
    "reminder.closing_summary": (
        "🔒 مهلت «{title}» به پایان رسید و ثبت‌نام بسته شد.\n"
        "ثبت‌شده {submitted} · انتظار {waitlisted} · نیمه‌کاره {drafts} · انصراف {withdrawn}"
    ),
    "reminder.button.stop": "🔕 یادآوری‌های این فراخوان را نفرست",
    "reminder.button.see": "👀 دیدن فراخوان",
    "reminders.stopped": "یادآوری‌های این فراخوان خاموش شد. از /my می‌توانید دوباره روشنش کنید.",
    "reminders.resumed": "یادآوری‌های این فراخوان دوباره روشن شد.",
    "view.reminders_on": "🔔 یادآوری‌ها: روشن",
    "view.reminders_off": "🔕 یادآوری‌ها: خاموش",
    "button.reminders_off": "🔕 یادآوری نفرست",
    "button.reminders_on": "🔔 یادآوری بفرست",
    "admin.button.reminders": "🔔 یادآوری‌ها",
    "reminders.title": "<b>یادآوری‌های «{title}»</b>",
    "reminders.offsets": "پیش از مهلت: {offsets} · پیش از جلسه‌ها: {meetings}",
    "reminders.kind.deadline": "یادآوری مهلت به {audience}",
    "reminders.kind.meeting": "یادآوری جلسهٔ «{meeting}» به {audience}",
    "reminders.kind.close": "بستن ثبت‌نام",
    "reminders.audience.drafts": "نیمه‌کاره‌ها",
    "reminders.audience.followers": "دنبال‌کنندگان",
    "reminders.audience.everyone": "کاربرانی که فراخوان را ندیده‌اند",
    "reminders.audience.registrants": "ثبت‌نام‌کنندگان",
    "reminders.audience.call": "فراخوان",
    "reminders.item": "▫️ {when} — {what} — {state}",
    "reminders.planned": "در برنامه",
    "reminders.sent": "فرستاده برای {count} نفر",
    "reminders.skipped": "فرستاده نشد ({reason})",
    "reminders.on": "روشن",
    "reminders.off": "خاموش",
    "reminders.toggle.drafts": "نیمه‌کاره‌ها: {state}",
    "reminders.toggle.followers": "دنبال‌کنندگان: {state}",
    "reminders.toggle.everyone": "کاربرانی که ندیده‌اند: {state}",
    "reminders.button.offsets": "⏱ زمان‌های یادآوری پیش از مهلت",
    "admin.prompt.offsets": (
        "زمان‌های یادآوری پیش از مهلت را با ویرگول جدا کنید؛ d روز، h ساعت، m دقیقه. "
        "مثلاً: 3d, 1d, 3h\nاکنون: {current}"
    ),
    "admin.refused.offsets": "این زمان‌ها خوانده نشد. مثلاً بنویسید: 3d, 1d, 3h (حداکثر ده تا).",
    "audit.reminders": "تغییر یادآوری‌ها",
}
