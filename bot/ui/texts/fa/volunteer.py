"""What volunteers read, in Persian. HTML for Telegram; {placeholders} are escaped."""

from bot.ui.texts.bidi import ltr

TEXTS: dict[str, str] = {
    # Commands, as the messenger's menu shows them.
    "command.start": "فراخوان‌های باز",
    "command.my": "ثبت‌نام‌های من",
    "command.language": "تغییر زبان",
    "command.help": "راهنما",
    "command.cancel": "توقف ثبت‌نام فعلی (پیش‌نویس می‌ماند)",
    # Start and the list of calls.
    "start.welcome": (
        "سلام {name}! 👋\nاین‌جا می‌توانید در فراخوان‌های مشارکت ثبت‌نام کنید، بی‌آن‌که ایمیلی بفرستید."
    ),
    "start.calls": "فراخوان‌های باز را در زیر می‌بینید؛ روی هر کدام بزنید تا جزئیاتش بیاید.",
    "start.no_calls": "فعلاً فراخوان بازی نداریم. هر وقت فراخوانی منتشر شود، پیوندش را همین‌جا باز کنید.",
    "start.unknown_call": (
        "فراخوانی با این پیوند پیدا نشد؛ شاید پیوند ناقص کپی شده یا فراخوان دیگر منتشر نیست."
    ),
    "start.someone": "دوست عزیز",
    # The call card.
    "call.organiser": "🏛 برگزارکننده: {organiser}",
    "call.invited": "👥 دعوت از:",
    "call.deadline_open": "⏳ مهلت ثبت‌نام: {deadline} ({left} مانده)",
    "call.deadline_passed": "⛔ مهلت ثبت‌نام {deadline} بود و به پایان رسیده است.",
    "call.closed": "⛔ ثبت‌نام در این فراخوان بسته شده است.",
    "call.opens_later": "🕒 ثبت‌نام از {opens} آغاز می‌شود.",
    "call.capacity": "🪑 ظرفیت: {capacity} نفر (پس از آن، فهرست انتظار)",
    "call.full": "🪑 ظرفیت {capacity} نفره تکمیل شده است؛ اگر اکنون ثبت‌نام کنید، به فهرست انتظار می‌روید.",
    "call.your_status": "📌 وضعیت شما: {status}",
    "button.register": "📝 ثبت‌نام",
    "button.register_again": "📝 ثبت‌نام دوباره",
    "button.continue": "▶️ ادامهٔ ثبت‌نام",
    "button.view_mine": "📄 ثبت‌نام من",
    "button.full_answers": "📜 پاسخ‌ها به‌طور کامل",
    "button.call_text": "📜 متن کامل فراخوان",
    "button.follow": "🔔 پیش از مهلت یادآوری کن",
    "button.unfollow": "🔕 یادآوری نکن",
    "follow.on": "باشد؛ پیش از پایان مهلت یادآوری می‌کنم.",
    "follow.off": "یادآوری این فراخوان خاموش شد.",
    "button.calls": "📋 فراخوان‌های باز",
    # Consent.
    "consent.title": "<b>پیش از شروع، لطفاً بخوانید</b>",
    "consent.default": (
        "برای این فراخوان، پاسخ‌های فرم (مانند نام، شمارهٔ همراه، ایمیل و دیدگاه‌هایتان) را "
        "می‌پرسیم تا «{organiser}» بتواند برای تشکیل کارگروه با شما تماس بگیرد. این اطلاعات "
        "فقط در اختیار برگزارکنندهٔ فراخوان است و برای کار دیگری به کار نمی‌رود. تا پایان "
        "مهلت می‌توانید ثبت‌نامتان را ویرایش کنید یا انصراف دهید (/my)."
    ),
    "consent.question": "با این شرایط موافقید؟",
    "button.agree": "✅ موافقم، شروع کنیم",
    "button.decline": "موافق نیستم",
    "consent.declined": (
        "اشکالی ندارد؛ هیچ اطلاعاتی از شما ذخیره نشد. اگر نظرتان عوض شد، تا {deadline} "
        "فرصت ثبت‌نام هست."
    ),
    # Questions.
    "question.progress": "سؤال {number} از {total}",
    "call.description": "{description}",
    "call.invited_item": "▫️ {group}",
    "consent.body": "{body}",
    "question.label": "{label}",
    "question.label_optional": "{label} <i>(اختیاری)</i>",
    "question.help": "<i>{help}</i>",
    "button.keep": "✔️ همین پاسخ بماند",
    "button.my_registration": "↩️ بازگشت به ثبت‌نام",
    "review.item": "▫️ <b>{label}</b> {value}",
    "question.current": "پاسخ فعلی: {value}",
    "question.chosen": "پاسخ شما: {value}",
    "hint.text": "پاسخ را بنویسید (حداکثر {max} نویسه).",
    "hint.long_text": "پاسخ را بنویسید؛ می‌تواند چند خط باشد (حداکثر {max} نویسه).",
    "hint.choice": "یکی از گزینه‌ها را بزنید.",
    "hint.multi_choice": "هر چند گزینه که می‌خواهید بزنید، سپس «تأیید انتخاب‌ها».",
    "hint.multi_choice_at_least": "دست‌کم {min} گزینه را بزنید، سپس «تأیید انتخاب‌ها».",
    "hint.multi_choice_exactly": "دقیقاً {count} گزینه را بزنید، سپس «تأیید انتخاب‌ها».",
    "hint.multi_choice_up_to": "تا {max} گزینه را بزنید، سپس «تأیید انتخاب‌ها»؛ یا «رد شدن».",
    "hint.multi_choice_range": "{min} تا {max} گزینه را بزنید، سپس «تأیید انتخاب‌ها».",
    "hint.email": "نشانی ایمیل را بنویسید؛ مثلاً " + ltr("name@example.com"),
    "hint.phone": "شماره را بنویسید (مثلاً ۰۹۱۲۱۲۳۴۵۶۷) یا دکمهٔ «ارسال شمارهٔ من» را بزنید.",
    "hint.number": "یک عدد بنویسید.",
    "hint.number_range": "عددی از {min} تا {max} بنویسید.",
    "hint.url": "نشانی را بنویسید؛ مثلاً " + ltr("example.com"),
    "hint.consent": "برای ادامه، دکمهٔ «موافقم» را بزنید.",
    "hint.phone_typed": "شماره را بنویسید؛ مثلاً ۰۹۱۲۱۲۳۴۵۶۷.",
    "phone.keyboard": "📱 یا با دکمهٔ زیر، شمارهٔ همین حساب را بفرستید.",
    "phone.saved": "شماره ثبت شد: {phone}",
    "button.share_contact": "📱 ارسال شمارهٔ من",
    "button.skip": "⏭ رد شدن",
    "button.back": "↩️ سؤال قبلی",
    "button.cancel": "✖️ توقف",
    "button.done_choices": "✔️ تأیید انتخاب‌ها",
    "button.consent_yes": "✅ موافقم",
    # Refused answers: the question is asked again.
    "answer.empty": "پاسخ خالی است؛ لطفاً چیزی بنویسید.",
    "answer.too_long": "متن شما {length} نویسه است؛ حداکثر {max} نویسه پذیرفته می‌شود. لطفاً کوتاه‌ترش کنید.",
    "answer.too_short": "پاسخ کوتاه است؛ دست‌کم {min} نویسه بنویسید.",
    "answer.email_invalid": "این نشانی ایمیل درست به نظر نمی‌رسد. نمونهٔ درست: "
    + ltr("name@example.com"),
    "answer.phone_invalid": (
        "این شماره درست نیست. شمارهٔ همراه را مثل ۰۹۱۲۱۲۳۴۵۶۷ یا "
        + ltr("+989121234567")
        + " بفرستید."
    ),
    "answer.phone_not_mobile": (
        "این شمارهٔ تلفن ثابت است، نه همراه. لطفاً شمارهٔ همراه بفرستید، مثل ۰۹۱۲۱۲۳۴۵۶۷ یا "
        + ltr("+989121234567")
        + "."
    ),
    "answer.number_invalid": "این عدد نیست؛ لطفاً فقط عدد بنویسید، مثلاً ۱۲.",
    "answer.number_integer": "لطفاً عدد صحیح (بدون اعشار) بنویسید.",
    "answer.number_too_small": "عدد باید دست‌کم {min} باشد.",
    "answer.number_too_large": "عدد نباید بیشتر از {max} باشد.",
    "answer.url_invalid": "این نشانی وب درست نیست. نمونهٔ درست: " + ltr("https://example.com"),
    "answer.use_buttons": "برای این سؤال، لطفاً یکی از دکمه‌های زیر آن را بزنید.",
    "answer.choose_at_least": "دست‌کم {min} گزینه انتخاب کنید.",
    "answer.choose_at_most": "حداکثر {max} گزینه می‌توانید انتخاب کنید.",
    "answer.toggle_at_most": "حداکثر {max} گزینه می‌توانید انتخاب کنید؛ برای این یکی، نخست گزینهٔ دیگری را بردارید.",
    "answer.contact_not_own": "لطفاً شمارهٔ خودتان را بفرستید، نه شمارهٔ مخاطب دیگری را.",
    "answer.text_only": "فقط پیام متنی را می‌توانم بخوانم؛ لطفاً پاسخ را بنویسید.",
    # Review and submit.
    "review.title": "<b>مرور پاسخ‌ها</b> — {title}",
    "review.footer": "اگر همه‌چیز درست است، «تأیید و ارسال» را بزنید.",
    "review.more": "… و {count} پاسخ دیگر (همه را با دکمهٔ «پاسخ‌ها به‌طور کامل» ببینید)",
    "review.use_buttons": "پاسخ‌ها کامل است؛ با دکمه‌های زیر مرور، تأیید یا ویرایش کنید.",
    "review.unanswered": "—",
    "button.submit": "✅ تأیید و ارسال",
    "button.edit": "✏️ ویرایش",
    "button.back_to_review": "↩️ بازگشت به مرور",
    "edit.pick": "کدام پاسخ را می‌خواهید تغییر دهید؟",
    "submitted.ok": (
        "✅ ثبت‌نام شما در «{title}» انجام شد. سپاس!\n"
        "کد پیگیری: <code>{code}</code>\n"
        "تا {deadline} می‌توانید از /my آن را ببینید، ویرایش کنید یا انصراف دهید."
    ),
    "submitted.waitlisted": (
        "ظرفیت «{title}» پر شده است؛ شما نفر {position} فهرست انتظار هستید. اگر جایی "
        "خالی شود، همین‌جا خبرتان می‌کنیم.\n"
        "کد پیگیری: <code>{code}</code>"
    ),
    "saved.ok": "✅ تغییر ذخیره شد.",
    # Cancel, continue, discard.
    "cancel.kept": "پاسخ‌هایتان به‌صورت پیش‌نویس ذخیره شد. هر وقت خواستید ادامه دهید.",
    "cancel.nothing": "ثبت‌نام نیمه‌کاره‌ای در جریان نیست.",
    "button.discard": "🗑 پاک کردن پیش‌نویس",
    "discard.confirm": "پیش‌نویس «{title}» پاک شود؟ پاسخ‌هایی که داده‌اید از بین می‌رود.",
    "button.discard_yes": "🗑 بله، پاک شود",
    "button.no": "نه",
    "discard.done": "پیش‌نویس پاک شد.",
    # /my
    "my.empty": "هنوز در هیچ فراخوانی ثبت‌نام نکرده‌اید. فراخوان‌های باز: /start",
    "my.title": "<b>ثبت‌نام‌های شما</b> — برای دیدن جزئیات، روی هر کدام بزنید:",
    "my.item": "{title} — {status}",
    "view.status": "وضعیت: {status}",
    "view.code": "کد پیگیری: <code>{code}</code>",
    "view.waitlist": "جایگاه در فهرست انتظار: {position}",
    "view.editable": "تا {deadline} می‌توانید ویرایش کنید یا انصراف دهید.",
    "view.rejected": "سازمان‌دهندگان این ثبت‌نام را بررسی کردند و این بار نپذیرفتند؛ دیگر تغییری در آن نمی‌شود.",
    "view.register_again": "تا {deadline} می‌توانید دوباره ثبت‌نام کنید.",
    "view.locked": "مهلت {deadline} گذشته است؛ ثبت‌نام فقط قابل مشاهده است.",
    "button.withdraw": "🚫 انصراف",
    "button.my": "↩️ ثبت‌نام‌های من",
    "withdraw.confirm": (
        "مطمئنید که می‌خواهید از «{title}» انصراف دهید؟ تا {deadline} می‌توانید دوباره "
        "ثبت‌نام کنید، اما جایگاهتان حفظ نمی‌شود."
    ),
    "button.withdraw_yes": "بله، انصراف می‌دهم",
    "withdraw.done": "انصراف شما از «{title}» ثبت شد.",
    "promoted": (
        "🎉 خبر خوب! در «{title}» جایی خالی شد و ثبت‌نام شما از فهرست انتظار قطعی شد.\n"
        "کد پیگیری: <code>{code}</code>"
    ),
    "status.draft": "نیمه‌کاره",
    "status.submitted": "ثبت‌شده",
    "status.waitlisted": "در فهرست انتظار",
    "status.accepted": "پذیرفته‌شده",
    "status.rejected": "پذیرفته‌نشده",
    "status.withdrawn": "انصراف‌داده",
    # Refusals.
    "closed.deadline": (
        "مهلت «{title}» {deadline} بود و گذشته است؛ دیگر نمی‌شود ثبت‌نام، ویرایش یا "
        "انصراف داد. ثبت‌نامتان (اگر باشد) از /my دیدنی است."
    ),
    "closed.not_yet": "ثبت‌نام «{title}» هنوز شروع نشده است؛ از {opens} می‌توانید ثبت‌نام کنید.",
    "closed.status": "ثبت‌نام «{title}» بسته شده است. ثبت‌نامتان (اگر باشد) از /my دیدنی است.",
    "button.stale": "این دکمه مال مرحلهٔ قبل است. ادامه از همان‌جایی که هستید:",
    "button.invalid": "این دکمه معتبر نیست.",
    "not_understood": (
        "متوجه نشدم. برای دیدن فراخوان‌ها /start و برای ثبت‌نام‌هایتان /my را بفرستید."
    ),
    "edited_ignored": (
        "ویرایش پیام قبلی پاسخ را عوض نمی‌کند. برای تغییر پاسخ، «سؤال قبلی» یا «ویرایش» "
        "در مرور پاسخ‌ها را بزنید."
    ),
    "group.private_only": (
        "برای ثبت‌نام، لطفاً در گفت‌وگوی خصوصی با من پیام بدهید: {link}\n"
        "در گروه هیچ اطلاعاتی جمع نمی‌کنم."
    ),
    "group.private_only_short": "این دکمه در گروه کار نمی‌کند؛ لطفاً در گفت‌وگوی خصوصی با من ادامه دهید.",
    # Language and help.
    "language.choose": "زبان گفت‌وگو را انتخاب کنید:",
    "language.set": "از این پس فارسی صحبت می‌کنیم.",
    "help.text": (
        "<b>راهنما</b>\n"
        "/start — فراخوان‌های باز و ثبت‌نام\n"
        "/my — ثبت‌نام‌های شما: دیدن، ویرایش، انصراف\n"
        "/cancel — توقف ثبت‌نامی که در میانه‌اش هستید (پاسخ‌ها می‌ماند)\n"
        "/language — تغییر زبان\n"
        "/privacy — حریم خصوصی، /mydata — داده‌های من، /forget — پاک کردن داده‌ها\n\n"
        "در هر سؤال می‌توانید به سؤال قبلی برگردید یا ثبت‌نام را متوقف کنید و بعداً ادامه دهید."
    ),
    "error.generic": "متأسفم، مشکلی پیش آمد. لطفاً چند لحظه بعد دوباره امتحان کنید.",
}
