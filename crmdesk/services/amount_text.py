"""An amount of money as a person types it, read back exactly (``Decimal``, never float).

``12.500,50`` in Denmark and ``12,500.50`` in England are the same amount: the decimal
mark is the one ``money.format_money`` writes for the region, so what a field shows
reads back as it was; a lone mark of the other kind followed by exactly three digits
groups thousands (``12.500`` is twelve thousand five hundred in Denmark), else it is
the decimal mark (``12.5``).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from crmdesk.services.money import format_money

#: digits the database keeps after the decimal mark (ExactDecimal's ten-thousandths)
PLACES = 4
_IGNORED = re.compile(r"[\s\u00a0\u202f'’]")
_NUMBER = re.compile(r"[+-]?\d*(?:[.,]\d*)*")


class AmountError(ValueError):
    """Text that is no amount; the message is one sentence for the user."""


def decimal_mark(region: str) -> str:
    """The decimal mark amounts are written with in ``region`` ("," in DK, "." in GB)."""
    return format_money(Decimal("0.5"), "", region)[1]


def parse_amount(text: str, region: str) -> Decimal | None:
    """The amount ``text`` holds (None when it is empty); an AmountError sentence when
    it is no number or has more than four decimals."""
    typed = _IGNORED.sub("", text)
    if not typed:
        return None
    if not _NUMBER.fullmatch(typed) or not any(c.isdigit() for c in typed):
        raise AmountError(f"“{text.strip()}” is not an amount; write it as "
                          f"{format_money(Decimal('1234.50'), '', region)}.")
    mark = _mark_in(typed, decimal_mark(region))
    whole, fraction = typed.rsplit(mark, 1) if mark else (typed, "")
    digits = whole.replace(".", "").replace(",", "") + ("." + fraction if fraction else "")
    try:
        amount = Decimal(digits if digits not in ("", "+", "-") else "0")
    except InvalidOperation as exc:
        raise AmountError(f"“{text.strip()}” is not an amount.") from exc
    if len(fraction) > PLACES:
        raise AmountError(f"“{text.strip()}” has more than {PLACES} decimals; an amount "
                          f"keeps at most {PLACES}.")
    return amount


def _mark_in(typed: str, local_mark: str) -> str:
    """Which of "." and "," is the decimal mark in ``typed`` ("" for none): the last of
    the two when both appear; the region's when it appears once; the other one when it
    appears once and does not group three digits."""
    marks = [c for c in typed if c in ".,"]
    if not marks:
        return ""
    if len(set(marks)) == 2:
        return marks[-1]
    mark = marks[0]
    if len(marks) > 1:
        return ""  # 1.000.000: grouping only
    if mark == local_mark:
        return mark
    after = typed.rpartition(mark)[2]
    return "" if len(after) == 3 else mark
