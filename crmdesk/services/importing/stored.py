"""Writing contacts' rows in bulk: inserts, updates, and stored contacts written anew.

An import's merges and the undo of them both rewrite thousands of stored
contacts; through the ORM (``ContactService.apply``) that cost about 3 ms a
contact.  Here the contact row is updated in place (never deleted, so whatever
points at the contact stays, and its ``created`` stays: undo tells contacts
apart by it) and its phones, e-mails, addresses, category links and photo are
replaced, with one executemany per table.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import bindparam, delete, update
from sqlalchemy.orm import Session

from crmdesk.models import Address, Contact, Email, Phone, Photo, contact_category
from crmdesk.records import ContactRecord
from crmdesk.services.importing.rows import DRAFT_COLUMNS, STORED_COLUMNS, RowBuilder


class Rewrite(NamedTuple):
    """A stored contact to write anew."""

    record: ContactRecord  # cleaned, with its id, account id and the account's stored name
    categories: list[tuple[int, str]]  # (id, stored name) of each of its categories
    version: int  # the version to store
    #: the contact as stored now, if known: its phones, e-mails, addresses, categories
    #: or photo, where equal to the record's, are left as they are
    stored: ContactRecord | None = None


#: The contact columns a rewrite sets, from ``RowBuilder.build`` (all but id and created)
_COLUMNS = tuple(c for c in DRAFT_COLUMNS + STORED_COLUMNS if c not in ("id", "created"))


def rewrite_contacts(session: Session, builder: RowBuilder, items: Sequence[Rewrite],
                     now: datetime, index: Any) -> None:
    """Write these stored contacts as their records say, and re-index them."""
    if not items:
        return
    rows: list[tuple[Any, ...]] = []
    children: dict[Any, list[dict[str, Any]]] = {
        Phone.__table__: [], Email.__table__: [], Address.__table__: [],
        Photo.__table__: [], contact_category: []}
    replaced: dict[Any, list[int]] = {table: [] for table in children}
    for rec, cats, version, stored in items:
        cid = rec.id
        assert cid is not None
        built = builder.build(rec, [builder.phone(p.number) for p in rec.phones], cid,
                              rec.account_id, rec.company, [n for _, n in cats], now)
        row = built.contact
        row.update(version=version, modified=now)
        rows.append((*(row[c] for c in _COLUMNS), cid))
        new = {Phone.__table__: built.phones, Email.__table__: built.emails,
               Address.__table__: built.addresses,
               contact_category: [{"contact_id": cid, "category_id": c} for c, _ in cats],
               Photo.__table__: [{"contact_id": cid, "mime": rec.photo_mime or "image/jpeg",
                                  "data": rec.photo}] if rec.photo else []}
        same = _same_children(rec, stored) if stored is not None else set()
        for table, table_rows in new.items():
            if table not in same:
                replaced[table].append(cid)
                children[table] += table_rows
    update_values(session, Contact.__table__, _COLUMNS, rows)
    conn = session.connection()
    for child, ids in replaced.items():
        for start in range(0, len(ids), 500):
            conn.execute(delete(child).where(child.c.contact_id.in_(ids[start:start + 500])))
    for child, child_rows in children.items():
        insert_rows(session, child, child_rows)
    index.refresh(session, Contact, [item.record.id for item in items])


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
    if rec.photo == stored.photo and (rec.photo_mime == stored.photo_mime or not rec.photo):
        same.add(Photo.__table__)
    return same


def update_values(session: Session, table: Any, names: Sequence[str],
                  values: list[tuple[Any, ...]]) -> None:
    """executemany of ``UPDATE table SET names... WHERE id = ?``, the id last in each
    tuple (straight to the driver on SQLite, as :func:`insert_values`)."""
    if not values:
        return
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        stmt = (update(table).where(table.c.id == bindparam("_id"))
                .values({n: bindparam(n) for n in names}))
        conn.execute(stmt, [dict(zip((*names, "_id"), v, strict=True)) for v in values])
        return
    conn.exec_driver_sql(f"UPDATE {table.name} SET {', '.join(f'{n} = ?' for n in names)} "
                         "WHERE id = ?", values)


def insert_rows(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """:func:`insert_values` of dicts that all have the same keys."""
    if rows:
        names = tuple(rows[0])
        get = itemgetter(*names)
        insert_values(session, table, names, [get(r) for r in rows] if len(names) > 1
                      else [(get(r),) for r in rows])


def insert_values(session: Session, table: Any, names: Sequence[str],
                  values: list[tuple[Any, ...]]) -> None:
    """executemany of tuples straight to the driver on SQLite (SQLAlchemy's per-row
    parameter processing cost more than SQLite's insert; ``crmdesk.db`` registers how
    dates are stored); Core executemany elsewhere."""
    if not values:
        return
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        conn.execute(table.insert(), [dict(zip(names, v, strict=True)) for v in values])
        return
    conn.exec_driver_sql(f"INSERT INTO {table.name} ({', '.join(names)}) "
                         f"VALUES ({', '.join('?' * len(names))})", values)
