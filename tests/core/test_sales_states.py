"""A lead is qualified once, into an account, a contact and an opportunity; an opportunity
moves through the stages and is won, lost and reopened.  Each change is one transaction
that refuses what it must with one sentence, and leaves nothing half-changed."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from crmdesk.kinds import RecordRef
from crmdesk.records import (
    AccountRecord,
    ActivityKind,
    ActivityRecord,
    ContactRecord,
    EmailEntry,
    LeadRating,
    LeadRecord,
    LeadStatus,
    OpportunityRecord,
    OpportunityStatus,
    QuoteLineRecord,
    QuoteRecord,
    StageRecord,
)
from crmdesk.services.errors import NotFoundError, SalesError
from crmdesk.services.leads import OpportunitySeed, QualifyChoice
from crmdesk.services.listing import ListQuery


def trade_show_lead(services, **fields) -> LeadRecord:
    values = dict(first_name="Jonas", last_name="Lund", company="Lund & Co ApS",
                  job_title="CTO", email="jonas@lund.dk", phone="+45 70 20 30 40",
                  mobile="+45 20 11 22 33", street="Havnegade 3", postal_code="5000",
                  city="Odense", country="DK", rating=LeadRating.HOT,
                  estimated_value=Decimal("80000"))
    values.update(fields)
    return services.leads.save(LeadRecord(**values))


def log_call(services, ref: RecordRef, subject: str) -> None:
    services.activities.save(ActivityRecord(kind=ActivityKind.CALL, subject=subject,
                                            start=datetime(2026, 11, 3, 10), regarding=ref))


def test_qualifying_a_lead_makes_an_account_a_contact_and_an_opportunity(services) -> None:
    lead = trade_show_lead(services)
    log_call(services, RecordRef("lead", lead.id), "First call after the fair")
    result = services.leads.qualify(lead.id, QualifyChoice(
        opportunity=OpportunitySeed("Cloud backup for 40 seats",
                                    estimated_close_date=date(2027, 2, 1))))
    account = services.accounts.get(result.account.id)
    contact = services.contacts.get(result.contact.id)
    opportunity = services.opportunities.get(result.opportunity.id)
    assert account.name == "Lund & Co ApS" and account.addresses[0].city == "Odense"
    assert (contact.first_name, contact.account_id, contact.job_title) == (
        "Jonas", account.id, "CTO")
    assert [p.number for p in contact.phones] == ["+45 70 20 30 40", "+45 20 11 22 33"]
    assert contact.emails[0].address == "jonas@lund.dk"
    assert (opportunity.customer, opportunity.customer_name, opportunity.lead_id) == (
        result.account, "Lund & Co ApS", lead.id)
    assert (opportunity.estimated_revenue, opportunity.stage, opportunity.probability) == (
        Decimal("80000.00"), "prospecting", 10)
    # the lead keeps links to what it became
    stored = services.leads.get(lead.id)
    assert stored.status == LeadStatus.QUALIFIED
    assert (stored.qualified_account_id, stored.qualified_contact_id,
            stored.qualified_opportunity_id) == (account.id, contact.id, opportunity.id)
    assert [s.id for s in services.leads.qualified_into(result.contact)] == [lead.id]
    # its activities still regard the lead, and show in the new records' history
    for ref in (result.contact, result.account, result.opportunity,
                RecordRef("lead", lead.id)):
        assert [h.subject for h in services.activities.history(ref)] == [
            "First call after the fair"], ref
    # a lead is qualified once
    with pytest.raises(SalesError, match="was qualified already"):
        services.leads.qualify(lead.id, QualifyChoice())
    assert services.accounts.count() == 1 and services.contacts.count() == 1


def test_the_importers_duplicate_rule_offers_existing_records_to_qualify_into(
        services) -> None:
    existing = services.contacts.save(ContactRecord(
        first_name="Jonas", last_name="Lund", company="Lund & Co A/S",
        emails=[EmailEntry("jonas@lund.dk")]))
    namesake = services.contacts.save(ContactRecord(first_name="Karen", last_name="Holt",
                                                    emails=[EmailEntry("jonas@lund.dk")]))
    lead = trade_show_lead(services)
    found = services.leads.qualify_candidates(lead.id)
    assert [(a.id, a.reason) for a in found.accounts] == [(existing.account_id,
                                                           "same company")]
    assert [c.id for c in found.contacts] == [existing.id]  # Karen shares only the mailbox
    assert namesake.id not in [c.id for c in found.contacts]

    result = services.leads.qualify(lead.id, QualifyChoice(
        account_id=existing.account_id, contact_id=existing.id,
        opportunity=OpportunitySeed("Support contract", Decimal("12000"), stage="proposal")))
    assert result.account == RecordRef("account", existing.account_id)
    assert result.contact == RecordRef("contact", existing.id)
    assert services.contacts.count() == 2 and services.accounts.count() == 1
    opportunity = services.opportunities.get(result.opportunity.id)
    assert (opportunity.estimated_revenue, opportunity.probability) == (
        Decimal("12000.00"), 50)


def test_a_qualify_that_cannot_finish_changes_nothing(services) -> None:
    lead = trade_show_lead(services)
    with pytest.raises(SalesError, match="account chosen for the lead no longer exists"):
        services.leads.qualify(lead.id, QualifyChoice(account_id=404))
    with pytest.raises(SalesError, match="no sales stage"):
        services.leads.qualify(lead.id, QualifyChoice(
            opportunity=OpportunitySeed("X", stage="gone")))
    assert services.accounts.count() == services.contacts.count() == 0
    assert services.opportunities.count() == 0
    assert services.leads.get(lead.id).status == LeadStatus.NEW
    with pytest.raises(SalesError, match="needs a customer"):
        services.leads.qualify(lead.id, QualifyChoice(
            new_account=False, new_contact=False, opportunity=OpportunitySeed("X")))
    with pytest.raises(NotFoundError):
        services.leads.qualify(999, QualifyChoice())


def test_a_lead_is_disqualified_with_a_reason_and_reopened(services) -> None:
    lead = trade_show_lead(services)
    with pytest.raises(SalesError, match="Say why"):
        services.leads.disqualify(lead.id, "  ")
    gone = services.leads.disqualify(lead.id, "No budget until 2028")
    assert (gone.status, gone.disqualify_reason) == (LeadStatus.DISQUALIFIED,
                                                     "No budget until 2028")
    assert list(services.leads.ids(ListQuery(filters=("open",)))) == []
    with pytest.raises(SalesError, match="disqualified already"):
        services.leads.disqualify(lead.id, "again")
    with pytest.raises(SalesError, match="reopen it before"):
        services.leads.qualify(lead.id, QualifyChoice())
    back = services.leads.reopen(lead.id)
    assert (back.status, back.disqualify_reason) == (LeadStatus.CONTACTED, "")
    with pytest.raises(SalesError, match="open already"):
        services.leads.reopen(lead.id)
    services.leads.qualify(lead.id, QualifyChoice())
    with pytest.raises(SalesError, match="cannot be disqualified"):
        services.leads.disqualify(lead.id, "changed my mind")
    with pytest.raises(SalesError, match="was qualified"):
        services.leads.reopen(lead.id)


@pytest.fixture
def customer(services, contact_factory) -> RecordRef:
    return RecordRef("account", services.contacts.save(contact_factory()).account_id)


def open_one(services, customer: RecordRef, topic: str, stage: str = "prospecting",
             **fields) -> OpportunityRecord:
    return services.opportunities.save(OpportunityRecord(
        topic=topic, customer=customer, stage=stage,
        estimated_revenue=fields.pop("revenue", Decimal(1000)), **fields))


def test_an_opportunity_is_won_lost_and_reopened(services, customer) -> None:
    services.opportunities.today = lambda: date(2026, 11, 20)
    rival = services.accounts.save(AccountRecord(name="Rival Systems"))
    deal = open_one(services, customer, "Server room")
    won = services.opportunities.win(deal.id, Decimal("95000.50"), date(2026, 11, 19))
    assert (won.status, won.actual_revenue, won.closed_on) == (
        OpportunityStatus.WON, Decimal("95000.50"), date(2026, 11, 19))
    with pytest.raises(SalesError, match="was won already; reopen it first"):
        services.opportunities.win(deal.id, Decimal(1), date(2026, 11, 19))
    with pytest.raises(SalesError, match="was won already"):
        services.opportunities.move(deal.id, "closing")
    reopened = services.opportunities.reopen(deal.id)
    assert (reopened.status, reopened.actual_revenue, reopened.closed_on) == (
        OpportunityStatus.OPEN, None, None)
    with pytest.raises(SalesError, match="Say why"):
        services.opportunities.lose(deal.id, "")
    lost = services.opportunities.lose(deal.id, "Price", rival.id)
    assert (lost.status, lost.lost_reason, lost.lost_to_id, lost.closed_on) == (
        OpportunityStatus.LOST, "Price", rival.id, date(2026, 11, 20))
    assert lost.competitors == [rival.id]  # lost to a competitor: one of its competitors
    with pytest.raises(SalesError, match="not in the future"):
        services.opportunities.win(open_one(services, customer, "B").id, Decimal(5),
                                   date(2027, 1, 1))
    with pytest.raises(SalesError, match="cannot be negative"):
        services.opportunities.win(deal.id, Decimal(-5), date(2026, 11, 1))
    # a save edits its own fields, not how it closed
    lost.notes, lost.status = "asked again in spring", OpportunityStatus.OPEN
    saved = services.opportunities.save(lost)
    assert (saved.status, saved.notes) == (OpportunityStatus.LOST, "asked again in spring")


def test_dragging_on_the_board_moves_stage_order_and_probability(services, customer) -> None:
    a, b, c = (open_one(services, customer, t, "qualification") for t in "ABC")
    sticky = open_one(services, customer, "Sticky", probability=33,
                      probability_overridden=True)

    def column(stage: str) -> list[str]:
        ids = services.opportunities.ids(ListQuery(filters=(f"stage:{stage}", "open")))
        rows = services.opportunities.rows(ids)
        return [r.display_name for r in sorted(
            rows, key=lambda r: services.opportunities.get(r.id).board_position)]

    assert column("qualification") == ["A", "B", "C"]
    moved = services.opportunities.move(c.id, "qualification", before_id=a.id)
    assert column("qualification") == ["C", "A", "B"] and moved.probability == 25
    moved = services.opportunities.move(a.id, "proposal")
    assert (moved.stage, moved.probability) == ("proposal", 50)
    services.opportunities.move(b.id, "proposal", before_id=a.id)
    assert column("proposal") == ["B", "A"] and column("qualification") == ["C"]
    kept = services.opportunities.move(sticky.id, "negotiation")
    assert (kept.stage, kept.probability) == ("negotiation", 33)  # overridden: kept
    with pytest.raises(SalesError, match="no longer in that column"):
        services.opportunities.move(c.id, "proposal", before_id=sticky.id)
    for _ in range(60):  # halving the same gap again and again renumbers the column
        services.opportunities.move(c.id, "proposal", before_id=a.id)
        services.opportunities.move(b.id, "proposal", before_id=c.id)
    assert column("proposal") == ["B", "C", "A"]


def test_stages_edited_in_settings_carry_their_opportunities(services, customer) -> None:
    follows = open_one(services, customer, "Follows", "proposal")
    own = open_one(services, customer, "Own", "proposal", probability=70,
                   probability_overridden=True)
    stages = services.stages.list()
    stages[2].probability = 40
    stages.insert(3, StageRecord("Demo given", 60))
    saved = services.stages.save(stages)
    assert [s.key for s in saved][3] == "demo_given"
    assert services.opportunities.get(follows.id).probability == 40
    assert services.opportunities.get(own.id).probability == 70
    with pytest.raises(SalesError, match="make it inactive instead"):
        services.stages.save([s for s in saved if s.key != "proposal"])
    with pytest.raises(SalesError, match="two stages called"):
        services.stages.save([*saved, StageRecord("demo given", 10)])
    with pytest.raises(SalesError, match="at least one stage"):
        services.stages.save([StageRecord(s.title, s.probability, s.key, False)
                              for s in saved])
    saved[0].active = False
    assert [s.key for s in services.stages.save(saved)] == [s.key for s in saved]
    assert services.stages.list(active_only=True)[0].key == "qualification"
    assert services.stages.titles()["demo_given"] == "Demo given"
    with pytest.raises(SalesError, match="no longer in use"):
        services.opportunities.move(follows.id, "prospecting")


def test_a_customer_with_opportunities_is_not_deleted_without_a_decision(
        services, contact_factory) -> None:
    person = services.contacts.save(contact_factory(first="Ida", last="Møller"))
    ref = RecordRef("contact", person.id)
    deal = open_one(services, ref, "Laptops for Ida")
    services.quotes.save(QuoteRecord(opportunity_id=deal.id, lines=[
        QuoteLineRecord("Laptop", Decimal(2), Decimal(9000))]))
    log_call(services, RecordRef("opportunity", deal.id), "Ida called about the laptops")
    assert services.opportunities.customer_count("contact", [person.id]) == 1
    with pytest.raises(SalesError, match="1 opportunity is for the contact being deleted"):
        services.contacts.discard([person.id])
    assert services.contacts.count() == 1  # nothing went

    kept = services.contacts.discard([person.id], with_opportunities=False)
    stays = services.opportunities.get(deal.id)
    assert (stays.customer, stays.customer_name) == (None, "Ida Møller")
    assert list(services.opportunities.ids(ListQuery(text="ida"))) == [deal.id]
    services.trash.restore_batch(kept.batch)
    assert services.opportunities.get(deal.id).customer == ref

    gone = services.contacts.discard([person.id], with_opportunities=True)
    assert services.opportunities.count() == 0
    assert services.activities.history(RecordRef("opportunity", deal.id)) == []
    services.trash.restore_batch(gone.batch)
    back = services.opportunities.get(deal.id)
    assert (back.customer, back.topic) == (ref, "Laptops for Ida")
    assert services.quotes.for_opportunity(deal.id)[0].lines[0].unit_price == Decimal(9000)
    assert [h.subject for h in services.activities.history(RecordRef("opportunity",
                                                                     deal.id))] == [
        "Ida called about the laptops"]


def test_an_account_keeps_or_takes_its_opportunities_and_a_rename_follows(
        services, customer) -> None:
    deal = open_one(services, customer, "Fleet renewal")
    record = services.accounts.get(customer.id)
    record.name = "Novo Nordisk Pharma A/S"
    services.accounts.save(record)
    assert services.opportunities.get(deal.id).customer_name == "Novo Nordisk Pharma A/S"
    assert list(services.opportunities.ids(ListQuery(text="pharma"))) == [deal.id]
    with pytest.raises(SalesError, match="for the account being deleted"):
        services.accounts.discard([customer.id])
    services.accounts.discard([customer.id], with_opportunities=False)
    stays = services.opportunities.get(deal.id)
    assert (stays.customer, stays.customer_name) == (None, "Novo Nordisk Pharma A/S")


def test_qualifying_with_no_account_makes_none_even_when_the_lead_names_a_company(
        services) -> None:
    lead = trade_show_lead(services)
    accounts = services.accounts.count()
    result = services.leads.qualify(lead.id, QualifyChoice(new_account=False))
    assert result.account is None
    assert services.accounts.count() == accounts
    assert services.contacts.get(result.contact.id).account_id is None
