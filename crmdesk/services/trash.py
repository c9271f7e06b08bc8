"""The trash: deleted contacts and accounts, kept whole until the user empties it.

A delete (``ContactService.delete``, ``AccountService.delete``) calls
:func:`keep_contacts` or :func:`keep_accounts` in its own transaction before the
rows go: each record is written to ``deleted_record`` as a snapshot (the record in
``record_to_dict``'s form, when it was created, and the links other rows had to
it, which the database undoes on delete: an account's contacts and sub-accounts,
the accounts a contact was primary contact of).  The rows themselves are deleted
as before, so no list, search, export or import query needs to know the trash.

:class:`TrashService` lists the trash, restores from it and empties it.  A restore
re-creates the record through the kind's own ``apply`` (so its list columns,
search text, phones' E.164 forms and categories come out as a save makes them),
under its old id if no row holds it now, else under a new one (``Restored`` says
which); it re-links what still exists and is not linked elsewhere meanwhile.
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
from crmdesk.models import Account, Contact, DeletedRecord
from crmdesk.records import AccountRecord
from crmdesk.services import party_fields as pf
from crmdesk.services.errors import storage_error
from crmdesk.services.importing.snapshot import account_from, contact_from
from crmdesk.services.loading import load_accounts, load_contacts
from crmdesk.services.names import key_of

if TYPE_CHECKING:
    from crmdesk.db import Database
    from crmdesk.services.accounts import AccountService
    from crmdesk.services.contacts import ContactService
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


def keep_contacts(session: Session, ids: Sequence[int]) -> Deletion:
    """Snapshot these contacts into the trash (call in the transaction that deletes them)."""
    items: list[tuple[int, str, dict[str, Any]]] = []
    for chunk in _chunks(ids):
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
                "primary_of": primary_of.get(cid, [])}))
    return _write(session, "contact", items)


def keep_accounts(session: Session, ids: Sequence[int]) -> Deletion:
    """Snapshot these accounts, with the contacts and sub-accounts the delete will
    detach from them, into the trash (call in the transaction that deletes them)."""
    items: list[tuple[int, str, dict[str, Any]]] = []
    for chunk in _chunks(ids):
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
                "members": members.get(aid, []), "children": children.get(aid, [])}))
    return _write(session, "account", items)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


class TrashService:
    """List, restore, and forget what was deleted."""

    def __init__(self, db: Database, index: SearchIndex, contacts: ContactService,
                 accounts: AccountService) -> None:
        self.db = db
        self.index = index
        self.contacts = contacts
        self.accounts = accounts

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
        return account.id

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
