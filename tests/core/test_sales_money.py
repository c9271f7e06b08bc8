"""Money is exact: a quote's totals to the cent with discounts and VAT, amounts in two
currencies never added, and a quote that the opportunity's revenue follows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from crmdesk.kinds import RecordRef
from crmdesk.records import OpportunityRecord, QuoteLineRecord, QuoteRecord
from crmdesk.services.errors import SalesError
from crmdesk.services.money import (
    format_money,
    line_net,
    per_currency,
    quote_totals,
    standard_vat_rate,
    weighted,
)
from crmdesk.services.validation import ValidationError


def test_a_quote_with_discounts_and_two_vat_rates_adds_up_to_the_cent() -> None:
    lines = [
        QuoteLineRecord("Desk", D(3), D("4999.95"), D(10), D(25)),  # 14999.85 - 10 %
        QuoteLineRecord("Cable", D(7), D("0.3333"), D(0), D(25)),  # 2.3331 -> 2.33
        QuoteLineRecord("Book", D(2), D("199.99"), D("12.5"), D(0)),  # 399.98 - 12.5 %
        QuoteLineRecord("Course", D(1), D("1000"), D(0), D("12.5")),
    ]
    assert line_net(lines[0]) == D("13499.87")  # 13499.865 rounds half up
    assert line_net(lines[2]) == D("349.98")  # 349.9825
    totals = quote_totals(lines)
    assert totals.subtotal == D("14999.85") + D("2.33") + D("399.98") + D("1000.00")
    assert totals.net == D("13499.87") + D("2.33") + D("349.98") + D("1000.00")
    assert totals.discount == totals.subtotal - totals.net
    # VAT per rate over the summed nets, rounded once per rate
    assert totals.vat_by_rate == {D("12.5"): D("125.00"), D(25): D("3375.55")}
    assert totals.vat == D("3500.55") and totals.total == totals.net + totals.vat
    assert quote_totals([]).total == D("0.00")


def test_rounding_each_rate_once_is_not_the_sum_of_each_lines_rounding() -> None:
    lines = [QuoteLineRecord("Screw", D(1), D("0.02"), D(0), D(25))] * 3
    # 3 x 0.02 = 0.06 at 25 % is 0.015 -> 0.02; each line's 0.005 would give 3 x 0.01
    assert quote_totals(lines).vat == D("0.02")


def test_currencies_are_never_added_together() -> None:
    totals = per_currency([(D("100.10"), "DKK"), (D("5"), "EUR"), (D("0.90"), "DKK")])
    assert totals == {"DKK": D("101.00"), "EUR": D(5)}
    assert list(totals) == ["DKK", "EUR"]


def test_weighted_revenue_is_exact() -> None:
    assert weighted(D("333.33"), 10) == D("33.333")
    assert sum(weighted(D("1.01"), 33) for _ in range(100)) == D("33.33")


@pytest.mark.parametrize(("amount", "currency", "locale", "shown"), [
    (D("1234567.5"), "DKK", "DK", "1.234.567,50 DKK"),
    (D("1234567.5"), "DKK", "da_DK", "1.234.567,50 DKK"),
    (D("1234567.5"), "USD", "en_US", "1,234,567.50 USD"),
    (D("0.1234"), "EUR", "", "0.1234 EUR"),
    (D("-12"), "GBP", "GB", "-12.00 GBP"),
])
def test_money_is_shown_with_its_currency(amount: D, currency: str, locale: str,
                                          shown: str) -> None:
    assert format_money(amount, currency, locale) == shown


def test_the_standard_vat_rate_of_a_region() -> None:
    assert standard_vat_rate("dk") == D(25) and standard_vat_rate("US") == D(0)


def test_the_opportunity_follows_its_quote_and_quotes_number_themselves(
        services, contact_factory) -> None:
    services.quotes.today = lambda: date(2026, 5, 1)
    contact = services.contacts.save(contact_factory())
    opportunity = services.opportunities.save(OpportunityRecord(
        topic="Standing desks", customer=RecordRef("contact", contact.id),
        estimated_revenue=D("10000")))
    first = services.quotes.save(QuoteRecord(
        opportunity_id=opportunity.id, follows_opportunity=True,
        lines=[QuoteLineRecord("Desk", D(4), D("4999.95"), D(5), D(25))]))
    assert first.number == "Q-2026-0001" and first.currency == "DKK"
    assert services.opportunities.get(opportunity.id).estimated_revenue == D("18999.81")
    second = services.quotes.save(QuoteRecord(
        opportunity_id=opportunity.id, follows_opportunity=True,
        lines=[QuoteLineRecord("Desk", D(2), D("5000"))]))
    assert second.number == "Q-2026-0002" == services.quotes.next_number(2026)[:-1] + "2"
    assert services.opportunities.get(opportunity.id).estimated_revenue == D("10000.00")
    assert [q.follows_opportunity for q in services.quotes.for_opportunity(opportunity.id)
            ] == [True, False]  # one quote follows at a time
    with pytest.raises(SalesError, match="only follow a quote in its own currency"):
        services.quotes.save(QuoteRecord(opportunity_id=opportunity.id, currency="EUR",
                                         follows_opportunity=True))
    with pytest.raises(SalesError, match="numbered Q-2026-0001 already"):
        services.quotes.save(QuoteRecord(opportunity_id=opportunity.id,
                                         number="Q-2026-0001"))
    with pytest.raises(ValidationError, match="Line 1: The discount is a percentage"):
        services.quotes.save(QuoteRecord(opportunity_id=opportunity.id, lines=[
            QuoteLineRecord("Desk", D(1), D(10), D(150))]))
    assert services.quotes.totals(services.quotes.get(first.id)).net == D("18999.81")
    assert services.quotes.delete([first.id, second.id]) == 2
