"""Contacts: load, save with optimistic locking, delete, list."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import BindParameter, Select, delete, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from crmdesk.db import Database
from crmdesk.errors import DatabaseBusy
from crmdesk.kinds.parties import CONTACT
from crmdesk.models import Account, Address, Category, Contact, Photo, contact_category
from crmdesk.models import CustomField as CustomFieldRow
from crmdesk.models.base import utcnow
from crmdesk.records import ContactRecord, CustomField, relationships_list, relationships_text
from crmdesk.services import party_fields as pf
from crmdesk.services import trash
from crmdesk.services.accounts import find_or_create_account
from crmdesk.services.activities import ActivityService
from crmdesk.services.addresses import COUNTRY_NAMES, country_code
from crmdesk.services.errors import GoneError, NotFoundError, StaleEditError, storage_error
from crmdesk.services.listing import Lister
from crmdesk.services.names import display_name_of
from crmdesk.services.opportunities import follow_customer, let_go_customers
from crmdesk.services.search_index import SearchIndex
from crmdesk.services.trash import Deletion
from crmdesk.services.validation import ValidationError, check_contact, known_values

GONE = ("This contact was deleted by another program (or window) after you opened it, so "
        "your edit was not saved.")


@dataclass(frozen=True)
class ContactRow:
    id: int
    display_name: str
    company: str
    job_title: str
    phone: str
    email: str
    city: str
    country: str  # of the first address that names one, as a name ("Germany")
    categories: str  # the names, joined
    modified: datetime  # UTC


_SEPARATOR = "\x1f"  # between category names in one aggregated value; never typed


def _country_name(text: str) -> str:
    return COUNTRY_NAMES.get(country_code(text), text)


class ContactService(Lister[ContactRow]):
    kind = CONTACT

    def __init__(self, db: Database, index: SearchIndex, region: Callable[[], str]) -> None:
        super().__init__(db, index)
        self.region = region

    # -- reading -----------------------------------------------------------
    def get(self, contact_id: int) -> ContactRecord:
        with self.db.sessions() as session:
            contact = session.get(
                Contact, contact_id,
                options=[selectinload(Contact.phones), selectinload(Contact.emails),
                         selectinload(Contact.addresses), selectinload(Contact.categories),
                         selectinload(Contact.account), selectinload(Contact.photo),
                         selectinload(Contact.custom_fields)],
            )
            if contact is None:
                raise NotFoundError(f"Contact {contact_id} no longer exists.")
            return self._record(contact)

    @staticmethod
    def _record(c: Contact) -> ContactRecord:
        return ContactRecord(
            id=c.id, version=c.version, prefix=c.prefix, first_name=c.first_name,
            middle_name=c.middle_name, last_name=c.last_name, suffix=c.suffix,
            nickname=c.nickname, job_title=c.job_title, department=c.department,
            company=c.account.name if c.account else "", account_id=c.account_id,
            phones=pf.phone_entries(c), emails=pf.email_entries(c),
            addresses=pf.address_entries(c), birthday=c.birthday, website=c.website,
            relationships=relationships_list(c.relationships),
            categories=[cat.name for cat in c.categories], notes=c.notes,
            photo=c.photo.data if c.photo else None,
            photo_mime=c.photo.mime if c.photo else "", uid=c.uid,
            custom_fields=[CustomField(f.label, f.value) for f in c.custom_fields],
        )

    def _row_select(self, ids: BindParameter[Any]) -> Select:
        country = (select(Address.country)
                   .where(Address.contact_id == Contact.id, Address.country != "")
                   .order_by(Address.position, Address.id).limit(1).scalar_subquery())
        categories = (select(func.aggregate_strings(Category.name, _SEPARATOR))
                      .join(contact_category, contact_category.c.category_id == Category.id)
                      .where(contact_category.c.contact_id == Contact.id).scalar_subquery())
        return (
            select(Contact.id, Contact.display_name, Account.name.label("company"),
                   Contact.job_title, Contact.main_phone, Contact.main_email, Contact.city,
                   country.label("country"), categories.label("categories"),
                   Contact.modified)
            .outerjoin(Account, Account.id == Contact.account_id)
            .where(Contact.id.in_(ids))
        )

    def _summary_select(self, ids: BindParameter[Any]) -> Select:
        return (select(Contact.id, Contact.display_name, Account.name, Contact.city)
                .outerjoin(Account, Account.id == Contact.account_id)
                .where(Contact.id.in_(ids)))

    def custom_field_labels(self) -> list[str]:
        """The "More fields" labels in use on any contact, each once, alphabetically: what
        the contact dialog offers as a new field's label, so "Member no." is not also
        typed as "Membership number"."""
        stmt = select(CustomFieldRow.label).where(CustomFieldRow.label != "").distinct()
        with self.db.engine.connect() as conn:
            return sorted({label for (label,) in conn.execute(stmt)}, key=str.casefold)

    def _make_row(self, row: Any) -> ContactRow:
        names = sorted((row.categories or "").split(_SEPARATOR), key=str.casefold)
        return ContactRow(
            id=row.id, display_name=row.display_name, company=row.company or "",
            job_title=row.job_title, phone=row.main_phone, email=row.main_email,
            city=row.city, country=_country_name(row.country or ""),
            categories=", ".join(n for n in names if n), modified=row.modified)

    # -- writing -----------------------------------------------------------
    def save(self, record: ContactRecord, *, validate: bool = True) -> ContactRecord:
        """Insert or update; refuse a stale edit (``GoneError`` if the contact was deleted),
        and a database failure as ``StorageError``; return the stored record."""
        region = self.region()
        try:
            if validate:
                known = (known_values(self._still_there(record)) if record.id is not None
                         else frozenset())
                if problems := check_contact(record, region, known):
                    raise ValidationError(problems)
            with self.db.writing() as session:
                contact = self._load_for_update(session, record)
                self.apply(session, contact, record, region)
                # the row is written even when only its phones, addresses or photo
                # changed, so its version moves: a stale edit is refused, and undo of
                # an import knows the contact was edited
                contact.modified = utcnow()
                session.flush()
                self.index.refresh(session, Contact, [contact.id])
                follow_customer(session, self.index, CONTACT.ref(contact.id),
                                contact.display_name, region)
                contact_id = contact.id
        except StaleDataError as exc:
            raise StaleEditError(self._stale_message(record)) from exc
        except (DBAPIError, DatabaseBusy) as exc:
            raise storage_error(exc) from exc
        return self.get(contact_id)

    def _still_there(self, record: ContactRecord) -> ContactRecord:
        assert record.id is not None
        try:
            return self.get(record.id)
        except NotFoundError:
            raise GoneError(GONE) from None

    @staticmethod
    def _stale_message(record: ContactRecord) -> str:
        name = display_name_of(record) or "This contact"
        return (f"{name} was changed elsewhere since you opened it, so your edit was not "
                "saved. Close the dialog, open the contact again and redo your change.")

    def _load_for_update(self, session: Session, record: ContactRecord) -> Contact:
        if record.id is None:
            contact = Contact()
            session.add(contact)
            return contact
        contact = session.get(Contact, record.id)
        if contact is None:
            raise GoneError(GONE)
        if record.version is not None and contact.version != record.version:
            raise StaleEditError(self._stale_message(record))
        return contact

    def apply(self, session: Session, contact: Contact, record: ContactRecord,
              region: str) -> None:
        """Copy a record onto a row and recompute its list columns (no commit)."""
        for name in ("prefix", "first_name", "middle_name", "last_name", "suffix", "nickname",
                     "job_title", "department", "website", "notes", "uid"):
            setattr(contact, name, (getattr(record, name) or "").strip())
        contact.birthday = record.birthday
        contact.relationships = relationships_text(record.relationships)
        account = self._account_for(session, record, region)
        contact.account = account
        pf.set_channels(contact, record.phones, record.emails, record.addresses, region)
        contact.categories = pf.categories_for(session, record.categories)
        if [(f.label, f.value) for f in contact.custom_fields] != [
                (f.label, f.value) for f in record.custom_fields]:
            contact.custom_fields = [
                CustomFieldRow(position=i, label=f.label.strip(), value=f.value.strip())
                for i, f in enumerate(record.custom_fields) if f.value.strip()]
        if not record.photo:
            contact.photo = None
        elif contact.photo is None:
            contact.photo = Photo(data=record.photo, mime=record.photo_mime or "image/jpeg")
        else:  # update in place: a new row with the same key would collide
            contact.photo.data = record.photo
            contact.photo.mime = record.photo_mime or "image/jpeg"
        self.kind.derive_columns(contact, region)

    def _account_for(self, session: Session, record: ContactRecord,
                     region: str) -> Account | None:
        if record.account_id is not None:
            account = session.get(Account, record.account_id)
            if account is not None:
                return account
        name = record.company.strip()
        if not name:
            return None
        return find_or_create_account(session, name, region)

    def delete(self, ids: Sequence[int]) -> int:
        """Delete these contacts into the trash in one transaction, their opportunities
        kept under their names; returns how many went (a database failure is a
        ``StorageError``, and nothing went)."""
        return self.discard(ids, with_opportunities=False).count

    def discard(self, ids: Sequence[int], *, with_activities: bool = False,
                with_opportunities: bool | None = None) -> Deletion:
        """``delete``, saying which trash batch the contacts went to (for Undo delete).
        The activities regarding them go too with ``with_activities``; else they stay in
        the history under the contact's name.  The opportunities they are the customer of
        go too with ``with_opportunities``, or stay under the contact's name with False;
        None is refused (``SalesError``) when there are any."""
        try:
            with self.db.writing() as session:
                kept = trash.keep_contacts(session, ids, with_activities=with_activities,
                                           with_opportunities=bool(with_opportunities))
                let_go_customers(session, self.index, "contact", ids,
                                 with_opportunities=with_opportunities,
                                 with_activities=with_activities)
                ActivityService.let_go(session, "contact", ids, delete_them=with_activities)
                self.index.remove(session, Contact, ids)
                result = session.execute(delete(Contact).where(Contact.id.in_(list(ids))))
                return Deletion(kept.batch, result.rowcount or 0)
        except (DBAPIError, DatabaseBusy) as exc:
            raise storage_error(exc) from exc
