"""Which stored contact an incoming record is, if any.

In this order: the vCard UID; then a normalised e-mail address; then an E.164
phone number; then the folded name within the same company (a card with only a
company matches that company's nameless card).  When a shared e-mail, phone or
name means the same person is ``same_person``'s rule, which ``crmdesk
duplicates`` follows too; among several stored contacts the oldest is taken.

The keys of every stored contact are loaded once per import as sorted arrays
of hashes (a few MB for 100,000 contacts; dicts of strings took 80 MB), a
hash hit is confirmed by an indexed query, and a company's stored people are
loaded once when a record of that company comes by.  Each contact the import
creates or merges adds its keys to small dicts, so duplicates inside one file
are caught the same way.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from crmdesk.models import Contact, Email, Phone
from crmdesk.records import ContactRecord
from crmdesk.services.importing.keys import Keys, digit_key
from crmdesk.services.names import name_key_of
from crmdesk.services.same_person import NAMED_SQL, same_person, similar_names

_NAMED = text(NAMED_SQL)
# "uid != ''" is the partial index's own condition: without it SQLite would not use it
_SQL_UID = "SELECT id FROM contact WHERE uid = ? AND uid != '' ORDER BY id"
_SQL_EMAIL = ("SELECT contact_id FROM email WHERE address_key = ? AND contact_id IS NOT NULL "
              "ORDER BY contact_id")
_SQL_PHONE = ("SELECT contact_id FROM phone WHERE e164 = ? AND contact_id IS NOT NULL "
              "ORDER BY contact_id")


@dataclass(frozen=True)
class Match:
    contact_id: int
    reason: str


def first_column(session: Session, stmt: Any) -> Iterator[Any]:
    """The first column of a select with only constant conditions, streamed.  On SQLite
    straight from the driver: for 130,000 e-mail keys 0.05 s instead of 0.25 s through
    SQLAlchemy's result rows, which an import into a large database paid six times."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        return session.scalars(stmt.execution_options(yield_per=5000))
    sql = str(stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    return (row[0] for row in conn.connection.driver_connection.execute(sql))


class HashSet:
    """Which keys the database holds, as a sorted array of 64-bit hashes (8 bytes a key
    instead of ~150 for a str -> int dict entry); a hit is confirmed by an indexed query,
    so a hash collision costs a query, never a wrong match."""

    def __init__(self, keys: Iterable[str]) -> None:
        self.hashes = array("q", sorted({hash(k) for k in keys}))
        self.extra: set[int] = set()  # keys written later, by this import

    def __contains__(self, key: str) -> bool:
        h = hash(key)
        if h in self.extra:
            return True
        i = bisect_left(self.hashes, h)
        return i < len(self.hashes) and self.hashes[i] == h

    def update(self, keys: Iterable[str]) -> None:
        self.extra.update(hash(k) for k in keys)


class DuplicateIndex:
    """The keys of every stored contact, and of the contacts this import wrote."""

    def __init__(self, session: Session | None = None) -> None:
        self.session = session
        self.stored_uids, self.stored_emails, self.stored_phones = (HashSet([]) for _ in "123")
        self.stored_names, self.stored_nameless, self.stored_companies = (
            HashSet([]) for _ in "123")
        self.uids: dict[str, int] = {}  # the keys this import added
        self.emails: dict[str, int] = {}
        self.phones: dict[str, int] = {}
        #: keys.digit_key of stored numbers without an E.164 form -> the oldest contact
        self.stored_digits: dict[str, int] = {}
        self.names: dict[str, dict[str, int]] = {}  # company key -> name key -> id
        #: the current record of a contact the importer holds in memory (not yet written,
        #: or written and merged into since); None for the others (set by the importer)
        self.held: Callable[[int], ContactRecord | None] = lambda cid: None
        self.nameless: dict[str, int] = {}  # company key -> a contact with no name there
        self._buckets: dict[str, dict[str, int]] = {}  # company key -> stored people

    @classmethod
    def load(cls, session: Session) -> DuplicateIndex:
        """Stream every stored key into hash arrays (for 100,000 contacts a few MB)."""
        index = cls(session)

        def column(stmt: Any) -> Iterator[str]:
            return first_column(session, stmt)

        index.stored_uids = HashSet(column(select(Contact.uid).where(Contact.uid != "")))
        index.stored_emails = HashSet(column(
            select(Email.address_key).where(Email.contact_id.is_not(None))))
        index.stored_phones = HashSet(column(
            select(Phone.e164).where(Phone.contact_id.is_not(None), Phone.e164 != "")))
        for cid, number in session.execute(select(Phone.contact_id, Phone.number).where(
                Phone.contact_id.is_not(None), Phone.e164 == "")):
            key = digit_key(number)
            index.stored_digits[key] = min(index.stored_digits.get(key, cid), cid)
        index.stored_names = HashSet(
            f"\x1f{name}" for name in column(
                select(Contact.name_key).where(_NAMED, Contact.company_key == "")))
        index.stored_companies = HashSet(column(
            select(Contact.company_key).where(_NAMED, Contact.company_key != "")))
        index.stored_nameless = HashSet(column(
            select(Contact.company_key).where(text(f"NOT {NAMED_SQL}"),
                                              Contact.company_key != "")))
        return index

    # -- stored contacts, by indexed queries ------------------------------------------
    def query(self, sql: str, *params: Any) -> list[Any]:
        """Run one small lookup; on SQLite straight on the driver (an ORM select cost
        ~0.3 ms, which a re-import of 10,000 cards paid twice per card)."""
        if self.session is None:
            return []
        conn = self.session.connection()
        if conn.dialect.name == "sqlite":
            return conn.connection.driver_connection.execute(sql, params).fetchall()
        names = iter(range(len(params)))
        portable = "".join(f":p{next(names)}" if ch == "?" else ch for ch in sql)
        return list(conn.execute(text(portable), {f"p{i}": v for i, v in enumerate(params)}))

    def _first(self, sql: str, *params: Any) -> int | None:
        rows = self.query(sql + " LIMIT 1", *params)
        return rows[0][0] if rows else None

    def _stored_name_of(self, cid: int) -> str:
        """The contact's name key as it is now (a merge may have filled it)."""
        if (record := self.held(cid)) is not None:
            return name_key_of(record)
        rows = self.query(f"SELECT name_key, {NAMED_SQL} FROM contact WHERE id = ?", cid)
        return rows[0][0] if rows and rows[0][1] else ""

    def _bucket(self, company_key: str) -> dict[str, int]:
        """The stored named people of one company (loaded once per company)."""
        bucket = self._buckets.get(company_key)
        if bucket is None:
            if len(self._buckets) > 20_000:
                self._buckets.clear()
            bucket = {}
            for cid, name in self.query(
                    f"SELECT id, name_key FROM contact WHERE company_key = ? AND {NAMED_SQL} "
                    "ORDER BY id", company_key):
                bucket.setdefault(name, cid)
            self._buckets[company_key] = bucket
        return bucket

    def _lookup(self, stored: HashSet, sql: str, key: str, added: dict[str, int]) -> int | None:
        """The oldest contact with this key, written (``stored``, then ``sql`` to confirm
        the hash) or not yet (``added``)."""
        written = self._first(sql, key) if key in stored else None
        mine = added.get(key)
        if written is None or mine is None:
            return mine if written is None else written
        return min(written, mine)

    def _same_person(self, cid: int, name: str) -> bool:
        return same_person(name, self._stored_name_of(cid))

    def find(self, keys: Keys) -> Match | None:
        """The stored contact a record with these keys duplicates."""
        if keys.uid and (cid := self._lookup(self.stored_uids, _SQL_UID, keys.uid,
                                             self.uids)) is not None:
            return Match(cid, "UID")
        name = keys.name
        for address in keys.emails:
            cid = self._lookup(self.stored_emails, _SQL_EMAIL, address, self.emails)
            if cid is not None and self._same_person(cid, name):
                return Match(cid, "e-mail")
        for e164 in keys.phones:
            if e164.startswith("#"):  # a number kept as typed
                found = [c for c in (self.stored_digits.get(e164), self.phones.get(e164))
                         if c is not None]
                cid = min(found) if found else None
            else:
                cid = self._lookup(self.stored_phones, _SQL_PHONE, e164, self.phones)
            if cid is not None and self._same_person(cid, name):
                return Match(cid, "phone")
        company_key = keys.company
        if not name:  # a card for a company: the same company's nameless card
            if not company_key or keys.reachable:
                return None
            cid = None
            if company_key in self.stored_nameless:
                cid = self._first(f"SELECT id FROM contact WHERE company_key = ? AND NOT "
                                  f"{NAMED_SQL} ORDER BY id", company_key)
            found = [c for c in (cid, self.nameless.get(company_key)) if c is not None]
            return Match(min(found), "company") if found else None
        added = self.names.get(company_key, {})
        if not company_key:  # no company: only the very same folded name
            cid = None
            if f"\x1f{name}" in self.stored_names:
                cid = self._first(f"SELECT id FROM contact WHERE name_key = ? AND "
                                  f"company_key = '' AND {NAMED_SQL} ORDER BY id", name)
            exact = [c for c in (cid, added.get(name)) if c is not None]
            return Match(min(exact), "name and company") if exact else None
        stored = self._bucket(company_key) if company_key in self.stored_companies else {}
        exact = [c for c in (stored.get(name), added.get(name)) if c is not None]
        if exact:
            return Match(min(exact), "name and company")
        if stored or added:
            people = {name: min(stored.get(name, cid), cid) for name, cid in added.items()}
            people.update((name, cid) for name, cid in stored.items() if name not in people)
            scored = similar_names(name, people.keys())
            if scored:  # the best score; among equals the oldest contact, so the result
                # does not depend on how the import was chunked
                best = max(scored, key=lambda hit: (hit[1], -people[hit[0]]))
                return Match(people[best[0]], "name and company")
        return None

    def absorb(self) -> None:
        """Everything added so far is in the database now: keep only the hashes of its
        keys (a few dozen bytes a key instead of a string and a dict entry)."""
        for key in [k for k in self.phones if k.startswith("#")]:
            cid = self.phones.pop(key)
            self.stored_digits[key] = min(self.stored_digits.get(key, cid), cid)
        for hashes, added in ((self.stored_uids, self.uids), (self.stored_emails, self.emails),
                              (self.stored_phones, self.phones)):
            hashes.update(added)
            added.clear()
        for company, people in self.names.items():
            if company:
                self.stored_companies.update([company])
                bucket = self._buckets.get(company)
                if bucket is not None:
                    for name, cid in people.items():
                        bucket[name] = min(bucket.get(name, cid), cid)
            else:
                self.stored_names.update(f"\x1f{name}" for name in people)
        self.names.clear()
        self.stored_nameless.update(self.nameless)
        self.nameless.clear()

    def add(self, contact_id: int, keys: Keys) -> None:
        """Remember a contact this import wrote, so later records can match it.  Each key
        keeps its oldest contact (lowest id), as the database lookups do, so the result
        does not depend on when keys move from these dicts to the hash sets."""
        def keep(table: dict[str, int], key: str) -> None:
            old = table.get(key)
            table[key] = contact_id if old is None else min(old, contact_id)

        if keys.uid:
            keep(self.uids, keys.uid)
        for address in keys.emails:
            keep(self.emails, address)
        for e164 in keys.phones:
            keep(self.phones, e164)
        if keys.name:
            keep(self.names.setdefault(keys.company, {}), keys.name)
        elif keys.company:
            keep(self.nameless, keys.company)
