"""The lazy table model behind the list of any kind of record.

Like Anki's browser: the model holds only the ordered ids a search returned
and asks the service for display rows a page at a time, as the view paints
them, keeping a bounded cache.  Scrolling to the end of 100,000 contacts
loads rows for what was shown, never the whole table at once.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime
from html import escape
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from crmdesk.kinds import ListColumn
from crmdesk.services.listing import Lister, ListQuery

PAGE_SIZE = 200
MAX_CACHED_PAGES = 40
ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

#: What a changed row shows anew: its text, its tooltip, and the row a card paints.
CHANGED_ROLES = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, ROW_ROLE]

Index = QModelIndex | QPersistentModelIndex
#: What a display row shows in one of its fields (``getattr``, or a kind's view's words
#: for a status, an amount with its currency, a date in the user's format)
Shown = Callable[[Any, str], Any]


def _same_order(first: array, second: array, ids: set[int]) -> bool:
    """Whether these ids come in the same order in both lists."""
    return [i for i in first if i in ids] == [i for i in second if i in ids]


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as runs of neighbours: [1, 2, 3, 7] -> [(1, 3), (7, 7)]."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


class RecordTableModel(QAbstractTableModel):
    """Rows of one kind's list for a ListQuery, in the columns its kind declares."""

    def __init__(self, lister: Lister[Any], parent: QObject | None = None, *,
                 date_format: Callable[[], str] = lambda: "%Y-%m-%d",
                 shown: Shown = getattr) -> None:
        """``date_format``: the user's (Settings), asked when a date or time is shown;
        ``shown``: what a row shows in a field."""
        super().__init__(parent)
        self._lister = lister
        self._date_format = date_format
        self._shown = shown
        self._columns = lister.kind.columns
        self._titles = [QCoreApplication.translate("Kinds", c.title) for c in self._columns]
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
    def columns(self) -> tuple[ListColumn, ...]:
        return self._columns

    def set_query(self, query: ListQuery) -> None:
        """Run the search again and show its result (sorted as the query says)."""
        self.beginResetModel()
        self._query = query
        self._ids = self._lister.ids(query)
        self._loaded = True
        self._pages.clear()
        self.endResetModel()

    def reload(self, changed: Iterable[int] | None = ()) -> None:
        """Run the same query again after a save or a delete, and tell the views row by row
        what went, what came and what changed (so selection and scrolling stay).

        ``changed``: the ids whose row was edited (their text, and maybe their place in the
        sort); None when any row may have changed (an edit elsewhere, another program).
        If more than the edited rows moved, the model is reset instead."""
        if not self._loaded:
            self.set_query(self._query)
            return
        new = self._lister.ids(self._query)
        old_ids, new_ids = set(self._ids), set(new)
        edited = old_ids if changed is None else set(changed)
        stays = old_ids & new_ids
        if not _same_order(self._ids, new, stays) and changed is not None:
            stays -= edited  # an edited row that moved in the sort goes, and comes back
        if not _same_order(self._ids, new, stays):
            self.set_query(self._query)
            return
        self._pages.clear()
        self._remove_rows(old_ids - stays)
        self._insert_rows(new, new_ids - stays)
        rows = [r for r, i in enumerate(self._ids) if i in edited and i in stays]
        if rows:
            self.dataChanged.emit(self.index(rows[0], 0),
                                  self.index(rows[-1], len(self._columns) - 1), CHANGED_ROLES)

    def _remove_rows(self, gone: set[int]) -> None:
        """Remove the rows of these ids, one run of neighbouring rows at a time."""
        rows = [r for r, i in enumerate(self._ids) if i in gone]
        for first, last in reversed(_runs(rows)):
            self.beginRemoveRows(QModelIndex(), first, last)  # ``last`` is inclusive
            del self._ids[first:last + 1]
            self.endRemoveRows()

    def _insert_rows(self, new: array, came: set[int]) -> None:
        """Insert the rows of these ids where ``new`` (the final order) has them."""
        rows = [r for r, i in enumerate(new) if i in came]
        for first, last in _runs(rows):
            self.beginInsertRows(QModelIndex(), first, last)
            self._ids[first:first] = new[first:last + 1]
            self.endInsertRows()

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
        value = self._shown(row, self._columns[index.column()].attribute)
        if isinstance(value, datetime):
            value = self.time_text(value)
        if role == Qt.ItemDataRole.ToolTipRole:  # a tooltip would render (and load) markup
            return f"<p>{escape(str(value))}</p>" if value else None
        return value

    def time_text(self, moment: datetime) -> str:
        """A stored UTC time as the user reads it: local, in their date format, and HH:MM."""
        local = moment.replace(tzinfo=UTC).astimezone()
        return f"{local.strftime(self._date_format())} {local:%H:%M}"

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self._columns)):
            return self._titles[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is done by the database, on the whole result, not on loaded rows (a
        column the database does not store keeps the order as it is)."""
        if not 0 <= column < len(self._columns) or self._columns[column].sort is None:
            return
        query = replace(self._query, sort=self._columns[column].key,
                        descending=order == Qt.SortOrder.DescendingOrder)
        if not self._loaded:  # the view is still being built: remember, query later
            self._query = query
        elif query != self._query:
            self.set_query(query)
