"""Leads: prospects not yet qualified; list, save, qualify into an account, a contact and
an opportunity, disqualify, reopen, delete into the trash.

Qualifying is one transaction: the account and contact (existing ones the importer's
duplicate rule found and the user confirmed, or new ones made from the lead), the
opportunity if asked for, and the lead's status and links to what it became.  The
lead's activities keep regarding the lead; the history of what it became shows them
(``ActivityService.history`` follows ``Lead.qualified_*``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import BindParameter, ColumnElement, Select, and_, delete, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from crmdesk.db import Database
from crmdesk.errors import DatabaseBusy
from crmdesk.kinds import RecordRef
from crmdesk.kinds.parties import ACCOUNT, CONTACT
from crmdesk.kinds.sales import LEAD
from crmdesk.models import Account, Contact, Email, Lead, Opportunity, Phone
from crmdesk.records import (
    AccountRecord,
    AddressEntry,
    ContactRecord,
    EmailEntry,
    LeadRating,
    LeadRecord,
    LeadSource,
    LeadStatus,
    OpportunityRecord,
    PhoneEntry,
)
from crmdesk.services import phones, service_links, trash
from crmdesk.services.activities import ActivityService
from crmdesk.services.errors import (
    GoneError,
    NotFoundError,
    SalesError,
    StaleEditError,
    storage_error,
)
from crmdesk.services.listing import Lister, Summary
from crmdesk.services.names import key_of
from crmdesk.services.sales_checks import check_lead
from crmdesk.services.same_person import same_person, similar_names
from crmdesk.services.search_index import SearchIndex
from crmdesk.services.trash import Deletion
from crmdesk.services.validation import ValidationError

if TYPE_CHECKING:
    from crmdesk.services.accounts import AccountService
    from crmdesk.services.contacts import ContactService
    from crmdesk.services.opportunities import OpportunityService

GONE = ("This lead was deleted by another program (or window) after you opened it, so your "
        "edit was not saved.")
_OPEN = (LeadStatus.NEW.value, LeadStatus.CONTACTED.value)


@dataclass(frozen=True)
class LeadRow:
    id: int
    display_name: str
    company: str
    status: str
    rating: str
    source: str
    phone: str
    email: str
    city: str
    estimated_value: Decimal | None
    currency: str
    owner: str
    modified: datetime  # UTC


@dataclass(frozen=True)
class OpportunitySeed:
    """The opportunity a qualify makes: ``estimated_revenue`` None takes the lead's
    estimated value; ``stage`` "" the first stage; ``currency`` "" the lead's."""

    topic: str
    estimated_revenue: Decimal | None = None
    currency: str = ""
    stage: str = ""
    estimated_close_date: date | None = None


@dataclass(frozen=True)
class QualifyChoice:
    """What a lead becomes.  ``account_id``/``contact_id``: an existing record (one of
    ``qualify_candidates``, confirmed); None with ``new_account``/``new_contact``: a new
    one made from the lead (an account only if the lead names a company); None without:
    none.  ``opportunity``: the opportunity to open for it, or None."""

    account_id: int | None = None
    new_account: bool = True
    contact_id: int | None = None
    new_contact: bool = True
    opportunity: OpportunitySeed | None = None


@dataclass(frozen=True)
class QualifyResult:
    account: RecordRef | None
    contact: RecordRef | None
    opportunity: RecordRef | None


@dataclass(frozen=True)
class Candidate:
    """An existing record a lead may be: its id, name, and why it was found."""

    id: int
    name: str
    reason: str


@dataclass(frozen=True)
class QualifyCandidates:
    accounts: list[Candidate]
    contacts: list[Candidate]


def lead_name_key(first_name: str, last_name: str) -> str:
    """The folded "last first" a contact's ``name_key`` holds (``names.name_key_of``)."""
    return " ".join(filter(None, (key_of(last_name), key_of(first_name))))


class LeadService(Lister[LeadRow]):
    kind = LEAD

    def __init__(self, db: Database, index: SearchIndex, region: Callable[[], str],
                 currency: Callable[[], str], user: Callable[[], str], *,
                 contacts: ContactService, accounts: AccountService) -> None:
        super().__init__(db, index)
        self.region = region
        self.currency = currency
        self.user = user
        self.contacts = contacts
        self.accounts = accounts
        #: set by the wiring (the opportunities' service needs the leads' one too)
        self.opportunities: OpportunityService | None = None

    # -- reading ---------------------------------------------------------------------
    def get(self, lead_id: int) -> LeadRecord:
        with self.db.sessions() as session:
            lead = session.get(Lead, lead_id)
            if lead is None:
                raise NotFoundError(f"Lead {lead_id} no longer exists.")
            return self.record_of(lead)

    @staticmethod
    def record_of(lead: Lead) -> LeadRecord:
        return LeadRecord(
            id=lead.id, version=lead.version, first_name=lead.first_name,
            last_name=lead.last_name, company=lead.company, job_title=lead.job_title,
            phone=lead.phone, mobile=lead.mobile, email=lead.email, street=lead.street,
            postal_code=lead.postal_code, city=lead.city, region=lead.region,
            country=lead.country, source=LeadSource(lead.source),
            rating=LeadRating(lead.rating), status=LeadStatus(lead.status),
            disqualify_reason=lead.disqualify_reason, estimated_value=lead.estimated_value,
            currency=lead.currency, campaign_id=lead.campaign_id, notes=lead.notes,
            owner=lead.owner, qualified_account_id=lead.qualified_account_id,
            qualified_contact_id=lead.qualified_contact_id,
            qualified_opportunity_id=lead.qualified_opportunity_id, created=lead.created,
            modified=lead.modified)

    def _row_select(self, ids: BindParameter[Any]) -> Select:
        return select(Lead.id, Lead.display_name, Lead.company, Lead.status, Lead.rating,
                      Lead.source, Lead.phone, Lead.email, Lead.city, Lead.estimated_value,
                      Lead.currency, Lead.owner, Lead.modified).where(Lead.id.in_(ids))

    def _make_row(self, row: Any) -> LeadRow:
        return LeadRow(*row)

    def _summary_select(self, ids: BindParameter[Any]) -> Select:
        return select(Lead.id, Lead.display_name, Lead.company, Lead.city).where(
            Lead.id.in_(ids))

    def _filter(self, key: str) -> ColumnElement[bool] | None:
        if key == "open":
            return Lead.status.in_(_OPEN)
        if key == "mine":
            return and_(Lead.status.in_(_OPEN), Lead.owner == self.user())
        if key in LeadRating._value2member_map_:
            return Lead.rating == key
        if key in (LeadStatus.QUALIFIED, LeadStatus.DISQUALIFIED):
            return Lead.status == key
        if key.startswith("campaign:") and key.removeprefix("campaign:").isdigit():
            return Lead.campaign_id == int(key.removeprefix("campaign:"))
        return None

    def qualified_into(self, ref: RecordRef) -> list[Summary]:
        """The leads qualified into this contact, account or opportunity (its card's
        "came from")."""
        column = {"contact": Lead.qualified_contact_id, "account": Lead.qualified_account_id,
                  "opportunity": Lead.qualified_opportunity_id}.get(ref.kind)
        if column is None:
            return []
        with self.db.sessions() as session:
            ids = list(session.scalars(select(Lead.id).where(column == ref.id)
                                       .order_by(Lead.id)))
        return self.summaries(ids)

    # -- writing ---------------------------------------------------------------------
    def save(self, record: LeadRecord, *, validate: bool = True) -> LeadRecord:
        """Insert or update; refuse a stale edit (``GoneError`` if the lead was deleted),
        a status only ``qualify``/``disqualify`` set (``SalesError``), a database failure
        as ``StorageError``; return the stored record."""
        region = self.region()
        stale = (f"{record.first_name or record.company or 'This lead'} was changed "
                 "elsewhere since you opened it, so your edit was not saved. Open it again "
                 "and redo your change.")
        try:
            if validate:
                known = self._known(record)
                if problems := check_lead(record, region, known):
                    raise ValidationError(problems)
            with self.db.writing() as session:
                if record.id is None:
                    if record.status not in _OPEN:
                        raise SalesError("A new lead is new or contacted; qualify or "
                                         "disqualify it once it is saved.")
                    lead = Lead(owner=record.owner.strip() or self.user())
                    session.add(lead)
                    lead.status = LeadStatus(record.status).value
                else:
                    lead = session.get(Lead, record.id)
                    if lead is None:
                        raise GoneError(GONE)
                    if record.version is not None and lead.version != record.version:
                        raise StaleEditError(stale)
                    if record.status != lead.status:
                        if record.status not in _OPEN or lead.status not in _OPEN:
                            raise SalesError(
                                "A lead is qualified, disqualified or reopened with its own "
                                "command, not by editing its status.")
                        lead.status = LeadStatus(record.status).value
                    if record.owner.strip():
                        lead.owner = record.owner.strip()
                self.apply(lead, record, region)
                session.flush()
                self.index.refresh(session, Lead, [lead.id])
                service_links.follow(session, self.index, LEAD.ref(lead.id),
                                     lead.display_name, region)
                lead_id = lead.id
        except StaleDataError as exc:
            raise StaleEditError(stale) from exc
        except (DBAPIError, DatabaseBusy) as exc:
            raise storage_error(exc) from exc
        return self.get(lead_id)

    def _known(self, record: LeadRecord) -> frozenset[str]:
        if record.id is None:
            return frozenset()
        try:
            stored = self.get(record.id)
        except NotFoundError:
            raise GoneError(GONE) from None
        return frozenset({stored.phone.strip(), stored.mobile.strip(), stored.email.strip()})

    def apply(self, lead: Lead, record: LeadRecord, region: str) -> None:
        """Copy a record's own fields onto a row and derive its list columns (not its
        status, owner or links: those change only through their commands)."""
        for name in ("first_name", "last_name", "company", "job_title", "phone", "mobile",
                     "email", "street", "postal_code", "city", "region", "country", "notes",
                     "disqualify_reason"):
            setattr(lead, name, (getattr(record, name) or "").strip())
        lead.source = LeadSource(record.source).value
        lead.rating = LeadRating(record.rating).value
        lead.estimated_value = record.estimated_value
        lead.currency = record.currency.strip().upper() or lead.currency or self.currency()
        lead.campaign_id = record.campaign_id
        self.kind.derive_columns(lead, region)

    def restore_into(self, session: Session, record: LeadRecord) -> Lead:
        """A lead written whole from a record (the trash, crmdesk's JSON) in the caller's
        transaction: under its id if no lead holds it, with its status, owner, reason and
        day created, linked to what it became where that still exists."""
        free = record.id is not None and session.get(Lead, record.id) is None
        lead = Lead(id=record.id) if free else Lead()
        session.add(lead)
        self.apply(lead, record, self.region())
        lead.status = LeadStatus(record.status).value
        lead.owner = record.owner.strip()
        for model, name in ((Account, "qualified_account_id"),
                            (Contact, "qualified_contact_id"),
                            (Opportunity, "qualified_opportunity_id")):
            target = getattr(record, name)
            setattr(lead, name, target if target is not None
                    and session.get(model, target) is not None else None)
        if record.created is not None:
            lead.created = record.created
        return lead

    def discard(self, ids: Sequence[int], *, with_activities: bool = False) -> Deletion:
        """Delete leads into the trash; the activities regarding them go too with
        ``with_activities``, else they stay in the history under the lead's name.  What a
        lead became stays (an opportunity forgets which lead it came from)."""
        try:
            with self.db.writing() as session:
                kept = trash.keep_leads(session, ids, with_activities=with_activities)
                ActivityService.let_go(session, "lead", ids, delete_them=with_activities)
                service_links.let_go(session, "lead", ids)
                self.index.remove(session, Lead, ids)
                result = session.execute(delete(Lead).where(Lead.id.in_(list(ids))))
                return Deletion(kept.batch, result.rowcount or 0)
        except (DBAPIError, DatabaseBusy) as exc:
            raise storage_error(exc) from exc

    # -- state changes ---------------------------------------------------------------
    def qualify_candidates(self, lead_id: int) -> QualifyCandidates:
        """The stored accounts and contacts this lead may already be, by the importer's
        duplicate rule (``same_person``): the same company ignoring its legal form; a
        shared e-mail or phone (unless the names clearly differ), or the same or a
        near-equal name in the same company."""
        lead = self.get(lead_id)
        accounts = [Candidate(aid, name, "same company")
                    for aid, name in self.accounts.same_company(lead.company)]
        name = lead_name_key(lead.first_name, lead.last_name)
        found: dict[int, Candidate] = {}
        with self.db.sessions() as session:
            def add(rows: Any, reason: str) -> None:
                for cid, shown, key in rows:
                    if cid not in found and same_person(name, key):
                        found[cid] = Candidate(cid, shown, reason)

            if lead.email.strip():
                add(session.execute(
                    select(Contact.id, Contact.display_name, Contact.name_key)
                    .join(Email, Email.contact_id == Contact.id)
                    .where(Email.address_key == lead.email.strip().lower())),
                    "same e-mail")
            numbers = [e for n in (lead.phone, lead.mobile) if n.strip()
                       if (e := phones.normalise(n, self.region()).e164)]
            if numbers:
                add(session.execute(
                    select(Contact.id, Contact.display_name, Contact.name_key)
                    .join(Phone, Phone.contact_id == Contact.id)
                    .where(Phone.e164.in_(numbers))), "same phone")
            company = key_of(lead.company)
            if name and company:
                people = session.execute(
                    select(Contact.id, Contact.display_name, Contact.name_key)
                    .where(Contact.company_key == company)).all()
                near = {hit for hit, _ in similar_names(name, [key for _, _, key in people])}
                for cid, shown, key in people:
                    if key in near and cid not in found:
                        found[cid] = Candidate(cid, shown, "same name, same company")
            elif name:
                for cid, shown in session.execute(
                        select(Contact.id, Contact.display_name)
                        .where(Contact.name_key == name, Contact.account_id.is_(None))):
                    found.setdefault(cid, Candidate(cid, shown, "same name"))
        return QualifyCandidates(accounts, sorted(found.values(), key=lambda c: c.id))

    def qualify(self, lead_id: int, choice: QualifyChoice) -> QualifyResult:
        """Turn the lead, in one transaction, into an account, a contact and optionally an
        opportunity (``QualifyChoice``); a lead qualified already, disqualified, or one
        whose chosen records are gone is refused with a ``SalesError`` and nothing
        changes."""
        assert self.opportunities is not None, "wired by Services"
        region = self.region()
        try:
            with self.db.writing() as session:
                lead = self._lead_for_change(session, lead_id)
                if lead.status == LeadStatus.QUALIFIED:
                    raise SalesError(f"{lead.display_name} was qualified already; a lead is "
                                     "qualified once.")
                if lead.status == LeadStatus.DISQUALIFIED:
                    raise SalesError(f"{lead.display_name} is disqualified; reopen it before "
                                     "you qualify it.")
                account = self._account_for(session, lead, choice, region)
                contact = self._contact_for(session, lead, choice, account, region)
                customer = (ACCOUNT.ref(account.id) if account is not None
                            else CONTACT.ref(contact.id) if contact is not None else None)
                opportunity_id = None
                if choice.opportunity is not None:
                    if customer is None:
                        raise SalesError("An opportunity needs a customer; qualify the lead "
                                         "into an account or a contact as well.")
                    seed = choice.opportunity
                    opportunity_id = self.opportunities.create(session, OpportunityRecord(
                        topic=seed.topic, customer=customer, stage=seed.stage,
                        estimated_revenue=seed.estimated_revenue
                        if seed.estimated_revenue is not None
                        else lead.estimated_value or Decimal(0),
                        currency=seed.currency or lead.currency,
                        estimated_close_date=seed.estimated_close_date,
                        campaign_id=lead.campaign_id, lead_id=lead.id))
                lead.status = LeadStatus.QUALIFIED.value
                lead.qualified_account_id = account.id if account is not None else None
                lead.qualified_contact_id = contact.id if contact is not None else None
                lead.qualified_opportunity_id = opportunity_id
                lead.disqualify_reason = ""
                return QualifyResult(
                    ACCOUNT.ref(account.id) if account is not None else None,
                    CONTACT.ref(contact.id) if contact is not None else None,
                    RecordRef("opportunity", opportunity_id) if opportunity_id else None)
        except (DBAPIError, DatabaseBusy) as exc:
            raise storage_error(exc) from exc

    def _lead_for_change(self, session: Session, lead_id: int) -> Lead:
        lead = session.get(Lead, lead_id)
        if lead is None:
            raise NotFoundError(f"Lead {lead_id} no longer exists; it may have been deleted.")
        return lead

    def _account_for(self, session: Session, lead: Lead, choice: QualifyChoice,
                     region: str) -> Account | None:
        if choice.account_id is not None:
            account = session.get(Account, choice.account_id)
            if account is None:
                raise SalesError("The account chosen for the lead no longer exists; choose "
                                 "again.")
            return account
        if not choice.new_account or not lead.company.strip():
            return None
        account = Account()
        session.add(account)
        self.accounts.apply(session, account, AccountRecord(
            name=lead.company, addresses=self._address(lead),
            relationships=[]), region)
        session.flush()
        self.index.refresh(session, Account, [account.id])
        return account

    def _contact_for(self, session: Session, lead: Lead, choice: QualifyChoice,
                     account: Account | None, region: str) -> Contact | None:
        if choice.contact_id is not None:
            contact = session.get(Contact, choice.contact_id)
            if contact is None:
                raise SalesError("The contact chosen for the lead no longer exists; choose "
                                 "again.")
            if contact.account_id is None and account is not None:
                contact.account = account
                CONTACT.derive_columns(contact, region)
                session.flush()
                self.index.refresh(session, Contact, [contact.id])
            return contact
        if not choice.new_contact or not (lead.first_name.strip() or lead.last_name.strip()):
            return None
        contact = Contact()
        session.add(contact)
        self.contacts.apply(session, contact, ContactRecord(
            first_name=lead.first_name, last_name=lead.last_name, job_title=lead.job_title,
            # "No account" means none: the company's name would make one on save
            account_id=account.id if account is not None else None,
            phones=[PhoneEntry(n, kind) for n, kind in ((lead.phone, "work"),
                                                        (lead.mobile, "mobile")) if n.strip()],
            emails=[EmailEntry(lead.email, "work")] if lead.email.strip() else [],
            addresses=self._address(lead)), region)
        session.flush()
        self.index.refresh(session, Contact, [contact.id])
        return contact

    @staticmethod
    def _address(lead: Lead) -> list[AddressEntry]:
        entry = AddressEntry("work", lead.street, lead.postal_code, lead.city, lead.region,
                             lead.country)
        return [] if entry.is_empty() else [entry]

    def disqualify(self, lead_id: int, reason: str) -> LeadRecord:
        """Mark the lead disqualified, saying why (a reason is required); a qualified one
        is refused."""
        if not reason.strip():
            raise SalesError("Say why the lead is disqualified.")
        with self._changing(lead_id) as lead:
            if lead.status == LeadStatus.QUALIFIED:
                raise SalesError(f"{lead.display_name} was qualified; it cannot be "
                                 "disqualified.")
            if lead.status == LeadStatus.DISQUALIFIED:
                raise SalesError(f"{lead.display_name} is disqualified already.")
            lead.status = LeadStatus.DISQUALIFIED.value
            lead.disqualify_reason = reason.strip()
        return self.get(lead_id)

    def reopen(self, lead_id: int) -> LeadRecord:
        """A disqualified lead back to contacted (its reason goes); a qualified one keeps
        what it became and cannot be reopened."""
        with self._changing(lead_id) as lead:
            if lead.status == LeadStatus.QUALIFIED:
                raise SalesError(f"{lead.display_name} was qualified; work on what it became "
                                 "instead.")
            if lead.status != LeadStatus.DISQUALIFIED:
                raise SalesError(f"{lead.display_name} is open already.")
            lead.status = LeadStatus.CONTACTED.value
            lead.disqualify_reason = ""
        return self.get(lead_id)

    @contextmanager
    def _changing(self, lead_id: int) -> Iterator[Lead]:
        """One write transaction on one lead; a database failure as ``StorageError``."""
        try:
            with self.db.writing() as session:
                yield self._lead_for_change(session, lead_id)
        except (DBAPIError, DatabaseBusy) as exc:
            raise storage_error(exc) from exc
