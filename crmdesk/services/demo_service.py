"""The demo's service desk and marketing: cases in every state over the past months and a
year of campaigns, with members, responses, and the leads and won deals they brought.

Cases (about one per two contacts) are the demo's contacts' and accounts' questions,
problems and requests, filed under a small tree of subjects: most of the older ones
resolved (by the user or a colleague, with how), a few cancelled, the recent ones open,
some past their follow-up date.  Their ticket numbers count up per year in the order
they were opened, and the counter is left after the last, as saves would leave it.
Campaigns: completed ones with their actual cost, one running now, one planned, one
cancelled; their members are a sample of the contacts and accounts, a part of whom
answered; the demo's leads that came from a campaign, and a share of the deals won since
a campaign started, name it, so the results show leads, won revenue and an ROI.  Rows
are written in bulk (``bulk.BulkWriter``) with the list columns a save derives; the
search index is the caller's.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import select

from crmdesk.models import (
    Campaign,
    CampaignMember,
    CampaignResponse,
    Case,
    CaseSubject,
    Lead,
    Opportunity,
    TicketCounter,
)
from crmdesk.records import (
    OPEN_CASE_STATUSES,
    CampaignStatus,
    CaseOrigin,
    CasePriority,
    CaseStatus,
    CaseType,
    LeadSource,
    OpportunityStatus,
    ResponseChannel,
)
from crmdesk.services.bulk import BulkWriter
from crmdesk.services.demo_calendar import Party
from crmdesk.services.derive import Folding, campaign_columns, case_columns
from crmdesk.services.table_rows import (
    CampaignMemberTableRow,
    CampaignResponseTableRow,
    CampaignTableRow,
    CaseSubjectTableRow,
    CaseTableRow,
)
from crmdesk.services.tickets import format_ticket

CASES_PER_CONTACT = 0.5
#: the subjects: top level -> its children
_SUBJECTS = (("Hardware", ("Scanner", "Printer", "Server")),
             ("Software", ("Installation", "Licences", "Reports", "Integration")),
             ("Billing", ("Invoices", "Refunds")), ("Training", ()))
#: (title, type, product or "")
_PROBLEMS = (
    ("Scanner does not read barcodes", "problem", "Hardware kit (scanner and printer)"),
    ("Printer leaves streaks on labels", "problem", "Hardware kit (scanner and printer)"),
    ("Server licence will not activate", "problem", "Server licence"),
    ("How do I add a user?", "question", "CRM licence, per user and year"),
    ("Report shows last month's figures", "problem", "Reporting module"),
    ("Invoice sent to the old address", "request", ""),
    ("Credit note for the double invoice", "request", ""),
    ("Sync with the ERP stopped overnight", "problem", "Integration module"),
    ("Can we book a training day in spring?", "request", "Training day, on site"),
    ("Export to Excel cuts long names", "problem", "CRM licence, per user and year"),
    ("Where is the user guide?", "question", ""),
    ("Upgrade of the support agreement", "request", "Premium support, per year"),
    ("Login is slow in the morning", "problem", "Server licence"),
    ("How are duplicates merged?", "question", "CRM licence, per user and year"))
_RESOLUTIONS = ("Replaced the unit under warranty.", "Explained the steps on the phone.",
                "Sent a corrected invoice.", "Fixed the configuration remotely.",
                "Installed the update; works again.", "Booked the date and confirmed it.",
                "Known issue; fixed in the next release, workaround sent.")
_CANCELLED = ("Customer solved it themselves.", "Duplicate of an earlier case.",
              "No answer from the customer.")
_COLLEAGUES = ("mette.holm", "jonas.berg", "sarah.kim")
#: (name, type, months ago it started, length in days, status, budget in euros)
_CAMPAIGNS = (
    ("Spring newsletter", "email", 9, 30, "completed", 1500),
    ("Trade fair Herning", "event", 7, 3, "completed", 12000),
    ("Summer offer: support upgrade", "direct_mail", 5, 45, "completed", 4000),
    ("Webinar series: reporting", "email", 3, 60, "completed", 2500),
    ("Partner ads in the trade press", "advertisement", 4, 90, "cancelled", 6000),
    ("Autumn call campaign", "telemarketing", 1, 75, "active", 5000),
    ("New year's customer evening", "event", -1, 1, "planned", 8000))
_OUTCOMES = ("Wants a demo", "Asked for a price list", "Not now, call in spring",
             "Registered for the event", "Forwarded to the IT manager", "Asked for a visit",
             "Unsubscribed")
_PER_EURO = {"DKK": Decimal("7.5"), "SEK": Decimal(11), "NOK": Decimal(11),
             "GBP": Decimal("0.85"), "USD": Decimal("1.1"), "CHF": Decimal("0.95")}


class _CaseValues(NamedTuple):
    ticket_number: str
    title: str
    customer_name: str
    product: str
    serial_number: str
    notes: str


class _CampaignValues(NamedTuple):
    name: str
    notes: str


class _LeadCampaign(NamedTuple):
    id: int
    campaign_id: int


class ServiceMaker:
    """Builds and writes the rows; ``rng`` the demo's, ``now`` naive UTC."""

    def __init__(self, writer: BulkWriter, rng: random.Random, fold: Folding, now: datetime,
                 today: date, currency: str, user: str) -> None:
        self.writer = writer
        self.rng = rng
        self.fold = fold
        self.now = now
        self.today = today
        self.currency = currency
        self.user = user

    def fill(self, people: Sequence[Party], companies: Sequence[Party]) -> None:
        subjects = self._subjects()
        self._cases(people, companies, subjects,
                    max(len(CaseStatus) * 2, round(len(people) * CASES_PER_CONTACT)))
        self._campaigns(people, companies)

    # -- cases -----------------------------------------------------------------------
    def _subjects(self) -> list[int]:
        """The subject tree; the ids cases are filed under (the children, and a top
        subject without any)."""
        rows: list[CaseSubjectTableRow] = []
        leaves: list[int] = []
        ids = iter(self.writer.reserve_ids(CaseSubject.__table__,
                                           sum(1 + len(c) for _, c in _SUBJECTS)))
        for position, (name, children) in enumerate(_SUBJECTS):
            top = next(ids)
            rows.append(CaseSubjectTableRow(top, name, None, position))
            if not children:
                leaves.append(top)
            for n, child in enumerate(children):
                cid = next(ids)
                rows.append(CaseSubjectTableRow(cid, child, top, n))
                leaves.append(cid)
        # parents first: each child's key points at a row already written
        self.writer.insert(CaseSubject.__table__, rows)
        return leaves

    def _cases(self, people: Sequence[Party], companies: Sequence[Party],
               subjects: list[int], count: int) -> None:
        rng = self.rng
        customers = [*people, *companies]
        opened = sorted(self.now - timedelta(days=rng.triangular(0, 240, 20),
                                             minutes=rng.randint(0, 600))
                        for _ in range(count))
        statuses = list(CaseStatus)
        counters: dict[int, int] = {}
        rows: list[CaseTableRow] = []
        ids = self.writer.reserve_ids(Case.__table__, count)
        for n, (case_id, created) in enumerate(zip(ids, opened, strict=True)):
            age = (self.now - created).days
            if n >= count - len(statuses):  # every state, whatever the draw
                status = statuses[n - count + len(statuses)]
            elif age > 30:
                status = rng.choices(statuses, (2, 3, 3, 85, 7))[0]
            else:
                status = rng.choices(statuses, (30, 30, 15, 22, 3))[0]
            customer = rng.choice(customers)
            title, case_type, product = rng.choice(_PROBLEMS)
            year = created.year
            counters[year] = counters.get(year, 0) + 1
            ticket = format_ticket(year, counters[year])
            serial = f"SN-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}" if product else ""
            closed = status in (CaseStatus.RESOLVED, CaseStatus.CANCELLED)
            resolved_at = (min(self.now, created + timedelta(hours=rng.randint(2, 24 * 14)))
                           if closed else None)
            resolution = (rng.choice(_RESOLUTIONS) if status == CaseStatus.RESOLVED
                          else rng.choice(_CANCELLED) if closed else "")
            follow_up = (self.today + timedelta(days=rng.randint(-10, 14))
                         if status in OPEN_CASE_STATUSES and rng.random() < 0.6 else None)
            owner = self.user if rng.random() < 0.6 else rng.choice(_COLLEAGUES)
            notes = "" if rng.random() < 0.6 else "Customer prefers e-mail."
            values = _CaseValues(ticket, title, customer.name, product, serial, notes)
            rows.append(CaseTableRow(
                case_id, ticket, customer.kind, customer.id, customer.name, title,
                CaseType(case_type).value, rng.choice(list(CaseOrigin)).value,
                rng.choices(list(CasePriority), (15, 55, 22, 8))[0].value, status.value,
                resolution, (owner if rng.random() < 0.7 else rng.choice(_COLLEAGUES))
                if closed else "", resolved_at, rng.choice(subjects), product, serial,
                follow_up, owner, notes, created, resolved_at or created, 1,
                *case_columns(values, self.fold)))
        self.writer.insert(Case.__table__, rows)
        self.writer.session.add_all(TicketCounter(year=year, last_number=last)
                                    for year, last in counters.items())
        self.writer.session.flush()

    # -- campaigns -------------------------------------------------------------------
    def _campaigns(self, people: Sequence[Party], companies: Sequence[Party]) -> None:
        rng, writer = self.rng, self.writer
        per_euro = _PER_EURO.get(self.currency, Decimal(1))
        ids = writer.reserve_ids(Campaign.__table__, len(_CAMPAIGNS))
        rows: list[CampaignTableRow] = []
        spans: list[tuple[int, date, str]] = []
        for campaign_id, (name, kind, months_ago, days, status, euros) in zip(
                ids, _CAMPAIGNS, strict=True):
            start = self.today - timedelta(days=round(months_ago * 30.4))
            end = start + timedelta(days=days)
            budget = Decimal(euros) * per_euro
            cost = (budget * Decimal(rng.randint(80, 115)) / 100).quantize(Decimal(1)) \
                if status == CampaignStatus.COMPLETED else None
            created = datetime.combine(start - timedelta(days=21), time(9))
            values = _CampaignValues(name, "")
            rows.append(CampaignTableRow(
                campaign_id, name, kind, status, start, end, budget, cost, budget * 4,
                self.currency, rng.choice((2, 5, 8, 10)), "", self.user, min(created, self.now),
                min(created, self.now), 1, *campaign_columns(values, self.fold)))
            if status != CampaignStatus.PLANNED:
                spans.append((campaign_id, start, status))
        writer.insert(Campaign.__table__, rows)
        everyone = [*people, *companies]
        drawn = [(campaign_id, start, party) for campaign_id, start, _ in spans
                 for party in rng.sample(everyone, min(len(everyone), max(
                     5, round(len(everyone) * rng.uniform(0.1, 0.3)))))]
        members: list[CampaignMemberTableRow] = []
        answered: list[tuple[int, int, date]] = []  # campaign, member, day
        for member_id, (campaign_id, start, party) in zip(
                writer.reserve_ids(CampaignMember.__table__, len(drawn)), drawn, strict=True):
            members.append(CampaignMemberTableRow(member_id, campaign_id, party.kind,
                                                  party.id, party.name, start))
            if rng.random() < 0.12:
                day = min(self.today, start + timedelta(days=rng.randint(1, 40)))
                answered.append((campaign_id, member_id, day))
        writer.insert(CampaignMember.__table__, members)
        self._traced(spans, answered)

    def _traced(self, spans: list[tuple[int, date, str]],
                answered: list[tuple[int, int, date]]) -> None:
        """The demo's leads from a campaign, and a share of the deals won since one
        began, name it; a response per answer, some with the lead it brought."""
        rng, session, writer = self.rng, self.writer.session, self.writer
        working = [(cid, start) for cid, start, status in spans if status != "cancelled"]
        if not working:
            return
        leads = session.execute(select(Lead.id, Lead.created).where(
            Lead.source == LeadSource.CAMPAIGN.value)).all()
        linked: list[_LeadCampaign] = []
        by_campaign: dict[int, list[int]] = {}
        for lead_id, created in leads:
            started = [cid for cid, start in working if start <= created.date()]
            cid = started[-1] if started else working[0][0]
            linked.append(_LeadCampaign(lead_id, cid))
            by_campaign.setdefault(cid, []).append(lead_id)
        # a campaign is credited with deals won in its own currency, so its ROI can be given
        won = session.execute(select(Opportunity.id, Opportunity.closed_on).where(
            Opportunity.status == OpportunityStatus.WON.value,
            Opportunity.currency == self.currency)).all()
        for opportunity_id, closed_on in won:
            started = [cid for cid, start in working if closed_on and start <= closed_on]
            if started and rng.random() < 0.35:
                linked.append(_LeadCampaign(opportunity_id, rng.choice(started)))
        writer.update(Lead.__table__, linked[:len(leads)], ("campaign_id",))
        writer.update(Opportunity.__table__, linked[len(leads):], ("campaign_id",))
        ids = writer.reserve_ids(CampaignResponse.__table__, len(answered))
        responses = []
        for response_id, (cid, member_id, day) in zip(ids, answered, strict=True):
            pool = by_campaign.get(cid, [])
            lead = pool.pop() if pool and rng.random() < 0.5 else None
            responses.append(CampaignResponseTableRow(
                response_id, cid, member_id, day, rng.choice(list(ResponseChannel)).value,
                rng.choice(_OUTCOMES), lead))
        writer.insert(CampaignResponse.__table__, responses)
