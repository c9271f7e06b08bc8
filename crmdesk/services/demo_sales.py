"""The demo's sales: a year of a salesperson's pipeline around the demo's customers.

Leads in every status and rating (a fifth qualified into the demo's contacts and their
accounts, most of those with the opportunity they became), about one opportunity per
two contacts: some half open in every stage (a few overdue), the rest won or lost over
the past year (lost ones to the demo's competitors, for a reason), and quotes with lines
from a small product list for most of those that got as far as a proposal, each
opportunity's revenue following its latest quote.  Customers abroad are quoted in their
own currency, so the pipeline shows amounts per currency.  Rows are written in bulk
(``bulk.BulkWriter``), their list columns derived by ``derive.lead_columns`` and
``opportunity_columns``, as a save derives them; the search index is the caller's.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import select

from crmdesk.models import (
    Lead,
    Opportunity,
    Product,
    Quote,
    QuoteLine,
    SalesStage,
    opportunity_competitor,
)
from crmdesk.records import LeadRating, LeadSource, LeadStatus
from crmdesk.services import demo_pools as pools
from crmdesk.services import folding
from crmdesk.services.bulk import BulkWriter
from crmdesk.services.demo_calendar import Party
from crmdesk.services.derive import Folding, lead_columns, opportunity_columns
from crmdesk.services.money import line_net, round_cents, standard_vat_rate
from crmdesk.services.quotes import quote_number
from crmdesk.services.table_rows import (
    CompetitorRow,
    LeadTableRow,
    OpportunityTableRow,
    QuoteLineTableRow,
    QuoteTableRow,
)

#: leads per contact, opportunities per contact
LEADS_PER_CONTACT = 0.1
OPPORTUNITIES_PER_CONTACT = 0.5
_STATUS = (("open", "won", "lost"), (55, 25, 20))
_LEAD_STATUS = (tuple(LeadStatus), (35, 30, 20, 15))
_RATING = (tuple(LeadRating), (25, 45, 30))
#: how an amount in euros reads in the user's currency (roughly; demo prices)
_PER_EURO = {"DKK": Decimal("7.5"), "SEK": Decimal(11), "NOK": Decimal(11),
             "GBP": Decimal("0.85"), "USD": Decimal("1.1"), "CHF": Decimal("0.95")}
_LOCALE_CURRENCY = {"de": "EUR", "fr": "EUR", "en": "GBP"}
#: (name, code, price in euros); the last is no longer sold
_PRODUCTS = (("CRM licence, per user and year", "LIC-USR", 240),
             ("Server licence", "LIC-SRV", 4800), ("Installation and set-up", "SRV-INST", 1900),
             ("Training day, on site", "SRV-TRN", 1400), ("Consultant hour", "SRV-HR", 150),
             ("Data migration", "SRV-MIG", 3200), ("Support agreement, per year", "SUP-YR", 2600),
             ("Premium support, per year", "SUP-PRM", 5200),
             ("Hardware kit (scanner and printer)", "HW-KIT", 890),
             ("Integration module", "MOD-INT", 2900), ("Reporting module", "MOD-REP", 1600),
             ("Legacy connector", "MOD-OLD", 700))
_TOPICS = ("New CRM for the sales team", "Support renewal", "Upgrade to premium support",
           "Pilot: {n} users", "Rollout to {n} users", "Framework agreement",
           "Integration with the ERP", "Reporting for management", "Training of new staff",
           "Extension: {n} more licences", "Data migration from the old system",
           "Scanners for the warehouse", "Second site", "Service desk set-up")
_FREE_LINES = (("Project management", 110), ("Travel and accommodation", 600),
               ("Custom report", 850), ("Workshop, half day", 700))
_LOST = ("Price", "Chose a competitor", "No budget this year", "Project postponed",
         "No decision", "Went with the incumbent")
_DISQUALIFIED = ("No budget", "Student project", "Competitor asking", "Wrong country",
                 "Duplicate of an existing customer", "No need")
_LEAD_NOTES = ("Asked for a call back next week.", "Downloaded the white paper.",
               "Visited our stand; wants a demo.", "Referred by an existing customer.",
               "Answered the spring campaign.", "", "", "")
_COLLEAGUES = ("mette.holm", "jonas.berg", "sarah.kim")


class _LeadValues(NamedTuple):
    """What ``derive.lead_columns`` reads of a lead."""

    first_name: str
    last_name: str
    company: str
    job_title: str
    phone: str
    mobile: str
    email: str
    city: str
    notes: str


class _Became(NamedTuple):
    """A qualified lead's opportunity, set once both are written (each names the other)."""

    id: int
    qualified_opportunity_id: int


class _OpportunityValues(NamedTuple):
    topic: str
    customer_name: str
    notes: str


@dataclass
class _Qualified:
    """A qualified lead and what it became."""

    lead_id: int
    contact: Party
    account: Party | None
    opportunity_id: int | None = None


@dataclass
class _Plan:
    """An opportunity being made, before its quotes decide its revenue."""

    id: int
    customer: Party
    currency: str
    stage: str
    status: str
    created: datetime
    close: date | None
    closed_on: date | None
    lead_id: int | None
    quotes: list[tuple[QuoteTableRow, list[QuoteLineTableRow]]] = field(default_factory=list)
    revenue: Decimal = Decimal(0)


class SalesMaker:
    """Builds and writes the rows; ``gen`` is the demo's generator (its ``rng``, names,
    ``phone`` and ``company_name``), ``now`` naive UTC."""

    def __init__(self, writer: BulkWriter, gen: Any, fold: Folding, now: datetime,
                 today: date, currency: str, region: str, user: str) -> None:
        self.writer = writer
        self.gen = gen
        self.rng: random.Random = gen.rng
        self.fold = fold
        self.now = now
        self.today = today
        self.currency = currency
        self.vat = standard_vat_rate(region)
        self.user = user

    def fill(self, people: Sequence[Party], companies: Sequence[Party],
             names: dict[int, tuple[str, str, str]], competitors: Sequence[int]) -> None:
        """``names``: a contact's first name, last name and job title."""
        session = self.writer.session
        stages = [(s.key, s.probability) for s in session.scalars(
            select(SalesStage).where(SalesStage.active).order_by(SalesStage.position))]
        products = self._products()
        accounts = {c.id: c for c in companies}
        qualified = self._leads(people, accounts, names,
                                max(12, round(len(people) * LEADS_PER_CONTACT)))
        count = max(len(stages) + 2, round(len(people) * OPPORTUNITIES_PER_CONTACT))
        self._opportunities(count, people, companies, stages, products, qualified,
                            list(competitors))

    # -- products --------------------------------------------------------------------
    def _price(self, euros: int | Decimal, currency: str) -> Decimal:
        amount = Decimal(euros) * _PER_EURO.get(currency, Decimal(1))
        step = Decimal(50) if amount >= 1000 else Decimal(5)
        return (amount / step).quantize(Decimal(1)) * step

    def _products(self) -> list[Product]:
        session = self.writer.session
        rows = [Product(name=name, code=code, unit_price=self._price(euros, self.currency),
                        currency=self.currency, vat_rate=self.vat,
                        active=code != "MOD-OLD", created=self.now, modified=self.now)
                for name, code, euros in _PRODUCTS]
        session.add_all(rows)
        session.flush()
        return [p for p in rows if p.active]

    # -- leads -----------------------------------------------------------------------
    def _leads(self, people: Sequence[Party], accounts: dict[int, Party],
               names: dict[int, tuple[str, str, str]], count: int) -> list[_Qualified]:
        """Every status and rating among the first, then drawn by their weights; a
        qualified lead is one of the demo's contacts (at its account) as it first came."""
        rng = self.rng
        gen = self.gen
        ids = self.writer.reserve_ids(Lead.__table__, count)
        employed = [p for p in people if p.account_id is not None] or list(people)
        rows: list[LeadTableRow] = []
        qualified: list[_Qualified] = []
        sources = list(LeadSource)
        for n, lead_id in enumerate(ids):
            status = (list(LeadStatus)[n % 4] if n < 12
                      else rng.choices(*_LEAD_STATUS)[0])
            rating = list(LeadRating)[n % 3] if n < 12 else rng.choices(*_RATING)[0]
            created = self.now - timedelta(days=rng.randint(1, 400), minutes=rng.randint(0, 600))
            became: _Qualified | None = None
            if status is LeadStatus.QUALIFIED and employed:
                contact = rng.choice(employed)
                account = accounts.get(contact.account_id or -1)
                first, last, title = names[contact.id]
                locale, company = contact.locale, account.name if account else ""
                phone, email = contact.phone, contact.email
                became = _Qualified(lead_id, contact, account)
                qualified.append(became)
            else:
                locale = gen.locale()
                first, last = rng.choice(pools.FIRST[locale]), rng.choice(pools.LAST[locale])
                title = rng.choice(pools.TITLES[locale])
                company = gen.company_name({})[0] if rng.random() < 0.85 else ""
                phone = gen.phone(locale, "") if rng.random() < 0.7 else ""
                email = (".".join(folding.words(f"{first} {last}")) + "@example.com"
                         if rng.random() < 0.8 else "")
            city, postcode, street = rng.choice(pools.PLACES[locale])
            mobile = gen.phone(locale, "", mobile=True) if rng.random() < 0.4 else ""
            notes = rng.choice(_LEAD_NOTES)
            currency = _LOCALE_CURRENCY.get(locale, self.currency) if locale != "da" else (
                self.currency)
            value = (self._price(rng.choice((2, 5, 8, 12, 20, 35, 60)) * 1000, currency)
                     if rng.random() < 0.75 else None)
            owner = self.user if rng.random() < 0.7 else rng.choice(_COLLEAGUES)
            derived = lead_columns(_LeadValues(first, last, company, title, phone, mobile,
                                               email, city, notes), self.fold)
            rows.append(LeadTableRow(
                lead_id, first, last, company, title, phone, mobile, email,
                f"{street} {rng.randint(1, 90)}", postcode, city, "", pools.COUNTRY[locale],
                rng.choice(sources).value, rating.value, status.value,
                rng.choice(_DISQUALIFIED) if status is LeadStatus.DISQUALIFIED else "",
                value, currency, notes, owner,
                became.account.id if became and became.account else None,
                became.contact.id if became else None, None, created, created, 1, *derived))
        self.lead_rows = rows
        return qualified

    # -- opportunities and quotes ----------------------------------------------------------
    def _opportunities(self, count: int, people: Sequence[Party], companies: Sequence[Party],
                       stages: list[tuple[str, int]], products: list[Product],
                       qualified: list[_Qualified], competitors: list[int]) -> None:
        rng = self.rng
        ids = self.writer.reserve_ids(Opportunity.__table__, count)
        # most qualified leads became one of these (their customer the account they named)
        from_leads = [q for q in qualified if rng.random() < 0.7][:count]
        plans: list[_Plan] = []
        keys = [k for k, _ in stages]
        for n, oid in enumerate(ids):
            source = from_leads[n] if n < len(from_leads) else None
            if source is not None:
                customer = source.account or source.contact
                source.opportunity_id = oid
            else:
                customer = (rng.choice(companies) if companies and rng.random() < 0.6
                            else rng.choice(people))
            if n < len(keys):  # every stage open, then a won and a lost one
                status, stage = "open", keys[n]
            elif n < len(keys) + 2:
                status, stage = ("won", "lost")[n - len(keys)], keys[-1]
            else:
                status = rng.choices(*_STATUS)[0]
                stage = rng.choices(keys, (30, 25, 20, 15, 10, *[10] * (len(keys) - 5))[
                    :len(keys)])[0] if status == "open" else rng.choice(keys[1:] or keys)
            currency = _LOCALE_CURRENCY.get(customer.locale, self.currency) if (
                customer.locale != "da") else self.currency
            if status == "open":
                # the earlier the stage, the further off; some overdue
                ahead = 60 + 40 * (len(keys) - keys.index(stage))
                close = self.today + timedelta(days=rng.randint(-30, -1) if rng.random() < 0.05
                                               else rng.randint(7, ahead))
                closed_on = None
                created = self.now - timedelta(days=rng.randint(3, 200))
            else:
                closed_on = self.today - timedelta(days=rng.randint(1, 364))
                close = closed_on + timedelta(days=rng.randint(-20, 20))
                created = datetime.combine(closed_on, datetime.min.time()) - timedelta(
                    days=rng.randint(20, 150), hours=-rng.randint(8, 16))
            if source is not None:
                created = max(created, self._lead_created(source.lead_id) + timedelta(hours=2))
            plans.append(_Plan(oid, customer, currency, stage, status, created, close,
                               closed_on, source.lead_id if source else None))
        for plan in plans:
            self._quotes_for(plan, keys, products)
        self._write(plans, dict(stages), competitors, qualified)

    def _lead_created(self, lead_id: int) -> datetime:
        first = self.lead_rows[0].id
        return self.lead_rows[lead_id - first].created

    def _quotes_for(self, plan: _Plan, keys: list[str], products: list[Product]) -> None:
        """The quotes of an opportunity that got to a proposal (or further), its revenue
        following the latest; one without a quote gets an estimate."""
        rng = self.rng
        far = keys.index(plan.stage) >= min(2, len(keys) - 1)
        chance = {"open": 0.75 if far else 0.0, "won": 0.8, "lost": 0.45}[plan.status]
        if rng.random() >= chance:
            plan.revenue = self._price(rng.choice((3, 5, 8, 12, 18, 25, 40, 60, 90)) * 1000,
                                       plan.currency)
            return
        issued = (plan.closed_on or self.today) - timedelta(days=rng.randint(5, 60))
        issued = max(issued, plan.created.date())
        for version in range(2 if rng.random() < 0.15 else 1):
            lines = self._lines(plan.currency, products)
            stamp = self._stamp(issued)
            plan.quotes.append((QuoteTableRow(
                0, plan.id, "", "Quote" if not version else "Revised quote", plan.currency,
                issued, issued + timedelta(days=30), "", False, stamp, stamp, 1), lines))
            plan.revenue = sum((line_net(line) for line in lines), Decimal(0))
            issued = min(issued + timedelta(days=rng.randint(3, 14)),
                         plan.closed_on or self.today)
        last, lines = plan.quotes[-1]
        plan.quotes[-1] = (last._replace(follows_opportunity=True), lines)

    def _stamp(self, day: date) -> datetime:
        return datetime.combine(day, datetime.min.time()) + timedelta(
            hours=self.rng.randint(8, 16), minutes=self.rng.randint(0, 59))

    def _lines(self, currency: str, products: list[Product]) -> list[QuoteLineTableRow]:
        """Lines from the product list in the user's currency; abroad, free-text lines in
        the customer's currency without VAT (the buyer accounts for it)."""
        rng = self.rng
        lines = []
        for position in range(rng.choice((1, 2, 2, 3, 3, 4))):
            discount = Decimal(rng.choice((0, 0, 0, 5, 10, 15)))
            if currency == self.currency and products:
                product = rng.choice(products)
                quantity = Decimal(rng.choice((1, 1, 2, 3, 5, 10, 25, 40)))
                lines.append(QuoteLineTableRow(0, position, product.id, product.name, quantity,
                                               product.unit_price, discount, product.vat_rate))
            else:
                text, euros = rng.choice(_FREE_LINES + tuple((n, e) for n, _, e in _PRODUCTS))
                quantity = Decimal(rng.choice((1, 2, 4, 8, 20)))
                lines.append(QuoteLineTableRow(0, position, None, text, quantity,
                                               self._price(euros, currency), discount,
                                               Decimal(0)))
        return lines

    def _write(self, plans: list[_Plan], probability: dict[str, int],
               competitors: list[int], qualified: list[_Qualified]) -> None:
        rng = self.rng
        writer = self.writer
        rows: list[OpportunityTableRow] = []
        rivals: list[CompetitorRow] = []
        column: dict[str, int] = {}
        for plan in plans:
            customer = plan.customer
            topic = rng.choice(_TOPICS).format(n=rng.choice((5, 10, 25, 40, 120)))
            notes = rng.choice(("", "", "Decision expected after the board meeting.",
                                "Budget approved in principle.", "Wants references."))
            overridden = plan.status == "open" and rng.random() < 0.05
            chance = (rng.choice((5, 20, 35, 60, 80)) if overridden
                      else probability.get(plan.stage, 50))
            won = plan.status == "won"
            actual = (round_cents(plan.revenue * Decimal(rng.choice((90, 95, 100, 100, 100)))
                                  / 100) if won else None)
            competing = rng.sample(competitors, k=min(len(competitors), rng.choice((0, 0, 1, 2))))
            lost_to = (rng.choice(competing or competitors) if plan.status == "lost"
                       and competitors and rng.random() < 0.6 else None)
            rivals += [CompetitorRow(plan.id, a) for a in competing]
            column[plan.stage] = column.get(plan.stage, 0) + 1
            rows.append(OpportunityTableRow(
                plan.id, topic, customer.kind, customer.id, customer.name, plan.stage,
                chance, overridden, plan.revenue, plan.currency, plan.close, plan.status,
                actual, plan.closed_on, rng.choice(_LOST) if plan.status == "lost" else "",
                lost_to, float(column[plan.stage]) if plan.status == "open" else 0.0,
                plan.lead_id, notes, plan.created,
                datetime.combine(plan.closed_on, datetime.min.time()) + timedelta(hours=12)
                if plan.closed_on else plan.created, 1,
                *opportunity_columns(_OpportunityValues(topic, customer.name, notes),
                                     self.fold)))
        writer.insert(Lead.__table__, self.lead_rows)
        writer.insert(Opportunity.__table__, rows)
        writer.update(Lead.__table__, [_Became(q.lead_id, q.opportunity_id) for q in qualified
                                       if q.opportunity_id is not None],
                      ("qualified_opportunity_id",))
        writer.insert(opportunity_competitor, rivals)
        self._write_quotes(plans)

    def _write_quotes(self, plans: list[_Plan]) -> None:
        """Numbered by year in the order they were issued, as the app numbers them."""
        quotes = sorted((q for plan in plans for q in plan.quotes),
                        key=lambda item: (item[0].issued, item[0].opportunity_id))
        ids = self.writer.reserve_ids(Quote.__table__, len(quotes))
        per_year: dict[int, int] = {}
        rows, line_rows = [], []
        for quote_id, (quote, lines) in zip(ids, quotes, strict=True):
            year = quote.issued.year
            per_year[year] = per_year.get(year, 0) + 1
            rows.append(quote._replace(id=quote_id, number=quote_number(year, per_year[year])))
            line_rows += [line._replace(quote_id=quote_id) for line in lines]
        self.writer.insert(Quote.__table__, rows)
        self.writer.insert(QuoteLine.__table__, line_rows)
