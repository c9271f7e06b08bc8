"""Stored contacts written anew in bulk: an import's merges and the undo of them.

An import's merges and the undo of them both rewrite thousands of stored
contacts; through the ORM (``ContactService.apply``) that cost about 3 ms a
contact.  Here the contact row is updated in place (never deleted, so whatever
points at the contact stays, and its ``created`` stays: undo tells contacts
apart by it) and its phones, e-mails, addresses, category links and photo are
replaced (custom fields too), with one executemany per table (``bulk.BulkWriter``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple

from crmdesk.models import Address, Contact, CustomField, Email, Phone, Photo, contact_category
from crmdesk.records import ContactRecord
from crmdesk.services.bulk import BulkWriter
from crmdesk.services.importing.rows import RowBuilder
from crmdesk.services.table_rows import CategoryLinkRow, ContactRow, PhotoRow


class Rewrite(NamedTuple):
    """A stored contact to write anew."""

    record: ContactRecord  # cleaned, with its id, account id and the account's stored name
    categories: list[tuple[int, str]]  # (id, stored name) of each of its categories
    version: int  # the version to store
    #: the contact as stored now, if known: its phones, e-mails, addresses, categories
    #: or photo, where equal to the record's, are left as they are
    stored: ContactRecord | None = None


#: The contact columns a rewrite sets: all but its id and when it was created
REWRITTEN = tuple(c for c in ContactRow._fields if c not in ("id", "created"))


def rewrite_contacts(writer: BulkWriter, builder: RowBuilder, items: Sequence[Rewrite],
                     now: datetime, index: Any) -> None:
    """Write these stored contacts as their records say, and re-index them."""
    if not items:
        return
    rows: list[ContactRow] = []
    children: dict[Any, list[tuple[Any, ...]]] = {
        Phone.__table__: [], Email.__table__: [], Address.__table__: [],
        Photo.__table__: [], contact_category: [], CustomField.__table__: []}
    replaced: dict[Any, list[int]] = {table: [] for table in children}
    for rec, cats, version, stored in items:
        cid = rec.id
        assert cid is not None
        draft = builder.draft(rec, cid, rec.account_id, rec.company, [n for _, n in cats], now,
                              version=version)
        rows.append(draft.contact)
        new: dict[Any, list[Any]] = {
            Phone.__table__: draft.phones, Email.__table__: draft.emails,
            Address.__table__: draft.addresses,
            contact_category: [CategoryLinkRow(cid, c) for c, _ in cats],
            Photo.__table__: [PhotoRow(cid, rec.photo_mime or "image/jpeg", rec.photo)]
            if rec.photo else [],
            CustomField.__table__: draft.custom_fields}
        same = _same_children(rec, stored) if stored is not None else set()
        for table, table_rows in new.items():
            if table not in same:
                replaced[table].append(cid)
                children[table] += table_rows
    writer.update(Contact.__table__, rows, REWRITTEN)
    for child, ids in replaced.items():
        writer.delete(child, "contact_id", ids)
    for child, child_rows in children.items():
        writer.insert(child, child_rows)
    index.refresh(writer.session, Contact, [item.record.id for item in items])


def _same_children(rec: ContactRecord, stored: ContactRecord) -> set[Any]:
    """The child tables whose rows of ``stored`` already say what ``rec`` says."""
    same: set[Any] = set()
    if rec.phones == stored.phones:
        same.add(Phone.__table__)
    if rec.emails == stored.emails:
        same.add(Email.__table__)
    if rec.addresses == stored.addresses:
        same.add(Address.__table__)
    if {c.casefold() for c in rec.categories} == {c.casefold() for c in stored.categories}:
        same.add(contact_category)
    if rec.custom_fields == stored.custom_fields:
        same.add(CustomField.__table__)
    if rec.photo == stored.photo and (rec.photo_mime == stored.photo_mime or not rec.photo):
        same.add(Photo.__table__)
    return same
