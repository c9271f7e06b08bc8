"""Import history and undo.

Undo takes back what one import did and nothing else, so imports can be undone
in any order, and undoing all of them leaves the contacts as they were before
the first:

- A contact the import merged into loses exactly what the merge added
  (``merge.take_back``): the fields it filled and the phones, e-mails,
  addresses, categories, relationships and photo it added.  What other imports
  added stays, and so does the user's.  A field the user changed since stays as
  the user left it, and ``UndoResult.kept_edited`` names it.  A phone, e-mail
  or address goes only while it is exactly as the import stored it: one the
  user changed is the user's now and stays, named while it is still
  recognisably the import's (the same number, address, or street and town, in
  another type or spelling).  One the user deleted is simply gone.  None of
  this needs ``force``: no edit is lost.
- A contact the import created is deleted, unless a later import (not undone)
  merged into it: that file had the person too, so the contact stays as it is
  (``UndoResult.kept_held``) and goes with the undo of the last import that
  holds it, when the one that created it is undone already.
- Deleting a contact loses the user's edits to it, so a created contact edited
  since is deleted only with ``force``; without, undo refuses and names them
  (``UndoConflict``).  The user's edits are the versions the contact moved
  beyond what the imports' own writes (merges, and their undo) account for
  (``ImportItem.moved``).  The same holds for a created account edited since.
- Leads are undone by the same rules (``lead_undo``): created ones deleted (edited
  ones with ``force``), merged ones given back the fields the merge filled.
- A restore from crmdesk's JSON also takes back the leads, opportunities, quotes and
  activities it created (``restore_undo``; edited ones with ``force``).
- Imports made before schema 0005 kept each merged contact's record from
  before the merge: undo puts it back, as it did (refusing, unless forced, if
  the user edited the contact since), and then adds back what later imports
  not undone had added.
- SQLite gives a new contact the highest id + 1, so an id can come back once
  its contact is gone.  An item is applied only to the contact it was about:
  one the batch created has the batch's time as ``created``, one it merged into
  was created before the batch.

One undo is one transaction; merged contacts are rewritten in bulk
(``stored.rewrite_contacts``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import Session

from crmdesk.models import Account, Category, Contact, ImportBatch, ImportItem
from crmdesk.models.activity import Activity
from crmdesk.models.base import utcnow
from crmdesk.models.party import account_category, contact_category
from crmdesk.records import ContactRecord
from crmdesk.services.accounts import find_or_create_account
from crmdesk.services.activities import ActivityService
from crmdesk.services.bulk import BulkWriter
from crmdesk.services.importing import lead_undo, restore_undo, snapshot
from crmdesk.services.importing.merge import Added, merge_records, still_held, take_back
from crmdesk.services.importing.rows import RowBuilder, clean
from crmdesk.services.importing.stored import Rewrite, rewrite_contacts
from crmdesk.services.loading import load_contacts
from crmdesk.services.opportunities import let_go_customers

_CHUNK = 500


class UndoError(RuntimeError):
    """The batch cannot be undone (unknown, already undone)."""


class UndoConflict(UndoError):
    """Records were edited since the import; ``names`` says which."""

    def __init__(self, message: str, names: list[str]) -> None:
        super().__init__(message)
        self.names = names


@dataclass(frozen=True)
class BatchRow:
    id: int
    created: datetime
    files: list[str]
    policy: str
    category: str
    created_count: int
    merged_count: int
    skipped_count: int
    failed_count: int
    undone: datetime | None

    def to_json(self) -> dict[str, Any]:
        return {"batch": self.id, "date": self.created.isoformat(timespec="seconds"),
                "files": self.files, "policy": self.policy, "category": self.category,
                "created": self.created_count, "merged": self.merged_count,
                "skipped": self.skipped_count, "failed": self.failed_count,
                "undone": self.undone.isoformat(timespec="seconds") if self.undone else None}


@dataclass(frozen=True)
class KeptEdited:
    """A merged contact whose data from the import partly stays: the user changed it."""

    id: int
    name: str
    fields: list[str]  # "job_title", "phone +45 20 30 40 50", ...
    kind: str = "contact"  # or "lead"


@dataclass(frozen=True)
class KeptHeld:
    """A created contact that stays: later imports (``imports``) merged into it."""

    id: int
    name: str
    imports: list[int]
    kind: str = "contact"  # or "lead"


@dataclass(frozen=True)
class UndoResult:
    removed: int
    reverted: int
    accounts_removed: int
    kept_edited: list[KeptEdited] = field(default_factory=list)
    kept_held: list[KeptHeld] = field(default_factory=list)
    activities_removed: int = 0
    leads_removed: int = 0
    leads_reverted: int = 0
    opportunities_removed: int = 0  # restored from crmdesk's JSON, with their quotes
    quotes_removed: int = 0
    cases_removed: int = 0
    campaigns_removed: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"removed": self.removed, "reverted": self.reverted,
                "accounts_removed": self.accounts_removed,
                "activities_removed": self.activities_removed,
                "leads_removed": self.leads_removed, "leads_reverted": self.leads_reverted,
                "opportunities_removed": self.opportunities_removed,
                "quotes_removed": self.quotes_removed,
                "cases_removed": self.cases_removed,
                "campaigns_removed": self.campaigns_removed,
                "kept_edited": [{"kind": k.kind, "id": k.id, "name": k.name,
                                 "fields": k.fields} for k in self.kept_edited],
                "kept_held": [{"kind": k.kind, "id": k.id, "name": k.name,
                               "imports": k.imports} for k in self.kept_held]}


class _Item(NamedTuple):
    """One batch's item on a contact, with what undo needs of its batch."""

    id: int
    batch_id: int
    batch_created: datetime
    undone: bool
    action: str
    version_after: int
    added: str | None
    before: str | None
    moved: int | None

    def moves(self) -> int:
        """The versions this item's writes moved the contact (before schema 0005 unknown:
        a merge wrote once, its undo once more)."""
        if self.action != "merged":
            return 0
        if self.moved is not None:
            return self.moved
        return 2 if self.undone else 1


class _Contact(NamedTuple):
    created: datetime
    version: int
    name: str
    items: list[_Item]  # of other batches, about this very contact


@dataclass
class _Plan:
    """What undoing one batch does, worked out before anything is written."""

    delete: list[int] = field(default_factory=list)
    #: merged contacts: their record after the undo, and as stored now
    rewrite: dict[int, tuple[ContactRecord, ContactRecord]] = field(default_factory=dict)
    moved: dict[int, int] = field(default_factory=dict)  # item id -> its new ``moved``
    #: merged contacts of imports made before schema 0005: (item id, the record to put
    #: back, the contact's version now)
    legacy: dict[int, tuple[int, ContactRecord, int]] = field(default_factory=dict)
    unlinked: set[int] = field(default_factory=set)  # accounts merges linked, taken back
    creators: set[int] = field(default_factory=set)  # undone batches whose contacts go
    conflicts: list[str] = field(default_factory=list)
    kept_edited: list[KeptEdited] = field(default_factory=list)
    kept_held: list[KeptHeld] = field(default_factory=list)


class BatchService:
    def __init__(self, db: Any, index: Any, region: Any) -> None:
        self.db = db
        self.index = index
        self.region = region

    def list(self) -> list[BatchRow]:
        """Every import, newest first."""
        with self.db.sessions() as session:
            return [
                BatchRow(b.id, b.created, json.loads(b.files or "[]"), b.policy, b.category,
                         b.created_count, b.merged_count, b.skipped_count, b.failed_count,
                         b.undone)
                for b in session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()))
            ]

    def edited_since(self, batch_id: int) -> list[str]:
        """Names of the records whose edits since the import undoing it with ``force``
        would lose (contacts and accounts it would delete, contacts of older imports it
        would put back); edits to what undo keeps are not among them."""
        with self.db.sessions() as session:
            batch = self._batch(session, batch_id)
            return (self._plan(session, batch, self.region(), full=False).conflicts
                    + lead_undo.plan(session, batch).conflicts
                    + restore_undo.plan(session, batch).conflicts)

    def _batch(self, session: Session, batch_id: int) -> ImportBatch:
        batch = session.get(ImportBatch, batch_id)
        if batch is None:
            raise UndoError(f"There is no import {batch_id}; `crmdesk import --list` shows "
                            "the imports.")
        if batch.undone is not None:
            raise UndoError(f"Import {batch_id} was already undone on "
                            f"{batch.undone:%Y-%m-%d %H:%M}.")
        return batch

    def undo(self, batch_id: int, force: bool = False) -> UndoResult:
        """Take back what the batch created and merged, in one transaction."""
        region = self.region()
        with self.db.writing() as session:
            batch = self._batch(session, batch_id)
            plan = self._plan(session, batch, region, full=True)
            leads = lead_undo.plan(session, batch)
            restored = restore_undo.plan(session, batch)
            plan.conflicts += leads.conflicts + restored.conflicts
            if plan.conflicts and not force:
                shown = ", ".join(plan.conflicts[:5]) + (
                    " …" if len(plan.conflicts) > 5 else "")
                raise UndoConflict(
                    f"{len(plan.conflicts)} record(s) from import {batch_id} were edited "
                    f"since ({shown}); undoing would lose those edits. Use --force to undo "
                    "anyway.", plan.conflicts)
            accounts = set(session.scalars(select(ImportItem.party_id).where(
                ImportItem.batch_id == batch_id, ImportItem.kind == "account",
                ImportItem.action == "created")))
            accounts |= plan.unlinked | self._accounts_of(session, plan.delete)
            sales = restore_undo.apply(session, restored, self.index)  # before what they name
            removed = self._delete(session, plan.delete)
            reverted = self._rewrite(session, plan, region)
            reverted += self._revert_legacy(session, plan, region)
            if plan.moved:
                session.execute(update(ImportItem.__table__)
                                .where(ImportItem.id == bindparam("_id"))
                                .values(moved=bindparam("_moved")),
                                [{"_id": i, "_moved": m} for i, m in plan.moved.items()])
            batch.undone = utcnow()
            session.flush()
            accounts_removed = self._remove_accounts(session, batch.id, accounts)
            activities_removed = self._remove_activities(session, batch)
            leads_removed, leads_reverted = lead_undo.apply(session, leads, self.index, region)
            self._drop_empty_categories(session)
            return UndoResult(
                removed, reverted, accounts_removed,
                plan.kept_edited + [KeptEdited(*k, kind="lead") for k in leads.kept_edited],
                plan.kept_held + [KeptHeld(*k, kind="lead") for k in leads.kept_held],
                activities_removed + sales.activities, leads_removed + sales.leads,
                leads_reverted, sales.opportunities, sales.quotes, sales.cases,
                sales.campaigns)

    @staticmethod
    def _remove_activities(session: Session, batch: ImportBatch) -> int:
        """The activities the batch created (from a calendar file), as they still are:
        a series goes with its changed occurrences.  One stored before and updated by a
        higher SEQUENCE stays as updated."""
        created = select(ImportItem.party_id).where(
            ImportItem.batch_id == batch.id, ImportItem.kind == "activity",
            ImportItem.action == "created")
        ids = list(session.scalars(select(Activity.id).where(
            Activity.id.in_(created), Activity.created == batch.created)))
        for start in range(0, len(ids), 500):
            session.execute(delete(Activity).where(Activity.id.in_(ids[start:start + 500])))
        return len(ids)

    # -- working out what to do ----------------------------------------------------------
    def _plan(self, session: Session, batch: ImportBatch, region: str, full: bool) -> _Plan:
        plan = _Plan()
        items = session.execute(
            select(ImportItem.id, ImportItem.kind, ImportItem.action, ImportItem.party_id,
                   ImportItem.version_after, ImportItem.added, ImportItem.before,
                   ImportItem.moved).where(ImportItem.batch_id == batch.id)).all()
        ours = [_Item(i, batch.id, batch.created, False, action, v, added, before, moved)
                for i, kind, action, _, v, added, before, moved in items if kind == "contact"]
        parties = [pid for _, kind, _, pid, *_ in items if kind == "contact"]
        rows = RowBuilder(region)
        for start in range(0, len(parties), _CHUNK):
            chunk = list(zip(parties[start:start + _CHUNK], ours[start:start + _CHUNK],
                             strict=True))
            contacts = self._contacts(session, [cid for cid, _ in chunk], batch.id)
            merged = [(cid, item) for cid, item in chunk if item.action == "merged"
                      and cid in contacts and contacts[cid].created <= batch.created]
            loaded = load_contacts(session, [cid for cid, _ in merged]) if full else None
            for cid, item in chunk:
                contact = contacts.get(cid)
                if contact is None:
                    continue
                if item.action == "created" and contact.created == batch.created:
                    self._plan_created(plan, cid, item, contact)
                elif item.action == "merged" and contact.created <= batch.created:
                    self._plan_merged(plan, cid, item, contact, loaded, rows)
        conflicts = session.execute(
            select(Account.name).join(ImportItem, (ImportItem.party_id == Account.id)
                                      & (ImportItem.kind == "account"))
            .where(ImportItem.batch_id == batch.id, Account.created == batch.created,
                   Account.version != ImportItem.version_after))
        plan.conflicts += [name for (name,) in conflicts]
        return plan

    def _contacts(self, session: Session, ids: list[int], batch_id: int) -> dict[int, _Contact]:
        """The contacts of these ids, each with the other batches' items about it."""
        history: dict[int, list[_Item]] = defaultdict(list)
        for pid, *values in session.execute(
                select(ImportItem.party_id, ImportItem.id, ImportItem.batch_id,
                       ImportBatch.created, ImportBatch.undone.is_not(None),
                       ImportItem.action, ImportItem.version_after, ImportItem.added,
                       ImportItem.before, ImportItem.moved)
                .join(ImportBatch, ImportBatch.id == ImportItem.batch_id)
                .where(ImportItem.kind == "contact", ImportItem.party_id.in_(ids),
                       ImportItem.batch_id != batch_id)):
            history[pid].append(_Item(*values))
        found: dict[int, _Contact] = {}
        for cid, created, version, name in session.execute(
                select(Contact.id, Contact.created, Contact.version, Contact.display_name)
                .where(Contact.id.in_(ids))):
            # only items about this very contact: one that created it, or merged into it
            # after it was created (an id comes back once its contact is gone)
            items = [i for i in history.get(cid, ())
                     if (i.batch_created == created if i.action == "created"
                         else i.batch_created >= created)]
            found[cid] = _Contact(created, version, name, items)
        return found

    @staticmethod
    def _edited(contact: _Contact, created: _Item, merges: Sequence[_Item]) -> bool:
        """Whether the user edited a contact ``created`` made: its version moved beyond
        the creation and what the imports' own writes account for."""
        return contact.version > created.version_after + sum(i.moves() for i in merges)

    def _plan_created(self, plan: _Plan, cid: int, item: _Item, contact: _Contact) -> None:
        merges = [i for i in contact.items if i.action == "merged"]
        holders = sorted({i.batch_id for i in merges if not i.undone})
        if holders:
            plan.kept_held.append(KeptHeld(cid, contact.name, holders))
            return
        if self._edited(contact, item, merges):
            plan.conflicts.append(contact.name)
        plan.delete.append(cid)

    def _plan_merged(self, plan: _Plan, cid: int, item: _Item, contact: _Contact,
                     loaded: Any, rows: RowBuilder) -> None:
        merges = [i for i in contact.items if i.action == "merged"]
        live = [i for i in merges if not i.undone]
        creator = next((i for i in contact.items if i.action == "created"), None)
        if creator is not None and creator.undone and not live:
            # its import was undone while this one held it: it goes with this undo
            if self._edited(contact, creator, [*merges, item]):
                plan.conflicts.append(contact.name)
            plan.delete.append(cid)
            plan.creators.add(creator.batch_id)
            return
        later = [snapshot.loads_added(i.added) for i in live
                 if i.batch_id > item.batch_id and i.added]
        if item.added is None:
            self._plan_legacy(plan, cid, item, contact, merges, later, loaded)
            return
        if loaded is None:  # edited_since: nothing here can lose an edit
            return
        current = loaded.records.get(cid)
        if current is None:
            return
        added = snapshot.loads_added(item.added)
        others = [snapshot.loads_added(i.added) for i in live if i.added]
        known = loaded.e164.get(cid, {})
        after, kept = take_back(current, added, later, others,
                                lambda n: known.get(n) or rows.fold.phone(n)[0])
        if kept:
            plan.kept_edited.append(KeptEdited(cid, contact.name, kept))
        if after is not current:
            plan.rewrite[cid] = (after, current)
            plan.moved[item.id] = item.moves() + 1
            if added.account_id is not None and after.account_id is None:
                plan.unlinked.add(added.account_id)

    def _plan_legacy(self, plan: _Plan, cid: int, item: _Item, contact: _Contact,
                     merges: list[_Item], later: list[Added], loaded: Any) -> None:
        """An item of an import made before schema 0005: its snapshot goes back."""
        if item.before is None:
            return
        after_it = sum(i.moves() for i in merges if i.batch_id > item.batch_id)
        if contact.version > item.version_after + after_it:
            plan.conflicts.append(contact.name)
        if loaded is not None:
            record = snapshot.loads(item.before)
            if later:
                record = self._with_later(record, later, cid, loaded)
            plan.legacy[cid] = (item.id, record, contact.version)

    def _with_later(self, record: ContactRecord, later: list[Added], cid: int,
                    loaded: Any) -> ContactRecord:
        """A snapshot with what later imports added back on it, as far as it is there."""
        current = loaded.records.get(cid)
        if current is None:
            return record
        region = self.region()
        for added in later:
            record = merge_records(record, still_held(added, current), region) or record
        return record

    # -- doing it --------------------------------------------------------------------------
    def _delete(self, session: Session, ids: list[int]) -> int:
        removed = 0
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start:start + _CHUNK]
            self.index.remove(session, Contact, chunk)
            # an opportunity made for an imported contact keeps its name
            let_go_customers(session, self.index, "contact", chunk, with_opportunities=False,
                             with_activities=False)
            ActivityService.let_go(session, "contact", chunk, delete_them=False)
            removed += session.execute(
                delete(Contact).where(Contact.id.in_(chunk))).rowcount or 0
        return removed

    def _rewrite(self, session: Session, plan: _Plan, region: str) -> int:
        if not plan.rewrite:
            return 0
        categories = {key: (cid, name) for cid, key, name in session.execute(
            select(Category.id, Category.key, Category.name))}
        rewrite_contacts(BulkWriter(session), RowBuilder(region), [
            Rewrite(rec, [categories[c.casefold()] for c in rec.categories
                          if c.casefold() in categories], (rec.version or 1) + 1, stored)
            for rec, stored in plan.rewrite.values()], utcnow(), self.index)
        return len(plan.rewrite)

    def _revert_legacy(self, session: Session, plan: _Plan, region: str) -> int:
        """Put back the snapshots of an import made before schema 0005, written in bulk
        as a merge is; their account or categories are found by name, or made again,
        where they are gone."""
        if not plan.legacy:
            return 0
        wanted = list({r.account_id for _, r, _ in plan.legacy.values()
                       if r.account_id is not None})
        accounts: dict[int, str] = {}
        for start in range(0, len(wanted), _CHUNK):
            accounts.update(session.execute(select(Account.id, Account.name).where(
                Account.id.in_(wanted[start:start + _CHUNK]))).all())
        categories = {key: (cid, name) for cid, key, name in session.execute(
            select(Category.id, Category.key, Category.name))}
        rewrites: list[Rewrite] = []
        for cid, (item_id, record, version) in plan.legacy.items():
            if record.account_id in accounts:
                account_id, company = record.account_id, accounts[record.account_id]
            elif record.company.strip():
                account = find_or_create_account(session, record.company, region)
                session.flush()
                self.index.refresh(session, Account, [account.id])
                account_id, company = account.id, account.name
            else:
                account_id, company = None, ""
            cats: dict[str, tuple[int, str]] = {}
            for name in (c.strip() for c in record.categories if c.strip()):
                key = name.casefold()
                if key not in categories:
                    category = Category(name=name, key=key)
                    session.add(category)
                    session.flush()
                    categories[key] = (category.id, name)
                cats[key] = categories[key]
            rec = clean(record, id=cid, account_id=account_id, company=company,
                        categories=[n for _, n in cats.values()])
            rewrites.append(Rewrite(rec, list(cats.values()), version + 1))
            plan.moved[item_id] = 2  # the merge wrote it once, and so does its undo
        rewrite_contacts(BulkWriter(session), RowBuilder(region), rewrites, utcnow(),
                         self.index)
        return len(rewrites)

    @staticmethod
    def _accounts_of(session: Session, ids: list[int]) -> set[int]:
        found: set[int] = set()
        for start in range(0, len(ids), _CHUNK):
            found.update(session.scalars(select(Contact.account_id).where(
                Contact.id.in_(ids[start:start + _CHUNK]),
                Contact.account_id.is_not(None)).distinct()))
        return found

    def _remove_accounts(self, session: Session, batch_id: int, candidates: set[int]) -> int:
        """Of these accounts, those an undone import created (this one, or one whose
        contacts this undo deleted or unlinked, if nobody edited the account since),
        unless someone works there now."""
        ids: list[int] = []
        wanted = list(candidates)
        for start in range(0, len(wanted), _CHUNK):
            ids += session.scalars(
                select(Account.id)
                .join(ImportItem, (ImportItem.party_id == Account.id)
                      & (ImportItem.kind == "account") & (ImportItem.action == "created"))
                .join(ImportBatch, ImportBatch.id == ImportItem.batch_id)
                .where(Account.id.in_(wanted[start:start + _CHUNK]),
                       ImportBatch.undone.is_not(None), Account.created == ImportBatch.created,
                       (ImportBatch.id == batch_id)
                       | (Account.version == ImportItem.version_after))).all()
        ids = list(dict.fromkeys(ids))
        if not ids:
            return 0
        used: set[int] = set()
        for start in range(0, len(ids), _CHUNK):
            used.update(session.scalars(select(Contact.account_id).where(
                Contact.account_id.in_(ids[start:start + _CHUNK])).distinct()))
        gone = [i for i in ids if i not in used]
        self.index.remove(session, Account, gone)
        let_go_customers(session, self.index, "account", gone, with_opportunities=False,
                         with_activities=False)
        for start in range(0, len(gone), _CHUNK):
            ActivityService.let_go(session, "account", gone[start:start + _CHUNK],
                                   delete_them=False)
            session.execute(delete(Account).where(Account.id.in_(gone[start:start + _CHUNK])))
        return len(gone)

    @staticmethod
    def _drop_empty_categories(session: Session) -> None:
        """The categories no contact and no account is in any more (an import brought
        them, its undo took its contacts away): gone from the filter and the database."""
        session.execute(delete(Category).where(
            Category.id.not_in(select(contact_category.c.category_id)),
            Category.id.not_in(select(account_category.c.category_id))))
