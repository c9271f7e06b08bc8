"""A salesperson drafts quotes for an opportunity: one currency per quote, a product
taken off the list leaves its quotes alone, and a quote is found by its number."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from crmdesk.kinds import RecordRef
from crmdesk.records import OpportunityRecord, ProductRecord, QuoteLineRecord
from crmdesk.services.money import quote_totals
from crmdesk.services.validation import ValidationError


@pytest.fixture
def opportunity(services, contact_factory):
    contact = services.contacts.save(contact_factory())
    return services.opportunities.save(OpportunityRecord(
        topic="Standing desks", customer=RecordRef("contact", contact.id),
        estimated_revenue=D("10000"), currency="DKK"))


def test_a_new_quote_starts_from_its_opportunity_and_settings(services, opportunity) -> None:
    draft = services.quotes.new_quote(opportunity.id, valid_days=14)
    assert (draft.title, draft.currency, draft.issued) == ("Standing desks", "DKK",
                                                           date.today())
    assert draft.valid_until == date.today() + timedelta(days=14)
    assert draft.follows_opportunity  # the first quote of an opportunity follows it
    services.quotes.save(draft)
    assert not services.quotes.new_quote(opportunity.id, valid_days=14).follows_opportunity


def test_a_product_in_another_currency_is_refused_on_the_quote(services, opportunity) -> None:
    euro = services.products.save(ProductRecord(name="Monitor arm", unit_price=D("89.50"),
                                                currency="EUR", vat_rate=D(25)))
    kroner = services.products.save(ProductRecord(name="Desk", unit_price=D("4999.95"),
                                                  currency="DKK", vat_rate=D(25)))
    draft = services.quotes.new_quote(opportunity.id, valid_days=30)
    draft.lines = [QuoteLineRecord("Desk", D(2), D("4999.95"), D(0), D(25), kroner.id),
                   QuoteLineRecord("Monitor arm", D(2), D("89.50"), D(0), D(25), euro.id)]
    with pytest.raises(ValidationError) as refused:
        services.quotes.save(draft)
    assert refused.value.problems == {"lines.1": (
        "Line 2: the product is priced in EUR and the quote is in DKK; a quote has one "
        "currency. Make it a line of free text priced in DKK, or make the quote in EUR.")}
    assert services.quotes.for_opportunity(opportunity.id) == []  # nothing half-saved
    draft.lines[1] = QuoteLineRecord("Monitor arm", D(2), D("667.00"), D(0), D(25))
    saved = services.quotes.save(draft)
    assert quote_totals(saved.lines).total == D("14167.38")  # (9999.90 + 1334) x 1.25


def test_a_deleted_product_leaves_its_quote_lines_as_they_were(services, opportunity) -> None:
    desk = services.products.save(ProductRecord(name="Desk", unit_price=D("4999.95"),
                                                currency="DKK", vat_rate=D(25)))
    draft = services.quotes.new_quote(opportunity.id, valid_days=30)
    draft.lines = [QuoteLineRecord("Desk, oak", D(3), D("4999.95"), D(10), D(25), desk.id)]
    quote = services.quotes.save(draft)
    assert services.products.lines_using(desk.id) == 1
    assert services.products.delete([desk.id]) == 1
    line = services.quotes.get(quote.id).lines[0]
    assert (line.description, line.quantity, line.unit_price, line.discount_percent,
            line.product_id) == ("Desk, oak", D(3), D("4999.95"), D(10), None)


def test_a_quote_is_found_by_its_number_in_any_case(services, opportunity) -> None:
    quote = services.quotes.save(services.quotes.new_quote(opportunity.id, valid_days=30))
    assert services.quotes.id_of(quote.number.lower()) == quote.id
    assert services.quotes.id_of("Q-1999-0001") is None


def test_two_windows_changing_only_the_lines_cannot_overwrite_each_other(services,
                                                                         opportunity) -> None:
    from crmdesk.services.errors import StaleEditError

    draft = services.quotes.new_quote(opportunity.id, valid_days=14)
    draft.lines = [QuoteLineRecord("Desk", D(2), D("4500"), vat_rate=D(25))]
    saved = services.quotes.save(draft)
    mine, theirs = services.quotes.get(saved.id), services.quotes.get(saved.id)
    theirs.lines.append(QuoteLineRecord("Delivery", D(1), D("500")))
    services.quotes.save(theirs)
    mine.lines[0].quantity = D(3)
    with pytest.raises(StaleEditError):
        services.quotes.save(mine)
    assert [line.description for line in services.quotes.get(saved.id).lines] == [
        "Desk", "Delivery"]
