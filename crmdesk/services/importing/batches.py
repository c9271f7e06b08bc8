"""Import history and undo.

Undo removes the contacts (and accounts) an import created and puts merged
contacts back as they were before the merge.  It refuses, unless forced,
when any of them was edited since (its version moved on): the user decides
whether their later edits may go.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from crmdesk.models import Account, Category, Contact, ImportBatch, ImportItem
from crmdesk.models.base import utcnow
from crmdesk.models.party import contact_category
from crmdesk.services.importing import snapshot


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
class UndoResult:
    removed: int
    reverted: int
    accounts_removed: int


class BatchService:
    def __init__(self, db: Any, index: Any, contacts: Any, region: Any) -> None:
        self.db = db
        self.index = index
        self.contacts = contacts
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
        """Names of contacts and accounts of this batch edited after the import."""
        with self.db.sessions() as session:
            self._batch(session, batch_id)
            return self._edited(session, batch_id)

    def _batch(self, session: Session, batch_id: int) -> ImportBatch:
        batch = session.get(ImportBatch, batch_id)
        if batch is None:
            raise UndoError(f"There is no import {batch_id}; `crmdesk import --list` shows "
                            "the imports.")
        if batch.undone is not None:
            raise UndoError(f"Import {batch_id} was already undone on "
                            f"{batch.undone:%Y-%m-%d %H:%M}.")
        return batch

    def _edited(self, session: Session, batch_id: int) -> list[str]:
        names: list[str] = []
        for model, kind in ((Contact, "contact"), (Account, "account")):
            rows = session.execute(
                select(model.display_name).join(
                    ImportItem, (ImportItem.party_id == model.id) & (ImportItem.kind == kind))
                .where(ImportItem.batch_id == batch_id,
                       model.version != ImportItem.version_after))
            names += [name for (name,) in rows]
        return names

    def undo(self, batch_id: int, force: bool = False) -> UndoResult:
        """Remove what the batch created and revert what it merged, in one transaction."""
        region = self.region()
        with self.db.sessions.begin() as session:
            batch = self._batch(session, batch_id)
            edited = self._edited(session, batch_id)
            if edited and not force:
                shown = ", ".join(edited[:5]) + (" …" if len(edited) > 5 else "")
                raise UndoConflict(
                    f"{len(edited)} record(s) from import {batch_id} were edited since "
                    f"({shown}); undoing would lose those edits. Use --force to undo anyway.",
                    edited)
            items = session.execute(select(ImportItem.kind, ImportItem.action,
                                           ImportItem.party_id, ImportItem.before)
                                    .where(ImportItem.batch_id == batch_id)).all()
            created = [pid for kind, action, pid, _ in items
                       if kind == "contact" and action == "created"]
            merged = {pid: before for kind, action, pid, before in items
                      if kind == "contact" and action == "merged" and before}
            accounts = [pid for kind, action, pid, _ in items
                        if kind == "account" and action == "created"]
            removed = 0
            for start in range(0, len(created), 500):
                chunk = created[start:start + 500]
                self.index.remove(session, Contact, chunk)
                removed += session.execute(
                    delete(Contact).where(Contact.id.in_(chunk))).rowcount or 0
            reverted = self._revert(session, merged, region)
            accounts_removed = self._remove_accounts(session, accounts)
            if batch.category:
                key = batch.category.casefold()
                cat_id = session.scalar(select(Category.id).where(Category.key == key))
                if cat_id is not None and not session.scalar(
                        select(func.count()).select_from(contact_category)
                        .where(contact_category.c.category_id == cat_id)):
                    session.execute(delete(Category).where(Category.id == cat_id))
            batch.undone = utcnow()
            return UndoResult(removed, reverted, accounts_removed)

    def _revert(self, session: Session, merged: dict[int, str], region: str) -> int:
        if not merged:
            return 0
        contacts = session.scalars(
            select(Contact).where(Contact.id.in_(list(merged))).options(
                selectinload(Contact.phones), selectinload(Contact.emails),
                selectinload(Contact.addresses), selectinload(Contact.categories),
                selectinload(Contact.account), selectinload(Contact.photo))).all()
        for contact in contacts:
            record = snapshot.loads(merged[contact.id])
            self.contacts.apply(session, contact, record, region)
        session.flush()
        self.index.refresh(session, Contact, [c.id for c in contacts])
        return len(contacts)

    def _remove_accounts(self, session: Session, ids: list[int]) -> int:
        """Accounts the import created, unless someone now works there."""
        if not ids:
            return 0
        used = set(session.scalars(select(Contact.account_id).where(
            Contact.account_id.in_(ids)).distinct()))
        gone = [i for i in ids if i not in used]
        self.index.remove(session, Account, gone)
        for start in range(0, len(gone), 500):
            session.execute(delete(Account).where(Account.id.in_(gone[start:start + 500])))
        return len(gone)
