"""Phone numbers as volunteers type them, normalised to E.164 (`+989121234567`)."""

from __future__ import annotations

import re

from bot.domain.normalize import to_ascii_digits

_SEPARATORS = re.compile(r"[\s\-().\u200c]")


def normalize_phone(text: str, *, mobile_only: bool = False) -> str | None:
    """Returns the number in E.164, or None when it cannot be a phone number.

    Iranian forms are understood: 09121234567, 9121234567, +98…, 0098…, in any digits.
    """
    raw = _SEPARATORS.sub("", to_ascii_digits(text.strip()))
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    if raw.startswith("+"):
        digits = raw[1:]
        if not digits.isdigit():
            return None
    elif raw.isdigit():
        if raw.startswith("0") and len(raw) == 11:
            digits = "98" + raw[1:]
        elif raw.startswith("9") and len(raw) == 10:
            digits = "98" + raw
        elif raw.startswith("98") and len(raw) == 12:
            digits = raw
        else:
            return None
    else:
        return None
    if digits.startswith("98"):
        national = digits[2:]
        if national.startswith("0"):
            national = national[1:]  # +98 0912… is a common slip
        if len(national) != 10 or (mobile_only and not national.startswith("9")):
            return None
        return "+98" + national
    # Outside Iran we cannot tell mobiles from landlines, so only the length is checked.
    if not 8 <= len(digits) <= 15 or digits.startswith("0"):
        return None
    return "+" + digits
