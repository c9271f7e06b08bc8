"""The demo opens on a living pipeline: leads in every status and rating, some qualified
into its contacts and accounts, opportunities open in every stage, won and lost over the
past year, and quotes whose totals are exact and which the revenue follows."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from crmdesk.models import Lead, Opportunity, Quote, QuoteLine
from crmdesk.records import LeadRating, LeadStatus, OpportunityStatus
from crmdesk.services import demo, derive
from crmdesk.services.derive import Folding
from crmdesk.services.listing import ListQuery
from crmdesk.services.pipeline import forecast, pipeline


def _opportunities(services) -> list:
    return [services.opportunities.get(i) for i in services.opportunities.ids(ListQuery())]


def test_every_stage_has_open_opportunities_and_the_past_year_won_and_lost_ones(
        services) -> None:
    demo.fill(services, 300)
    records = _opportunities(services)
    assert 140 <= len(records) <= 160  # one per two contacts
    today = date.today()
    open_ = [r for r in records if r.status is OpportunityStatus.OPEN]
    assert {r.stage for r in open_} == {s.key for s in services.stages.list()}
    closed = [r for r in records if r.status is not OpportunityStatus.OPEN]
    assert {r.status for r in closed} == {OpportunityStatus.WON, OpportunityStatus.LOST}
    assert all(today - timedelta(days=365) <= r.closed_on < today for r in closed)
    assert all(r.actual_revenue and r.actual_revenue > 0 for r in closed
               if r.status is OpportunityStatus.WON)
    lost = [r for r in closed if r.status is OpportunityStatus.LOST]
    assert all(r.lost_reason for r in lost) and any(r.lost_to_id for r in lost)
    assert any(r.estimated_close_date < today for r in open_)  # some overdue
    assert any(r.competitors for r in records)
    for r in records:  # the customer is one of the demo's, named as it is
        lister = services.accounts if r.customer.kind == "account" else services.contacts
        assert r.customer_name == lister.rows([r.customer.id])[0].display_name
    totals = pipeline(services.db)
    assert {t.stage for t in totals} == {s.key for s in services.stages.list()}
    assert len({t.currency for t in totals}) > 1  # customers abroad in their currency
    assert any(m.won for m in forecast(services.db, today))


def test_quotes_have_lines_from_the_product_list_and_exact_totals(services) -> None:
    demo.fill(services, 300)
    products = {p.id: p for p in services.products.list()}
    assert len(products) >= 10 and any(not p.active for p in products.values())
    with services.db.sessions() as session:
        quote_ids = list(session.scalars(select(Quote.id)))
        numbers = list(session.scalars(select(Quote.number)))
    assert len(quote_ids) > 30 and len(set(numbers)) == len(numbers)
    followed = 0
    for quote_id in quote_ids:
        quote = services.quotes.get(quote_id)
        assert quote.lines and quote.valid_until == quote.issued + timedelta(days=30)
        opportunity = services.opportunities.get(quote.opportunity_id)
        assert quote.currency == opportunity.currency
        totals = services.quotes.totals(quote)
        assert totals.total == totals.net + totals.vat
        assert all(isinstance(v, Decimal) and v == v.quantize(Decimal("0.01"))
                   for v in (totals.net, totals.vat, totals.total))
        for line in quote.lines:
            if line.product_id is not None:
                product = products[line.product_id]
                assert (line.description, line.unit_price, line.vat_rate) == (
                    product.name, product.unit_price, product.vat_rate)
                assert product.currency == quote.currency
        if quote.follows_opportunity:
            followed += 1
            assert opportunity.estimated_revenue == totals.net
    assert followed == len({services.quotes.get(q).opportunity_id for q in quote_ids})
    with services.db.sessions() as session:  # the bulk rows hold what a save stores
        assert session.scalar(select(func.min(QuoteLine.quantity))) >= 1


def test_leads_in_every_status_and_rating_some_qualified_into_the_demos_records(
        services) -> None:
    demo.fill(services, 300)
    leads = [services.leads.get(i) for i in services.leads.ids(ListQuery())]
    assert len(leads) == 30
    assert {lead.status for lead in leads} == set(LeadStatus)
    assert {lead.rating for lead in leads} == set(LeadRating)
    assert all(lead.disqualify_reason for lead in leads
               if lead.status is LeadStatus.DISQUALIFIED)
    qualified = [lead for lead in leads if lead.status is LeadStatus.QUALIFIED]
    assert qualified and all(lead.qualified_contact_id for lead in qualified)
    for lead in qualified:
        contact = services.contacts.get(lead.qualified_contact_id)
        assert (contact.first_name, contact.last_name) == (lead.first_name, lead.last_name)
        assert lead.qualified_account_id == contact.account_id
        if lead.qualified_opportunity_id:
            became = services.opportunities.get(lead.qualified_opportunity_id)
            assert became.lead_id == lead.id and became.created > lead.created
    assert any(lead.qualified_opportunity_id for lead in qualified)
    assert services.leads.count(ListQuery(filters=("mine",))) > 0
    assert services.leads.count(ListQuery(text=leads[0].last_name)) > 0  # indexed
    # the list columns are those a save derives
    fold = Folding(services.contacts.region())
    with services.db.sessions() as session:
        for row in session.scalars(select(Lead)):
            assert derive.lead_columns(row, fold) == (row.display_name, row.sort_name,
                                                      row.letter, row.search_text)
        for row in session.scalars(select(Opportunity)):
            assert derive.opportunity_columns(row, fold) == (row.display_name, row.sort_name,
                                                             row.search_text)
    topic = _opportunities(services)[0].topic
    assert services.opportunities.count(ListQuery(text=topic)) > 0
