"""Ordered id lists and display rows for the list of any kind of record.

A list asks once for the ordered ids of a search (a few MB even for 100,000
rows) and then for display rows a page at a time, as the view scrolls.  What
to filter, sort and scope by comes from the kind's declaration
(``crmdesk.kinds``); a service adds only how to build its display rows.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import Select, false, func, select

from crmdesk.db import Database
from crmdesk.kinds import Kind, RecordRef
from crmdesk.models import Category
from crmdesk.services.search_index import SearchIndex

RowT = TypeVar("RowT")


@dataclass(frozen=True)
class ListQuery:
    """What a list shows: search text, A-Z tab, sort column, and filters."""

    text: str = ""
    letter: str = ""  # "" for All, "A".."Z", or "#"
    sort: str = "name"
    descending: bool = False
    category: str = ""
    #: Only the records within this one, as the kind's scopes say (the contacts of an
    #: account, the sub-accounts of an account).
    within: RecordRef | None = None


class Lister(Generic[RowT]):
    """Search, filter and sort the records of one kind; build display rows for ids."""

    kind: ClassVar[Kind]

    def __init__(self, db: Database, index: SearchIndex) -> None:
        self.db = db
        self.index = index

    def _filtered(self, stmt: Select, query: ListQuery) -> Select:
        kind = self.kind
        model: Any = kind.model
        if (match := self.index.matching(model, query.text)) is not None:
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
        if query.within is not None:
            column = kind.scope_column(query.within.kind)
            if column is None:
                return stmt.where(false())
            stmt = stmt.where(getattr(model, column) == query.within.id)
        return stmt

    def ids(self, query: ListQuery, limit: int | None = None) -> array:
        """The ids of every row the query shows (or the first ``limit``), in order."""
        model: Any = self.kind.model
        sort = self.kind.column(query.sort).sort or self.kind.columns[0].sort
        assert sort is not None, f"the first column of {self.kind.name} sorts"
        column = sort()
        order = column.desc() if query.descending else column.asc()
        tie = model.id.desc() if query.descending else model.id.asc()
        table_id = model.__table__.c.id  # a Core column: no ORM row processing
        stmt = self._filtered(select(table_id), query).order_by(order, tie).limit(limit)
        with self.db.engine.connect() as conn:
            return array("q", conn.execute(stmt).scalars())

    def count(self, query: ListQuery | None = None) -> int:
        model: Any = self.kind.model
        stmt = self._filtered(select(func.count(model.id)), query or ListQuery())
        with self.db.sessions() as session:
            return int(session.scalar(stmt) or 0)

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

    def rows(self, ids: Sequence[int]) -> list[RowT]:
        """Display rows for these ids, in the same order (missing ids skipped)."""
        if not ids:
            return []
        with self.db.engine.connect() as conn:  # plain rows: no ORM identity map needed
            found = {row[0]: row for row in conn.execute(self._row_select(list(ids)))}
        return [self._make_row(found[i]) for i in ids if i in found]

    def _row_select(self, ids: list[int]) -> Select:
        raise NotImplementedError

    def _make_row(self, row: Any) -> RowT:
        raise NotImplementedError
