"""The stored sort keys and Rolodex letters follow the sorting language: rebuilt, all at
once, when it changes.

Lists sort by keys stored on the rows (``derive.ContactOrder``, ``AccountOrder``),
built in the language of the default region (``collation``), and the A-Z tabs filter
by the letter stored beside them (Ø and Å are tabs of their own in Danish).  The database
records the language they were built in (``meta``); when Settings give another
(the default region changed, or the system's, when the setting is "System
default"), :func:`ensure` rebuilds every key in one transaction, so a list is
never half in one alphabet and half in another.  The window's start-up calls it
(before the window, as it runs the migrations) and so does Settings after a new
region; a command that writes (the import, the demo) calls it first, so the keys
it builds sort with those stored.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from crmdesk.db import Database
from crmdesk.errors import DatabaseBusy
from crmdesk.models import Account, Contact, Meta
from crmdesk.models.meta import SORT_LANGUAGE
from crmdesk.services.collation import collation_for, language_of
from crmdesk.services.derive import AccountOrder, ContactOrder, account_order, contact_order
from crmdesk.services.errors import storage_error

_BATCH = 5_000  # rows per UPDATE executemany


def stored_language(db: Database) -> str:
    """The language the stored keys were built in; "" when none is recorded (a database
    older than the record, or one no key was built in yet)."""
    with db.sessions() as session:
        return session.scalar(select(Meta.value).where(Meta.key == SORT_LANGUAGE)) or ""


def language(db: Database, region: str) -> str:
    """The language the stored keys and letters are in: the one recorded, else (none
    built in yet) the one a save would build them in, ``region``'s."""
    return stored_language(db) or language_of(region)


def ensure(db: Database, region: str,
           progress: Callable[[int, int], None] | None = None) -> bool:
    """Rebuild the keys if they were built in another language than ``region``'s; whether
    it did.  ``progress(done, total)`` is told as rows are rewritten; a database failure
    is a ``StorageError`` (and nothing changed)."""
    wanted = language_of(region)
    try:
        if stored_language(db) == wanted:
            return False
        rekey(db, wanted, progress)
    except (DBAPIError, DatabaseBusy) as exc:
        raise storage_error(exc) from exc
    return True


def rekey(db: Database, language: str,
          progress: Callable[[int, int], None] | None = None) -> int:
    """Rebuild every contact's and account's sort keys and letter in ``language``, in one
    write, and record the language; the number of rows whose keys changed.  Nothing else on a row
    changes: neither its version (an open edit stays valid) nor when it was modified."""
    collation = collation_for(language)
    with db.writing() as session:
        contacts = [
            (cid, contact_order(last, first, middle, company or "", display, city, collation),
             ContactOrder(sort_name, company_sort, city_sort, letter))
            for cid, last, first, middle, company, display, city, sort_name, company_sort,
            city_sort, letter in session.execute(
                select(Contact.id, Contact.last_name, Contact.first_name, Contact.middle_name,
                       Account.name, Contact.display_name, Contact.city, Contact.sort_name,
                       Contact.company_sort, Contact.city_sort, Contact.letter)
                .outerjoin(Account, Account.id == Contact.account_id))]
        accounts = [
            (aid, account_order(name, city, collation),
             AccountOrder(sort_name, city_sort, letter))
            for aid, name, city, sort_name, city_sort, letter in session.execute(
                select(Account.id, Account.name, Account.city, Account.sort_name,
                       Account.city_sort, Account.letter))]
        changed_contacts = [(i, new) for i, new, old in contacts if new != old]
        changed_accounts = [(i, new) for i, new, old in accounts if new != old]
        total = len(changed_contacts) + len(changed_accounts)
        done = _rewrite(session, Contact, changed_contacts, 0, total, progress)
        _rewrite(session, Account, changed_accounts, done, total, progress)
        meta = session.get(Meta, SORT_LANGUAGE)
        if meta is None:
            session.add(Meta(key=SORT_LANGUAGE, value=language))
        else:
            meta.value = language
    return total


def _rewrite(session: Session, model: type[Contact] | type[Account],
             rows: list[tuple[int, ContactOrder]] | list[tuple[int, AccountOrder]],
             done: int, total: int, progress: Callable[[int, int], None] | None) -> int:
    if not rows:
        return done
    table = model.__table__
    fields = rows[0][1]._fields
    stmt = (update(table).where(table.c.id == bindparam("row_id"))
            .values({**{name: bindparam(f"new_{name}") for name in fields},
                     "modified": table.c.modified}))  # not an edit: no new "modified"
    for start in range(0, len(rows), _BATCH):
        batch = rows[start:start + _BATCH]
        session.execute(stmt, [{"row_id": i, **{f"new_{n}": v for n, v in
                                                zip(fields, keys, strict=True)}}
                               for i, keys in batch])
        done += len(batch)
        if progress is not None:
            progress(done, total)
    return done
