"""Undoing what an import did to leads, by the rules undo follows for contacts
(``batches``):

- a lead the import created is deleted, unless a later import (not undone) merged
  into it (it stays, ``kept_held``); one the user edited since (its version moved
  beyond what the imports' own writes account for) is deleted only with ``force``;
- a stored lead the import merged into gets back the fields the merge filled, each
  only while it is as the merge left it (else it stays, named in ``kept_edited``);
  a lead created by an import undone while this one held it goes now.

A created lead is the batch's only when its ``created`` is the batch's time (SQLite
hands out a freed top id again).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from crmdesk.kinds.sales import LEAD
from crmdesk.models import ImportBatch, ImportItem, Lead
from crmdesk.services.bulk import chunks
from crmdesk.services.importing.lead_records import CURRENCY_BEFORE, typed

#: a lead's fields as they are before anything fills them
_EMPTY: dict[str, Any] = {"source": "other", "rating": "warm", "estimated_value": None}


class _Item(NamedTuple):
    id: int
    batch_id: int
    batch_created: datetime
    undone: bool
    action: str
    lead_id: int
    version_after: int
    added: str | None
    moved: int | None


@dataclass
class LeadPlan:
    """What undoing one batch does to leads, worked out before anything is written."""

    delete: list[int] = field(default_factory=list)
    #: merged leads: the fields to empty again (name -> the value they go back to)
    revert: dict[int, dict[str, Any]] = field(default_factory=dict)
    moved: dict[int, int] = field(default_factory=dict)  # item id -> its new ``moved``
    conflicts: list[str] = field(default_factory=list)
    kept_edited: list[tuple[int, str, list[str]]] = field(default_factory=list)
    kept_held: list[tuple[int, str, list[int]]] = field(default_factory=list)


def plan(session: Session, batch: ImportBatch) -> LeadPlan:
    """What undoing ``batch`` does to the leads it created or merged into."""
    out = LeadPlan()
    ours = [i for i in _items(session, ImportItem.batch_id == batch.id)]
    if not ours:
        return out
    ids = [i.lead_id for i in ours]
    leads = {lid: (created, version, name) for lid, created, version, name in
             _rows(session, ids)}
    others: dict[int, list[_Item]] = {}
    for chunk in chunks(ids):
        for item in _items(session, ImportItem.party_id.in_(chunk),
                           ImportItem.batch_id != batch.id):
            others.setdefault(item.lead_id, []).append(item)
    for item in ours:
        if item.lead_id not in leads:
            continue  # deleted since
        created, version, name = leads[item.lead_id]
        history = [i for i in others.get(item.lead_id, ())
                   if (i.batch_created == created if i.action == "created"
                       else i.batch_created >= created)]
        if item.action == "created" and created == batch.created:
            _plan_created(out, item, version, name, history)
        elif item.action == "merged" and created <= batch.created:
            _plan_merged(session, out, item, version, name, history)
    return out


def _plan_created(out: LeadPlan, item: _Item, version: int, name: str,
                  history: list[_Item]) -> None:
    merges = [i for i in history if i.action == "merged"]
    holders = sorted({i.batch_id for i in merges if not i.undone})
    if holders:
        out.kept_held.append((item.lead_id, name, holders))
        return
    if version > item.version_after + sum(_moves(i) for i in merges):
        out.conflicts.append(name)
    out.delete.append(item.lead_id)


def _plan_merged(session: Session, out: LeadPlan, item: _Item, version: int, name: str,
                 history: list[_Item]) -> None:
    merges = [i for i in history if i.action == "merged"]
    creator = next((i for i in history if i.action == "created"), None)
    if creator is not None and creator.undone and not any(not i.undone for i in merges):
        # its import was undone while this one held it: it goes with this undo
        if version > creator.version_after + sum(_moves(i) for i in [*merges, item]):
            out.conflicts.append(name)
        out.delete.append(item.lead_id)
        return
    added = json.loads(item.added or "{}")
    empty = {**_EMPTY, "currency": added.pop(CURRENCY_BEFORE, "")}
    filled = typed(added)
    row = session.get(Lead, item.lead_id)
    if row is None:  # pragma: no cover - read above in this transaction
        return
    back: dict[str, Any] = {}
    kept: list[str] = []
    for name_, value in filled.items():
        now = getattr(row, name_)
        if now == value or (name_ in ("source", "rating") and str(now) == str(value)):
            back[name_] = empty.get(name_, "")
        else:
            kept.append(name_)
    if kept:
        out.kept_edited.append((item.lead_id, name, kept))
    if back:
        out.revert[item.lead_id] = back
        out.moved[item.id] = _moves(item) + 1


def _moves(item: _Item) -> int:
    return (item.moved or 1) if item.action == "merged" else 0


def apply(session: Session, out: LeadPlan, index: Any, region: str) -> tuple[int, int]:
    """Delete and revert as planned; (leads removed, leads reverted)."""
    removed = 0
    for chunk in chunks(out.delete):
        index.remove(session, Lead, chunk)
        removed += session.execute(delete(Lead).where(Lead.id.in_(chunk))).rowcount or 0
    for lid, back in out.revert.items():
        row = session.get(Lead, lid)
        if row is None:  # pragma: no cover - read above in this transaction
            continue
        for name, value in back.items():
            setattr(row, name, value)
        LEAD.derive_columns(row, region)
    session.flush()
    if out.revert:
        index.refresh(session, Lead, list(out.revert))
    for item_id, moved in out.moved.items():
        session.execute(update(ImportItem).where(ImportItem.id == item_id).values(moved=moved))
    return removed, len(out.revert)


def _items(session: Session, *where: Any) -> list[_Item]:
    return [_Item(*row) for row in session.execute(
        select(ImportItem.id, ImportItem.batch_id, ImportBatch.created,
               ImportBatch.undone.is_not(None), ImportItem.action, ImportItem.party_id,
               ImportItem.version_after, ImportItem.added, ImportItem.moved)
        .join(ImportBatch, ImportBatch.id == ImportItem.batch_id)
        .where(ImportItem.kind == LEAD.name, *where))]


def _rows(session: Session, ids: list[int]) -> list[Any]:
    found: list[Any] = []
    for chunk in chunks(ids):
        found += session.execute(select(Lead.id, Lead.created, Lead.version,
                                        Lead.display_name).where(Lead.id.in_(chunk))).all()
    return found
