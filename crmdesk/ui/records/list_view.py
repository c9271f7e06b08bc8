"""A Rolodex view of one kind of party: search, A-Z tabs, list or cards, and a detail card.

Contacts and accounts share this; each subclass says which service, which
columns, how to edit and what the detail pane shows.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QItemSelectionModel,
    QObject,
    QPoint,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk.services.errors import NotFoundError, StorageError
from crmdesk.services.listing import Lister, ListQuery
from crmdesk.services.wiring import Services
from crmdesk.ui.alphabet_bar import AlphabetBar
from crmdesk.ui.messages import Messages
from crmdesk.ui.rolodex_cards import RolodexCardView
from crmdesk.ui.table_models import Column, PartyTableModel

SEARCH_DELAY_MS = 60  # coalesces fast typing; still narrows while the user types


class SearchBox(QLineEdit):
    """The search field; Esc clears it (and a second Esc leaves it for the list)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


class PartyView(QWidget):
    """Subclasses set ``kind``, ``noun`` and implement the hooks at the bottom."""

    kind = "party"
    noun = ("entry", "entries")
    dialog_class: Any = None  # the PartyDialog subclass that edits this kind
    data_changed = Signal()  # something was saved or deleted here
    selection_changed = Signal()

    def __init__(self, services: Services, messages: Messages, lister: Lister,
                 columns: tuple[Column, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.messages = messages
        self.model = PartyTableModel(lister, columns, self)
        self._lister = lister
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search)
        self._build()
        self._restore_layout()
        self.apply_search()

    # -- layout ------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        bar = QHBoxLayout()
        self.search = SearchBox()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            f"Search {self.noun[1]}: name, company, e-mail, phone, city, notes…  (Ctrl+F)")
        self.search.textChanged.connect(lambda _: self._search_timer.start())
        bar.addWidget(self.search, 1)
        self.category = QComboBox()
        self.category.setObjectName("categoryFilter")
        self.category.setToolTip("Show only one category")
        self.category.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.category.activated.connect(lambda _: self.apply_search())
        bar.addWidget(self.category)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        bar.addWidget(self.count_label)
        self.mode_group = QButtonGroup(self)
        for i, (text, tip) in enumerate((("List", "Show as a list (Ctrl+1)"),
                                         ("Cards", "Show as Rolodex cards (Ctrl+2)"))):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setCheckable(True)
            button.setChecked(i == 0)
            self.mode_group.addButton(button, i)
            bar.addWidget(button)
        self.mode_group.idClicked.connect(self.set_mode)
        layout.addLayout(bar)
        self.alphabet = AlphabetBar()
        self.alphabet.letter_chosen.connect(lambda _: self.apply_search())
        layout.addWidget(self.alphabet)

        self.table = QTableView()
        self.table.setObjectName(f"{self.kind}Table")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionsMovable(True)
        for col, width in enumerate((190, 180, 150, 130, 210, 110, 110)):
            if col < self.model.columnCount():
                self.table.setColumnWidth(col, width)
        self.table.doubleClicked.connect(lambda _: self.edit_current())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.installEventFilter(self)
        self.cards = RolodexCardView()
        self.cards.setModel(self.model)
        self.cards.setSelectionModel(self.table.selectionModel())
        self.cards.doubleClicked.connect(lambda _: self.edit_current())
        self.cards.installEventFilter(self)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.cards)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.selection_changed.emit())
        self.model.modelReset.connect(self._show_current)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName(f"{self.kind}Splitter")
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(self.build_detail())
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout.addWidget(self.splitter, 1)

    # -- search and selection ------------------------------------------------------
    def current_query(self) -> ListQuery:
        return replace(self.model.query, text=self.search.text(), letter=self.alphabet.letter(),
                       category=self.category.currentData() or "")

    def refresh_categories(self) -> None:
        """Fill the category filter with the categories in use, keeping the choice."""
        chosen = self.category.currentData() or ""
        self.category.clear()
        self.category.addItem("All categories", "")
        for name, count in self._lister.categories():
            self.category.addItem(f"{name} ({count:,})", name)
        self.category.setCurrentIndex(max(0, self.category.findData(chosen)))

    def show_category(self, name: str) -> None:
        """Show only this category (e.g. the contacts of one import), whatever the search."""
        self.refresh_categories()
        self.search.clear()
        self.alphabet.select_letter("")
        self.category.setCurrentIndex(max(0, self.category.findData(name)))
        self.apply_search()

    def apply_search(self) -> None:
        """Re-run the search with the box, the A-Z tab and the current sort order."""
        self._search_timer.stop()
        if self.category.count() == 0:
            self.refresh_categories()
        selected = self.current_id()
        query = self.current_query()
        self.model.set_query(query)
        shown = self.model.rowCount()
        total = self._lister.count()
        self.alphabet.set_counts(self._lister.letters(query))
        noun = self.noun[0] if total == 1 else self.noun[1]
        self.count_label.setText(f"{shown:,} of {total:,} {noun}" if shown != total
                                 else f"{total:,} {noun}")
        row = self.model.row_of(selected) if selected is not None else None
        self.select_row(row if row is not None else 0)

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        if index.isValid():
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(index)
        else:
            self._show_current()

    def select_id(self, party_id: int) -> bool:
        """Show this party, clearing search and tab if they hide it."""
        if self.model.row_of(party_id) is None:
            self.search.clear()
            self.alphabet.select_letter("")
            self.apply_search()
        row = self.model.row_of(party_id)
        if row is None:
            return False
        self.select_row(row)
        return True

    def current_id(self) -> int | None:
        index = self.table.selectionModel().currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        ids = [self.model.id_at(r) for r in rows]
        return [i for i in ids if i is not None]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Enter in the list opens the selected entry, as a double-click does."""
        if (watched in (self.table, self.cards) and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.edit_current()
            return True
        return super().eventFilter(watched, event)

    def _context_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        has_row = self.current_id() is not None
        for text, slot, enabled in (("Edit…", self.edit_current, has_row),
                                    (f"New {self.noun[0]}…", self.new, True),
                                    ("Delete…", self.delete_selected, has_row)):
            action = menu.addAction(text)
            action.setEnabled(enabled)
            action.triggered.connect(lambda _=False, slot=slot: slot())
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def set_mode(self, mode: int) -> None:
        self.stack.setCurrentIndex(mode)
        self.mode_group.button(mode).setChecked(True)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _show_current(self) -> None:
        self.show_detail(self.current_id())

    # -- writing -------------------------------------------------------------------
    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        names = [r.display_name for r in self._lister.rows(ids[:5])]
        what = names[0] if len(ids) == 1 else f"{len(ids)} {self.noun[1]}"
        listed = "\n".join(f"• {n}" for n in names) + ("\n…" if len(ids) > 5 else "")
        if not self.messages.confirm(self, f"Delete {self.noun[0]}",
                                     f"Delete {what}?\n\n{listed}\n\n{self.delete_warning()}",
                                     "Delete"):
            return
        first_row = self.model.row_of(ids[0]) or 0
        try:
            self.services_delete(ids)
        except StorageError as exc:
            self.messages.error(self, self.tr("Not deleted"),
                                self.tr("Nothing was deleted. %1").replace("%1", str(exc)))
            return
        self.refresh()
        self.select_row(min(first_row, self.model.rowCount() - 1))

    def refresh(self) -> None:
        """Show the database as it is now, after a change here or by another program."""
        self.refresh_categories()
        self.apply_search()
        self.data_changed.emit()

    def after_save(self, party_id: int) -> None:
        self.refresh_categories()
        self.apply_search()
        self.select_id(party_id)
        self.data_changed.emit()

    # -- remembered layout -----------------------------------------------------------
    def _restore_layout(self) -> None:
        settings = QSettings()
        for key, widget in ((f"{self.kind}/header", self.table.horizontalHeader()),
                            (f"{self.kind}/splitter", self.splitter)):
            value = settings.value(key)
            if isinstance(value, QByteArray):
                widget.restoreState(value)
        mode = settings.value(f"{self.kind}/mode", 0, type=int)
        self.set_mode(mode if mode in (0, 1) else 0)

    def save_layout(self) -> None:
        settings = QSettings()
        settings.setValue(f"{self.kind}/header", self.table.horizontalHeader().saveState())
        settings.setValue(f"{self.kind}/splitter", self.splitter.saveState())
        settings.setValue(f"{self.kind}/mode", self.stack.currentIndex())

    def empty_message(self) -> str:
        """What the detail pane says when no row is selected, and what to do about it."""
        one, many = self.noun
        if self.model.rowCount():
            return f"No {one} selected."
        if self._lister.count() == 0:
            return (f"No {many} yet. Add one with File > New {one}, or bring them in with "
                    "File > Import.")
        return f"No {many} match. Clear the search (Esc), the letter or the category."

    # -- records and their dialog ---------------------------------------------------------
    def record(self, party_id: int | None) -> Any | None:
        """The full record behind a row, or None if it is gone (deleted meanwhile)."""
        if party_id is None:
            return None
        try:
            return self._lister.get(party_id)
        except NotFoundError:
            return None

    def edit_current(self) -> None:
        party_id = self.current_id()
        if party_id is None:
            return
        record = self.record(party_id)
        if record is None:
            self.messages.info(self, self.tr("Deleted meanwhile"), self.gone_message())
            self.refresh()
            return
        self.open_dialog(record)

    def open_dialog(self, record: Any) -> None:
        """Edit (or create) in the view's dialog; after saving, show the saved row."""
        dialog = self.dialog_class(self.services, record, self.messages, self)
        accepted = dialog.exec()
        saved = dialog.saved
        gone = dialog.gone
        dialog.deleteLater()
        if accepted and saved is not None and saved.id is not None:
            self.after_save(saved.id)
        elif gone:
            self.refresh()

    def services_delete(self, ids: list[int]) -> None:
        self._lister.delete(ids)

    # -- hooks -------------------------------------------------------------------------
    def build_detail(self) -> QWidget:
        raise NotImplementedError

    def show_detail(self, party_id: int | None) -> None:
        raise NotImplementedError

    def new(self) -> None:
        raise NotImplementedError

    def delete_warning(self) -> str:
        return "This cannot be undone."

    def gone_message(self) -> str:
        """What to say when the chosen entry was deleted by another program meanwhile."""
        raise NotImplementedError
