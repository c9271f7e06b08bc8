"""Search forms of a number typed in international form (``+45 33 12 34 56``), fast.

Most numbers in exported address books are written ``+CC ...``.  For those,
``phonenumbers.parse`` spends most of its time on a general front end
(extensions, letters, IDD prefixes, Unicode digits) that such text cannot
need, and ``format_number`` recompiles its patterns per call.  Here the same
steps run only on what matters - country code, national prefix stripping,
Italian leading zeros, the national formatting pattern - using phonenumbers'
own metadata and rules, three times faster.  Anything else (no ``+``, letters,
an extension) returns None and goes the ordinary way.  A test checks this
path against ``phones.normalise`` + ``phones.search_forms`` on every corpus
number and on example numbers of every region.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from phonenumbers import PhoneMetadata
from phonenumbers import phonenumberutil as pu

_INTERNATIONAL = re.compile(r"\+[1-9][0-9 ().\-/]*[0-9]")  # country codes start 1-9
_NON_DIGITS = re.compile(r"[^0-9]")
_CODES = pu.COUNTRY_CODE_TO_REGION_CODE
_NOT_POSSIBLE = (pu.ValidationResult.TOO_SHORT, pu.ValidationResult.IS_POSSIBLE_LOCAL_ONLY,
                 pu.ValidationResult.INVALID_LENGTH)
_POSSIBLE = (pu.ValidationResult.IS_POSSIBLE, pu.ValidationResult.IS_POSSIBLE_LOCAL_ONLY)
_MIN_NSN, _MAX_NSN = 2, 17  # phonenumbers' _MIN_LENGTH_FOR_NSN, _MAX_LENGTH_FOR_NSN
#: the parts of phonenumbers this path borrows that are not its public API: should a
#: release rename one, numbers go the ordinary way (and a test says so)
USABLE = all(hasattr(pu, name) for name in (
    "_maybe_strip_national_prefix_carrier_code", "_test_number_length",
    "_FIRST_GROUP_PATTERN"))

Format = tuple[Callable[..., object] | None, Callable[..., re.Match | None],
               Callable[..., re.Match | None], re.Pattern, str, str]
_formats: dict[int, list[Format]] = {}  # country code -> its national formats, compiled
_prefixes: dict[int, Callable[..., re.Match | None] | None] = {}  # -> its national prefix
_metadata: dict[int, PhoneMetadata | None] = {}  # country code -> its metadata
_GROUP_REF = re.compile(r"\\(\d)")  # \1 in a formatting rule


def _national_formats(code: int, metadata: PhoneMetadata) -> list[Format]:
    """(leading digits match, pattern match, fullmatch, pattern, national rule, digits
    template) per number format, in metadata order: ``_choose_formatting_pattern_for_number``
    and ``_format_nsn_using_pattern`` without a compile per call.  The digits template is
    the rule's digits with ``{0}`` for group 1 and so on ("(0\\1) \\2" -> "0{0}{1}")."""
    found = _formats.get(code)
    if found is None:
        found = []
        for fmt in metadata.number_format:
            leading = (re.compile(fmt.leading_digits_pattern[-1]).match
                       if fmt.leading_digits_pattern else None)
            pattern = re.compile(fmt.pattern)
            rule = fmt.format
            np_rule = fmt.national_prefix_formatting_rule
            if np_rule:
                rule = re.sub(pu._FIRST_GROUP_PATTERN, np_rule, rule, count=1)
            parts = _GROUP_REF.split(rule)  # literal, group number, literal, ...
            digits = "".join(_NON_DIGITS.sub("", part) if i % 2 == 0 else f"{{{int(part) - 1}}}"
                             for i, part in enumerate(parts))
            found.append((leading, pattern.match, pattern.fullmatch, pattern, rule, digits))
        _formats[code] = found
    return found


def _national_prefix(code: int, metadata: PhoneMetadata) -> Callable[..., re.Match | None] | None:
    """The match of the national prefix pattern (``national_prefix_for_parsing``) at the
    start of a number, compiled once; None where a country has none.  Where it does not
    match, ``_maybe_strip_national_prefix_carrier_code`` strips nothing."""
    if code not in _prefixes:
        pattern = metadata.national_prefix_for_parsing
        _prefixes[code] = re.compile(pattern).match if pattern else None
    return _prefixes[code]


def _national_digits(code: int, nsn: str, metadata: PhoneMetadata) -> str:
    """The digits of ``format_number(number, NATIONAL)``: how the number is dialled at home.

    ``re.sub`` with the rule (what phonenumbers does) expands the first match; when that
    match spans the whole number, its groups fill the digits template directly."""
    for leading, match, fullmatch, pattern, rule, digits in _national_formats(code, metadata):
        if leading is None or leading(nsn):
            m = match(nsn)
            if m is not None and m.end() == len(nsn):
                return digits.format(*m.groups(""))
            if fullmatch(nsn):
                return _NON_DIGITS.sub("", pattern.sub(rule, nsn))
    return nsn


def international_forms(text: str) -> tuple[str, list[str]] | None:
    """(E.164, search forms) as ``rows.phone_forms`` gives them, or None when the text is
    not a plain ``+CC`` number (then phonenumbers parses it as usual)."""
    if not USABLE or not _INTERNATIONAL.fullmatch(text):
        return None
    typed = _NON_DIGITS.sub("", text)
    for size in (1, 2, 3):
        code = int(typed[:size])
        if code in _CODES:
            break
    else:
        return None
    metadata = _metadata.get(code)
    if metadata is None:
        metadata = _metadata[code] = PhoneMetadata.metadata_for_region_or_calling_code(
            code, _CODES[code][0])
    nsn = typed[size:]
    if metadata is None or len(nsn) <= _MIN_NSN:
        return None
    # as parse(): strip a national prefix ("+44 (0)20 ...") when what is left is possible;
    # most numbers start with none, which one match of the prefix pattern tells
    prefix = _national_prefix(code, metadata)
    if prefix is not None and prefix(nsn):
        _, stripped, _ = pu._maybe_strip_national_prefix_carrier_code(nsn, metadata)
        if pu._test_number_length(stripped, metadata) not in _NOT_POSSIBLE:
            nsn = stripped
    if not _MIN_NSN <= len(nsn) <= _MAX_NSN:
        return None
    if pu._test_number_length(nsn, metadata) not in _POSSIBLE:  # phones.possible
        return "", [typed]
    # the significant number is nsn itself: parse() records every leading zero (Italy)
    e164 = f"+{code}{nsn}"
    forms = [typed, e164[1:], str(int(nsn)), _national_digits(code, nsn, metadata)]
    return e164, [f for f in dict.fromkeys(forms) if f]
