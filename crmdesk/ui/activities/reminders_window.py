"""Reminders while crmdesk runs: a check every 30 seconds (and at start) shows the due
ones in a window that stays until they are dismissed, with Snooze, Open and Dismiss;
where the desktop has a tray, a tray message says so too."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSystemTrayIcon,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.services.errors import StorageError
from crmdesk.services.reminders import SNOOZE_MINUTES, Reminder
from crmdesk.services.wiring import Services
from crmdesk.ui.activities.history import when_text
from crmdesk.ui.activities.labels import KIND_LABELS, activity_text
from crmdesk.ui.messages import Messages

CHECK_MS = 30_000


def _tr(text: str) -> str:
    return QCoreApplication.translate("RemindersWindow", text)


def _when(reminder: Reminder, now: datetime) -> str:
    """How long until the occurrence starts: "10 min", "now", "5 min overdue", "3 h
    overdue", "2 days overdue"."""
    minutes = round((reminder.starts - now).total_seconds() / 60)
    later, minutes = minutes > 0, abs(minutes)
    if minutes == 0:
        return _tr("now")
    if minutes < 120:
        amount = _tr("%1 min").replace("%1", str(minutes))
    elif minutes < 48 * 60:
        amount = _tr("%1 h").replace("%1", str(minutes // 60))
    else:
        amount = _tr("%1 days").replace("%1", str(minutes // (24 * 60)))
    return amount if later else _tr("%1 overdue").replace("%1", amount)


class RemindersWindow(QDialog):
    """The due reminders, the earliest first; Open, Dismiss, Dismiss all, Snooze."""

    open_requested = Signal(int)  # an activity id
    changed = Signal()  # a reminder was dismissed or snoozed

    def __init__(self, services: Services, messages: Messages,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("remindersWindow")
        self.setWindowTitle(self.tr("Reminders"))
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint)
        self.services = services
        self.messages = messages
        self.due: list[Reminder] = []
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        self.list = QTreeWidget()
        self.list.setObjectName("reminderList")
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels([self.tr("Subject"), self.tr("Starts"), self.tr("Due in"),
                                   self.tr("Regarding")])
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setColumnWidth(0, 250)
        self.list.setColumnWidth(1, 130)
        self.list.setColumnWidth(2, 110)
        self.list.itemActivated.connect(lambda *_: self.open_selected())
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.open_button = self._button(self.tr("&Open"), self.open_selected, row)
        row.addStretch()
        self.dismiss_all_button = self._button(self.tr("Dismiss &all"), self.dismiss_all, row)
        self.dismiss_button = self._button(self.tr("&Dismiss"), self.dismiss_selected, row)
        layout.addLayout(row)
        snooze_row = QHBoxLayout()
        snooze_row.addWidget(QLabel(self.tr("Remind me again in:")))
        self.snooze_choice = QComboBox()
        self.snooze_choice.setObjectName("snoozeChoice")
        for minutes in SNOOZE_MINUTES:
            text = (self.tr("1 hour") if minutes == 60
                    else self.tr("%1 minutes").replace("%1", str(minutes)))
            self.snooze_choice.addItem(text, minutes)
        snooze_row.addWidget(self.snooze_choice, 1)
        self.snooze_button = self._button(self.tr("&Snooze"), self.snooze_selected,
                                          snooze_row)
        layout.addLayout(snooze_row)
        self.resize(640, 300)

    @staticmethod
    def _button(text: str, slot: Callable[[], object], row: QHBoxLayout) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda _=False: slot())
        row.addWidget(button)
        return button

    def show_due(self, due: list[Reminder], now: datetime) -> None:
        self.due = due
        self.list.clear()
        fmt = self.services.settings.date_format
        for reminder in due:
            o = reminder.occurrence
            line = QTreeWidgetItem([
                f"{activity_text(KIND_LABELS.get(o.kind, o.kind))}: {o.subject}",
                when_text(o.start, fmt), _when(reminder, now), o.regarding_name])
            self.list.addTopLevelItem(line)
        if due:
            self.list.setCurrentItem(self.list.topLevelItem(0))
        self.summary.setText(self.tr("%1 reminders").replace("%1", str(len(due)))
                             if len(due) != 1 else self.tr("1 reminder"))
        for button in (self.open_button, self.dismiss_button, self.dismiss_all_button,
                       self.snooze_button):
            button.setEnabled(bool(due))

    def selected(self) -> list[Reminder]:
        rows = sorted(self.list.indexOfTopLevelItem(i) for i in self.list.selectedItems())
        return [self.due[r] for r in rows]

    def open_selected(self) -> None:
        chosen = self.selected()
        if chosen:
            self.open_requested.emit(chosen[0].activity_id)

    def dismiss_selected(self) -> None:
        self._act(lambda: self.services.reminders.dismiss(self.selected()))

    def dismiss_all(self) -> None:
        self._act(lambda: self.services.reminders.dismiss(self.due))

    def snooze_selected(self, minutes: int | None = None) -> None:
        minutes = minutes or self.snooze_choice.currentData()
        self._act(lambda: self.services.reminders.snooze(self.selected(), minutes))

    def _act(self, change: Callable[[], None]) -> None:
        try:
            change()
        except StorageError as exc:
            self.messages.error(self, self.tr("Reminder not changed"), str(exc))
            return
        self.changed.emit()


class ReminderWatch(QObject):
    """Checks for due reminders and shows them; a closed window comes back when a
    reminder it did not show falls due."""

    def __init__(self, services: Services, messages: Messages, parent: QWidget,
                 open_activity: Callable[[int], object],
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        super().__init__(parent)
        self.services = services
        self.clock = clock
        self.window = RemindersWindow(services, messages, parent)
        self.window.open_requested.connect(open_activity)
        self.window.changed.connect(self.check)
        self.timer = QTimer(self, interval=CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.tray: QSystemTrayIcon | None = None
        self._seen: set[tuple[int, datetime]] = set()

    def start(self) -> None:
        self.timer.start()
        QTimer.singleShot(0, self.check)

    def check(self) -> list[Reminder]:
        """Show what is due now; the window goes when nothing is left."""
        now = self.clock()
        try:
            due = self.services.reminders.due(now)
        except StorageError:
            return []  # a busy or missing database: the next check tries again
        keys = {(r.activity_id, r.starts) for r in due}
        fresh = keys - self._seen
        self._seen = keys if self.window.isVisible() or fresh else self._seen & keys
        self.window.show_due(due, now)
        if not due:
            self.window.hide()
        elif fresh:
            self.window.show()
            self.window.raise_()
            self._tray_message(due, len(fresh))
        return due

    def _tray_message(self, due: list[Reminder], fresh: int) -> None:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return
        if self.tray is None:
            self.tray = QSystemTrayIcon(QGuiApplication.windowIcon(), self)
            self.tray.messageClicked.connect(self.window.show)
            self.tray.show()
        first = due[-1].occurrence
        self.tray.showMessage(self.window.tr("Reminder"),
                              first.subject if fresh == 1 else self.window.tr(
                                  "%1 reminders are due").replace("%1", str(fresh)),
                              QSystemTrayIcon.MessageIcon.Information, 0)
