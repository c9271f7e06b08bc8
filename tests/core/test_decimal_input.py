"""What a person types into a price, quantity or percentage field is read exactly, in
the way their region writes numbers."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from crmdesk.services.decimal_input import parse_decimal


@pytest.mark.parametrize(("text", "region", "value"), [
    ("1.234,50", "DK", D("1234.50")),
    ("1234,5", "DK", D("1234.5")),
    ("1.5", "DK", D("1.5")),  # typed the English way: still one and a half
    ("1.500", "DK", D("1500")),  # three digits after the dot: thousands
    ("1.234.567", "DK", D("1234567")),
    ("1,234.50", "US", D("1234.50")),
    ("1,5", "US", D("1.5")),
    ("12 500,00", "SE", D("12500.00")),
    ("25 %", "DK", D("25")),
    ("-2", "DK", D("-2")),
    ("", "DK", D("0")),
    ("0.1234", "US", D("0.1234")),
])
def test_numbers_are_read_as_the_region_writes_them(text: str, region: str, value: D) -> None:
    assert parse_decimal(text, region) == value


@pytest.mark.parametrize("text", ["abc", "1,2,3,4.5.6", "1.2.3", "NaN", "1e5x"])
def test_what_is_no_number_is_refused_with_a_sentence(text: str) -> None:
    with pytest.raises(ValueError, match="is not a number"):
        parse_decimal(text, "US")
