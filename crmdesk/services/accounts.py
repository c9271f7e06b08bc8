"""Accounts (companies): load, save with optimistic locking, delete, list."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, Select, literal, or_, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from crmdesk.db import Database
from crmdesk.errors import DatabaseBusy
from crmdesk.kinds.parties import ACCOUNT, CONTACT, contact_count
from crmdesk.models import Account, Contact
from crmdesk.records import (
    AccountRecord,
    Relationship,
    relationships_list,
    relationships_text,
)
from crmdesk.services import party_fields as pf
from crmdesk.services import trash
from crmdesk.services.activities import ActivityService
from crmdesk.services.errors import GoneError, NotFoundError, StaleEditError, storage_error
from crmdesk.services.listing import Lister
from crmdesk.services.names import company_key, key_of
from crmdesk.services.opportunities import follow_customer, let_go_customers
from crmdesk.services.search_index import SearchIndex
from crmdesk.services.trash import Deletion
from crmdesk.services.validation import ValidationError, check_account, known_values

GONE = ("This account was deleted by another program (or window) after you opened it, so "
        "your edit was not saved.")


@dataclass(frozen=True)
class AccountRow:
    id: int
    display_name: str
    account_number: str
    relationships: str
    industry: str
    phone: str
    email: str
    city: str
    contacts: int  # how many contacts work for it


def find_or_create_account(session: Session, name: str, region: str) -> Account:
    """The account with this name ignoring case, accents and spacing; new if none."""
    key = key_of(name)
    account = session.scalars(select(Account).where(Account.name_key == key).limit(1)).first()
    if account is None:
        account = Account(name=name.strip())
        session.add(account)
        ACCOUNT.derive_columns(account, region)
    return account


class AccountService(Lister[AccountRow]):
    kind = ACCOUNT

    def __init__(self, db: Database, index: SearchIndex, region: Callable[[], str]) -> None:
        super().__init__(db, index)
        self.region = region

    def get(self, account_id: int) -> AccountRecord:
        with self.db.sessions() as session:
            a = session.get(
                Account, account_id,
                options=[selectinload(Account.phones), selectinload(Account.emails),
                         selectinload(Account.addresses), selectinload(Account.categories)],
            )
            if a is None:
                raise NotFoundError(f"Account {account_id} no longer exists.")
            return AccountRecord(
                id=a.id, version=a.version, name=a.name, account_number=a.account_number,
                industry=a.industry, phones=pf.phone_entries(a), emails=pf.email_entries(a),
                addresses=pf.address_entries(a), website=a.website,
                relationships=relationships_list(a.relationships),
                categories=[c.name for c in a.categories], notes=a.notes,
                parent_id=a.parent_id, primary_contact_id=a.primary_contact_id,
            )

    def name_of(self, account_id: int | None) -> str:
        if account_id is None:
            return ""
        with self.db.sessions() as session:
            return session.scalar(select(Account.name).where(Account.id == account_id)) or ""

    def id_by_name(self, name: str) -> int | None:
        """The account with this name, ignoring case, accents and spacing."""
        key = key_of(name)
        if not key:
            return None
        with self.db.sessions() as session:
            return session.scalar(select(Account.id).where(Account.name_key == key).limit(1))

    def same_company(self, name: str, exclude: int | None = None) -> list[tuple[int, str]]:
        """The accounts (id, name) whose name is this one's, ignoring case, accents,
        punctuation and a legal form (``names.company_key``): "Acme A/S" for "ACME ApS"."""
        key = company_key(name)
        if not key:
            return []
        # a stored key is the company key, or it with a legal form after a space
        near = or_(Account.name_key == key, Account.name_key.startswith(key + " ",
                                                                        autoescape=True))
        stmt = select(Account.id, Account.name).where(near).order_by(Account.name_key)
        if exclude is not None:
            stmt = stmt.where(Account.id != exclude)
        with self.db.sessions() as session:
            return [(aid, found) for aid, found in session.execute(stmt)
                    if company_key(found) == key]

    def _filter(self, key: str) -> ColumnElement[bool] | None:
        """``relationship:competitor`` (and the other relationships): the accounts that
        have it, such as the competitors an opportunity may be lost to."""
        kind = key.removeprefix("relationship:")
        if kind == key or kind not in Relationship._value2member_map_:
            return None
        return (literal(",") + Account.relationships + ",").contains(f",{kind},")

    def _row_select(self, ids: BindParameter[Any]) -> Select:
        return select(
            Account.id, Account.display_name, Account.account_number, Account.relationships,
            Account.industry, Account.main_phone, Account.main_email, Account.city,
            contact_count(),
        ).where(Account.id.in_(ids))

    def _make_row(self, row: Any) -> AccountRow:
        return AccountRow(row[0], row[1], row[2], row[3].replace(",", ", "), *row[4:])

    def save(self, record: AccountRecord, *, validate: bool = True) -> AccountRecord:
        """Insert or update; refuse a stale edit (``GoneError`` if the account was deleted),
        and a database failure as ``StorageError``; return the stored record."""
        region = self.region()
        stale = (f"{record.name or 'This account'} was changed elsewhere since you opened it, "
                 "so your edit was not saved. Open it again and redo your change.")
        try:
            if validate:
                known = (known_values(self._still_there(record)) if record.id is not None
                         else frozenset())
                if problems := check_account(record, region, known):
                    raise ValidationError(problems)
            with self.db.writing() as session:
                if record.id is None:
                    account = Account()
                    session.add(account)
                else:
                    account = session.get(Account, record.id)
                    if account is None:
                        raise GoneError(GONE)
                    if record.version is not None and account.version != record.version:
                        raise StaleEditError(stale)
                renamed = account.name != record.name.strip()
                self.apply(session, account, record, region)
                session.flush()
                self.index.refresh(session, Account, [account.id])
                follow_customer(session, self.index, ACCOUNT.ref(account.id),
                                account.display_name, region)
                if renamed and record.id is not None:
                    self._refresh_members(session, account.id, region)
                account_id = account.id
        except StaleDataError as exc:
            raise StaleEditError(stale) from exc
        except (DBAPIError, DatabaseBusy) as exc:
            raise storage_error(exc) from exc
        return self.get(account_id)

    def _still_there(self, record: AccountRecord) -> AccountRecord:
        assert record.id is not None
        try:
            return self.get(record.id)
        except NotFoundError:
            raise GoneError(GONE) from None

    def apply(self, session: Session, account: Account, record: AccountRecord,
              region: str) -> None:
        """Copy a record onto a row and recompute its list columns (no commit)."""
        if record.parent_id is not None and record.id is not None:
            self._check_no_cycle(session, record.id, record.parent_id)
        account.name = record.name.strip()
        for name in ("account_number", "industry", "website", "notes"):
            setattr(account, name, (getattr(record, name) or "").strip())
        account.relationships = relationships_text(record.relationships)
        account.parent_id = record.parent_id
        account.primary_contact_id = record.primary_contact_id
        pf.set_channels(account, record.phones, record.emails, record.addresses, region)
        account.categories = pf.categories_for(session, record.categories)
        self.kind.derive_columns(account, region)

    @staticmethod
    def _check_no_cycle(session: Session, account_id: int, parent_id: int) -> None:
        seen = {account_id}
        current: int | None = parent_id
        while current is not None:
            if current in seen:
                raise ValidationError(
                    {"parent": "An account cannot be its own parent, directly or through "
                               "its sub-accounts. Choose another parent."})
            seen.add(current)
            current = session.scalar(select(Account.parent_id).where(Account.id == current))

    def _refresh_members(self, session: Session, account_id: int, region: str) -> None:
        """A renamed or deleted company changes its people's company column and search."""
        members = session.scalars(
            select(Contact).where(Contact.account_id == account_id)
            .options(selectinload(Contact.phones), selectinload(Contact.emails),
                     selectinload(Contact.addresses), selectinload(Contact.categories),
                     selectinload(Contact.account))
        ).all()
        for contact in members:
            CONTACT.derive_columns(contact, region)
        session.flush()
        self.index.refresh(session, Contact, [c.id for c in members])

    def delete(self, ids: Sequence[int]) -> int:
        """Delete accounts into the trash; their contacts stay, without a company, and
        their opportunities under their names (a database failure is a ``StorageError``,
        and nothing went)."""
        return self.discard(ids, with_opportunities=False).count

    def discard(self, ids: Sequence[int], *, with_activities: bool = False,
                with_opportunities: bool | None = None) -> Deletion:
        """``delete``, saying which trash batch the accounts went to (for Undo delete).
        The activities regarding them go too with ``with_activities``; else they stay in
        the history under the account's name.  The opportunities they are the customer of
        go too with ``with_opportunities``, or stay under the account's name with False;
        None is refused (``SalesError``) when there are any."""
        try:
            return self._delete(ids, with_activities, with_opportunities)
        except (DBAPIError, DatabaseBusy) as exc:
            raise storage_error(exc) from exc

    def _delete(self, ids: Sequence[int], with_activities: bool,
                with_opportunities: bool | None) -> Deletion:
        region = self.region()
        with self.db.writing() as session:
            kept = trash.keep_accounts(session, ids, with_activities=with_activities,
                                       with_opportunities=bool(with_opportunities))
            let_go_customers(session, self.index, "account", ids,
                             with_opportunities=with_opportunities,
                             with_activities=with_activities)
            ActivityService.let_go(session, "account", ids, delete_them=with_activities)
            count = 0
            for account in session.scalars(select(Account).where(Account.id.in_(list(ids)))):
                members = session.scalars(
                    select(Contact).where(Contact.account_id == account.id)).all()
                for contact in members:
                    contact.account = None
                session.flush()
                for contact in members:
                    CONTACT.derive_columns(contact, region)
                session.flush()
                self.index.refresh(session, Contact, [c.id for c in members])
                session.delete(account)
                count += 1
            self.index.remove(session, Account, ids)
            return Deletion(kept.batch, count)
