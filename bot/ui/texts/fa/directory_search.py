"""Searching the directory of experts (/directory <text>, 🔎 on its screen), in Persian. Too
short and too long queries get /find's replies (find.too_short, find.too_long)."""

TEXTS: dict[str, str] = {
    "directory.button.search": "🔎 جست‌وجو",
    "directory.search.prompt": (
        "🔎 در بانک کارشناسان دنبال چه کسی می‌گردید؟ نام، شمارهٔ تلفن، ایمیل یا هر کلمه‌ای از"
        " نمایه‌ها را بنویسید. اگر گزینه‌هایی زده باشید، تنها در میان کسانی جست‌وجو می‌شود که"
        " با آن‌ها جور درمی‌آیند."
    ),
    "directory.search.empty": (
        "بعد از /directory بنویسید دنبال چه می‌گردید: نام، شمارهٔ تلفن، ایمیل یا کلمه‌ای از"
        " نمایه‌ها. مثلاً:\n/directory سارا احمدی"
    ),
    "directory.search.title": (
        "🔎 <b>بانک کارشناسان: «{query}»</b>\n{count} نفر پیدا شد، صفحهٔ {page} از {pages}"
    ),
    "directory.search.among_ticked": "تنها در میان کسانی که با گزینه‌های زده‌شده جور درمی‌آیند.",
    "directory.search.none": (
        "کسی در بانک کارشناسان با «{query}» جور درنمی‌آید. املای آن را ببینید، یا تنها بخشی از"
        " نام یا شماره را بنویسید."
    ),
    "directory.search.none_ticked": (
        "از کسانی که با گزینه‌های زده‌شده جور درمی‌آیند، کسی با «{query}» جور درنمی‌آید. برای"
        " جست‌وجو در همهٔ بانک گزینه‌ها را پاک کنید، یا تنها بخشی از نام یا شماره را بنویسید."
    ),
}
