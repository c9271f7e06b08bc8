"""A spring mailing goes to the customers in Odense: members come from a search or a
category, answers come in and some become leads, and the results say what it brought
back for what it cost (no ROI where nothing was spent, instead of a division by zero)."""

from __future__ import annotations

import time
from datetime import date, timedelta
from decimal import Decimal

import pytest

from crmdesk.kinds import RecordRef
from crmdesk.models import Campaign, CampaignMember
from crmdesk.records import (
    AccountRecord,
    AddressEntry,
    CampaignRecord,
    CampaignStatus,
    LeadRecord,
    LeadSource,
    OpportunityRecord,
    ResponseChannel,
)
from crmdesk.services.errors import ServiceError
from crmdesk.services.listing import ListQuery
from crmdesk.services.validation import ValidationError

TODAY = date.today()


def spring_mailing(services, **fields) -> CampaignRecord:
    values = dict(name="Spring mailing", start=TODAY - timedelta(days=10),
                  end=TODAY + timedelta(days=20), budget=Decimal("5000"), currency="DKK")
    values.update(fields)
    return services.campaigns.save(CampaignRecord(**values))


def test_complete_cancel_and_reopen(services) -> None:
    campaign = spring_mailing(services)
    assert campaign.status == CampaignStatus.PLANNED and campaign.owner
    completed = services.campaigns.complete(campaign.id, Decimal("4200.50"))
    assert (completed.status, completed.actual_cost) == (CampaignStatus.COMPLETED,
                                                         Decimal("4200.50"))
    with pytest.raises(ServiceError, match="completed already; reopen it first"):
        services.campaigns.cancel(campaign.id)
    with pytest.raises(ServiceError, match="own command"):
        services.campaigns.save(CampaignRecord(**{**completed.__dict__,
                                                  "status": CampaignStatus.ACTIVE}))
    assert services.campaigns.reopen(campaign.id).status == CampaignStatus.ACTIVE
    with pytest.raises(ServiceError, match="not closed"):
        services.campaigns.reopen(campaign.id)
    assert services.campaigns.cancel(campaign.id).status == CampaignStatus.CANCELLED
    with pytest.raises(ServiceError, match="more than 4 decimals"):
        services.campaigns.complete(spring_mailing(services).id, Decimal("1.00001"))


def test_a_campaign_form_says_what_is_wrong(services) -> None:
    with pytest.raises(ValidationError) as caught:
        services.campaigns.save(CampaignRecord(name="", currency="kroner",
                                               expected_response_rate=120,
                                               start=TODAY, end=TODAY - timedelta(days=1)))
    assert set(caught.value.problems) == {"name", "currency", "expected_response_rate", "end"}


def test_running_now(services) -> None:
    running = spring_mailing(services)
    spring_mailing(services, name="Next year", start=TODAY + timedelta(days=300), end=None)
    over = spring_mailing(services, name="Last autumn", start=TODAY - timedelta(days=200),
                          end=TODAY - timedelta(days=150))
    done = spring_mailing(services, name="Done early")
    services.campaigns.complete(done.id, None)
    assert list(services.campaigns.ids(ListQuery(filters=("running",)))) == [running.id]
    assert over.id in services.campaigns.ids(ListQuery(filters=("planned",)))


def test_members_from_a_search_and_from_a_category_skip_those_already_in(
        services, contact_factory) -> None:
    odense = [services.contacts.save(contact_factory(f"Kunde{n}", "Hansen", addresses=[
        AddressEntry("work", "Vestergade 1", "5000", "Odense", "", "DK")],
        categories=["Customer"])) for n in range(3)]
    aarhus = services.contacts.save(contact_factory("Anne", "Berg", categories=["Customer"]))
    campaign = spring_mailing(services)
    assert services.campaigns.add_members_from(campaign.id, "contact",
                                               ListQuery(text="Odense")) == 3
    # the category brings the one from Aarhus; the three are members already
    assert services.campaigns.add_members_from(campaign.id, "contact",
                                               ListQuery(category="customer")) == 1
    again = [RecordRef("contact", odense[0].id)]
    assert services.campaigns.add_members(campaign.id, again) == 0
    members = services.campaigns.members(campaign.id)
    assert {m.ref.id for m in members} == {*(c.id for c in odense), aarhus.id}
    anne = RecordRef("contact", aarhus.id)
    assert [c.id for c in services.campaigns.memberships_of(anne)] == [campaign.id]
    with pytest.raises(ServiceError, match="contacts, accounts and leads"):
        services.campaigns.add_members(campaign.id, [RecordRef("opportunity", 1)])
    assert [m.name for m in members][:2] == ["Anne Berg", "Kunde0 Hansen"]  # by name
    assert services.campaigns.remove_members(campaign.id, [members[-1].id]) == 1
    services.contacts.delete([aarhus.id])  # a deleted member leaves the campaign
    assert len(services.campaigns.members(campaign.id)) == 2


def test_thousands_of_members_are_added_fast(services) -> None:
    from crmdesk.services import demo

    demo.fill(services, 5000)
    campaign = spring_mailing(services)
    started = time.perf_counter()
    added = services.campaigns.add_members_from(campaign.id, "contact", ListQuery())
    took = time.perf_counter() - started
    assert added == 5000 and took < 2.0, took
    assert services.campaigns.add_members_from(campaign.id, "contact", ListQuery()) == 0


def test_a_response_creates_a_lead_regarding_the_campaign(services, contact_factory) -> None:
    contact = services.contacts.save(contact_factory("Mette", "Lund", company="Lund ApS",
                                                     job_title="Buyer"))
    campaign = spring_mailing(services)
    services.campaigns.add_members(campaign.id, [RecordRef("contact", contact.id)])
    member = services.campaigns.members(campaign.id)[0]
    answer = services.campaigns.respond(campaign.id, member.id, TODAY, ResponseChannel.EMAIL,
                                        "Wants a demo in May", make_lead=True)
    assert answer.lead is not None and answer.response.lead_id == answer.lead.id
    lead = services.leads.get(answer.lead.id)
    assert (lead.first_name, lead.last_name, lead.company, lead.job_title) == (
        "Mette", "Lund", "Lund ApS", "Buyer")
    assert lead.campaign_id == campaign.id and lead.source == LeadSource.CAMPAIGN
    assert lead.email == contact.emails[0].address
    # a lead that is a member is linked, not copied
    prospect = services.leads.save(LeadRecord(first_name="Ole", company="Ole's"))
    services.campaigns.add_members(campaign.id, [RecordRef("lead", prospect.id)])
    ole = next(m for m in services.campaigns.members(campaign.id) if m.ref.kind == "lead")
    linked = services.campaigns.respond(campaign.id, ole.id, TODAY, ResponseChannel.PHONE,
                                        "Called back", make_lead=True)
    assert linked.lead == RecordRef("lead", prospect.id)
    assert services.leads.get(prospect.id).campaign_id == campaign.id
    with pytest.raises(ServiceError, match="Choose who responded"):
        services.campaigns.respond(campaign.id, None, TODAY, ResponseChannel.WEB, "?",
                                   make_lead=True)
    with pytest.raises(ServiceError, match="not in the future"):
        services.campaigns.respond(campaign.id, None, TODAY + timedelta(days=2),
                                   ResponseChannel.WEB, "?")
    assert [r.outcome for r in services.campaigns.responses(campaign.id)] == [
        "Called back", "Wants a demo in May"]


def test_results_on_known_data(services, contact_factory) -> None:
    customer = services.accounts.save(AccountRecord(name="Bager Hansen ApS"))
    people = [services.contacts.save(contact_factory(f"P{n}", "Holm")) for n in range(8)]
    campaign = spring_mailing(services)
    services.campaigns.add_members(campaign.id, [RecordRef("contact", p.id) for p in people])
    members = services.campaigns.members(campaign.id)
    for member in members[:3]:
        services.campaigns.respond(campaign.id, member.id, TODAY, ResponseChannel.EMAIL,
                                   "Interested", make_lead=True)

    def sale(topic: str, revenue: str, currency: str = "DKK", won: bool = True) -> int:
        saved = services.opportunities.save(OpportunityRecord(
            topic=topic, customer=RecordRef("account", customer.id), currency=currency,
            estimated_revenue=Decimal(revenue), campaign_id=campaign.id))
        if won:
            services.opportunities.win(saved.id, Decimal(revenue), TODAY)
        return saved.id

    sale("Ovens", "6000")
    sale("Mixers", "3000")
    sale("Still open", "9999", won=False)
    swedish = sale("Swedish branch", "1000", currency="SEK")
    free = services.campaigns.results(campaign.id)
    assert (free.members, free.responses, free.response_rate) == (8, 3, Decimal("37.5"))
    assert (free.leads, free.opportunities) == (3, 4)
    assert free.won_revenue == {"DKK": Decimal("9000"), "SEK": Decimal("1000")}
    assert free.actual_cost is None and free.roi is None  # nothing spent: no ROI
    services.campaigns.complete(campaign.id, Decimal("4000"))
    paid = services.campaigns.results(campaign.id)
    assert paid.roi is None, "Swedish kronor won on a Danish budget: no rate, so no ROI"
    services.opportunities.reopen(swedish)  # the kronor were not won after all
    paid = services.campaigns.results(campaign.id)
    assert paid.won_revenue == {"DKK": Decimal("9000")}
    # (9000 - 4000) / 4000
    assert paid.as_json()["roi"] == "1.2500" and paid.as_json()["actual_cost"] == "4000.00"
    assert services.campaigns.complete(spring_mailing(services).id, Decimal(0))
    assert all(r.roi is None for r in services.campaigns.all_results() if r.id != campaign.id)
    # deleting the campaign keeps its leads and opportunities, which forget it
    services.campaigns.discard([campaign.id])
    with services.db.sessions() as session:
        assert session.get(Campaign, campaign.id) is None
        assert session.query(CampaignMember).count() == 0
    assert all(services.leads.get(i).campaign_id is None
               for i in services.leads.ids(ListQuery()))
    restored = services.trash.restore_batch(services.trash.entries()[0].batch)
    assert services.campaigns.results(restored[0].new_id).members == 8
