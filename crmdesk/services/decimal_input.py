"""Reading a number a person typed into an exact Decimal: "1.234,50" in Denmark,
"1,234.50" in the US, and "1234.5" anywhere.

The decimal mark is the region's (as ``money.format_money`` writes it); when a text holds
both marks, the last one is the decimal mark and the other groups thousands.  A lone
mark of the other kind followed by exactly three digits ("1.500" in Denmark) groups
thousands; otherwise it is read as the decimal mark, since people type "1.5" everywhere.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from crmdesk.services.money import format_money

_SPACES = re.compile(r"[\s\u00a0\u202f']")
_GROUPED = re.compile(r"\d{1,3}([.,]\d{3})+")


def decimal_mark(region: str) -> str:
    """"," or ".", as the region writes decimals."""
    return format_money(Decimal("0.5"), "", region)[1]


def parse_decimal(text: str, region: str) -> Decimal:
    """The number in ``text``; a ValueError sentence if it is none ("" is 0)."""
    raw = _SPACES.sub("", text.strip()).rstrip("%")
    if not raw:
        return Decimal(0)
    sign = ""
    if raw[0] in "+-−":
        sign, raw = ("-" if raw[0] != "+" else ""), raw[1:]
    mark = decimal_mark(region)
    other = "." if mark == "," else ","
    if mark in raw and other in raw:
        mark = "," if raw.rfind(",") > raw.rfind(".") else "."
        other = "." if mark == "," else ","
        raw = raw.replace(other, "")
    elif other in raw:
        if raw.count(other) > 1 or _GROUPED.fullmatch(raw):
            raw = raw.replace(other, "")
        else:
            raw = raw.replace(other, mark)
    elif raw.count(mark) > 1:
        raise ValueError(f"“{text.strip()}” is not a number.")
    try:
        value = Decimal(sign + raw.replace(mark, "."))
    except InvalidOperation:
        raise ValueError(f"“{text.strip()}” is not a number.") from None
    if not value.is_finite():
        raise ValueError(f"“{text.strip()}” is not a number.")
    return value
