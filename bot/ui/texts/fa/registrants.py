"""A call's registrants, for admins, in Persian: the list, its filters, a registration's
card, and a message to one person."""

TEXTS: dict[str, str] = {
    "registrants.button.open": "👥 ثبت‌نام‌کنندگان",
    "registrants.title": "👥 <b>ثبت‌نام‌کنندگان «{title}»</b>",
    "registrants.showing": "نمایش: {filter}",
    "registrants.filters": "{status}؛ {answer}",
    "registrants.answer_filter": "{question} {option}",
    "registrants.status.all": "همهٔ کسانی که فرم را فرستاده‌اند",
    "registrants.status.draft": "نیمه‌کاره",
    "registrants.status.submitted": "ثبت‌شده",
    "registrants.status.waitlisted": "فهرست انتظار",
    "registrants.status.accepted": "پذیرفته‌شده",
    "registrants.status.rejected": "ردشده",
    "registrants.status.withdrawn": "انصراف‌داده",
    "registrants.count": "{count} نفر، صفحهٔ {page} از {pages}",
    "registrants.empty": "کسی در این فهرست نیست.",
    "registrants.line": "{number}. {name} — {status} — {date}",
    "registrants.line_started": "{number}. {name} — {status} — آغاز: {date}",
    "registrants.unnamed": "(هنوز بی‌نام)",
    "registrants.button.previous": "▶️ قبلی",
    "registrants.button.next": "بعدی ◀️",
    "registrants.button.filter": "🔎 فیلتر",
    "registrants.button.clear": "✖️ نمایش همه",
    "registrants.button.back_to_list": "↩️ بازگشت به فهرست",
    "registrants.filter.title": (
        "🔎 <b>فیلتر ثبت‌نام‌کنندگان «{title}»</b>\nنمایش کنونی: {filter}\n\n"
        "بر پایهٔ وضعیت، یا پاسخ به یکی از پرسش‌ها:"
    ),
    "registrants.filter.status": "{status} ({count})",
    "registrants.filter.options": "🏷 «{question}»: کدام پاسخ؟ (شمارش در میان: {filter})",
    "registrants.filter.any_answer": "✖️ هر پاسخی",
    "registrants.card.title": "📇 <b>کارت ثبت‌نام</b> — «{title}»",
    "registrants.card.person": "حساب پیام‌رسان: {name}، شناسهٔ {id}",
    "registrants.card.person_username": "حساب پیام‌رسان: {name} ({username})، شناسهٔ {id}",
    "registrants.card.status": "وضعیت: {status}",
    "registrants.card.code": "کد پیگیری: <code>{code}</code>",
    "registrants.card.no_code": "کد پیگیری: هنوز ندارد (فرم فرستاده نشده است)",
    "registrants.card.consent": "رضایت: نسخهٔ <code>{version}</code>، داده‌شده در {at}",
    "registrants.card.no_consent": "رضایت: ثبت نشده است",
    "registrants.card.history": "<b>سابقه</b>",
    "registrants.card.earlier": "▫️ … و {count} تغییر پیش‌تر",
    "registrants.history.item": "▫️ {at} — {moment}",
    "registrants.moment.started": "پر کردن فرم را آغاز کرد",
    "registrants.moment.restarted": "دوباره آغاز کرد",
    "registrants.moment.submitted": "فرم را فرستاد",
    "registrants.moment.waitlisted": "فرم را فرستاد و به فهرست انتظار رفت",
    "registrants.moment.promoted": "از فهرست انتظار به ظرفیت راه یافت",
    "registrants.moment.accepted": "پذیرفته شد",
    "registrants.moment.rejected": "رد شد",
    "registrants.moment.withdrawn": "انصراف داد",
    "registrants.card.answers": "<b>پاسخ‌ها</b>",
    "registrants.card.messages": "<b>پیام‌های ربات به این فرد</b> ({count})",
    "registrants.card.no_messages": "<b>پیام‌های ربات به این فرد</b>: هنوز هیچ",
    "registrants.message.item": "▫️ {at} — {kind}",
    "registrants.message.item_status": "▫️ {at} — {kind} ({status})",
    "registrants.delivery.pending": "در صف ارسال",
    "registrants.delivery.sending": "در حال ارسال",
    "registrants.delivery.blocked": "ربات را بسته است",
    "registrants.delivery.failed": "نرسید",
    "registrants.delivery.unknown": "شاید نرسیده باشد",
    "registrants.button.all_answers": "📄 همهٔ پاسخ‌ها به‌طور کامل",
    "registrants.button.message": "✉️ پیام به این فرد",
    "registrants.button.list": "👥 ثبت‌نام‌کنندگان",
    "registrants.button.card": "📇 کارت ثبت‌نام",
    "registrants.button.send": "✅ بفرست",
    "registrants.message.prompt": (
        "✉️ پیامتان به {name} را بنویسید. فقط برای خود او فرستاده می‌شود، زیر سطری که می‌گوید "
        "از سوی برگزارکنندگان «{title}» است. پیش از ارسال، پیش‌نمایش آن را می‌بینید."
    ),
    "registrants.message.in_private": "برای پیام دادن به افراد، از گفتگوی خصوصی‌تان با ربات اقدام کنید.",
    "registrants.message.preview": "👇 پیش‌نمایش: {name} دقیقاً همین را دریافت می‌کند:",
    "registrants.message.confirm": "بفرستم؟",
    "registrants.message.sent": "📤 پیام شما به {name} در صف ارسال است.",
    "registrants.message.too_long": (
        "این پیام {length} نویسه است؛ پیام به یک نفر حداکثر {max} نویسه می‌تواند باشد. "
        "کوتاه‌ترش کنید و دوباره بفرستید."
    ),
    "registrants.message.gone": (
        "این ثبت‌نام دیگر وجود ندارد (شاید آن فرد داده‌هایش را پاک کرده باشد)؛ چیزی فرستاده نشد."
    ),
    "registrants.personal.header": "✉️ <b>پیامی از برگزارکنندگان «{title}»</b>",
    "audit.card": "کارت یک ثبت‌نام را دید",
    "audit.card_answers": "همهٔ پاسخ‌های یک ثبت‌نام را دید",
    "audit.message": "به یک ثبت‌نام‌کننده پیام داد",
    # /mydata's list of messages, and a card's (BroadcastKind.MESSAGE).
    "mydata.kind.message": "پیام برگزارکنندگان",
}
