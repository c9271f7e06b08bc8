"""Ordered id lists and display rows for the contact and account lists.

A list asks once for the ordered ids of a search (a few MB even for 100,000
rows) and then for display rows a page at a time, as the view scrolls.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, func, select

from crmdesk.db import Database
from crmdesk.models import Account, Category, Contact, account_category, contact_category
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
    account_id: int | None = None  # contacts of one account / sub-accounts of one


class Lister(Generic[RowT]):
    """Search, filter and sort one party table; build display rows for ids."""

    model: type[Contact] | type[Account]
    sort_columns: dict[str, Callable[[], ColumnElement[Any]]]

    def __init__(self, db: Database, index: SearchIndex) -> None:
        self.db = db
        self.index = index

    def _filtered(self, stmt: Select, query: ListQuery) -> Select:
        model = self.model
        if (match := self.index.matching(model, query.text)) is not None:
            stmt = stmt.where(match)
        if query.letter:
            stmt = stmt.where(model.letter == query.letter)
        if query.category:
            link = contact_category if model is Contact else account_category
            owner = link.c.contact_id if model is Contact else link.c.account_id
            stmt = stmt.where(
                model.id.in_(
                    select(owner).join(Category, Category.id == link.c.category_id)
                    .where(Category.key == query.category.strip().casefold())
                )
            )
        return self._scope(stmt, query)

    def _scope(self, stmt: Select, query: ListQuery) -> Select:
        """Narrow to one account's members; each lister says what that means."""
        return stmt

    def ids(self, query: ListQuery, limit: int | None = None) -> array:
        """The ids of every row the query shows (or the first ``limit``), in order."""
        column = self.sort_columns.get(query.sort, self.sort_columns["name"])()
        order = column.desc() if query.descending else column.asc()
        tie = self.model.id.desc() if query.descending else self.model.id.asc()
        table_id = self.model.__table__.c.id  # a Core column: no ORM row processing
        stmt = self._filtered(select(table_id), query).order_by(order, tie).limit(limit)
        with self.db.engine.connect() as conn:
            return array("q", conn.execute(stmt).scalars())

    def count(self, query: ListQuery | None = None) -> int:
        stmt = self._filtered(select(func.count(self.model.id)), query or ListQuery())
        with self.db.sessions() as session:
            return int(session.scalar(stmt) or 0)

    def letters(self, query: ListQuery) -> dict[str, int]:
        """How many rows each A-Z tab holds for this search (tabs with none are greyed)."""
        model = self.model
        stmt = self._filtered(select(model.letter, func.count(model.id)), query.__class__(
            text=query.text, category=query.category, account_id=query.account_id))
        with self.db.sessions() as session:
            return {letter: n for letter, n in session.execute(stmt.group_by(model.letter))}

    def categories(self) -> list[tuple[str, int]]:
        """The categories in use on this kind of party, by name, with how many hold each."""
        model = self.model
        link = contact_category if model is Contact else account_category
        owner = link.c.contact_id if model is Contact else link.c.account_id
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
