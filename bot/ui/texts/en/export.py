"""Column headings of the spreadsheet export, in English."""

TEXTS: dict[str, str] = {
    "export.column.reference_code": "Reference code",
    "export.column.status": "Status",
    "export.column.submitted_at_jalali": "Submitted (Jalali)",
    "export.column.submitted_at_iso": "Submitted (ISO, UTC)",
    "export.column.user_id": "User ID",
}
