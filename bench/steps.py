"""A volunteer's registration for the sample call, step by step (no imports of the bot: the
messenger's process drives volunteers with it and starts quickly)."""

from __future__ import annotations

EXPERTISE = ("حقوق و قانون", "حریم خصوصی", "فناوری", "کسب‌وکار", "سیاست‌گذاری", "سایر")

# One volunteer's registration: ("text", what they type) or ("press", a button's label).
Step = tuple[str, str]


def registration_steps(slug: str, n: int) -> list[Step]:
    """The sample call's whole registration, as an individual."""
    return [
        ("text", f"/start {slug}"),
        ("press", "ثبت‌نام"),
        ("press", "موافقم"),
        ("text", f"داوطلب شمارهٔ {n}"),
        ("press", "به‌عنوان فرد"),
        ("press", EXPERTISE[n % len(EXPERTISE)]),
        ("press", "تأیید انتخاب"),
        ("text", f"0912{n % 10_000_000:07d}"),
        ("text", f"volunteer{n}@example.org"),
        ("press", "رد شدن"),
        ("press", "رد شدن" if n % 2 else "موافقم"),  # half stay in the directory of experts
        ("press", "تأیید و ارسال"),
    ]
