"""Phone numbers: parse what the user typed, keep it, and add an E.164 form.

The E.164 form is what search and duplicate matching compare; the typed text
is what the card shows, so nobody's formatting is rewritten behind their back.
A number without its own country code is read in a region chosen from the
record's evidence (:func:`region_for`); one rule (:func:`possible`) says whether
it reads as a number there, for the contact dialog and the import alike.  A number
that does not is kept as typed with no E.164 form, rather than given a wrong one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

import phonenumbers

from crmdesk.services.addresses import COUNTRY_NAMES, country_code

_DIGITS = re.compile(r"\d")
_PHONE_CHARS = re.compile(r"^[\d\s+()\-./]+$")
_IDD_00 = re.compile(r"00(?=[\s(]*[1-9])")  # 0049 ..., 00 45 ...: "+" as written in Europe
#: phone kind -> the address kind whose country it is read with
_ADDRESS_OF = {"work": "work", "work fax": "work", "main": "work",
               "home": "home", "home fax": "home"}


class HasCountry(Protocol):
    kind: str
    country: str


class PhoneError(ValueError):
    """The text cannot be read as a phone number."""


@dataclass(frozen=True)
class ParsedPhone:
    typed: str
    e164: str  # "" when the number could not be parsed (kept as typed on import)
    national_digits: str  # the national number as dialled at home, e.g. 0301234567


def has_own_prefix(text: str) -> bool:
    """True when the number says its country itself: ``+49 ...`` or ``0049 ...``."""
    return text.startswith("+") or bool(_IDD_00.match(text))


def read(text: str, region: str) -> phonenumbers.PhoneNumber | None:
    """The number ``text`` (stripped) stands for, read in ``region`` unless it starts with
    ``+`` or ``00``; None when it is no phone number at all."""
    if _IDD_00.match(text):
        text = "+" + text[2:]
    try:
        return phonenumbers.parse(text, region.upper())
    except phonenumbers.NumberParseException:
        return None


def possible(number: phonenumbers.PhoneNumber) -> bool:
    """The one rule for "this reads as a phone number": its length fits its country."""
    return phonenumbers.is_possible_number(number)


def region_name(region: str) -> str:
    """``DE`` -> ``Germany (DE)``, for a sentence."""
    name = COUNTRY_NAMES.get(region.upper())
    return f"{name} ({region.upper()})" if name else region.upper()


def region_for(kind: str, addresses: Iterable[HasCountry], fallback: str) -> str:
    """The region a number of this ``kind`` without a country code is read in: the
    country of the record's address of the matching kind (work for work phones, home for
    home), else of any of its addresses, else ``fallback``."""
    wanted = _ADDRESS_OF.get(kind)
    found = ""
    for address in addresses:
        if address.country and (code := _region_of(address.country)):
            if address.kind == wanted:
                return code
            found = found or code
    return found or fallback


@functools.lru_cache(maxsize=1024)
def _region_of(country: str) -> str:
    """The phone region of a country as typed (``Deutschland`` -> ``DE``), else ""; an
    import asks for the same few countries again and again."""
    code = country_code(country)
    return code if code in phonenumbers.SUPPORTED_REGIONS else ""


def parse(typed: str, region: str) -> ParsedPhone:
    """Parse strictly, for a form: raise PhoneError with a sentence to show."""
    text = typed.strip()
    if not text:
        raise PhoneError("Enter a phone number.")
    number = read(text, region)
    if number is None:
        raise PhoneError(f"“{text}” is not a phone number.")
    if not possible(number):
        raise PhoneError(
            f"“{text}” is not a possible phone number in "
            f"{region_name(phonenumbers.region_code_for_number(number) or region)}; "
            "check the digits or add the country code (+45 ...)."
        )
    return _parsed(text, number)


def normalise(typed: str, region: str) -> ParsedPhone:
    """Parse leniently, for imports and search text: never raises.  A number that is not
    :func:`possible` keeps only its typed text (``e164`` is "")."""
    text = typed.strip()
    number = read(text, region)
    if number is None or not possible(number):
        return ParsedPhone(text, "", digits(text))
    return _parsed(text, number)


def international(number: phonenumbers.PhoneNumber) -> str:
    """``+49 171 2345678``: the number as it is written for any country."""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _parsed(text: str, number: phonenumbers.PhoneNumber) -> ParsedPhone:
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return ParsedPhone(text, e164, digits(national))


def digits(text: str) -> str:
    return "".join(_DIGITS.findall(text))


def looks_like_phone(text: str) -> bool:
    """True for text made only of digits and dialling punctuation, with a digit."""
    return bool(_PHONE_CHARS.match(text)) and bool(_DIGITS.search(text))


#: Marks a number's reversed digits in search text: a private-use character, which FTS5's
#: tokenizer keeps in a word and no folded query word (``\w+``) can contain.
SUFFIX_MARK = "\ue000"


def suffix_token(typed: str, e164: str) -> str:
    """The number's digits backwards behind :data:`SUFFIX_MARK` (``+45 33 12 34 56`` ->
    ``\ue000" "65432133154``): its last digits, reversed, are a prefix of this word, so
    a search for how a number ends is a prefix query like any other.  "" without digits."""
    number = e164[1:] if e164 else digits(typed)
    return SUFFIX_MARK + number[::-1] if number else ""


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
