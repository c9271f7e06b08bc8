"""The calendar's two lists: the agenda (every occurrence of a range, day by day) and the
to-do pane (open tasks by due date, overdue ones in red, a check box completes one)."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QTreeWidget, QTreeWidgetItem, QWidget

from crmdesk.services.activities import Occurrence
from crmdesk.ui.calendar.painting import clock, day_of

OVERDUE = QColor("#b00020")
#: the to-do pane lists this many tasks (the most overdue first), then says how many more
TODO_SHOWN = 200
ROLE = Qt.ItemDataRole.UserRole


def long_date(day: date) -> str:
    return QLocale().toString(day, QLocale.FormatType.LongFormat)


class AgendaList(QTreeWidget):
    """The occurrences of a range under their days; Enter or a double-click opens one."""

    open_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agendaList")
        self.setColumnCount(4)
        self.setHeaderLabels([self.tr("When"), self.tr("Subject"), self.tr("Regarding"),
                              self.tr("Location")])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setColumnWidth(0, 150)
        self.setColumnWidth(1, 360)
        self.setColumnWidth(2, 220)
        self.itemActivated.connect(self._activated)

    def show_items(self, items: list[Occurrence]) -> None:
        self.clear()
        day: date | None = None
        for item in items:
            shown = day_of(item.start)
            if shown != day:
                day = shown
                header = QTreeWidgetItem([long_date(day)])
                font = QFont(self.font())
                font.setBold(True)
                header.setFont(0, font)
                header.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.addTopLevelItem(header)
                header.setFirstColumnSpanned(True)
            when = (self.tr("All day") if item.all_day else
                    f"{clock(item.start)}–{clock(item.end)}"
                    if isinstance(item.start, datetime) and isinstance(item.end, datetime)
                    else "")
            row = QTreeWidgetItem([when, item.subject, item.regarding_name, item.location])
            row.setData(0, ROLE, item)
            if item.status == "cancelled":
                font = QFont(self.font())
                font.setStrikeOut(True)
                for column in range(4):
                    row.setFont(column, font)
            self.addTopLevelItem(row)
        if not items:
            empty = QTreeWidgetItem([self.tr("Nothing planned in these days.")])
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addTopLevelItem(empty)
            empty.setFirstColumnSpanned(True)

    def current_occurrence(self) -> Occurrence | None:
        item = self.currentItem()
        return item.data(0, ROLE) if item is not None else None

    def _activated(self, item: QTreeWidgetItem) -> None:
        occurrence = item.data(0, ROLE)
        if occurrence is not None:
            self.open_requested.emit(occurrence)


class TodoList(QListWidget):
    """Open tasks by due date; ticking one completes it (``completed``), double-click
    opens it."""

    completed = Signal(object)
    open_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("todoList")
        self.itemChanged.connect(self._changed)
        self.itemActivated.connect(
            lambda item: self.open_requested.emit(item.data(ROLE)))
        self.setMinimumWidth(140)
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setSpacing(2)

    def show_tasks(self, tasks: list[Occurrence], now: datetime, date_format: str) -> None:
        self.blockSignals(True)
        self.clear()
        for task in tasks[:TODO_SHOWN]:
            due = task.start
            overdue = (due < now if isinstance(due, datetime) else due < now.date())
            when = (f"{due.strftime(date_format)} {clock(due)}" if isinstance(due, datetime)
                    else due.strftime(date_format))
            text = f"{task.subject}\n{self.tr('Due %1').replace('%1', when)}"
            if overdue:
                text += " – " + self.tr("overdue")
            if task.regarding_name:
                text += f" · {task.regarding_name}"
            item = QListWidgetItem(text)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(ROLE, task)
            if overdue:
                item.setForeground(QBrush(OVERDUE))
            self.addItem(item)
        if len(tasks) > TODO_SHOWN:
            more = QListWidgetItem(self.tr("… and %1 more open tasks").replace(
                "%1", str(len(tasks) - TODO_SHOWN)))
            more.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(more)
        if not tasks:
            empty = QListWidgetItem(self.tr("No open tasks."))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(empty)
        self.blockSignals(False)

    def _changed(self, item: QListWidgetItem) -> None:
        task = item.data(ROLE)
        if task is not None and item.checkState() == Qt.CheckState.Checked:
            self.completed.emit(task)
