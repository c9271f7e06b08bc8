"""The History on a card: every activity regarding the record, newest first, by kind.

The rows are injected (``set_rows``), so the model holds no database; the panel
asks ``ActivityService.history`` only while its tab is shown, and again after a
change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crmdesk.kinds import RecordRef
from crmdesk.services.activities import Occurrence
from crmdesk.services.wiring import Services
from crmdesk.ui.activities.actions import ActivityActions
from crmdesk.ui.activities.labels import KIND_LABELS, STATUS_LABELS, activity_text

#: the filter's entries: its label, and the kinds it shows (None: all)
FILTERS: tuple[tuple[str, tuple[str, ...] | None], ...] = (
    (QT_TRANSLATE_NOOP("Activities", "All"), None),
    (QT_TRANSLATE_NOOP("Activities", "Appointments"), ("appointment",)),
    (QT_TRANSLATE_NOOP("Activities", "Tasks"), ("task",)),
    (QT_TRANSLATE_NOOP("Activities", "Calls"), ("call",)),
    (QT_TRANSLATE_NOOP("Activities", "Notes"), ("note",)),
)
#: lines read at first (the newest); "Show all" reads the rest
FIRST_LINES = 200
#: kind glyphs in the line: symbols every desktop font has
GLYPHS = {"appointment": "◷", "task": "☐", "call": "✆", "note": "✎"}
ID_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


def when_text(value: datetime | date, date_format: str) -> str:
    if isinstance(value, datetime):
        return f"{value.strftime(date_format)} {value:%H:%M}"
    return value.strftime(date_format)


class HistoryTableModel(QAbstractTableModel):
    """History lines: when, kind (its symbol; the name as a tip), subject, regarding (when
    another record), status."""

    def __init__(self, date_format: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._date_format = date_format
        self.rows: list[Occurrence] = []
        self.shown_for: RecordRef | None = None
        self.headers = (self.tr("When"), "", self.tr("Subject"),
                        self.tr("Regarding"), self.tr("Status"))

    def set_rows(self, rows: Sequence[Occurrence], shown_for: RecordRef | None) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.shown_for = shown_for
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal
                and role == Qt.ItemDataRole.DisplayRole):
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.rows[index.row()]
        column = index.column()
        if role == ID_ROLE:
            return item.activity_id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == Qt.ItemDataRole.ForegroundRole and item.status == "cancelled":
            return QBrush(QColor("#888"))
        if role == Qt.ItemDataRole.FontRole and item.status == "cancelled":
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(item, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def _tip(self, item: Occurrence, column: int) -> str | None:
        if column == 1:
            return activity_text(KIND_LABELS.get(item.kind, item.kind))
        if column == 2:
            return item.subject + ("\n" + self.tr(
                "A repeating series; it is shown at its first date") if item.recurring else "")
        return None

    def _text(self, item: Occurrence, column: int) -> str:
        if column == 0:
            return when_text(item.start, self._date_format())
        if column == 1:
            return GLYPHS.get(item.kind, item.kind)
        if column == 2:
            return item.subject + (" ↻" if item.recurring else "")
        if column == 3:
            return "" if item.regarding == self.shown_for else item.regarding_name
        if item.kind == "note" and item.status == "open":
            return ""  # a note is neither to do nor done
        return activity_text(STATUS_LABELS.get(item.status, item.status))


class HistoryPanel(QWidget):
    """The History tab: a kind filter, Log call / Add note / Schedule, and the lines;
    double-click (or Enter) opens one."""

    def __init__(self, services: Services, actions: ActivityActions,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.actions = actions
        self.ref: RecordRef | None = None
        self._loaded_for: tuple[RecordRef | None, int] | None = None
        self.limit: int | None = FIRST_LINES
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        bar = QHBoxLayout()
        self.filter = QComboBox()
        self.filter.setObjectName("historyFilter")
        for label, _kinds in FILTERS:
            self.filter.addItem(activity_text(label))
        self.filter.currentIndexChanged.connect(lambda _: self.reload())
        bar.addWidget(self.filter)
        self.count = QLabel()
        bar.addWidget(self.count, 1)
        self.log_button = self._button(self.tr("Log call…"), self.tr("Log a call (Ctrl+Shift+P)"),
                                       actions.log_call, bar)
        self.note_button = self._button(self.tr("Add note…"),
                                        self.tr("Add a dated note (Ctrl+Shift+M)"),
                                        actions.add_note, bar)
        self.schedule_button = QPushButton(self.tr("Schedule"))
        self.schedule_button.setToolTip(self.tr("A meeting, call or task with them"))
        self.schedule_button.setMenu(actions.schedule_menu(self.schedule_button))
        bar.addWidget(self.schedule_button)
        layout.addLayout(bar)
        self.model = HistoryTableModel(lambda: services.settings.date_format, self)
        self.table = QTableView()
        self.table.setObjectName("historyTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column in (0, 1, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(3, 110)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.activated.connect(self._open)
        layout.addWidget(self.table, 1)
        below = QHBoxLayout()
        self.empty = QLabel()
        self.empty.setStyleSheet("color:#777")
        self.empty.setWordWrap(True)
        below.addWidget(self.empty, 1)
        self.more_button = QPushButton(self.tr("Show all"))
        self.more_button.setObjectName("historyShowAll")
        self.more_button.clicked.connect(lambda _=False: self.show_all())
        below.addWidget(self.more_button)
        layout.addLayout(below)
        actions.changed.connect(self.reload)

    @staticmethod
    def _button(text: str, tip: str, slot: Callable[[], object], bar: QHBoxLayout
                ) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(lambda _=False: slot())
        bar.addWidget(button)
        return button

    def kinds(self) -> tuple[str, ...] | None:
        return FILTERS[self.filter.currentIndex()][1]

    def show_ref(self, ref: RecordRef | None) -> None:
        """The record whose history this is; loaded now if the panel is visible."""
        if ref != self.ref:
            self.limit = FIRST_LINES
        self.ref = ref
        for button in (self.log_button, self.note_button, self.schedule_button):
            button.setEnabled(ref is not None)
        if self.isVisible():
            self.reload()

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        super().showEvent(event)
        if self._loaded_for != (self.ref, self.filter.currentIndex()):
            self.reload()

    def reload(self) -> None:
        """Ask for the history again (after a change, or another record or filter)."""
        self._loaded_for = (self.ref, self.filter.currentIndex())
        rows = ([] if self.ref is None or self.ref.id is None else
                self.services.activities.history(
                    self.ref, kinds=self.kinds(),
                    limit=None if self.limit is None else self.limit + 1))
        more = self.limit is not None and len(rows) > self.limit
        rows = rows[:self.limit] if more else rows
        self.model.set_rows(rows, self.ref)
        self.table.setColumnHidden(3, all(o.regarding == self.ref for o in rows))
        self.more_button.setVisible(more)
        self.count.setText((self.tr("the newest %1 entries") if more else self.tr("%1 entries"))
                           .replace("%1", f"{len(rows):,}") if rows else "")
        self.empty.setText("" if rows or self.ref is None else self.tr(
            "Nothing yet. Log a call (Ctrl+Shift+P), add a note (Ctrl+Shift+M) or "
            "schedule a meeting."))
        self.empty.setVisible(not rows and self.ref is not None)

    def show_all(self) -> None:
        """Every entry, not only the newest ``FIRST_LINES``."""
        self.limit = None
        self.reload()

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.actions.open(index.data(ID_ROLE))
