"""Restoring the sales and service sections of crmdesk's own JSON: stages, products,
leads, opportunities, quotes, case subjects, campaigns (with their members and
responses) and cases, with every link between them and to the contacts and accounts of
the same file; and then its activities (``activity_restore``).

A file names records by the ids they had where it was written; this import keeps a
record's id where no row holds it, else gives it a new one, and maps every reference
through what it restored: the contacts and accounts first (the import's own maps), then
the products, the leads, the opportunities (customer, competitors, the account it was
lost to, its lead), the quotes (opportunity, products), and last the leads' links to
what they became.  A record whose id is held by one with the same creation time is the
same record, restored before: it is left as it is (so a second restore changes
nothing).  A reference to a record that is neither in the file nor restored is let go
(an opportunity's customer keeps its name), except a quote's opportunity, without
which the quote is not imported.  Everything is written in the import's transaction,
and the batch names each lead, opportunity, quote and activity it restored (with the
time it was created, which it keeps), so that undo takes them back.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from crmdesk.importers.json_reader import ParsedSales
from crmdesk.kinds import RecordRef
from crmdesk.models import (
    Campaign,
    Case,
    CaseSubject,
    ImportItem,
    Lead,
    Opportunity,
    Product,
    Quote,
    SalesStage,
)
from crmdesk.models.activity import Activity
from crmdesk.records import (
    CaseRecord,
    CaseSubjectRecord,
    LeadRecord,
    OpportunityRecord,
    ProductRecord,
    QuoteRecord,
)
from crmdesk.services.bulk import BulkWriter, chunks
from crmdesk.services.importing.activity_restore import ActivityRestore, CategoryIds
from crmdesk.services.importing.report import ImportProblem, ImportReport

_CURRENCY = re.compile(r"[A-Za-z]{3}")
_FORGET_EVERY = 500  # records restored between emptying the session


@dataclass
class SalesRestorers:
    """What writes restored sales records: the services' ``restore_into`` and the index."""

    leads: Any  # LeadService
    opportunities: Any  # OpportunityService
    quotes: Any  # QuoteService
    products: Any  # ProductService
    index: Any
    activities: Any  # ActivityService
    cases: Any  # CaseService
    campaigns: Any  # CampaignService


@dataclass
class _Pending:
    path: str
    item: ParsedSales


@dataclass
class _Maps:
    """File id -> stored id, per kind."""

    contact: dict[int, int]
    account: dict[int, int]
    product: dict[int, int] = field(default_factory=dict)
    lead: dict[int, int] = field(default_factory=dict)
    opportunity: dict[int, int] = field(default_factory=dict)
    subject: dict[int, int] = field(default_factory=dict)
    campaign: dict[int, int] = field(default_factory=dict)
    case: dict[int, int] = field(default_factory=dict)

    def find(self, kind: str, file_id: int) -> int | None:
        """The stored id of the record of ``kind`` the file calls ``file_id``, if restored."""
        return {"contact": self.contact, "account": self.account, "lead": self.lead,
                "opportunity": self.opportunity, "campaign": self.campaign,
                "case": self.case}.get(kind, {}).get(file_id)

    def ref(self, ref: RecordRef | None) -> RecordRef | None:
        if ref is None or ref.kind not in ("contact", "account"):
            return None
        found = self.find(ref.kind, ref.id)
        return RecordRef(ref.kind, found) if found is not None else None


#: what a batch's items call the records a restore created, and their tables
RESTORED = {"lead": Lead, "opportunity": Opportunity, "quote": Quote, "activity": Activity,
            "case": Case, "campaign": Campaign}


class SalesImport:
    """The sales records and activities of one import, held until the parties are
    written."""

    def __init__(self, writer: BulkWriter, report: ImportReport,
                 restorers: SalesRestorers | None, forget: Callable[[], None],
                 category_ids: CategoryIds, now: datetime) -> None:
        self.writer = writer
        self.session: Session = writer.session
        self.report = report
        self.r = restorers
        self.forget = forget
        self.category_ids = category_ids
        self.now = now
        self.pending: dict[str, list[_Pending]] = {
            k: [] for k in ("stage", "product", "lead", "opportunity", "quote", "subject",
                            "campaign", "case", "activity")}
        self.done = 0
        #: kind -> the ids of the records of ``RESTORED`` this import created
        self.made: dict[str, list[int]] = {kind: [] for kind in RESTORED}

    def add(self, path: str, item: ParsedSales) -> None:
        self.pending[item.kind].append(_Pending(path, item))

    def _problem(self, p: _Pending, reason: str) -> None:
        self.report.failed += 1
        self.report.problems.append(ImportProblem(
            p.path, p.item.line, f"{p.item.kind} {p.item.record_no}: {reason}; it was not "
            "imported", p.item.record_no))

    def _restored(self, kind: str) -> None:
        self.report.restored[kind] = self.report.restored.get(kind, 0) + 1
        self.done += 1
        if self.done % _FORGET_EVERY == 0:
            self.session.flush()
            self.forget()

    def finish(self, contacts: dict[int, int], accounts: dict[int, int]) -> None:
        """Write them all, in the order their references need."""
        if not any(self.pending.values()):
            return
        if self.r is None:  # pragma: no cover - every wiring passes them
            raise RuntimeError("this import cannot restore sales records")
        maps = _Maps(contacts, accounts)
        self._stages()
        self._products(maps)
        leads = self._leads(maps)
        opportunities = self._opportunities(maps)
        self._quotes(maps)
        self._lead_links(maps, leads)
        self._subjects(maps)
        self._campaigns(maps)
        self._campaign_links(maps, [(Lead, i, r.campaign_id) for i, r in leads]
                             + [(Opportunity, i, r.campaign_id) for i, r in opportunities])
        self._cases(maps)
        self.session.flush()
        for model, ids in ((Lead, maps.lead), (Opportunity, maps.opportunity),
                           (Campaign, maps.campaign)):
            self.r.index.refresh(self.session, model, list(ids.values()))
        if self.pending["activity"]:
            activities = ActivityRestore(self.writer, self.now, self.category_ids,
                                         self.r.activities, self._problem, self._restored)
            activities.write(self.pending["activity"], maps)
            self.made["activity"] = activities.created
        for model in (Product, Lead, Opportunity, Quote, Activity, CaseSubject, Campaign, Case):
            self.writer.ids_given(model.__table__)

    def record_items(self, batch_id: int) -> None:
        """The batch's items for the records restored: each with its version and the time
        it was created, which tells it from a later record under the same id."""
        rows = []
        for kind, ids in self.made.items():
            model = RESTORED[kind]
            for chunk in chunks(ids):
                rows += [{"batch_id": batch_id, "kind": kind, "action": "restored",
                          "party_id": rid, "version_after": version,
                          "added": json.dumps({"created": created.isoformat()})}
                         for rid, version, created in self.session.execute(
                             select(model.id, model.version, model.created)
                             .where(model.id.in_(chunk)))]
        if rows:
            self.session.execute(ImportItem.__table__.insert(), rows)

    # -- each kind -----------------------------------------------------------------------
    def _stages(self) -> None:
        """The file's stages in the file's order, before any the database has besides."""
        items = self.pending["stage"]
        if not items:
            return
        stored = {s.key: s for s in self.session.scalars(select(SalesStage))}
        keys = []
        for p in items:
            record = p.item.record
            if not record.key.strip() or not 0 <= record.probability <= 100:
                self._problem(p, "a stage has a key and a probability from 0 to 100")
                continue
            row = stored.get(record.key) or SalesStage(key=record.key)
            row.title, row.probability, row.active = (record.title.strip() or record.key,
                                                      record.probability, record.active)
            self.session.add(row)
            stored[record.key] = row
            keys.append(record.key)
            self._restored("stage")
        rest = sorted((s for k, s in stored.items() if k not in keys),
                      key=lambda s: (s.position, s.key))
        for position, row in enumerate([stored[k] for k in keys] + rest):
            row.position = position
        self.session.flush()

    def _products(self, maps: _Maps) -> None:
        for p in self.pending["product"]:
            record: ProductRecord = p.item.record
            if not (record.name.strip() and self._currency_ok(p, record.currency)):
                if not record.name.strip():
                    self._problem(p, "a product has a name")
                continue
            same = self.session.scalar(select(Product.id).where(
                func.lower(Product.name) == record.name.strip().lower(),
                Product.code == record.code.strip(), Product.unit_price == record.unit_price))
            if same is None:
                free = record.id is not None and self.session.get(Product, record.id) is None
                row = Product(id=record.id) if free else Product()
                self.session.add(row)
                self.r.products.apply(row, record)
                self.session.flush()
                same = row.id
                self._restored("product")
            if record.id is not None:
                maps.product[record.id] = same

    def _leads(self, maps: _Maps) -> list[tuple[int, LeadRecord]]:
        """The leads, their links to what they became left for the end."""
        out = []
        for p in self.pending["lead"]:
            record: LeadRecord = p.item.record
            if not self._currency_ok(p, record.currency):
                continue
            held = self._same(Lead, record.id, record.created)
            if held is None:
                row = self.r.leads.restore_into(self.session, replace(
                    record, qualified_account_id=None, qualified_contact_id=None,
                    qualified_opportunity_id=None))
                self._keep_modified(row, record.modified)
                self.session.flush()
                held = row.id
                out.append((held, record))
                self.made["lead"].append(held)
                self._restored("lead")
            if record.id is not None:
                maps.lead[record.id] = held
        return out

    def _opportunities(self, maps: _Maps) -> list[tuple[int, OpportunityRecord]]:
        out = []
        for p in self.pending["opportunity"]:
            record: OpportunityRecord = p.item.record
            if not self._currency_ok(p, record.currency):
                continue
            if record.probability is not None and not 0 <= record.probability <= 100:
                self._problem(p, "“probability” is a percentage from 0 to 100")
                continue
            held = self._same(Opportunity, record.id, record.created)
            if held is None:
                row = self.r.opportunities.restore_into(self.session, replace(
                    record, customer=maps.ref(record.customer),
                    competitors=[maps.account[a] for a in record.competitors
                                 if a in maps.account],
                    lost_to_id=maps.account.get(record.lost_to_id or -1),
                    lead_id=maps.lead.get(record.lead_id or -1)))
                if record.customer is not None and row.customer_id is None:
                    row.customer_kind = record.customer.kind  # kept under its name
                self._keep_modified(row, record.modified)
                self.session.flush()
                held = row.id
                self.made["opportunity"].append(held)
                out.append((held, record))
                self._restored("opportunity")
            if record.id is not None:
                maps.opportunity[record.id] = held
        return out

    def _quotes(self, maps: _Maps) -> None:
        for p in self.pending["quote"]:
            record: QuoteRecord = p.item.record
            if not self._currency_ok(p, record.currency):
                continue
            opportunity_id = maps.opportunity.get(record.opportunity_id or -1)
            opportunity = (self.session.get(Opportunity, opportunity_id)
                           if opportunity_id is not None else None)
            if opportunity is None:
                self._problem(p, f"its opportunity ({record.opportunity_id}) is not in the "
                              "file or was not imported")
                continue
            if record.number.strip() and self.session.scalar(select(Quote.id).where(
                    Quote.number == record.number.strip(), Quote.created == record.created)):
                continue  # restored before
            lines = [replace(line, product_id=maps.product.get(line.product_id or -1))
                     for line in record.lines]
            row = self.r.quotes.restore_into(self.session, replace(
                record, opportunity_id=opportunity.id, lines=lines), opportunity)
            self._keep_modified(row, record.modified)
            self.session.flush()
            self.made["quote"].append(row.id)
            self._restored("quote")

    def _lead_links(self, maps: _Maps, leads: list[tuple[int, LeadRecord]]) -> None:
        """What each restored lead became, once all of it is restored (its day modified
        kept: a Core UPDATE, as the ORM would stamp it now)."""
        self.session.flush()
        for lead_id, record in leads:
            links = {"qualified_account_id": maps.account.get(record.qualified_account_id or -1),
                     "qualified_contact_id": maps.contact.get(record.qualified_contact_id or -1),
                     "qualified_opportunity_id": maps.opportunity.get(
                         record.qualified_opportunity_id or -1)}
            if any(v is not None for v in links.values()):
                self.session.execute(update(Lead).where(Lead.id == lead_id).values(
                    **links, modified=record.modified or Lead.modified)
                    .execution_options(synchronize_session=False))

    def _subjects(self, maps: _Maps) -> None:
        """The case subjects, parents before children (the file's order); one with the
        same name under the same parent is the one stored."""
        for p in self.pending["subject"]:
            record: CaseSubjectRecord = p.item.record
            parent = maps.subject.get(record.parent_id or -1)
            same = self.session.scalar(select(CaseSubject.id).where(
                CaseSubject.name == record.name.strip(),
                CaseSubject.parent_id.is_(None) if parent is None
                else CaseSubject.parent_id == parent))
            if same is None:
                free = (record.id is not None
                        and self.session.get(CaseSubject, record.id) is None)
                row = CaseSubject(id=record.id) if free else CaseSubject()
                row.name, row.parent_id, row.position = (record.name.strip(), parent,
                                                         record.position)
                self.session.add(row)
                self.session.flush()
                same = row.id
                self._restored("subject")
            if record.id is not None:
                maps.subject[record.id] = same

    def _campaigns(self, maps: _Maps) -> None:
        """The campaigns with their members (those whose contact, account or lead is
        restored or was restored before) and responses."""
        for p in self.pending["campaign"]:
            record, members, responses = p.item.record
            if not self._currency_ok(p, record.currency):
                continue
            held = self._same(Campaign, record.id, record.created)
            if held is None:
                by_kind = {"contact": maps.contact, "account": maps.account,
                           "lead": maps.lead}
                kept = [replace(m, ref=RecordRef(m.ref.kind, by_kind[m.ref.kind][m.ref.id]))
                        for m in members if m.ref.id in by_kind[m.ref.kind]]
                row = self.r.campaigns.restore_into(self.session, record, kept, [
                    replace(r, lead_id=maps.lead.get(r.lead_id or -1)) for r in responses])
                self._keep_modified(row, record.modified)
                self.session.flush()
                held = row.id
                self.made["campaign"].append(held)
                self._restored("campaign")
            if record.id is not None:
                maps.campaign[record.id] = held

    def _campaign_links(self, maps: _Maps, rows: list[tuple[Any, int, int | None]]) -> None:
        """The restored leads and opportunities name the campaign as restored (or none,
        when it is not in the file)."""
        self.session.flush()
        for model, row_id, campaign_id in rows:
            if campaign_id is not None:
                self.session.execute(update(model).where(model.id == row_id).values(
                    campaign_id=maps.campaign.get(campaign_id), modified=model.modified)
                    .execution_options(synchronize_session=False))

    def _cases(self, maps: _Maps) -> None:
        restored = []
        for p in self.pending["case"]:
            record: CaseRecord = p.item.record
            if not record.title.strip():
                self._problem(p, "a case has a title")
                continue
            held = self._same(Case, record.id, record.created)
            if held is not None:
                if record.id is not None:
                    maps.case[record.id] = held
                continue
            row = self.r.cases.restore_into(self.session, replace(
                record, customer=maps.ref(record.customer) or (
                    None if record.customer is None
                    else RecordRef(record.customer.kind, -1)),
                subject_id=maps.subject.get(record.subject_id or -1)))
            self._keep_modified(row, record.modified)
            self.session.flush()
            restored.append(row.id)
            self.made["case"].append(row.id)
            if record.id is not None:
                maps.case[record.id] = row.id
            self._restored("case")
        self.r.index.refresh(self.session, Case, restored)

    # -- helpers ---------------------------------------------------------------------
    def _currency_ok(self, p: _Pending, currency: str) -> bool:
        if currency.strip() and not _CURRENCY.fullmatch(currency.strip()):
            self._problem(p, f"the currency “{currency}” is not a three-letter code such "
                          "as DKK or EUR")
            return False
        return True

    def _same(self, model: Any, record_id: int | None, created: datetime | None) -> int | None:
        """The stored row that is this record, restored before: its id and creation time."""
        if record_id is None or created is None:
            return None
        return self.session.scalar(select(model.id).where(model.id == record_id,
                                                          model.created == created))

    @staticmethod
    def _keep_modified(row: Any, modified: datetime | None) -> None:
        if modified is not None:
            row.modified = modified
