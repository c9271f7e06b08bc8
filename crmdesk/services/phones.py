"""Phone numbers: parse what the user typed, keep it, and add an E.164 form.

The E.164 form is what search and duplicate matching compare; the typed text
is what the card shows, so nobody's formatting is rewritten behind their back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

_DIGITS = re.compile(r"\d")
_PHONE_CHARS = re.compile(r"^[\d\s+()\-./]+$")


class PhoneError(ValueError):
    """The text cannot be read as a phone number."""


@dataclass(frozen=True)
class ParsedPhone:
    typed: str
    e164: str  # "" when the number could not be parsed (kept as typed on import)
    national_digits: str  # the national number as dialled at home, e.g. 0301234567


def parse(typed: str, region: str) -> ParsedPhone:
    """Parse strictly, for a form: raise PhoneError with a sentence to show."""
    text = typed.strip()
    if not text:
        raise PhoneError("Enter a phone number.")
    try:
        number = phonenumbers.parse(text, region.upper())
    except phonenumbers.NumberParseException as exc:
        raise PhoneError(f"“{text}” is not a phone number.") from exc
    if not phonenumbers.is_possible_number(number):
        raise PhoneError(
            f"“{text}” is not a possible phone number in "
            f"{phonenumbers.region_code_for_number(number) or region.upper()}; "
            "check the digits or add the country code (+45 ...)."
        )
    return _parsed(text, number)


def normalise(typed: str, region: str) -> ParsedPhone:
    """Parse leniently, for imports and search text: never raises."""
    text = typed.strip()
    try:
        number = phonenumbers.parse(text, region.upper())
    except phonenumbers.NumberParseException:
        return ParsedPhone(text, "", digits(text))
    return _parsed(text, number)


def _parsed(text: str, number: phonenumbers.PhoneNumber) -> ParsedPhone:
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return ParsedPhone(text, e164, digits(national))


def digits(text: str) -> str:
    return "".join(_DIGITS.findall(text))


def looks_like_phone(text: str) -> bool:
    """True for text made only of digits and dialling punctuation, with a digit."""
    return bool(_PHONE_CHARS.match(text)) and bool(_DIGITS.search(text))


def search_forms(phone: ParsedPhone) -> list[str]:
    """Digit strings to index so that any way of typing the number finds it."""
    forms = [digits(phone.typed)]
    if phone.e164:
        international = phone.e164.lstrip("+")
        forms.append(international)
        number = phonenumbers.parse(phone.e164)
        forms.append(str(number.national_number))
        forms.append(phone.national_digits)
    return [f for f in dict.fromkeys(forms) if f]
