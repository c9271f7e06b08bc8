"""Which columns a list shows, in what order, how wide and sorted by which: picked on the
header (right-click), remembered by the columns' keys.

Remembered by key rather than as Qt's header state (which counts sections by their
place), so a column a kind gains later shows in its default state and every other
column keeps the width, place and visibility the user gave it.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtWidgets import QHeaderView, QMenu, QTableView

from crmdesk.kinds import ListColumn


class ColumnLayout(QObject):
    """The column chooser and the remembered layout of one list's header."""

    def __init__(self, table: QTableView, columns: tuple[ListColumn, ...]) -> None:
        super().__init__(table)
        self.table = table
        self.columns = columns
        self.header: QHeaderView = table.horizontalHeader()
        self.header.setSectionsMovable(True)
        self.header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.header.customContextMenuRequested.connect(self._menu_at)
        self._sorted = (max(0, self.header.sortIndicatorSection()),
                        self.header.sortIndicatorOrder())
        self.header.sortIndicatorChanged.connect(self._keep_sortable)
        for logical, column in enumerate(columns):
            self.table.setColumnHidden(logical, logical > 0 and not column.shown)

    # -- the chooser ------------------------------------------------------------------
    def menu(self) -> QMenu:
        """A checkable entry per column, in the kind's order; the name cannot be hidden."""
        menu = QMenu(self.table)
        menu.setObjectName("columnChooser")
        model = self.table.model()
        for logical in range(len(self.columns)):
            title = model.headerData(logical, Qt.Orientation.Horizontal)
            action = menu.addAction(str(title))
            action.setCheckable(True)
            action.setChecked(not self.header.isSectionHidden(logical))
            if logical == 0:
                action.setEnabled(False)
                action.setToolTip(self.tr("The name always shows"))
            action.toggled.connect(
                lambda shown, logical=logical: self.show_column(logical, shown))
        return menu

    def _menu_at(self, pos: QPoint) -> None:
        self.menu().exec(self.header.mapToGlobal(pos))

    def show_column(self, logical: int, shown: bool) -> None:
        if logical > 0:
            self.table.setColumnHidden(logical, not shown)
            if shown and self.header.sectionSize(logical) < self.header.minimumSectionSize():
                self.header.resizeSection(logical, self.header.defaultSectionSize())

    def shown_keys(self) -> list[str]:
        """The keys of the columns shown, left to right as the user sees them."""
        logicals = sorted(range(len(self.columns)), key=self.header.visualIndex)
        return [self.columns[i].key for i in logicals if not self.header.isSectionHidden(i)]

    def _keep_sortable(self, logical: int, order: Qt.SortOrder) -> None:
        """A click on a column the database cannot sort by leaves the order as it was."""
        if 0 <= logical < len(self.columns) and self.columns[logical].sort is None:
            self.header.setSortIndicator(*self._sorted)
        else:
            self._sorted = (logical, order)

    # -- remembered -------------------------------------------------------------------
    def state(self) -> str:
        """The layout as text for QSettings: each column's key, width and visibility in the
        order shown, and the sort."""
        logicals = sorted(range(len(self.columns)), key=self.header.visualIndex)
        logical, order = self._sorted
        return json.dumps({
            "columns": [{"key": self.columns[i].key, "hidden": self.header.isSectionHidden(i),
                         "width": self.header.sectionSize(i)} for i in logicals],
            "sort": self.columns[logical].key,
            "descending": order == Qt.SortOrder.DescendingOrder,
        })

    def restore(self, text: Any) -> None:
        """Apply a layout ``state`` gave; columns it does not name keep their defaults."""
        try:
            saved = json.loads(text) if isinstance(text, str) else {}
        except ValueError:
            saved = {}
        if not isinstance(saved, dict):
            return
        by_key = {c.key: i for i, c in enumerate(self.columns)}
        entries = {by_key[e["key"]]: e for e in saved.get("columns", ())
                   if isinstance(e, dict) and e.get("key") in by_key}
        order = [*entries, *(i for i in range(len(self.columns)) if i not in entries)]
        for visual, logical in enumerate(order):
            self.header.moveSection(self.header.visualIndex(logical), visual)
        for logical, entry in entries.items():
            width = entry.get("width")
            if isinstance(width, int) and width > 0:
                self.header.resizeSection(logical, width)
            self.table.setColumnHidden(logical, logical > 0 and entry.get("hidden") is True)
        sort = by_key.get(saved.get("sort"))
        if sort is not None and self.columns[sort].sort is not None:
            self.table.sortByColumn(sort, Qt.SortOrder.DescendingOrder
                                    if saved.get("descending") is True
                                    else Qt.SortOrder.AscendingOrder)
