"""Users' rights, in Persian: consent, the privacy policy, /mydata, /forget, retention."""

TEXTS: dict[str, str] = {
    "command.privacy": "حریم خصوصی: چه داده‌ای و چرا",
    "command.mydata": "داده‌های من (پرونده)",
    "command.forget": "پاک کردن همهٔ داده‌های من",
    "consent.rights": (
        "این اطلاعات تا {days} روز پس از بسته شدن فراخوان نگه داشته و سپس پاک می‌شود. هر زمان "
        "می‌توانید با /mydata همه‌اش را ببینید و با /forget پاکش کنید. جزئیات: /privacy"
    ),
    "consent.version": "<i>نسخهٔ متن رضایت: {version}</i>",
    "drafts.too_many": (
        "شما {max} ثبت‌نام نیمه‌کاره دارید؛ پیش از شروع ثبت‌نام تازه، یکی را کامل یا از /my پاک کنید."
    ),
    "privacy.text": (
        "<b>حریم خصوصی در فراخوان</b>\n\n"
        "<b>چه چیزی نگه می‌داریم:</b> شناسه، نام و نام کاربری حساب پیام‌رسانتان، زبان "
        "انتخابی، پاسخ‌هایتان به فرم هر فراخوان (مانند نام، شمارهٔ همراه، ایمیل و دیدگاه‌ها)، "
        "متن رضایتی که پذیرفتید و زمانش، تنظیم یادآوری‌ها، و فهرست پیام‌هایی که برایتان فرستاده شده.\n"
        "<b>چرا:</b> فقط برای ثبت‌نام در همان فراخوان و هماهنگی برگزارکننده با شما.\n"
        "<b>چه کسی می‌بیند:</b> مدیران همان فراخوان؛ به کس دیگری داده نمی‌شود.\n"
        "<b>تا کی:</b> پاسخ‌های هر فراخوان {days} روز پس از بسته شدنش پاک می‌شود.\n"
        "<b>اختیار با شماست:</b> /my برای دیدن، ویرایش یا انصراف؛ /mydata برای گرفتن همهٔ "
        "داده‌هایتان در یک پرونده؛ /forget برای پاک کردن همهٔ آن‌ها."
    ),
    "mydata.caption": "همهٔ داده‌هایی که دربارهٔ شما نگه داشته‌ایم. برای پاک کردنشان: /forget",
    "mydata.exported_at": "زمان تهیهٔ پرونده",
    "mydata.profile": "مشخصات",
    "mydata.user_id": "شناسهٔ حساب",
    "mydata.first_name": "نام",
    "mydata.last_name": "نام خانوادگی",
    "mydata.username": "نام کاربری",
    "mydata.language": "زبان",
    "mydata.first_seen": "نخستین پیام",
    "mydata.last_seen": "آخرین پیام",
    "mydata.registrations": "ثبت‌نام‌ها",
    "mydata.call": "فراخوان",
    "mydata.status": "وضعیت",
    "mydata.reference_code": "کد پیگیری",
    "mydata.started": "آغاز",
    "mydata.submitted": "ارسال",
    "mydata.consent": "رضایت",
    "mydata.consent_version": "نسخه",
    "mydata.consent_agreed": "زمان پذیرش",
    "mydata.consent_text": "متن",
    "mydata.answers": "پاسخ‌ها",
    "mydata.reminders": "یادآوری‌ها",
    "mydata.following": "فراخوان‌هایی که یادآوری‌شان را خواسته‌اید",
    "mydata.stopped": "فراخوان‌هایی که یادآوری‌شان را خاموش کرده‌اید",
    "mydata.messages": "پیام‌هایی که برایتان فرستاده شده",
    "mydata.message_kind": "نوع",
    "mydata.message_status": "وضعیت ارسال",
    "mydata.message_at": "زمان",
    "mydata.kind.broadcast": "پیام همگانی",
    "mydata.kind.announcement": "اعلان",
    "mydata.kind.reminder": "یادآوری",
    "mydata.kind.notice": "خبر",
    "mydata.kind.admin_notice": "خبر برای مدیران",
    "mydata.kind.closing": "پایان مهلت",
    "forget.confirm": (
        "همهٔ داده‌های شما پاک شود؟ ثبت‌نام‌های فراخوان‌های باز لغو می‌شود، پاسخ‌ها و "
        "تنظیمات‌تان پاک می‌شود و این کار برگشت‌پذیر نیست. اگر پرونده‌ای از داده‌هایتان "
        "می‌خواهید، پیش از آن /mydata را بفرستید."
    ),
    "forget.yes": "🗑 بله، همه را پاک کن",
    "forget.done": "همهٔ داده‌های شما پاک شد. اگر روزی برگشتید، از /start آغاز کنید.",
    "flood.slow_down": "کمی آهسته‌تر، لطفاً! پیام‌ها خیلی پشت سر هم رسید؛ چند لحظه صبر کنید و دوباره بفرستید.",
    "audit.forget": "کاربری داده‌هایش را پاک کرد",
    "audit.retention": "پاک شدن پاسخ‌ها پس از مهلت نگه‌داری",
    "notice.retention_warning": (
        "🗓 پاسخ‌های «{title}» در {date} ({days} روز پس از بسته شدن) پاک می‌شود. اگر لازم "
        "است، تا پیش از آن خروجی بگیرید: /admin"
    ),
    "notice.retention_done": "🧹 پاسخ‌های «{title}» طبق مهلت نگه‌داری پاک شد ({count} پاسخ). شمار ثبت‌نام‌ها برای آمار می‌ماند.",
}
