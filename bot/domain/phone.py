"""Phone numbers as volunteers type them, read by libphonenumber and kept in E.164."""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from bot.domain.normalize import to_ascii_digits

# A number without a country code is read as Iranian: the bot's volunteers are in Iran.
HOME_REGION = "IR"
_SEPARATORS = re.compile(r"[\s\-().\u200c]")
# Only digits, after an optional plus: libphonenumber would otherwise read letters as
# a keypad's (0912-ABC-…) and pick a number out of a sentence.
_NUMBER = re.compile(r"\+?[0-9]+")
# Some countries (the United States, Canada) do not tell mobiles from landlines by number.
_MAY_BE_MOBILE = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)


@dataclass(frozen=True)
class Phone:
    """A valid phone number: its E.164 form and whether it can be a mobile."""

    e164: str
    mobile: bool


def read_phone(text: str) -> Phone | None:
    """Reads a typed or shared number, or None when it is no valid number anywhere.

    Iranian forms are understood (09121234567, 9121234567, +98…, 0098…, in any digits);
    others need their country code: +44…, 0044…, or 44… as a shared contact sends it.
    """
    raw = _SEPARATORS.sub("", to_ascii_digits(text.strip()))
    if not _NUMBER.fullmatch(raw):
        return None
    number = _parse(raw)
    if number is None and not raw.startswith(("+", "0")):
        number = _parse("+" + raw)  # a contact's number is international, without the plus
    if number is None:
        return None
    return Phone(
        e164=phonenumbers.format_number(number, PhoneNumberFormat.E164),
        mobile=phonenumbers.number_type(number) in _MAY_BE_MOBILE,
    )


def _parse(raw: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(raw, HOME_REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None
