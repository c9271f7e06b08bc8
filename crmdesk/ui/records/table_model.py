"""Lazy table models for the contact and account lists.

Like Anki's browser: the model holds only the ordered ids a search returned
and asks the service for display rows a page at a time, as the view paints
them, keeping a bounded cache.  Scrolling to the end of 100,000 contacts
loads rows for what was shown, never the whole table at once.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from html import escape
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from crmdesk.services.listing import Lister, ListQuery

PAGE_SIZE = 200
MAX_CACHED_PAGES = 40
ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    key: str  # sort key understood by the service
    title: str
    attribute: str  # field of the display row


CONTACT_COLUMNS = (
    Column("name", "Name", "display_name"),
    Column("company", "Company", "company"),
    Column("job_title", "Job title", "job_title"),
    Column("phone", "Phone", "phone"),
    Column("email", "E-mail", "email"),
    Column("city", "City", "city"),
)
ACCOUNT_COLUMNS = (
    Column("name", "Name", "display_name"),
    Column("account_number", "Account no.", "account_number"),
    Column("relationships", "Relationship", "relationships"),
    Column("industry", "Industry", "industry"),
    Column("phone", "Phone", "phone"),
    Column("email", "E-mail", "email"),
    Column("city", "City", "city"),
)


class PartyTableModel(QAbstractTableModel):
    """Rows of one party list (contacts or accounts) for a ListQuery."""

    def __init__(self, lister: Lister, columns: Sequence[Column], parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._lister = lister
        self._columns = tuple(columns)
        self._query = ListQuery()
        self._ids: array = array("q")
        self._loaded = False  # no query runs until the view first asks (set_query)
        self._pages: OrderedDict[int, list[Any]] = OrderedDict()
        self.loaded_pages = 0  # how many pages were fetched (tests and benchmarks read it)

    # -- what the model shows ------------------------------------------------
    @property
    def query(self) -> ListQuery:
        return self._query

    @property
    def columns(self) -> tuple[Column, ...]:
        return self._columns

    def set_query(self, query: ListQuery) -> None:
        """Run the search again and show its result (sorted as the query says)."""
        self.beginResetModel()
        self._query = query
        self._ids = self._lister.ids(query)
        self._loaded = True
        self._pages.clear()
        self.endResetModel()

    def refresh(self) -> None:
        self.set_query(self._query)

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, party_id: int) -> int | None:
        try:
            return self._ids.index(party_id)
        except ValueError:
            return None

    def display_row(self, row: int) -> Any | None:
        if not 0 <= row < len(self._ids):
            return None
        page_no = row // PAGE_SIZE
        page = self._pages.get(page_no)
        if page is None:
            page = self._load_page(page_no)
        else:
            self._pages.move_to_end(page_no)
        offset = row - page_no * PAGE_SIZE
        return page[offset] if offset < len(page) else None

    def _load_page(self, page_no: int) -> list[Any]:
        ids = self._ids[page_no * PAGE_SIZE:(page_no + 1) * PAGE_SIZE]
        by_id = {r.id: r for r in self._lister.rows(ids)}
        page = [by_id.get(i) for i in ids]
        self._pages[page_no] = page
        self.loaded_pages += 1
        while len(self._pages) > MAX_CACHED_PAGES:
            self._pages.popitem(last=False)
        return page

    # -- Qt model interface --------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == ID_ROLE:
            return self.id_at(index.row())
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, ROW_ROLE):
            return None
        row = self.display_row(index.row())
        if row is None:
            return "(deleted)" if role == Qt.ItemDataRole.DisplayRole else None
        if role == ROW_ROLE:
            return row
        value = getattr(row, self._columns[index.column()].attribute)
        if role == Qt.ItemDataRole.ToolTipRole:  # a tooltip would render (and load) markup
            return f"<p>{escape(str(value))}</p>" if value else None
        return value

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self._columns)):
            return self._columns[section].title
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is done by the database, on the whole result, not on loaded rows."""
        if not 0 <= column < len(self._columns):
            return
        query = replace(self._query, sort=self._columns[column].key,
                        descending=order == Qt.SortOrder.DescendingOrder)
        if not self._loaded:  # the view is still being built: remember, query later
            self._query = query
        elif query != self._query:
            self.set_query(query)
