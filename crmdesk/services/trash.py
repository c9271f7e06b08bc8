"""The trash: deleted contacts, accounts, leads and opportunities, kept whole until the
user empties it.

A delete (``ContactService.delete``, ``AccountService.delete``) calls
:func:`keep_contacts` or :func:`keep_accounts` in its own transaction before the
rows go: each record is written to ``deleted_record`` as a snapshot (the record in
``record_to_dict``'s form, when it was created, and the links other rows had to
it, which the database undoes on delete: an account's contacts and sub-accounts,
the accounts a contact was primary contact of, and the activities that regarded it:
their ids when they stay in the history under its name, or the activities whole when
they went with it).  The rows themselves are deleted as before, so no list, search,
export or import query needs to know the trash.

:class:`TrashService` lists the trash, restores from it and empties it.  A restore
re-creates the record through the kind's own ``apply`` (so its list columns,
search text, phones' E.164 forms and categories come out as a save makes them),
under its old id if no row holds it now, else under a new one (``Restored`` says
which); it re-links what still exists and is not linked elsewhere meanwhile, and
brings back the activities that went with it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, selectinload

from crmdesk.errors import DatabaseBusy
from crmdesk.exporters import record_to_dict
from crmdesk.exporters.activity_json import activity_from_dict, activity_to_dict
from crmdesk.exporters.sales_json import (
    lead_from_dict,
    lead_to_dict,
    opportunity_from_dict,
    opportunity_to_dict,
    quote_from_dict,
    quote_to_dict,
)
from crmdesk.exporters.service_json import (
    campaign_from_dict,
    campaign_to_dict,
    case_from_dict,
    case_to_dict,
)
from crmdesk.kinds import RecordRef
from crmdesk.models import (
    Account,
    Campaign,
    Case,
    Contact,
    DeletedRecord,
    Lead,
    Opportunity,
    Quote,
    opportunity_competitor,
)
from crmdesk.models.activity import Activity, Participant
from crmdesk.records import AccountRecord, ParticipantEntry
from crmdesk.services import party_fields as pf
from crmdesk.services.errors import storage_error
from crmdesk.services.importing.snapshot import account_from, contact_from
from crmdesk.services.loading import load_accounts, load_contacts
from crmdesk.services.names import key_of

if TYPE_CHECKING:
    from crmdesk.db import Database
    from crmdesk.services.accounts import AccountService
    from crmdesk.services.activities import ActivityService
    from crmdesk.services.campaigns import CampaignService
    from crmdesk.services.cases import CaseService
    from crmdesk.services.contacts import ContactService
    from crmdesk.services.leads import LeadService
    from crmdesk.services.opportunities import OpportunityService
    from crmdesk.services.quotes import QuoteService
    from crmdesk.services.search_index import SearchIndex

_CHUNK = 500  # ids per IN list


@dataclass(frozen=True)
class Deletion:
    """What one delete put in the trash: its batch (None if nothing was deleted)."""

    batch: int | None
    count: int


@dataclass(frozen=True)
class TrashEntry:
    id: int
    kind: str  # "contact" or "account"
    record_id: int
    name: str
    deleted_at: datetime
    batch: int


@dataclass(frozen=True)
class Restored:
    kind: str
    old_id: int
    new_id: int
    name: str

    @property
    def renumbered(self) -> bool:
        """Another record took the old id meanwhile, so this one has a new id."""
        return self.old_id != self.new_id


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    ids = list(ids)
    for start in range(0, len(ids), _CHUNK):
        yield ids[start:start + _CHUNK]


def _write(session: Session, kind: str, items: list[tuple[int, str, dict[str, Any]]]
           ) -> Deletion:
    """One ``deleted_record`` per (id, name, snapshot); the batch is the first row's id."""
    if not items:
        return Deletion(None, 0)
    rows = [DeletedRecord(batch=0, kind=kind, record_id=rid, name=name,
                          snapshot=json.dumps(snap, ensure_ascii=False))
            for rid, name, snap in items]
    session.add_all(rows)
    session.flush()
    batch = rows[0].id
    for row in rows:
        row.batch = batch
    session.flush()
    return Deletion(batch, len(rows))


def keep_contacts(session: Session, ids: Sequence[int], *, with_activities: bool = False,
                  with_opportunities: bool = False) -> Deletion:
    """Snapshot these contacts into the trash (call in the transaction that deletes them,
    before the activities regarding them and the opportunities they are the customer of
    are let go: ``with_activities``, ``with_opportunities`` if those go too)."""
    items: list[tuple[int, str, dict[str, Any]]] = []
    for chunk in _chunks(ids):
        regarded = _regarded(session, "contact", chunk, whole=with_activities)
        customer_of = _customer_of(session, "contact", chunk, whole=with_opportunities,
                                   with_activities=with_activities)
        taking_part = _taking_part(session, Participant.contact_id, chunk)
        loaded = load_contacts(session, chunk)
        created: dict[int, datetime] = dict(session.execute(
            select(Contact.id, Contact.created).where(Contact.id.in_(chunk))).all())
        primary_of: dict[int, list[int]] = {}
        for aid, cid in session.execute(select(Account.id, Account.primary_contact_id)
                                        .where(Account.primary_contact_id.in_(chunk))):
            primary_of.setdefault(cid, []).append(aid)
        for cid in chunk:
            if (record := loaded.records.get(cid)) is None:
                continue
            items.append((cid, loaded.listed[cid].display_name, {
                "record": record_to_dict(record), "created": _iso(created.get(cid)),
                "primary_of": primary_of.get(cid, []), **regarded.get(cid, {}),
                **customer_of.get(cid, {}), "taking_part": taking_part.get(cid, [])}))
    return _write(session, "contact", items)


def keep_accounts(session: Session, ids: Sequence[int], *, with_activities: bool = False,
                  with_opportunities: bool = False) -> Deletion:
    """Snapshot these accounts, with the contacts and sub-accounts the delete will
    detach from them, the activities regarding them and the opportunities they are the
    customer of, into the trash (call in the transaction that deletes them;
    ``with_activities``, ``with_opportunities`` if those go too)."""
    items: list[tuple[int, str, dict[str, Any]]] = []
    for chunk in _chunks(ids):
        regarded = _regarded(session, "account", chunk, whole=with_activities)
        customer_of = _customer_of(session, "account", chunk, whole=with_opportunities,
                                   with_activities=with_activities)
        taking_part = _taking_part(session, Participant.account_id, chunk)
        records = load_accounts(session, chunk)
        created: dict[int, datetime] = dict(session.execute(
            select(Account.id, Account.created).where(Account.id.in_(chunk))).all())
        members: dict[int, list[int]] = {}
        for cid, aid in session.execute(select(Contact.id, Contact.account_id)
                                        .where(Contact.account_id.in_(chunk))):
            members.setdefault(aid, []).append(cid)
        children: dict[int, list[int]] = {}
        for child, parent in session.execute(select(Account.id, Account.parent_id)
                                             .where(Account.parent_id.in_(chunk))):
            children.setdefault(parent, []).append(child)
        for aid in chunk:
            if (record := records.get(aid)) is None:
                continue
            items.append((aid, record.name, {
                "record": record_to_dict(record), "created": _iso(created.get(aid)),
                "members": members.get(aid, []), "children": children.get(aid, []),
                **regarded.get(aid, {}), **customer_of.get(aid, {}),
                "taking_part": taking_part.get(aid, [])}))
    return _write(session, "account", items)


def keep_leads(session: Session, ids: Sequence[int], *, with_activities: bool = False
               ) -> Deletion:
    """Snapshot these leads, with the activities regarding them, into the trash (call in
    the transaction that deletes them; ``with_activities`` if those go too)."""
    from crmdesk.services.leads import LeadService

    items: list[tuple[int, str, dict[str, Any]]] = []
    for chunk in _chunks(ids):
        regarded = _regarded(session, "lead", chunk, whole=with_activities)
        came_from = dict(session.execute(select(Opportunity.id, Opportunity.lead_id)
                                         .where(Opportunity.lead_id.in_(chunk))).all())
        for lead in session.scalars(select(Lead).where(Lead.id.in_(chunk)).order_by(Lead.id)):
            items.append((lead.id, lead.display_name, {
                "record": lead_to_dict(LeadService.record_of(lead)),
                "opportunities": [o for o, lid in came_from.items() if lid == lead.id],
                **regarded.get(lead.id, {})}))
    return _write(session, "lead", items)


def keep_cases(session: Session, ids: Sequence[int], *, with_activities: bool = False
               ) -> Deletion:
    """Snapshot these cases, with the activities regarding them, into the trash."""
    from crmdesk.services.cases import CaseService

    items: list[tuple[int, str, dict[str, Any]]] = []
    for chunk in _chunks(ids):
        regarded = _regarded(session, "case", chunk, whole=with_activities)
        for row in session.scalars(select(Case).where(Case.id.in_(chunk)).order_by(Case.id)):
            items.append((row.id, f"{row.ticket_number} {row.display_name}", {
                "record": case_to_dict(CaseService.record_of(row)),
                **regarded.get(row.id, {})}))
    return _write(session, "case", items)


def keep_campaigns(session: Session, ids: Sequence[int], *, with_activities: bool = False
                   ) -> Deletion:
    """Snapshot these campaigns, with their members and responses (which the delete
    takes with them) and the activities regarding them, into the trash."""
    from crmdesk.services.campaigns import CampaignService, members_of, responses_of

    items: list[tuple[int, str, dict[str, Any]]] = []
    for chunk in _chunks(ids):
        regarded = _regarded(session, "campaign", chunk, whole=with_activities)
        for row in session.scalars(select(Campaign).where(Campaign.id.in_(chunk))
                                   .order_by(Campaign.id)):
            items.append((row.id, row.display_name, {
                "record": campaign_to_dict(CampaignService.record_of(row),
                                           members_of(session.connection(), row.id),
                                           responses_of(session.connection(), row.id)),
                **regarded.get(row.id, {})}))
    return _write(session, "campaign", items)


def keep_opportunities(session: Session, ids: Sequence[int], *,
                       with_activities: bool = False) -> Deletion:
    """Snapshot these opportunities, with their quotes (which the delete takes with
    them) and the activities regarding them, into the trash."""
    items: list[tuple[int, str, dict[str, Any]]] = []
    for chunk in _chunks(ids):
        items += _opportunity_items(session, chunk, with_activities)
    return _write(session, "opportunity", items)


def _opportunity_items(session: Session, ids: list[int], with_activities: bool
                       ) -> list[tuple[int, str, dict[str, Any]]]:
    """(id, topic, snapshot) of these opportunities: the record, its quotes, the leads
    qualified into it, the activities regarding it."""
    from crmdesk.services.opportunities import OpportunityService
    from crmdesk.services.quotes import QuoteService

    link = opportunity_competitor
    regarded = _regarded(session, "opportunity", ids, whole=with_activities)
    competitors: dict[int, list[int]] = {}
    for oid, aid in session.execute(select(link.c.opportunity_id, link.c.account_id)
                                    .where(link.c.opportunity_id.in_(ids))
                                    .order_by(link.c.account_id)):
        competitors.setdefault(oid, []).append(aid)
    quotes: dict[int, list[dict[str, Any]]] = {}
    for quote in session.scalars(select(Quote).where(Quote.opportunity_id.in_(ids))
                                 .options(selectinload(Quote.lines)).order_by(Quote.id)):
        quotes.setdefault(quote.opportunity_id, []).append(
            quote_to_dict(QuoteService.record_of(quote)))
    leads = dict(session.execute(select(Lead.id, Lead.qualified_opportunity_id)
                                 .where(Lead.qualified_opportunity_id.in_(ids))).all())
    items = []
    for row in session.scalars(select(Opportunity).where(Opportunity.id.in_(ids))
                               .order_by(Opportunity.id)):
        record = OpportunityService.record_of(row, competitors.get(row.id, []))
        items.append((row.id, row.display_name, {
            "record": opportunity_to_dict(record), "quotes": quotes.get(row.id, []),
            "qualified_from": [lid for lid, oid in leads.items() if oid == row.id],
            **regarded.get(row.id, {})}))
    return items


def _customer_of(session: Session, kind: str, ids: list[int], *, whole: bool,
                 with_activities: bool) -> dict[int, dict[str, Any]]:
    """Per contact or account, the opportunities it is the customer of: ``customer_of``
    (id and the name they show it under) for those that stay under its name, or
    ``opportunities`` (each as ``keep_opportunities`` keeps one) for those deleted
    with it."""
    found: dict[int, dict[str, Any]] = {}
    rows = session.execute(select(Opportunity.id, Opportunity.customer_id,
                                  Opportunity.customer_name)
                           .where(Opportunity.customer_kind == kind,
                                  Opportunity.customer_id.in_(ids))
                           .order_by(Opportunity.id)).all()
    if not whole:
        for oid, owner, name in rows:
            found.setdefault(owner, {"customer_of": []})["customer_of"].append([oid, name])
        return found
    owners = {oid: owner for oid, owner, _ in rows}
    for oid, _, snap in _opportunity_items(session, list(owners), with_activities):
        found.setdefault(owners[oid], {"opportunities": []})["opportunities"].append(snap)
    return found


def _regarded(session: Session, kind: str, ids: list[int], *, whole: bool
              ) -> dict[int, dict[str, Any]]:
    """Per record, the activities regarding it: ``kept`` (id and the name they show it
    under) for those that stay in the history, or ``activities`` (each whole, its changed
    occurrences after it) for those deleted with it."""
    rows = session.scalars(select(Activity).where(
        Activity.regarding_kind == kind, Activity.regarding_id.in_(ids))
        .options(selectinload(Activity.participants), selectinload(Activity.categories))
        .order_by(Activity.id)).all()
    found: dict[int, dict[str, Any]] = {}
    if not whole:
        for row in rows:
            found.setdefault(row.regarding_id, {"kept": []})["kept"].append(
                [row.id, row.regarding_name])
        return found
    from crmdesk.services.activities import ActivityService

    taken = {row.id for row in rows}
    changed: dict[int, list[Activity]] = {}
    for row in session.scalars(select(Activity).where(Activity.series_id.in_(taken))
                               .options(selectinload(Activity.participants),
                                        selectinload(Activity.categories))):
        if row.id not in taken:
            changed.setdefault(row.series_id, []).append(row)
    for row in rows:
        whole_rows = [row, *changed.get(row.id, [])]
        found.setdefault(row.regarding_id, {"activities": []})["activities"] += [
            activity_to_dict(ActivityService.record_of(r)) for r in whole_rows]
    return found


def _taking_part(session: Session, column: Any, ids: list[int]) -> dict[int, list[int]]:
    """Per record, the participant rows naming it (the delete sets them to nobody)."""
    found: dict[int, list[int]] = {}
    for pid, owner in session.execute(select(Participant.id, column).where(column.in_(ids))):
        found.setdefault(owner, []).append(pid)
    return found


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


class TrashService:
    """List, restore, and forget what was deleted."""

    def __init__(self, db: Database, index: SearchIndex, contacts: ContactService,
                 accounts: AccountService, activities: ActivityService, *,
                 leads: LeadService, opportunities: OpportunityService,
                 quotes: QuoteService, cases: CaseService,
                 campaigns: CampaignService) -> None:
        self.db = db
        self.index = index
        self.contacts = contacts
        self.accounts = accounts
        self.activities = activities
        self.leads = leads
        self.opportunities = opportunities
        self.quotes = quotes
        self.cases = cases
        self.campaigns = campaigns

    # -- reading -----------------------------------------------------------------------
    def entries(self) -> list[TrashEntry]:
        """Everything in the trash, the latest delete first."""
        d = DeletedRecord
        with self.db.sessions() as session:
            return [TrashEntry(*row) for row in session.execute(
                select(d.id, d.kind, d.record_id, d.name, d.deleted_at, d.batch)
                .order_by(d.deleted_at.desc(), d.id.desc()))]

    def count(self) -> int:
        with self.db.sessions() as session:
            return int(session.scalar(select(func.count(DeletedRecord.id))) or 0)

    # -- restoring ---------------------------------------------------------------------
    def restore_batch(self, batch: int) -> list[Restored]:
        """Undo one delete: restore what it put in the trash and is still there."""
        with self.db.sessions() as session:
            ids = list(session.scalars(select(DeletedRecord.id)
                                       .where(DeletedRecord.batch == batch)))
        return self.restore(ids)

    def restore(self, entry_ids: Sequence[int]) -> list[Restored]:
        """Re-create these deleted records and take them out of the trash (entries no
        longer in the trash are skipped); a database failure is a ``StorageError``."""
        region = self.accounts.region()
        try:
            with self.db.writing() as session:
                rows = session.scalars(select(DeletedRecord)
                                       .where(DeletedRecord.id.in_(list(entry_ids)))).all()
                # accounts first, so a contact restored with its company finds it
                accounts = sorted((r for r in rows if r.kind == "account"), key=lambda r: r.id)
                done = [Restored("account", row.record_id,
                                 self._restore_account(session, json.loads(row.snapshot),
                                                       region), row.name)
                        for row in accounts]
                done += self._restore_contacts(
                    session, sorted((r for r in rows if r.kind == "contact"),
                                    key=lambda r: r.id), region)
                # then the sales records, which point at contacts and accounts
                for kind, restore in (("lead", self._restore_lead),
                                      ("opportunity", self._restore_opportunity),
                                      ("campaign", self._restore_campaign),
                                      ("case", self._restore_case)):
                    done += [Restored(kind, row.record_id,
                                      restore(session, json.loads(row.snapshot)), row.name)
                             for row in sorted((r for r in rows if r.kind == kind),
                                               key=lambda r: r.id)]
                for row in rows:
                    session.delete(row)
                return done
        except (DBAPIError, DatabaseBusy) as exc:
            raise storage_error(exc) from exc

    @staticmethod
    def _free(session: Session, model: type[Contact] | type[Account], record_id: int | None
              ) -> bool:
        return record_id is not None and session.get(model, record_id) is None

    @staticmethod
    def _exists(session: Session, model: type[Contact] | type[Account],
                record_id: int | None) -> bool:
        return record_id is not None and session.get(model, record_id) is not None

    def _restore_contacts(self, session: Session, rows: list[DeletedRecord], region: str
                          ) -> list[Restored]:
        """Re-create these contacts with one flush: what they link to is read first, a
        chunk of ids at a time (an undo of a delete of thousands takes seconds, not a
        minute of one flush per contact)."""
        snaps: list[dict[str, Any]] = [json.loads(row.snapshot) for row in rows]
        records = [contact_from(snap["record"]) for snap in snaps]
        taken: set[int] = set()
        for chunk in _chunks([r.id for r in records if r.id is not None]):
            taken.update(session.scalars(select(Contact.id).where(Contact.id.in_(chunk))))
        companies: dict[int, Account] = {}
        for chunk in _chunks(list({r.account_id for r in records if r.account_id})):
            companies.update((a.id, a) for a in session.scalars(
                select(Account).where(Account.id.in_(chunk))))
        # a company that is gone, or back under another id, is linked by name; a restore
        # never creates an account
        keys = list({key_of(r.company) for r in records
                     if r.account_id not in companies and r.company.strip()})
        by_key: dict[str, int] = {}
        for chunk in _chunks(keys):
            for key, aid in session.execute(select(Account.name_key, Account.id)
                                            .where(Account.name_key.in_(chunk))):
                by_key.setdefault(key, aid)
        # every category once, before the contacts (so none is made twice)
        pf.categories_for(session, [c for r in records for c in r.categories])
        session.flush()
        made: list[Contact] = []
        with session.no_autoflush:
            for record, snap in zip(records, snaps, strict=True):
                if record.account_id in companies:
                    record = replace(record, company=companies[record.account_id].name)
                else:
                    found = by_key.get(key_of(record.company)) if record.company.strip() else None
                    record = replace(record, account_id=found,
                                     company=record.company if found else "")
                if record.id is not None and record.id not in taken:
                    contact = Contact(id=record.id)
                    taken.add(record.id)
                else:
                    contact = Contact()
                session.add(contact)
                self.contacts.apply(session, contact, replace(record, id=None, version=None),
                                    region)
                if snap.get("created"):
                    contact.created = datetime.fromisoformat(snap["created"])
                made.append(contact)
        session.flush()
        self.index.refresh(session, Contact, [c.id for c in made])
        for contact, snap in zip(made, snaps, strict=True):
            if primary_of := snap.get("primary_of"):
                session.execute(update(Account).where(Account.id.in_(primary_of),
                                                      Account.primary_contact_id.is_(None))
                                .values(primary_contact_id=contact.id)
                                .execution_options(synchronize_session=False))
            self._activities_back(session, RecordRef("contact", contact.id), snap)
            self._opportunities_back(session, RecordRef("contact", contact.id), snap)
        return [Restored("contact", row.record_id, contact.id, row.name)
                for row, contact in zip(rows, made, strict=True)]

    def _restore_account(self, session: Session, snap: dict[str, Any], region: str) -> int:
        record: AccountRecord = account_from(snap["record"])
        record = replace(
            record, id=None, version=None,
            parent_id=record.parent_id if self._exists(session, Account, record.parent_id)
            else None,
            primary_contact_id=record.primary_contact_id
            if self._exists(session, Contact, record.primary_contact_id) else None)
        old_id = snap["record"].get("id")
        account = Account(id=old_id) if self._free(session, Account, old_id) else Account()
        session.add(account)
        self.accounts.apply(session, account, record, region)
        if snap.get("created"):
            account.created = datetime.fromisoformat(snap["created"])
        session.flush()
        self.index.refresh(session, Account, [account.id])
        self._reattach(session, account, snap.get("members", []), snap.get("children", []),
                       region)
        self._activities_back(session, RecordRef("account", account.id), snap)
        self._opportunities_back(session, RecordRef("account", account.id), snap)
        return account.id

    def _restore_lead(self, session: Session, snap: dict[str, Any]) -> int:
        """The lead back whole (status, owner, what it became, if still there); the
        opportunities that came from it point at it again."""
        lead = self.leads.restore_into(session, lead_from_dict(snap["record"]))
        session.flush()
        self.index.refresh(session, Lead, [lead.id])
        for chunk in _chunks(snap.get("opportunities", [])):
            session.execute(update(Opportunity).where(Opportunity.id.in_(chunk),
                                                      Opportunity.lead_id.is_(None))
                            .values(lead_id=lead.id)
                            .execution_options(synchronize_session=False))
        self._activities_back(session, RecordRef("lead", lead.id), snap)
        return lead.id

    def _restore_case(self, session: Session, snap: dict[str, Any]) -> int:
        """The case back whole, under its own ticket number unless another case holds it
        meanwhile."""
        row = self.cases.restore_into(session, case_from_dict(snap["record"]))
        session.flush()
        self.index.refresh(session, Case, [row.id])
        self._activities_back(session, RecordRef("case", row.id), snap)
        return row.id

    def _restore_campaign(self, session: Session, snap: dict[str, Any]) -> int:
        """The campaign back with its members (those still there) and responses."""
        row = self.campaigns.restore_into(session, *campaign_from_dict(snap["record"]))
        session.flush()
        self._activities_back(session, RecordRef("campaign", row.id), snap)
        return row.id

    def _opportunities_back(self, session: Session, ref: RecordRef, snap: dict[str, Any]
                            ) -> None:
        """A restored contact or account is the customer again of the opportunities kept
        under its name, and those deleted with it come back."""
        for opportunity_id, name in snap.get("customer_of", []):
            session.execute(update(Opportunity).where(
                Opportunity.id == opportunity_id, Opportunity.customer_id.is_(None),
                Opportunity.customer_kind == ref.kind, Opportunity.customer_name == name)
                .values(customer_id=ref.id).execution_options(synchronize_session=False))
        for values in snap.get("opportunities", []):
            self._restore_opportunity(session, values, customer=ref)

    def _restore_opportunity(self, session: Session, snap: dict[str, Any],
                             customer: RecordRef | None = None) -> int:
        """The opportunity back whole, with its quotes; its customer (``customer``: the
        one restored with it), competitors and lead where they still exist."""
        record = opportunity_from_dict(snap["record"])
        if customer is not None:
            record = replace(record, customer=customer)
        row = self.opportunities.restore_into(session, record)
        session.flush()
        self.index.refresh(session, Opportunity, [row.id])
        for values in snap.get("quotes", []):
            self.quotes.restore_into(session, quote_from_dict(values), row)
        for chunk in _chunks(snap.get("qualified_from", [])):
            session.execute(update(Lead).where(Lead.id.in_(chunk),
                                               Lead.qualified_opportunity_id.is_(None))
                            .values(qualified_opportunity_id=row.id)
                            .execution_options(synchronize_session=False))
        self._activities_back(session, RecordRef("opportunity", row.id), snap)
        return row.id

    def _activities_back(self, session: Session, ref: RecordRef, snap: dict[str, Any]
                         ) -> None:
        """The restored record is regarded again by the activities kept in its history
        (those still regarding nothing, under the name it had), takes part again where it
        did, and the activities deleted with it come back."""
        model_column = {"contact": Participant.contact_id,
                        "account": Participant.account_id}.get(ref.kind)
        for activity_id, name in snap.get("kept", []):
            session.execute(update(Activity).where(
                Activity.id == activity_id, Activity.regarding_id.is_(None),
                Activity.regarding_kind == ref.kind, Activity.regarding_name == name)
                .values(regarding_id=ref.id).execution_options(synchronize_session=False))
        for chunk in _chunks(snap.get("taking_part", []) if model_column is not None else []):
            session.execute(update(Participant).where(Participant.id.in_(chunk),
                                                      model_column.is_(None))
                            .values({model_column: ref.id})
                            .execution_options(synchronize_session=False))
        old_id = snap["record"].get("id")
        made: dict[int, int] = {}
        for values in snap.get("activities", []):
            record, _ = activity_from_dict(values)
            if record.series_id is not None:
                if record.series_id not in made:
                    continue
                record = replace(record, series_id=made[record.series_id])
            record = replace(
                record, id=None, version=None, regarding=ref,
                participants=[self._still_there(session, p, ref, old_id)
                              for p in record.participants])
            old = values.get("id")
            row = (Activity(id=old) if old is not None and session.get(Activity, old) is None
                   else Activity())
            session.add(row)
            self.activities.apply(session, row, record)
            session.flush()
            if old is not None:
                made[old] = row.id

    def _still_there(self, session: Session, entry: ParticipantEntry, ref: RecordRef,
                     old_id: int | None) -> ParticipantEntry:
        """A participant of an activity coming back: the restored record under its new
        id, any other contact or account only if it still exists."""
        contact, account = entry.contact_id, entry.account_id
        if ref.kind == "contact" and contact == old_id:
            contact = ref.id
        elif not self._exists(session, Contact, contact):
            contact = None
        if ref.kind == "account" and account == old_id:
            account = ref.id
        elif not self._exists(session, Account, account):
            account = None
        return replace(entry, contact_id=contact, account_id=account)

    def _reattach(self, session: Session, account: Account, members: list[int],
                  children: list[int], region: str) -> None:
        """Give the account back the contacts and sub-accounts its delete detached, those
        that still exist and were not given another company or parent meanwhile."""
        back: list[Contact] = []
        for chunk in _chunks(members):
            back += session.scalars(
                select(Contact).where(Contact.id.in_(chunk), Contact.account_id.is_(None))
                .options(selectinload(Contact.phones), selectinload(Contact.emails),
                         selectinload(Contact.addresses), selectinload(Contact.categories))
            ).all()
        for contact in back:
            contact.account = account
            self.contacts.kind.derive_columns(contact, region)
        session.flush()
        self.index.refresh(session, Contact, [c.id for c in back])
        ancestors = self._ancestors(session, account.id)
        for chunk in _chunks([c for c in children if c not in ancestors]):
            session.execute(update(Account).where(Account.id.in_(chunk),
                                                  Account.parent_id.is_(None))
                            .values(parent_id=account.id)
                            .execution_options(synchronize_session=False))

    @staticmethod
    def _ancestors(session: Session, account_id: int) -> set[int]:
        """The account and its parents up the chain (a re-attached child must not be one)."""
        seen = {account_id}
        current = session.scalar(select(Account.parent_id).where(Account.id == account_id))
        while current is not None and current not in seen:
            seen.add(current)
            current = session.scalar(select(Account.parent_id).where(Account.id == current))
        return seen

    # -- forgetting --------------------------------------------------------------------
    def forget(self, entry_ids: Sequence[int]) -> int:
        """Delete these entries for good; returns how many went."""
        return self._delete(DeletedRecord.id.in_(list(entry_ids)))

    def empty(self) -> int:
        """Delete everything in the trash for good; returns how many went."""
        return self._delete(None)

    def _delete(self, where: Any) -> int:
        stmt = delete(DeletedRecord)
        if where is not None:
            stmt = stmt.where(where)
        try:
            with self.db.writing() as session:
                return session.execute(stmt).rowcount or 0
        except (DBAPIError, DatabaseBusy) as exc:
            raise storage_error(exc) from exc
