"""Ordered id lists and display rows for the list of any kind of record.

A list asks once for the ordered ids of a search (a few MB even for 100,000
rows) and then for display rows a page at a time, as the view scrolls.  What
to filter, sort and scope by comes from the kind's declaration
(``crmdesk.kinds``); a service adds only how to build its display rows.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import chain
from typing import Any, ClassVar, Generic, NamedTuple, TypeVar

from sqlalchemy import (
    BindParameter,
    Column,
    ColumnElement,
    Connection,
    Select,
    String,
    bindparam,
    case,
    false,
    func,
    or_,
    select,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.types import NullType

from crmdesk.db import Database
from crmdesk.errors import DatabaseBusy
from crmdesk.kinds import Kind, RecordRef
from crmdesk.models import Category, ImportBatch, ImportItem
from crmdesk.services import sort_keys
from crmdesk.services.collation import collation_for
from crmdesk.services.errors import NotFoundError, storage_error
from crmdesk.services.search_index import SearchIndex

RowT = TypeVar("RowT")


def _id_array(conn: Connection, stmt: Select) -> array:
    """The one-column result of ``stmt`` as an array of ids, read through the driver's own
    cursor: SQLAlchemy's result rows cost more than the query itself for a whole list
    (100,000 ids sorted by name: 57 ms through the Result, 30 ms this way), and the
    list of everyone is what the window shows on every change of tab or category."""
    # a kind's filter may hold an IN list: its values are written into the text
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params: Any = compiled.params
    if compiled.positiontup is not None:  # qmark drivers (sqlite3) take a sequence
        params = [params[name] for name in compiled.positiontup]
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(str(compiled), params)
        return array("q", chain.from_iterable(cursor.fetchall()))
    finally:
        cursor.close()


def _walkable(sort: ColumnElement[Any]) -> bool:
    """Whether ``sort`` is a table column that is never NULL and leads an index of its
    own: the database can then walk it in order, and its blanks are just ``''``, found
    through that index (``= '' OR IS NULL`` makes SQLite scan all of it)."""
    column = getattr(sort, "expression", sort)
    return (isinstance(column, Column) and not column.nullable
            and any(list(index.columns)[0].name == column.name
                    and index.dialect_options["sqlite"]["where"] is None
                    for index in column.table.indexes))


def _nullable(sort: ColumnElement[Any]) -> bool:
    """Whether ``sort`` is a table column that may be NULL (an unknown close date)."""
    column = getattr(sort, "expression", sort)
    return isinstance(column, Column) and bool(column.nullable)


@dataclass(frozen=True)
class ListQuery:
    """What a list shows: search text, A-Z tab, sort column, and filters."""

    text: str = ""
    letter: str = ""  # "" for All, one of ``Lister.alphabet()``, or "#"
    sort: str = "name"
    descending: bool = False
    category: str = ""
    #: Only the records this import (``ImportBatch.id``) created or merged into, while it
    #: is not undone: the import history as a filter, apart from the user's categories
    batch: int | None = None
    #: Only the records within this one, as the kind's scopes say (the contacts of an
    #: account, the sub-accounts of an account).
    within: RecordRef | None = None
    #: Only the rows every one of these filters keeps (the kind's ``filters`` keys, or
    #: what its service takes besides: ``stage:proposal``); an unknown one keeps none
    filters: tuple[str, ...] = ()


class Summary(NamedTuple):
    """What a search hit shows of a record."""

    id: int
    display_name: str
    company: str  # an account's own name
    city: str


class ImportedBatch(NamedTuple):
    """One import as the list's filter offers it."""

    id: int
    label: str  # "Imported 2026-12-03 14:05"
    count: int  # the records of the kind it created or merged into, still here


class Lister(Generic[RowT]):
    """Search, filter and sort the records of one kind; build display rows for ids."""

    kind: ClassVar[Kind]

    def __init__(self, db: Database, index: SearchIndex) -> None:
        self.db = db
        self.index = index


    @contextmanager
    def changing(self, record_id: int) -> Iterator[Any]:
        """One write transaction on one stored record of this kind (a status change); a
        record gone meanwhile as ``NotFoundError``, a database failure as
        ``StorageError``."""
        try:
            with self.db.writing() as session:
                row = session.get(self.kind.model, record_id)
                if row is None:
                    raise NotFoundError(f"{self.kind.nouns[0].capitalize()} {record_id} no "
                                        "longer exists; it may have been deleted.")
                yield row
        except (DBAPIError, DatabaseBusy) as exc:
            raise storage_error(exc) from exc
    def _filtered(self, stmt: Select, query: ListQuery,
                  match: ColumnElement[bool] | None = None) -> Select:
        """``stmt`` narrowed to the query's rows; ``match``, when given, in place of the
        index's own clause for the search text."""
        kind = self.kind
        model: Any = kind.model
        if match is not None or (match := self.index.matching(model, query.text)) is not None:
            stmt = stmt.where(match)
        if query.letter and kind.letter:
            stmt = stmt.where(getattr(model, kind.letter) == query.letter)
        if query.category:
            facet = kind.categories
            if facet is None:
                return stmt.where(false())
            link = facet.link
            stmt = stmt.where(
                model.id.in_(
                    select(link.c[facet.owner]).join(Category, Category.id == link.c.category_id)
                    .where(Category.key == query.category.strip().casefold())
                )
            )
        if query.batch is not None:
            stmt = stmt.where(model.id.in_(
                select(ImportItem.party_id)
                .join(ImportBatch, ImportBatch.id == ImportItem.batch_id)
                .where(ImportItem.batch_id == query.batch, ImportItem.kind == kind.name,
                       ImportBatch.undone.is_(None))))
        if query.within is not None:
            clause = self._within(query.within)
            stmt = stmt.where(false() if clause is None else clause)
        for key in query.filters:
            clause = self._filter(key)
            stmt = stmt.where(false() if clause is None else clause)
        return stmt

    def _within(self, ref: RecordRef) -> ColumnElement[bool] | None:
        """The rows within ``ref`` as the kind's scopes say; None when it declares none."""
        column = self.kind.scope_column(ref.kind)
        return None if column is None else getattr(self.kind.model, column) == ref.id

    def _filter(self, key: str) -> ColumnElement[bool] | None:
        """The condition of the list filter ``key`` (``ListQuery.filters``); None for one
        this kind does not have."""
        return None

    def ids(self, query: ListQuery, limit: int | None = None) -> array:
        """The ids of every row the query shows (or the first ``limit``), in order.

        Rows whose sort value is empty (no company, no city, a contact with no name, an
        opportunity with no close date) come last whichever the direction; the database
        still walks the sort column's index once: blanks are the least values, so
        ascending they are the first rows, which move to the end (an indexed count says
        how many).  The first rows of a search that matches many come the same way,
        testing each row of the index (``SearchIndex.walking``)."""
        model: Any = self.kind.model
        sort = self.kind.column(query.sort).sort or self.kind.columns[0].sort
        assert sort is not None, f"the first column of {self.kind.name} sorts"
        column = sort()
        if self.db.engine.dialect.name == "postgresql" and isinstance(column.type, String):
            column = column.collate("C")  # the keys' byte order is the language's order
        order = column.desc() if query.descending else column.asc()
        tie = model.id.desc() if query.descending else model.id.asc()
        table_id = model.__table__.c.id  # a Core column: no ORM row processing
        first = self.index.ranking(model, query.text)  # a number that ends so, first
        if isinstance(column.type, String | NullType):
            walkable = _walkable(column)
            blank = column == "" if walkable else or_(column == "", column.is_(None))
        elif _nullable(column):  # a date or an amount: blank is NULL
            walkable, blank = False, column.is_(None)
        else:  # a number that is never blank (a count)
            stmt = self._filtered(select(table_id), query).order_by(
                *(() if first is None else (first,)), order, tie)
            with self.db.engine.connect() as conn:
                return _id_array(conn, stmt.limit(limit))
        # NULLs beside "" whatever the database's habit: one run, first or last
        order = column.desc().nulls_last() if query.descending else column.asc().nulls_first()
        with self.db.engine.connect() as conn:
            # the first page of a search that matches many: walked in order, like a page
            # of the whole list (all of them come sooner sorted: 11 against 29 ms)
            walk = (self.index.walking(conn, model, query.text) if query.text and walkable
                    and first is None and limit is not None else None)
            stmt = self._filtered(select(table_id), query, walk)
            if query.text and walk is None:  # a search: its rows are sorted apart, so
                # one query puts blanks last (and, searching by digits, numbers that end
                # so first)
                ranked = () if first is None else (first,)
                return _id_array(conn, stmt.order_by(*ranked, case((blank, 1), else_=0),
                                                     order, tie).limit(limit))
            if limit is not None:  # the first rows only: the filled ones, then blanks
                found = _id_array(conn, stmt.where(~blank).order_by(order, tie).limit(limit))
                if len(found) < limit:
                    found += _id_array(conn, stmt.where(blank).order_by(tie)
                                       .limit(limit - len(found)))
                return found
            ids = _id_array(conn, stmt.order_by(order, tie))
            if query.descending:
                return ids
            leading = conn.scalar(self._filtered(select(func.count()).select_from(
                model.__table__), query).where(blank)) or 0
            return ids[leading:] + ids[:leading]

    def count(self, query: ListQuery | None = None) -> int:
        model: Any = self.kind.model
        stmt = self._filtered(select(func.count(model.id)), query or ListQuery())
        with self.db.sessions() as session:
            return int(session.scalar(stmt) or 0)

    def alphabet(self, region: str) -> tuple[str, ...]:
        """The letters rows are filed under, in order: those of the language the stored
        letters are in (``… Z Æ Ø Å`` in Danish), so every row has its tab; ``region``
        is Settings' default region, for a database no letter was built in yet."""
        return collation_for(sort_keys.language(self.db, region)).alphabet

    def letters(self, query: ListQuery) -> dict[str, int]:
        """How many rows each A-Z tab holds for this search (tabs with none are greyed)."""
        if not self.kind.letter:
            return {}
        model: Any = self.kind.model
        letter = getattr(model, self.kind.letter)
        stmt = self._filtered(select(letter, func.count(model.id)),
                              replace(query, letter="", sort="name", descending=False))
        with self.db.sessions() as session:
            return {value: n for value, n in session.execute(stmt.group_by(letter))}

    def categories(self) -> list[tuple[str, int]]:
        """The categories in use on this kind, by name, with how many hold each."""
        facet = self.kind.categories
        if facet is None:
            return []
        link = facet.link
        owner = link.c[facet.owner]
        stmt = (select(Category.name, func.count(owner))
                .join(link, link.c.category_id == Category.id)
                .group_by(Category.id, Category.name).order_by(func.lower(Category.name)))
        with self.db.engine.connect() as conn:
            return [(name, int(n)) for name, n in conn.execute(stmt)]

    def batches(self) -> list[ImportedBatch]:
        """The imports (not undone) that created or merged records of this kind still
        here, newest first, with how many each holds: what the filter offers beside the
        categories."""
        model: Any = self.kind.model
        stmt = (select(ImportBatch.id, ImportBatch.category, ImportBatch.created,
                       func.count(func.distinct(ImportItem.party_id)))
                .join(ImportItem, ImportItem.batch_id == ImportBatch.id)
                .join(model.__table__, model.__table__.c.id == ImportItem.party_id)
                .where(ImportItem.kind == self.kind.name, ImportBatch.undone.is_(None))
                .group_by(ImportBatch.id, ImportBatch.category, ImportBatch.created)
                .order_by(ImportBatch.created.desc(), ImportBatch.id.desc()))
        with self.db.engine.connect() as conn:
            return [ImportedBatch(bid, label or f"Imported {created:%Y-%m-%d %H:%M}", int(n))
                    for bid, label, created, n in conn.execute(stmt)]

    def rows(self, ids: Sequence[int]) -> list[RowT]:
        """Display rows for these ids, in the same order (missing ids skipped)."""
        if not ids:
            return []
        with self.db.engine.connect() as conn:  # plain rows: no ORM identity map needed
            found = {row[0]: row for row in conn.execute(self._rows_stmt, {"ids": list(ids)})}
        return [self._make_row(found[i]) for i in ids if i in found]

    def summaries(self, ids: Sequence[int]) -> list[Summary]:
        """Name, company and city for these ids, in the same order (missing ids skipped):
        a search hit without the list row's country, categories or counts (50 contacts:
        1.2 to 0.4 ms at 100,000)."""
        if not ids:
            return []
        with self.db.engine.connect() as conn:
            found = {row[0]: row for row in conn.execute(self._summaries_stmt,
                                                         {"ids": list(ids)})}
        return [Summary(i, found[i][1], found[i][2] or "", found[i][3])
                for i in ids if i in found]

    @cached_property
    def _summaries_stmt(self) -> Select:
        return self._summary_select(bindparam("ids", expanding=True))

    def _summary_select(self, ids: BindParameter[Any]) -> Select:
        """id, display name, company and city for the ids bound to ``ids``."""
        model: Any = self.kind.model
        return select(model.id, model.display_name, model.display_name,
                      model.city).where(model.id.in_(ids))

    @cached_property
    def _rows_stmt(self) -> Select:
        """Built once: SQLAlchemy then finds its compiled form without walking the whole
        statement again for every page (a page of 50 contacts: 1.4 ms to 0.8 ms)."""
        return self._row_select(bindparam("ids", expanding=True))

    def _row_select(self, ids: BindParameter[Any]) -> Select:
        """The display rows' query, for the ids bound to ``ids``."""
        raise NotImplementedError

    def _make_row(self, row: Any) -> RowT:
        raise NotImplementedError
