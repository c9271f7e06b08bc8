"""The view of one kind of record: search, category, A-Z tabs, list or cards, detail pane.

Everything here comes from the kind's declaration (``crmdesk.kinds``): its
service, columns, facets, detail pane and dialog.  A kind's view is this class
with its ``kind`` set, and may add what only that kind does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, ClassVar

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    QObject,
    QPoint,
    QSettings,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
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

from crmdesk.kinds import Kind, RecordRef, resolve
from crmdesk.records import CUSTOMER_KINDS
from crmdesk.services.card_format import tel_url
from crmdesk.services.errors import NotFoundError, StorageError
from crmdesk.services.listing import Lister, ListQuery
from crmdesk.services.tagging import TaggingCancelled
from crmdesk.services.wiring import Services
from crmdesk.ui.messages import Messages
from crmdesk.ui.records import external
from crmdesk.ui.records.alphabet_bar import AlphabetBar
from crmdesk.ui.records.card_grid import RolodexCardView
from crmdesk.ui.records.columns import ColumnLayout
from crmdesk.ui.records.detail_pane import DetailPane
from crmdesk.ui.records.table_model import RecordTableModel
from crmdesk.ui.tasks import Tasks

#: The window's View menu shortcuts that switch between the two modes.
MODE_SHORTCUTS = ("Ctrl+L", "Ctrl+Shift+L")

SEARCH_DELAY_MS = 60  # coalesces fast typing; still narrows while the user types


class SearchBox(QLineEdit):
    """The search field, where the keyboard starts: Down goes into the list, Enter opens
    the selected record, Esc clears the text."""

    into_list = Signal()
    open_selected = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key, plain = event.key(), event.modifiers() in (
            Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        if key == Qt.Key.Key_Escape and self.text():
            self.clear()
        elif key == Qt.Key.Key_Down and plain:
            self.into_list.emit()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            self.open_selected.emit()
        else:
            super().keyPressEvent(event)


class RecordView(QWidget):
    """A subclass sets ``kind``; the hooks at the bottom say what only that kind does."""

    kind: ClassVar[Kind]
    #: the column (its key) the list is sorted by before the user picks another
    default_sort: ClassVar[str] = "name"
    #: the columns' widths before the user changes them, in the kind's order
    column_widths: ClassVar[tuple[int, ...]] = (190, 180, 150, 130, 210, 110, 110, 170, 130)
    data_changed = Signal()  # something was saved or deleted here
    #: records went to the trash here (a ``trash.Deletion``: what Edit > Undo delete restores)
    deleted = Signal(object)
    selection_changed = Signal()
    navigate = Signal(object)  # open this RecordRef, in whichever view shows its kind
    #: Make a new record of a kind (its name) within a record (a RecordRef, or None).
    create_requested = Signal(str, object)
    print_requested = Signal()  # the row's menu: print the selection
    activities_changed = Signal()  # a call, note or meeting was stored from here

    def __init__(self, services: Services, messages: Messages, tasks: Tasks,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.messages = messages
        self.tasks = tasks
        self.noun = tuple(QCoreApplication.translate("Kinds", n) for n in self.kind.nouns)
        lister: Lister[Any] = getattr(services, self.kind.service)
        self.model = RecordTableModel(lister, self,
                                      date_format=lambda: services.settings.date_format,
                                      shown=self.shown_value)
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
            self.tr("Search %1: %2…  (Ctrl+F)").replace("%1", self.noun[1]).replace(
                "%2", QCoreApplication.translate("Kinds", self.kind.search_hint)))
        self.search.textChanged.connect(lambda _: self._search_timer.start())
        self.search.textEdited.connect(lambda _: self._search_all_letters())
        self.search.into_list.connect(self.enter_list)
        self.search.open_selected.connect(self._open_from_search)
        bar.addWidget(self.search, 1)
        self.category = QComboBox()
        self.category.setObjectName("categoryFilter")
        self.category.setToolTip(self.tr("Show only one category"))
        self.category.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.category.activated.connect(lambda _: self.apply_search())
        self.category.setVisible(self.kind.categories is not None)
        bar.addWidget(self.category)
        #: the kind's filter choosers, which ``set_filters`` sets
        self.filter_combos: list[QComboBox] = []
        for widget in self.filter_widgets():
            bar.addWidget(widget)
            if isinstance(widget, QComboBox):
                self.filter_combos.append(widget)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        bar.addWidget(self.count_label)
        self.mode_group = QButtonGroup(self)
        modes = ((self.tr("List"), self.tr("Show as a list (%1)")),
                 (self.tr("Cards"), self.tr("Show as Rolodex cards (%1)")))
        for i, ((text, tip), keys) in enumerate(zip(modes, MODE_SHORTCUTS, strict=True)):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip.replace("%1", QKeySequence(keys).toString(
                QKeySequence.SequenceFormat.NativeText)))
            button.setCheckable(True)
            button.setChecked(i == 0)
            self.mode_group.addButton(button, i)
            bar.addWidget(button)
        self.mode_group.idClicked.connect(self.set_mode)
        layout.addLayout(bar)
        self.alphabet = AlphabetBar()
        self._show_alphabet()
        self.alphabet.letter_chosen.connect(lambda _: self.apply_search())
        self.alphabet.setVisible(self.kind.letter is not None)
        layout.addWidget(self.alphabet)

        self.table = QTableView()
        self.table.setObjectName(f"{self.kind.plural}Table")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(next((i for i, c in enumerate(self.kind.columns)
                                      if c.key == self.default_sort), 0),
                                Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate(self.column_widths):
            if col < self.model.columnCount():
                self.table.setColumnWidth(col, width)
        self.columns = ColumnLayout(self.table, self.model.columns)
        self.table.doubleClicked.connect(lambda _: self.edit_current())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(
            lambda pos: self._menu_at(self.table.viewport(), pos))
        self.table.installEventFilter(self)
        self.cards = RolodexCardView(self.kind.card_lines, shown=self.shown_value)
        self.cards.setModel(self.model)
        self.cards.setSelectionModel(self.table.selectionModel())
        self.cards.doubleClicked.connect(lambda _: self.edit_current())
        self.cards.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.cards.customContextMenuRequested.connect(
            lambda pos: self._menu_at(self.cards.viewport(), pos))
        self.cards.installEventFilter(self)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.cards)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.selection_changed.emit())
        self.model.modelReset.connect(self._show_current)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName(f"{self.kind.plural}Splitter")
        self.splitter.addWidget(self.stack)
        detail_class: type[DetailPane] = resolve(self.kind.detail)
        self.detail = detail_class(self.services, self.kind)
        self.detail.messages = self.messages
        self.detail.may_write = lambda: not self.tasks.refuse_write(self, self.messages)
        if self.detail.with_activities:
            self.detail.activities.changed.connect(self.activities_changed)
        self.detail.navigate.connect(self.navigate)
        self.detail.edit_requested.connect(self.edit_current)
        self.detail.create_requested.connect(self.create_requested)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 1)  # a wider window widens the list, not the card
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setCollapsible(0, False)
        layout.addWidget(self.splitter, 1)

    # -- search and selection ------------------------------------------------------
    def current_query(self) -> ListQuery:
        chosen = self.category.currentData()
        return replace(self.model.query, text=self.search.text(), letter=self.alphabet.letter(),
                       category=chosen if isinstance(chosen, str) else "",
                       batch=chosen if isinstance(chosen, int) else None,
                       filters=self.list_filters())

    def refresh_categories(self) -> None:
        """Fill the filter with the categories in use (the user's tags), then, under
        "Imported", the imports that brought records here (an item's data is the batch
        id), keeping the choice."""
        chosen = self.category.currentData() or ""
        self.category.clear()
        self.category.addItem(self.tr("All categories"), "")
        for name, count in self._lister.categories():
            self.category.addItem(f"{name} ({count:,})", name)
        batches = self._lister.batches()
        if batches:
            self.category.insertSeparator(self.category.count())
            self.category.addItem(self.tr("Imported"), None)
            heading = self.category.model().item(self.category.count() - 1)
            heading.setEnabled(False)
            for batch in batches:
                self.category.addItem(f"{batch.label} ({batch.count:,})", batch.id)
        self.category.setCurrentIndex(max(0, self.category.findData(chosen)))

    def show_category(self, name: str | int) -> None:
        """Show only this category, or the records of this import (a batch id), whatever
        the search."""
        self.refresh_categories()
        self.search.clear()
        self.alphabet.select_letter("")
        self.category.setCurrentIndex(max(0, self.category.findData(name)))
        self.apply_search()

    def show_filtered(self, filters: tuple[str, ...]) -> None:
        """Show only the records these list filters keep, whatever the search, tab and
        category (a dashboard bar's list)."""
        self.search.clear()
        self.alphabet.select_letter("")
        self.category.setCurrentIndex(0)
        self.set_filters(filters)
        self.apply_search()

    def apply_search(self) -> None:
        """Re-run the search with the box, the A-Z tab and the current sort order."""
        self._search_timer.stop()
        if self.category.count() == 0:
            self.refresh_categories()
        selected = self.current_id()
        query = self.current_query()
        self.model.set_query(query)
        self._show_counts()
        row = self.model.row_of(selected) if selected is not None else None
        self.select_row(row if row is not None else 0)

    def _show_counts(self) -> None:
        shown = self.model.rowCount()
        total = self._lister.count()
        self._show_alphabet()
        self.alphabet.set_counts(self._lister.letters(self.model.query))
        noun = self.noun[0] if total == 1 else self.noun[1]
        self.count_label.setText(f"{shown:,} of {total:,} {noun}" if shown != total
                                 else f"{total:,} {noun}")

    def _show_alphabet(self) -> None:
        """The tabs of the language the letters are stored in (a new region refiles them)."""
        if self.kind.letter is not None:
            region = self.services.settings.phone_region
            self.alphabet.set_alphabet(self._lister.alphabet(region))

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        if index.isValid():
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(index)
        else:
            self._show_current()

    def select_id(self, record_id: int) -> bool:
        """Show this record, clearing search, tab and category if they hide it."""
        if self.model.row_of(record_id) is None:
            self.search.clear()
            self.alphabet.select_letter("")
            self.category.setCurrentIndex(0)
            self.clear_filters()
            self.apply_search()
        row = self.model.row_of(record_id)
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
        """Enter in the list opens the selected entry, as a double-click does; Esc goes
        back to the search box."""
        if (watched in (self.table, self.cards) and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.edit_current()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.focus_search()
                return True
        return super().eventFilter(watched, event)

    def _search_all_letters(self) -> None:
        """A search the user types looks through everyone, not only the letter chosen
        before (the A-Z bar shows All again; the search runs when the typing pauses)."""
        if self.alphabet.letter():
            blocked = self.alphabet.blockSignals(True)
            self.alphabet.select_letter("")
            self.alphabet.blockSignals(blocked)

    def _settle_search(self) -> None:
        """Run a search still waiting for the typing to pause, so keys act on its result."""
        if self._search_timer.isActive():
            self.apply_search()

    def enter_list(self) -> None:
        """Down in the search box: into the list (or cards), with a row selected."""
        self._settle_search()
        if not self.table.selectionModel().selectedRows():
            current = self.table.selectionModel().currentIndex()
            self.select_row(current.row() if current.isValid() else 0)
        self.stack.currentWidget().setFocus()

    def _open_from_search(self) -> None:
        self._settle_search()
        self.edit_current()

    # -- the row's menu --------------------------------------------------------------
    def _menu_at(self, widget: QWidget, pos: QPoint) -> None:
        self.row_menu().exec(widget.mapToGlobal(pos))

    def row_menu(self) -> QMenu:
        """What a right-click on a row or a card offers: reach the person, copy, file
        into categories, print, delete; the category entries and Delete act on every
        selected record, the others on the one under the cursor."""
        menu = QMenu(self)
        menu.setObjectName("rowMenu")
        record = self.record(self.current_id())
        ids = self.selected_ids()
        free = not self.tasks.writing
        phones = self.phone_numbers(record) if record is not None else []
        emails = self.email_addresses(record) if record is not None else []
        self._reach(menu, self.tr("Call"), self.tr("Call %1"), phones,
                    lambda number: self._open(self.call_url(record, number)))
        self._reach(menu, self.tr("Write e-mail"), self.tr("Write e-mail to %1"), emails,
                    lambda address: self._open(f"mailto:{address}"))
        menu.addSeparator()
        card = self.card_text(record) if record is not None else ""
        for text, value in ((self.tr("Copy phone"), phones[0] if phones else ""),
                            (self.tr("Copy e-mail"), emails[0] if emails else ""),
                            (self.tr("Copy card"), card)):
            self._add(menu, text, lambda value=value: self.copy_text(value), bool(value))
        if self.kind.categories is not None:
            menu.addSeparator()
            self._category_menus(menu, ids, free)
        if self.detail.with_activities:
            menu.addSeparator()
            actions, shown = self.detail.activities, record is not None and free
            self._add(menu, self.tr("Log call…"), actions.log_call, shown)
            self._add(menu, self.tr("Add note…"), actions.add_note, shown)
            schedule = actions.schedule_menu(menu)
            schedule.setTitle(self.tr("Schedule"))
            schedule.setEnabled(shown)
            menu.addMenu(schedule)
        menu.addSeparator()
        self._add(menu, self.tr("Edit…"), self.edit_current, record is not None and free)
        self._add(menu, self.tr("New %1…").replace("%1", self.noun[0]), self.new, free)
        self._add(menu, self.tr("Print…"), self.print_requested.emit, bool(ids))
        self._add(menu, self.tr("Delete…"), self.delete_selected, bool(ids) and free)
        return menu

    def _open(self, url: str) -> None:
        external.open_link(self, self.messages, QUrl(url), self.detail.open_url)

    @staticmethod
    def _add(menu: QMenu, text: str, slot: Callable[[], object], enabled: bool) -> None:
        action = menu.addAction(text)
        action.setEnabled(enabled)
        action.triggered.connect(lambda _=False: slot())

    def _reach(self, menu: QMenu, title: str, one: str, values: list[str],
               reach: Callable[[str], bool]) -> None:
        """One entry naming the number or address, or a submenu when there are several."""
        if len(values) > 1:
            sub = menu.addMenu(title)
            for value in values:
                self._add(sub, value, lambda value=value: reach(value), True)
        else:
            value = values[0] if values else ""
            self._add(menu, one.replace("%1", value) if value else title,
                      lambda: reach(value), bool(value))

    def _category_menus(self, menu: QMenu, ids: list[int], free: bool) -> None:
        tagging = self.services.tagging
        add = menu.addMenu(self.tr("Add to category"))
        add.setObjectName("addToCategory")
        add.setEnabled(bool(ids) and free)
        for name in tagging.names():
            self._add(add, name, lambda name=name: self.retag(name, adding=True), True)
        add.addSeparator()
        self._add(add, self.tr("New category…"), self.add_to_new_category, True)
        held = tagging.names_on(self.kind, ids) if ids else []
        remove = menu.addMenu(self.tr("Remove from category"))
        remove.setObjectName("removeFromCategory")
        remove.setEnabled(bool(held) and free)
        for name in held:
            self._add(remove, name, lambda name=name: self.retag(name, adding=False), True)

    def copy_text(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)

    def add_to_new_category(self) -> None:
        name = self.messages.ask_text(self, self.tr("New category"),
                                      self.tr("Put the selected %1 into the category:")
                                      .replace("%1", self.noun[1]))
        if name:
            self.retag(name, adding=True)

    def retag(self, name: str, *, adding: bool) -> None:
        """Put the selected records into the category ``name``, or take them out of it,
        as one change in the background (there may be thousands)."""
        ids = self.selected_ids()
        if not ids or self.tasks.refuse_write(self, self.messages):
            return
        tagging, kind = self.services.tagging, self.kind
        change = tagging.add if adding else tagging.remove
        label = (self.tr("Adding %1 to %2…") if adding else self.tr("Removing %1 from %2…"))
        label = label.replace("%1", f"{len(ids):,} {self.noun[0 if len(ids) == 1 else 1]}")
        try:
            self.tasks.wait(self, self.tr("Categories"), label.replace("%2", name),
                            lambda progress, cancelled: change(kind, ids, name, progress,
                                                               cancelled), writes=True)
        except TaggingCancelled:
            return
        except StorageError as exc:
            self.messages.error(self, self.tr("Categories not changed"),
                                self.tr("No %1 was changed. %2").replace("%1", self.noun[0])
                                .replace("%2", str(exc)))
            return
        self.show_changes(ids)
        self.data_changed.emit()

    def set_mode(self, mode: int) -> None:
        self.stack.setCurrentIndex(mode)
        self.mode_group.button(mode).setChecked(True)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _show_current(self) -> None:
        self.detail.show_record(self.record(self.current_id()), self.empty_message())

    def set_writable(self, writable: bool) -> None:
        """Buttons that change records are off while another change is being made."""
        self.detail.set_writable(writable)

    # -- writing -------------------------------------------------------------------
    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids or self.tasks.refuse_write(self, self.messages):
            return
        names = [r.display_name for r in self._lister.rows(ids[:5])]
        what = names[0] if len(ids) == 1 else self.tr("%1 %2").replace(
            "%1", str(len(ids))).replace("%2", self.noun[1])
        listed = "\n".join(f"• {n}" for n in names) + ("\n…" if len(ids) > 5 else "")
        question = self.tr("Delete %1?").replace("%1", what)
        title = self.tr("Delete %1").replace("%1", self.noun[0])
        text = f"{question}\n\n{listed}\n\n{self.delete_warning()}"
        regarded = (self.services.activities.regarding_count(self.kind.name, ids)
                    if self.detail.with_activities else 0)
        options: dict[str, bool] = {}
        if regarded:
            choice = self.messages.choose(self, title, text + "\n\n" + self.tr(
                "%1 activities (calls, meetings, tasks, notes) regard them. Keep them in the "
                "history under the name they have now, or delete them too?").replace(
                "%1", f"{regarded:,}"), [self.tr("Delete, keep the activities"),
                                         self.tr("Delete with the activities")])
            if choice < 0:
                return
            options["with_activities"] = choice == 1
        elif not self.messages.confirm(self, title, text, self.tr("Delete")):
            return
        sales = (self.services.opportunities.customer_count(self.kind.name, ids)
                 if self.kind.name in CUSTOMER_KINDS else 0)
        if sales:
            choice = self.messages.choose(self, title, self.tr(
                "%1 opportunities have them as their customer. Keep the opportunities under "
                "the name the customer has now, or delete them too?").replace(
                "%1", f"{sales:,}"), [self.tr("Keep the opportunities"),
                                      self.tr("Delete the opportunities too")])
            if choice < 0:
                return
            options["with_opportunities"] = choice == 1
        first_row = self.model.row_of(ids[0]) or 0
        try:
            deletion = self.tasks.wait(  # thousands take seconds: the window keeps painting
                self, self.tr("Delete"), self.tr("Moving to Deleted items…"),
                lambda progress, cancelled: self._lister.discard(ids, **options),
                writes=True, cancellable=False)
        except StorageError as exc:
            self.messages.error(self, self.tr("Not deleted"),
                                self.tr("Nothing was deleted. %1").replace("%1", str(exc)))
            return
        self.refresh()
        self.select_row(min(first_row, self.model.rowCount() - 1))
        if deletion.batch is not None:
            self.deleted.emit(deletion)
        if regarded:
            self.activities_changed.emit()

    def refresh(self) -> None:
        """Show the database as it is now, after a change here or by another program."""
        self.show_changes()
        self.data_changed.emit()

    def show_changes(self, changed: list[int] | None = None) -> None:
        """Reload the list keeping selection and scrolling (``changed``: the rows edited;
        None: any row may have changed, e.g. a change in another view)."""
        self.refresh_categories()
        selected = self.current_id()
        self.model.reload(changed)
        self._show_counts()
        row = self.model.row_of(selected) if selected is not None else None
        if row is None:
            self.select_row(0)
        elif self.current_id() != selected:
            self.select_row(row)
        else:
            self._show_current()

    def after_save(self, record_id: int) -> None:
        self.show_changes([record_id])
        self.select_id(record_id)
        self.data_changed.emit()

    # -- remembered layout -----------------------------------------------------------
    def _restore_layout(self) -> None:
        settings = QSettings()
        key = self.kind.plural
        self.columns.restore(settings.value(f"{key}/columns"))
        value = settings.value(f"{key}/splitter")
        if isinstance(value, QByteArray):
            self.splitter.restoreState(value)
        mode = settings.value(f"{key}/mode", 0, type=int)
        self.set_mode(mode if mode in (0, 1) else 0)

    def save_layout(self) -> None:
        settings = QSettings()
        key = self.kind.plural
        settings.setValue(f"{key}/columns", self.columns.state())
        settings.setValue(f"{key}/splitter", self.splitter.saveState())
        settings.setValue(f"{key}/mode", self.stack.currentIndex())

    def empty_message(self) -> str:
        """What the detail pane says when no row is selected, and what to do about it."""
        one, many = self.noun
        if self.model.rowCount():
            return self.tr("No %1 selected.").replace("%1", one)
        if self._lister.count() == 0:
            return self.tr("No %1 yet. Add one with File > New %2, or bring them in with "
                           "File > Import.").replace("%1", many).replace("%2", one)
        return self.tr("No %1 match. Clear the search (Esc), the letter or the "
                       "category.").replace("%1", many)

    # -- records and their dialog ---------------------------------------------------------
    def record(self, record_id: int | None) -> Any | None:
        """The full record behind a row, or None if it is gone (deleted meanwhile)."""
        if record_id is None:
            return None
        try:
            return self._lister.get(record_id)
        except NotFoundError:
            return None

    def edit_current(self) -> None:
        record_id = self.current_id()
        if record_id is None:
            return
        record = self.record(record_id)
        if record is None:
            self.messages.info(self, self.tr("Deleted meanwhile"), self.gone_message())
            self.refresh()
            return
        self.open_dialog(record)

    def open_dialog(self, record: Any) -> None:
        """Edit (or create) in the kind's dialog; after saving, show the saved row."""
        if self.tasks.refuse_write(self, self.messages):
            return
        dialog = resolve(self.kind.dialog)(self.services, record, self.messages, self)
        accepted = dialog.exec()
        saved, gone, instead = dialog.saved, dialog.gone, dialog.open_instead
        dialog.deleteLater()
        if accepted and saved is not None and saved.id is not None:
            self.after_save(saved.id)
        elif instead is not None:
            self.navigate.emit(instead)
            if instead.kind == self.kind.name and self.current_id() == instead.id:
                self.edit_current()
        elif gone:
            self.refresh()

    def new(self, within: RecordRef | None = None) -> None:
        """Add a record in the kind's dialog, starting within ``within`` if given."""
        self.open_dialog(self.new_record(within))

    # -- hooks -------------------------------------------------------------------------
    def filter_widgets(self) -> list[QWidget]:
        """The kind's own filters, shown after the category (built before the list is)."""
        return []

    def list_filters(self) -> tuple[str, ...]:
        """What those filters ask for now (``ListQuery.filters``)."""
        return ()

    def clear_filters(self) -> None:
        """Set those filters to show every record (a link opens one they hide)."""

    def set_filters(self, filters: tuple[str, ...]) -> None:
        """Set those filters to these keys (``show_filtered``): a key another chooser
        offers there ("stage:KEY"), the rest in the first chooser: the entry of that key,
        or an entry added for them (its data the keys, space-separated, as
        ``list_filters`` reads them; its text ``filters_text``'s).  A kind without
        filters shows every record."""
        self.clear_filters()
        if not self.filter_combos:
            return
        first, *others = self.filter_combos
        rest = []
        for key in filters:
            combo = next((c for c in others if c.findData(key) >= 0), None)
            if combo is None:
                rest.append(key)
            else:
                combo.setCurrentIndex(combo.findData(key))
        if rest:
            data = " ".join(rest)
            if first.findData(data) < 0:
                first.addItem(self.filters_text(tuple(rest)), data)
            first.setCurrentIndex(first.findData(data))

    def filters_text(self, keys: tuple[str, ...]) -> str:
        """How a chooser names an entry ``set_filters`` added for these keys."""
        return ", ".join(keys)

    def shown_value(self, row: Any, attribute: str) -> Any:
        """What the list and the cards show of a display row's field (a kind may word a
        status or write an amount with its currency)."""
        return getattr(row, attribute)

    def new_record(self, within: RecordRef | None) -> Any:
        """The record a new one starts from."""
        return self.kind.record()

    def phone_numbers(self, record: Any) -> list[str]:
        """The numbers the row's menu can call and copy, the main one first."""
        return []

    def call_url(self, record: Any, number: str) -> str:
        """The ``tel:`` link that dials ``number`` of the record (a kind whose records know
        their country gives the number in full)."""
        return tel_url(number)

    def email_addresses(self, record: Any) -> list[str]:
        """The addresses the row's menu can write to and copy, the main one first."""
        return []

    def card_text(self, record: Any) -> str:
        """The record as text to paste ("" if the kind has no such text)."""
        return ""

    def delete_warning(self) -> str:
        return self.tr("Edit > Undo delete brings it back, and so does File > Deleted items.")

    def gone_message(self) -> str:
        """What to say when the chosen record was deleted by another program meanwhile."""
        return self.tr("This %1 was deleted by another program (or window); the list now "
                       "shows the %2 that are left.").replace("%1", self.noun[0]).replace(
            "%2", self.noun[1])
