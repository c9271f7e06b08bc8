"""The Today page: today's appointments, the tasks due and overdue, the calls to make and
the reminders waiting; each line opens its activity.  It reads again when shown, after
a change, and at midnight."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.services.activities import Occurrence
from crmdesk.services.today import Today, TodayService
from crmdesk.services.wiring import Services
from crmdesk.ui.activities.actions import ActivityActions
from crmdesk.ui.activities.history import when_text
from crmdesk.ui.messages import Messages

ID_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE = QColor("#b3261e")


class TodayPage(QWidget):
    """One page of the window (``--view today``)."""

    changed = Signal()  # an activity was stored from here

    def __init__(self, services: Services, messages: Messages,
                 may_write: Callable[[], bool] = lambda: True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("todayPage")
        self.services = services
        self.reader = TodayService(services.db, services.activities, services.reminders)
        self.actions = ActivityActions(services, self, lambda: None, lambda: messages,
                                       may_write)
        self.actions.changed.connect(self.refresh)
        self.actions.changed.connect(self.changed)
        self.shown: Today | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        self.heading = QLabel()
        self.heading.setObjectName("todayHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        grid = QGridLayout()
        layout.addLayout(grid, 1)
        self.appointments = self._section(
            grid, (0, 0, 2, 1), self.tr("Today's appointments"), "todayAppointments",
            (self.tr("Time"), self.tr("Subject"), self.tr("Where"), self.tr("Regarding")))
        self.tasks = self._section(grid, (0, 1, 1, 1), self.tr("Tasks due and overdue"),
                                   "todayTasks",
                                   (self.tr("Due"), self.tr("Subject"), self.tr("Regarding")))
        self.calls = self._section(grid, (1, 1, 1, 1), self.tr("Calls to make"), "todayCalls",
                                   (self.tr("When"), self.tr("Subject"), self.tr("Regarding")))
        self.reminders = self._section(grid, (2, 0, 1, 2), self.tr("Reminders"),
                                       "todayReminders", (self.tr("Starts"), self.tr("Subject"),
                                                          self.tr("Regarding")))
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)
        grid.setRowStretch(2, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.midnight = QTimer(self, singleShot=True)
        self.midnight.timeout.connect(self.refresh)

    def _section(self, grid: QGridLayout, place: tuple[int, int, int, int], title: str,
                 name: str, headers: tuple[str, ...]) -> QTreeWidget:
        box = QGroupBox(title)
        grid.addWidget(box, *place)
        box_layout = QVBoxLayout(box)
        tree = QTreeWidget()
        tree.setObjectName(name)
        tree.setRootIsDecorated(False)
        tree.setHeaderLabels(list(headers))
        tree.setAlternatingRowColors(True)
        tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        tree.setColumnWidth(1, 260)
        tree.setColumnWidth(2, 170)
        tree.itemActivated.connect(lambda item, _column: self._open(item))
        box_layout.addWidget(tree)
        return tree

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        super().showEvent(event)
        self.refresh()

    def refresh(self, now: datetime | None = None) -> None:
        """Read the day again (``now``: as at that moment, for tests)."""
        today = self.reader.today(now)
        self.shown = today
        self.heading.setText(today.now.strftime("%A, ") + today.day.strftime(
            self.services.settings.date_format))
        fmt = self.services.settings.date_format
        self._fill(self.appointments, today.appointments, today, lambda o: [
            self.tr("All day") if o.all_day else f"{o.start:%H:%M}–{o.end:%H:%M}",
            o.subject, o.location, o.regarding_name])
        for tree, items in ((self.tasks, today.tasks), (self.calls, today.calls)):
            self._fill(tree, items, today, lambda o: [
                self._due_text(o, today, fmt), o.subject, o.regarding_name])
        self.reminders.clear()
        for reminder in today.reminders:
            o = reminder.occurrence
            self._add(self.reminders, [when_text(o.start, fmt), o.subject, o.regarding_name],
                      o.activity_id, overdue=False)
        self._empty(self.reminders, self.tr("No reminders waiting."))
        moment = today.now
        tomorrow = datetime.combine(today.day + timedelta(days=1), datetime.min.time(),
                                    moment.tzinfo)
        self.midnight.start(max(1000, int((tomorrow - moment).total_seconds() * 1000) + 1000))

    def _due_text(self, item: Occurrence, today: Today, fmt: str) -> str:
        start = item.start
        day = start.date() if isinstance(start, datetime) else start
        if day == today.day:
            return (self.tr("Today %1").replace("%1", f"{start:%H:%M}")
                    if isinstance(start, datetime) else self.tr("Today"))
        return when_text(start, fmt)

    def _fill(self, tree: QTreeWidget, items: list[Occurrence], today: Today,
              texts: Callable[[Occurrence], list[str]]) -> None:
        tree.clear()
        for item in items:
            self._add(tree, texts(item), item.activity_id,
                      overdue=item.kind in ("task", "call") and today.overdue(item))
        self._empty(tree, self.tr("Nothing today."))

    def _add(self, tree: QTreeWidget, texts: list[str], activity_id: int, *,
             overdue: bool) -> None:
        line = QTreeWidgetItem(texts)
        line.setData(0, ID_ROLE, activity_id)
        if overdue:
            font = QFont(line.font(0))
            font.setBold(True)
            for column in range(len(texts)):
                line.setForeground(column, QBrush(OVERDUE))
            line.setFont(0, font)
            line.setText(0, self.tr("Overdue: %1").replace("%1", texts[0]))
            line.setToolTip(0, self.tr("Overdue"))
        tree.addTopLevelItem(line)

    @staticmethod
    def _empty(tree: QTreeWidget, message: str) -> None:
        if tree.topLevelItemCount() == 0:
            line = QTreeWidgetItem(["", message])
            line.setFlags(Qt.ItemFlag.NoItemFlags)
            tree.addTopLevelItem(line)

    def _open(self, item: QTreeWidgetItem) -> None:
        activity_id = item.data(0, ID_ROLE)
        if activity_id is not None:
            self.actions.open(activity_id)
