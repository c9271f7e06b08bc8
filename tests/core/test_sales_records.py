"""A salesperson keeps leads and opportunities beside the Rolodex: saved exactly, listed,
searched and filtered, deleted into the trash and brought back."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from crmdesk.kinds import RecordRef
from crmdesk.models.sales import ExactDecimal, from_units, to_units
from crmdesk.records import (
    LeadRating,
    LeadRecord,
    LeadSource,
    LeadStatus,
    OpportunityRecord,
    ProductRecord,
    QuoteLineRecord,
    QuoteRecord,
)
from crmdesk.services.errors import SalesError, StaleEditError
from crmdesk.services.listing import ListQuery
from crmdesk.services.validation import ValidationError


def lead(**fields) -> LeadRecord:
    values = dict(first_name="Mette", last_name="Kjær", company="Kjær Møbler ApS",
                  job_title="Indkøbschef", email="mette@kjaer-mobler.dk", phone="86 12 34 56",
                  city="Århus", source=LeadSource.TRADE_SHOW, rating=LeadRating.HOT,
                  estimated_value=Decimal("125000.50"))
    values.update(fields)
    return LeadRecord(**values)


def test_amounts_are_stored_exactly_and_more_decimals_are_refused() -> None:
    assert to_units(Decimal("1234.5678")) == 12345678 and to_units(3) == 30000
    assert from_units(12345000) == Decimal("1234.50") and str(from_units(1234)) == "0.1234"
    column = ExactDecimal()
    assert column.process_bind_param(Decimal("0.1") * 3, None) == 3000  # no float drift
    assert column.process_result_value(3000, None) == Decimal("0.30")
    with pytest.raises(ValueError, match="more than 4 decimals"):
        column.process_bind_param(Decimal("1.00001"), None)
    with pytest.raises(ValueError, match="exact decimal"):
        column.process_bind_param(0.1, None)


def test_a_lead_from_a_trade_show_is_saved_listed_and_found(services) -> None:
    saved = services.leads.save(lead())
    assert saved.id and saved.status == LeadStatus.NEW and saved.currency == "DKK"
    assert saved.estimated_value == Decimal("125000.50") and saved.owner
    assert [r.display_name for r in services.leads.rows(services.leads.ids(
        ListQuery(text="kjaer")))] == ["Mette Kjær"]
    assert list(services.leads.ids(ListQuery(text="86123456"))) == [saved.id]
    assert services.leads.letters(ListQuery()) == {"K": 1}
    mine = ListQuery(filters=("mine", "hot"))
    assert list(services.leads.ids(mine)) == [saved.id]
    assert list(services.leads.ids(ListQuery(filters=("cold",)))) == []


def test_a_lead_needs_a_name_or_company_and_a_good_email(services) -> None:
    with pytest.raises(ValidationError) as caught:
        services.leads.save(LeadRecord(email="not an address"))
    assert set(caught.value.problems) == {"name", "email"}
    with pytest.raises(ValidationError, match="more than 4 decimals"):
        services.leads.save(lead(estimated_value=Decimal("1.23456")))


def test_status_changes_are_commands_not_edits(services) -> None:
    saved = services.leads.save(lead())
    saved.status = LeadStatus.QUALIFIED
    with pytest.raises(SalesError, match="its own command"):
        services.leads.save(saved)
    with pytest.raises(SalesError):
        services.leads.save(lead(status=LeadStatus.DISQUALIFIED))


def test_a_stale_lead_edit_is_refused(services) -> None:
    saved = services.leads.save(lead())
    services.leads.save(lead(id=saved.id, version=saved.version, rating=LeadRating.COLD))
    with pytest.raises(StaleEditError):
        services.leads.save(lead(id=saved.id, version=saved.version, notes="old"))


def test_an_opportunity_takes_its_stage_probability_and_its_customer_name(
        services, contact_factory) -> None:
    contact = services.contacts.save(contact_factory())
    account = RecordRef("account", contact.account_id)
    saved = services.opportunities.save(OpportunityRecord(
        topic="40 laptops", customer=account, stage="proposal",
        estimated_revenue=Decimal("240000"), estimated_close_date=date(2026, 12, 20)))
    assert saved.probability == 50 and not saved.probability_overridden
    assert saved.customer_name == "Novo Nordisk A/S" and saved.currency == "DKK"
    saved.probability, saved.probability_overridden = 65, True
    saved = services.opportunities.save(saved)
    assert saved.probability == 65 and saved.probability_overridden
    rows = services.opportunities.rows(services.opportunities.ids(ListQuery(within=account)))
    assert [(r.display_name, r.stage_title, r.estimated_revenue) for r in rows] == [
        ("40 laptops", "Proposal", Decimal("240000.00"))]
    assert list(services.opportunities.ids(ListQuery(within=RecordRef("contact",
                                                                      contact.id)))) == []
    found = services.opportunities.ids(ListQuery(text="novo laptops"))
    assert list(found) == [saved.id]
    assert list(services.opportunities.ids(ListQuery(filters=("stage:proposal",)))) == [
        saved.id]


def test_an_opportunity_needs_a_topic_a_customer_and_a_known_stage(services,
                                                                  contact_factory) -> None:
    with pytest.raises(ValidationError) as caught:
        services.opportunities.save(OpportunityRecord(estimated_revenue=Decimal(-5)))
    assert set(caught.value.problems) == {"topic", "customer", "estimated_revenue"}
    contact = services.contacts.save(contact_factory())
    with pytest.raises(SalesError, match="no sales stage “won_maybe”"):
        services.opportunities.save(OpportunityRecord(
            topic="X", customer=RecordRef("contact", contact.id), stage="won_maybe"))
    with pytest.raises(SalesError, match="no contact 999"):
        services.opportunities.save(OpportunityRecord(
            topic="X", customer=RecordRef("contact", 999)))


def test_closing_this_month_quarter_and_overdue(services, contact_factory) -> None:
    services.opportunities.today = lambda: date(2026, 11, 15)
    customer = RecordRef("contact", services.contacts.save(contact_factory()).id)
    ids = {}
    for topic, close in (("late", date(2026, 11, 2)), ("this month", date(2026, 11, 30)),
                         ("next month", date(2026, 12, 1)), ("next year", date(2027, 1, 4))):
        ids[topic] = services.opportunities.save(OpportunityRecord(
            topic=topic, customer=customer, estimated_close_date=close)).id

    def listed(key: str) -> set[str]:
        found = services.opportunities.ids(ListQuery(filters=(key,)))
        return {t for t, i in ids.items() if i in found}

    assert listed("closing_this_month") == {"late", "this month"}
    assert listed("closing_this_quarter") == {"late", "this month", "next month"}
    assert listed("overdue") == {"late"}


def test_deleted_leads_and_opportunities_come_back_from_the_trash(services,
                                                                 contact_factory) -> None:
    contact = services.contacts.save(contact_factory())
    saved_lead = services.leads.save(lead())
    opportunity = services.opportunities.save(OpportunityRecord(
        topic="Office chairs", customer=RecordRef("contact", contact.id),
        estimated_revenue=Decimal("18000"), competitors=[contact.account_id]))
    quote = services.quotes.save(QuoteRecord(
        opportunity_id=opportunity.id, title="Chairs",
        lines=[QuoteLineRecord("Chair", Decimal(12), Decimal("1500"))]))

    first = services.leads.discard([saved_lead.id])
    second = services.opportunities.discard([opportunity.id])
    assert services.leads.count() == 0 and services.opportunities.count() == 0
    assert services.quotes.for_opportunity(opportunity.id) == []
    assert {e.kind for e in services.trash.entries()} == {"lead", "opportunity"}

    services.trash.restore_batch(first.batch)
    services.trash.restore_batch(second.batch)
    assert services.leads.get(saved_lead.id).estimated_value == Decimal("125000.50")
    back = services.opportunities.get(opportunity.id)
    assert (back.topic, back.competitors, back.customer) == (
        "Office chairs", [contact.account_id], RecordRef("contact", contact.id))
    quotes = services.quotes.for_opportunity(opportunity.id)
    assert [(q.number, q.lines[0].quantity) for q in quotes] == [(quote.number, Decimal(12))]
    assert list(services.leads.ids(ListQuery(text="mette"))) == [saved_lead.id]


def test_products_start_with_the_regions_vat_and_currency(services) -> None:
    blank = services.products.blank()
    assert (blank.currency, blank.vat_rate) == ("DKK", Decimal(25))
    saved = services.products.save(ProductRecord(name="Desk", code="D-1",
                                                 unit_price=Decimal("4999.95"),
                                                 vat_rate=Decimal(25)))
    assert [p.name for p in services.products.list(active_only=True)] == ["Desk"]
    assert services.products.get(saved.id).unit_price == Decimal("4999.95")
    assert services.products.delete([saved.id]) == 1


def test_an_accounts_card_shows_its_and_its_peoples_open_opportunities(
        services, contact_factory) -> None:
    contact = services.contacts.save(contact_factory())
    account = RecordRef("account", contact.account_id)
    person = RecordRef("contact", contact.id)
    later = services.opportunities.save(OpportunityRecord(
        topic="Renewal", customer=account, estimated_close_date=date(2027, 3, 1)))
    sooner = services.opportunities.save(OpportunityRecord(
        topic="Pilot", customer=person, estimated_close_date=date(2026, 12, 1)))
    undated = services.opportunities.save(OpportunityRecord(topic="Someday", customer=person))
    assert [r.id for r in services.opportunities.open_for(account)] == [
        sooner.id, later.id, undated.id]
    assert [r.display_name for r in services.opportunities.open_for(person)] == [
        "Pilot", "Someday"]
    assert services.opportunities.customer_count("contact", [contact.id], open_only=True) == 2
    assert services.opportunities.open_for(account)[0].customer == person


def test_a_product_survives_json() -> None:
    from crmdesk.exporters.sales_json import product_from_dict, product_to_dict

    product = ProductRecord(7, 2, "Desk", "D-1", Decimal("4999.9500"), "DKK", Decimal("25"))
    data = product_to_dict(product)
    assert data["unit_price"] == "4999.9500" and product_from_dict(data) == product
