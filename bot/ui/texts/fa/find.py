"""Finding people among every call's registrations (/find), in Persian."""

TEXTS: dict[str, str] = {
    "find.button.open": "🔎 جست‌وجوی افراد",
    "find.button.again": "🔎 جست‌وجوی تازه",
    "find.button.previous": "◀️ قبلی",
    "find.button.next": "بعدی ▶️",
    "find.prompt": (
        "🔎 دنبال چه کسی می‌گردید؟ نام، شمارهٔ تلفن، ایمیل، کد پیگیری یا هر کلمه‌ای از"
        " پاسخ‌ها را بنویسید."
    ),
    "find.empty": (
        "بعد از /find بنویسید دنبال چه می‌گردید: نام، شمارهٔ تلفن، ایمیل، کد پیگیری یا کلمه‌ای"
        " از پاسخ‌ها. مثلاً:\n/find سارا احمدی"
    ),
    "find.too_short": "برای جست‌وجو دست‌کم {min} حرف یا رقم بنویسید.",
    "find.too_long": (
        "این برای جست‌وجو زیادی بلند است (بیش از {max} نویسه). نام، شماره، ایمیل یا کدی را بنویسید."
    ),
    "find.results": "<b>🔎 جست‌وجوی «{query}»</b>\n{count} ثبت‌نام پیدا شد.",
    "find.page": "صفحهٔ {page} از {pages}",
    "find.line": "{number}. <b>{name}</b> — {status}\n{title}",
    "find.unnamed": "بی‌نام",
    "find.none": (
        "برای «{query}» چیزی پیدا نشد. املای آن را ببینید، یا تنها بخشی از نام یا شماره را"
        " بنویسید."
    ),
    "find.narrow": "تنها {shown} ثبت‌نامِ تازه‌تر این‌جا می‌آید؛ برای محدودتر کردن جست‌وجو کلمهٔ دیگری بیفزایید.",
    "find.expired": "این جست‌وجو دیگر در دسترس نیست؛ دوباره جست‌وجو کنید.",
}
