"""Amounts as people type them, in Denmark and in England, read back exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest

from crmdesk.services.amount_text import AmountError, decimal_mark, parse_amount
from crmdesk.services.money import format_money


@pytest.mark.parametrize(("text", "region", "amount"), [
    ("12.500,50", "DK", "12500.50"),
    ("12 500,50", "DK", "12500.50"),
    ("12500", "DK", "12500"),
    ("12,5", "DK", "12.5"),
    ("12.500", "DK", "12500"),  # a Dane groups thousands with a point
    ("12.5", "DK", "12.5"),  # a point that groups no three digits is the decimal mark
    ("1.000.000", "DK", "1000000"),
    ("12,500.50", "GB", "12500.50"),
    ("12,500", "GB", "12500"),
    ("1,5", "GB", "1.5"),
    ("0.1234", "GB", "0.1234"),
    ("-40", "GB", "-40"),
])
def test_an_amount_reads_as_its_region_writes_it(text: str, region: str, amount: str) -> None:
    assert parse_amount(text, region) == Decimal(amount)


def test_what_format_money_shows_reads_back_the_same() -> None:
    for region in ("DK", "DE", "GB", "US"):
        value = Decimal("1234567.89")
        shown = format_money(value, "", region)
        assert parse_amount(shown, region) == value
    assert (decimal_mark("DK"), decimal_mark("GB")) == (",", ".")


def test_empty_is_no_amount_and_nonsense_is_a_sentence() -> None:
    assert parse_amount("  ", "DK") is None
    with pytest.raises(AmountError, match="“ten” is not an amount; write it as 1.234,50"):
        parse_amount("ten", "DK")
    with pytest.raises(AmountError, match="more than 4 decimals"):
        parse_amount("1.23456", "GB")
