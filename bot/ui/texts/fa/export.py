"""Column headings of the spreadsheet export, in Persian."""

TEXTS: dict[str, str] = {
    "export.column.reference_code": "کد پیگیری",
    "export.column.status": "وضعیت",
    "export.column.submitted_at_jalali": "زمان ثبت (شمسی)",
    "export.column.submitted_at_iso": "زمان ثبت (ISO، به وقت جهانی)",
    "export.column.user_id": "شناسهٔ کاربر",
}
