"""Full-text search over contacts, accounts, leads, opportunities, cases and
campaigns: the only SQLite-specific SQL.

The services compute one folded ``search_text`` per row (see ``folding``), in
Python, so every database stores the same thing.  A ``SearchIndex`` turns a
user's query into a WHERE clause on the party table and keeps its index in step
with writes.  ``Fts5Index`` uses the FTS5 tables of ``models.search``;
``LikeIndex`` works on any SQL database (the later PostgreSQL path).

User text never reaches the FTS5 query grammar as typed: it is folded into
words of letters and digits, and each is quoted as a string.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    and_,
    bindparam,
    case,
    column,
    literal,
    or_,
    text,
)
from sqlalchemy.orm import Session

from crmdesk.models import Account, Campaign, Case, Contact, Lead, Opportunity
from crmdesk.models.search import FTS_TABLES
from crmdesk.services import folding, phones
from crmdesk.services.bulk import chunks, runs

#: the kinds of row searched: each has ``id`` and ``search_text``
Party = (type[Contact] | type[Account] | type[Lead] | type[Opportunity] | type[Case]
         | type[Campaign])
_FTS_TABLE = {model: FTS_TABLES[model.__tablename__]
              for model in (Contact, Account, Lead, Opportunity, Case, Campaign)}
_AUTOMERGE = 4  # FTS5's default
#: From this many matches on, walking a list's sort index and testing each row finds the
#: first page sooner than looking every match up to sort it (at 100,000 contacts a
#: 3-letter prefix matches ~3,600: 6.7 ms sorted, 1.3 ms walked; walking the whole index
#: for a rare word costs 6-9 ms, sorting 1,000 matches ~2 ms)
WALK_FROM = 1000


def query_terms(user_text: str) -> list[str]:
    """The folded prefixes a query asks for; all must match (AND).

    Text made only of digits and dialling punctuation is one phone number, so
    ``+45 33 12 34 56`` becomes the single prefix ``4533123456``.
    """
    digits = phone_digits(user_text)
    return [digits] if digits else folding.words(user_text.strip())


def phone_digits(user_text: str) -> str:
    """The digits of a query that is a phone number (at least three digits and only
    dialling punctuation; a leading ``00`` dropped), else ""."""
    stripped = user_text.strip()
    if phones.looks_like_phone(stripped) and sum(c.isdigit() for c in stripped) >= 3:
        digits = phones.digits(stripped)
        return digits[2:] if stripped.startswith("00") else digits
    return ""


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"*'


class SearchIndex(Protocol):
    def matching(self, model: Party, user_text: str) -> ColumnElement[bool] | None:
        """A WHERE clause selecting rows of ``model`` that match, or None for no filter."""

    def walking(self, conn: Connection, model: Party,
                user_text: str) -> ColumnElement[bool] | None:
        """The rows ``matching`` selects, as a clause the database tests row by row while
        it walks the list's sort index, when so many match that this is the faster way to
        the first rows in order; None when looking up and sorting the matches is."""

    def refresh(self, session: Session, model: Party, ids: Iterable[int]) -> None:
        """Re-index these rows (call after their search_text changed, before commit)."""

    def remove(self, session: Session, model: Party, ids: Iterable[int]) -> None:
        """Drop these rows from the index (call when deleting them)."""

    def rebuild(self, session: Session, model: Party) -> None:
        """Re-index every row of ``model`` in one statement (after a bulk insert)."""

    def ranking(self, model: Party, user_text: str) -> ColumnElement[int] | None:
        """0 for the rows that match the query better (a number that ends in the digits
        asked for), 1 for the others; None when all match alike.  Sorts before the list's
        own order."""

    def add_new(self, session: Session, model: Party, ids: Iterable[int]) -> None:
        """Index these new rows, none of them indexed yet (after a bulk insert)."""


class Fts5Index:
    """SQLite FTS5 with prefix indexes; one virtual table per party kind."""

    @staticmethod
    def fts_query(terms: Sequence[str]) -> str:
        return " ".join(_quoted(term) for term in terms)

    @staticmethod
    def phone_query(digits: str) -> str:
        """A number that starts with the digits in any of its forms, or ends in them."""
        return f"{_quoted(digits)} OR {_quoted(phones.suffix_token(digits, ''))}"

    def _rows(self, model: Party, query: str, *, by_id: bool = True) -> ColumnElement[bool]:
        """``id IN (the matches)``; not ``by_id``, the id is written ``id + 0``, which
        SQLite cannot look rows up by, so it walks the index that gives the order."""
        table = _FTS_TABLE[model]
        sub = text(f"SELECT rowid FROM {table} WHERE {table} MATCH :q").bindparams(
            bindparam("q", query, unique=True))  # the ranking's query is a second one
        ids = model.id if by_id else model.id + 0
        return ids.in_(sub.columns(column("rowid", Integer)))

    def _query(self, user_text: str) -> str | None:
        if digits := phone_digits(user_text):
            return self.phone_query(digits)
        terms = query_terms(user_text)
        return self.fts_query(terms) if terms else None

    def matching(self, model: Party, user_text: str) -> ColumnElement[bool] | None:
        query = self._query(user_text)
        return None if query is None else self._rows(model, query)

    def walking(self, conn: Connection, model: Party,
                user_text: str) -> ColumnElement[bool] | None:
        if (query := self._query(user_text)) is None:
            return None
        table = _FTS_TABLE[model]
        found = conn.scalar(text(f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE "
                                 f"{table} MATCH :q LIMIT :n)"), {"q": query, "n": WALK_FROM})
        return self._rows(model, query, by_id=False) if found == WALK_FROM else None

    def ranking(self, model: Party, user_text: str) -> ColumnElement[int] | None:
        if not (digits := phone_digits(user_text)):
            return None
        ends = self._rows(model, _quoted(phones.suffix_token(digits, "")))
        return case((ends, 0), else_=1)

    def refresh(self, session: Session, model: Party, ids: Iterable[int]) -> None:
        table = _FTS_TABLE[model]
        source = model.__tablename__
        for batch in chunks(ids):
            marks = ",".join(str(int(i)) for i in batch)
            session.execute(text(f"DELETE FROM {table} WHERE rowid IN ({marks})"))
            session.execute(
                text(
                    f"INSERT INTO {table}(rowid, body) "
                    f"SELECT id, search_text FROM {source} WHERE id IN ({marks})"
                )
            )

    def remove(self, session: Session, model: Party, ids: Iterable[int]) -> None:
        table = _FTS_TABLE[model]
        for batch in chunks(ids):
            marks = ",".join(str(int(i)) for i in batch)
            session.execute(text(f"DELETE FROM {table} WHERE rowid IN ({marks})"))

    def rebuild(self, session: Session, model: Party) -> None:
        table = _FTS_TABLE[model]
        session.execute(text(f"DELETE FROM {table}"))
        source = model.__tablename__
        session.execute(
            text(f"INSERT INTO {table}(rowid, body) SELECT id, search_text FROM {source}")
        )


    def add_new(self, session: Session, model: Party, ids: Iterable[int]) -> None:
        """One INSERT ... SELECT (filling FTS5 per row by trigger was 4x slower; and FTS5
        writes a segment per statement, so the ids go in as runs, which one import's
        are), with automatic segment merging off meanwhile: a quarter of the time, and
        later writes merge the few extra segments as they would their own."""
        table = _FTS_TABLE[model]
        session.execute(text(f"INSERT INTO {table}({table}, rank) VALUES ('automerge', 0)"))
        for group in runs(ids):
            wanted = " OR ".join(f"id BETWEEN {int(first)} AND {int(last)}"
                                 for first, last in group)
            session.execute(text(f"INSERT INTO {table}(rowid, body) SELECT id, search_text "
                                 f"FROM {model.__tablename__} WHERE {wanted}"))
        session.execute(text(f"INSERT INTO {table}({table}, rank) VALUES ('automerge', "
                             f"{_AUTOMERGE})"))


class LikeIndex:
    """Portable fallback: prefix LIKE on the stored folded text (no extra tables)."""

    def matching(self, model: Party, user_text: str) -> ColumnElement[bool] | None:
        padded = literal(" ") + model.search_text
        if digits := phone_digits(user_text):
            return or_(padded.like(f"% {digits}%"), self._ends(model, digits))
        terms = query_terms(user_text)
        if not terms:
            return None
        return and_(*(padded.like(f"% {term}%") for term in terms))

    def walking(self, conn: Connection, model: Party,
                user_text: str) -> ColumnElement[bool] | None:
        """None: the database's planner weighs the LIKE itself."""
        return None

    def ranking(self, model: Party, user_text: str) -> ColumnElement[int] | None:
        if not (digits := phone_digits(user_text)):
            return None
        return case((self._ends(model, digits), 0), else_=1)

    @staticmethod
    def _ends(model: Party, digits: str) -> ColumnElement[bool]:
        return (literal(" ") + model.search_text).like(
            f"% {phones.suffix_token(digits, '')}%")

    def refresh(self, session: Session, model: Party, ids: Iterable[int]) -> None:
        """Nothing to do: the query reads ``search_text`` itself."""

    def remove(self, session: Session, model: Party, ids: Iterable[int]) -> None:
        """Nothing to do: the row's own deletion removes its text."""

    def rebuild(self, session: Session, model: Party) -> None:
        """Nothing to do."""

    def add_new(self, session: Session, model: Party, ids: Iterable[int]) -> None:
        """Nothing to do."""


def index_for(dialect_name: str) -> SearchIndex:
    return Fts5Index() if dialect_name == "sqlite" else LikeIndex()


