"""The Calendar: day, work week, week and month, and an agenda list, with the to-do pane.

Each move (Today, back, forward, another mode) asks the service once for the
occurrences of the whole visible range (the month: for the first few of each day and
how many it has), and the painted parts lay them out; the
open tasks, which do not depend on the range, are read when the view opens and after
a change.  Creating, opening, moving and completing go through the
activity dialog and ``ui.activities.series``, so a series asks which occurrences a
change is for.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from enum import IntEnum

from PySide6.QtCore import QLocale, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk.records import ActivityKind, ActivityRecord, ActivityStatus
from crmdesk.services.activities import Occurrence
from crmdesk.services.errors import GoneError, NotFoundError, StaleEditError, StorageError
from crmdesk.services.occurrences import Day
from crmdesk.services.wiring import Services
from crmdesk.timezones import display_zone_name
from crmdesk.ui.activities import series
from crmdesk.ui.activities.activity_dialog import ActivityDialog
from crmdesk.ui.calendar.lists import AgendaList, TodoList
from crmdesk.ui.calendar.surfaces import AllDayBand, MonthGrid, Surface, TimeGrid
from crmdesk.ui.messages import Messages
from crmdesk.ui.tasks import Tasks

#: what the calendar shows on its board, and the kinds the to-do pane lists
SHOWN_KINDS = ("appointment", "call")
AGENDA_DAYS = 14
#: how far back the to-do pane looks for overdue tasks
OVERDUE_DAYS = 365
TODO_AHEAD_DAYS = 30


class Mode(IntEnum):
    DAY = 0
    WORK_WEEK = 1
    WEEK = 2
    MONTH = 3
    AGENDA = 4


def week_start(day: date, first_weekday: int) -> date:
    """The first day of ``day``'s week; ``first_weekday`` 0 = Monday."""
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


def visible_days(mode: Mode, anchor: date, first_weekday: int = 0) -> list[date]:
    """The days a mode shows around ``anchor``: the month view shows six whole weeks."""
    if mode == Mode.DAY:
        return [anchor]
    if mode == Mode.WORK_WEEK:
        monday = anchor - timedelta(days=anchor.weekday())
        return [monday + timedelta(days=i) for i in range(5)]
    if mode == Mode.WEEK:
        first = week_start(anchor, first_weekday)
        return [first + timedelta(days=i) for i in range(7)]
    if mode == Mode.MONTH:
        first = week_start(anchor.replace(day=1), first_weekday)
        return [first + timedelta(days=i) for i in range(42)]
    return [anchor + timedelta(days=i) for i in range(AGENDA_DAYS)]


def stepped(mode: Mode, anchor: date, steps: int) -> date:
    """The anchor one page back (-1) or forward (+1)."""
    if mode == Mode.DAY:
        return anchor + timedelta(days=steps)
    if mode in (Mode.WORK_WEEK, Mode.WEEK):
        return anchor + timedelta(weeks=steps)
    if mode == Mode.MONTH:
        month = anchor.month - 1 + steps
        year, month = anchor.year + month // 12, month % 12 + 1
        return date(year, month, 1)
    return anchor + timedelta(days=AGENDA_DAYS * steps)


def first_weekday() -> int:
    return QLocale().firstDayOfWeek().value - 1


def earliest_per_series(tasks: list[Occurrence]) -> list[Occurrence]:
    """A repeating task shows once, at its first open occurrence (as Outlook's to-do list
    does): completing it brings up the next."""
    seen: set[int] = set()
    kept = []
    for task in tasks:
        if task.status != ActivityStatus.OPEN:
            continue
        if task.series_id is not None:
            if task.series_id in seen:
                continue
            seen.add(task.series_id)
        kept.append(task)
    return kept


class CalendarView(QWidget):
    """The window's Calendar tab; ``data_changed`` after it stored anything."""

    data_changed = Signal()
    name = "calendar"

    def __init__(self, services: Services, messages: Messages, tasks: Tasks,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarView")
        self.services = services
        self.messages = messages
        self.tasks = tasks
        self.writable = True
        self.today = self._now().date()
        self.anchor = self.today
        saved = QSettings().value("calendar/mode", Mode.WEEK.value)
        try:
            self.mode = Mode(int(saved))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            self.mode = Mode.WEEK
        self.occurrences: list[Occurrence] = []
        self.todo: list[Occurrence] = []
        #: how many times the range was read: one per move, never one per day
        self.loads = 0
        self._build()
        self._scrolled = False
        self.set_mode(self.mode)

    def _now(self) -> datetime:
        return datetime.now(self.services.activities.display_zone())

    # -- layout --------------------------------------------------------------------------
    def _build(self) -> None:
        bar = QHBoxLayout()
        self.today_button = QToolButton(text=self.tr("Today"))
        self.today_button.setToolTip(self.tr("Go to today (T)"))
        self.back_button = QToolButton(text="◀")
        self.back_button.setToolTip(self.tr("Back (Ctrl+Left or Page Up)"))
        self.forward_button = QToolButton(text="▶")
        self.forward_button.setToolTip(self.tr("Forward (Ctrl+Right or Page Down)"))
        self.title = QLabel()
        self.title.setObjectName("calendarTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        for button in (self.today_button, self.back_button, self.forward_button):
            bar.addWidget(button)
        bar.addSpacing(12)
        bar.addWidget(self.title, 1)
        self.mode_buttons = QButtonGroup(self)
        for mode, text in ((Mode.DAY, self.tr("Day")), (Mode.WORK_WEEK, self.tr("Work week")),
                           (Mode.WEEK, self.tr("Week")), (Mode.MONTH, self.tr("Month")),
                           (Mode.AGENDA, self.tr("Agenda"))):
            button = QToolButton(text=text, checkable=True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self.mode_buttons.addButton(button, mode.value)
            bar.addWidget(button)
        bar.addSpacing(12)
        self.new_button = QToolButton(text=self.tr("New appointment…"))
        self.new_task_button = QToolButton(text=self.tr("New task…"))
        bar.addWidget(self.new_button)

        self.band = AllDayBand()
        self.grid = TimeGrid()
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.grid)
        self.band.right_margin = self.scroll.verticalScrollBar().sizeHint().width() + 2
        days_page = QWidget()
        days_column = QVBoxLayout(days_page)
        days_column.setContentsMargins(0, 0, 0, 0)
        days_column.setSpacing(0)
        days_column.addWidget(self.band)
        days_column.addWidget(self.scroll, 1)
        self.month = MonthGrid()
        self.agenda = AgendaList()
        self.pages = QStackedWidget()
        self.pages.addWidget(days_page)
        self.pages.addWidget(self.month)
        self.pages.addWidget(self.agenda)

        todo_pane = QWidget()
        todo_column = QVBoxLayout(todo_pane)
        todo_column.setContentsMargins(0, 0, 0, 0)
        todo_title = QLabel(self.tr("To-do"))
        todo_title.setFont(self.title.font())
        self.todo_list = TodoList()
        todo_header = QHBoxLayout()
        todo_header.addWidget(todo_title, 1)
        todo_header.addWidget(self.new_task_button)
        todo_column.addLayout(todo_header)
        todo_column.addWidget(self.todo_list, 1)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.pages)
        self.splitter.addWidget(todo_pane)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([900, 260])

        outer = QVBoxLayout(self)
        outer.addLayout(bar)
        outer.addWidget(self.splitter, 1)

        self.today_button.clicked.connect(self.go_today)
        self.back_button.clicked.connect(lambda: self.step(-1))
        self.forward_button.clicked.connect(lambda: self.step(1))
        self.mode_buttons.idClicked.connect(lambda mode: self.set_mode(Mode(mode)))
        self.new_button.clicked.connect(lambda: self.new_activity(ActivityKind.APPOINTMENT))
        self.new_task_button.clicked.connect(lambda: self.new_activity(ActivityKind.TASK))
        for surface in (self.band, self.grid, self.month):
            surface.open_requested.connect(self.open_occurrence)
            surface.create_requested.connect(self.create_at)
            surface.move_requested.connect(self.move)
        self.month.day_requested.connect(self.show_day)
        self.agenda.open_requested.connect(self.open_occurrence)
        self.todo_list.open_requested.connect(self.open_occurrence)
        self.todo_list.completed.connect(self.complete)
        keys = ((("Ctrl+Left", "PgUp"), lambda: self.step(-1)),
                (("Ctrl+Right", "PgDown"), lambda: self.step(1)),
                (("T",), self.go_today))
        for sequences, slot in keys:
            for sequence in sequences:
                QShortcut(QKeySequence(sequence), self, activated=slot,
                          context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # -- where we are --------------------------------------------------------------------
    def days(self) -> list[date]:
        return visible_days(self.mode, self.anchor, first_weekday())

    def set_mode(self, mode: Mode) -> None:
        self.mode = mode
        button = self.mode_buttons.button(mode.value)
        if button is not None:
            button.setChecked(True)
        self.pages.setCurrentIndex({Mode.MONTH: 1, Mode.AGENDA: 2}.get(mode, 0))
        QSettings().setValue("calendar/mode", mode.value)
        if self.loads:
            self.show_range()
        else:
            self.refresh()

    def go_today(self) -> None:
        self.today = self._now().date()
        self.anchor = self.today
        self.show_range()
        self.todo_list.show_tasks(self.todo, self._now(), self.services.settings.date_format)

    def show_day(self, day: date) -> None:
        self.anchor = day
        self.set_mode(Mode.DAY)

    def step(self, steps: int) -> None:
        self.anchor = stepped(self.mode, self.anchor, steps)
        self.show_range()

    def refresh(self) -> None:
        """After a change: read the visible range and the open tasks again."""
        zone = self.services.activities.display_zone()
        today = datetime.combine(self._now().date(), time(), zone)
        try:
            self.todo = earliest_per_series(self.services.activities.occurrences(
                today - timedelta(days=OVERDUE_DAYS), today + timedelta(days=TODO_AHEAD_DAYS),
                kinds=("task",), statuses=("open",)))
        except StorageError as exc:
            self.messages.error(self, self.tr("To-do list not shown"), str(exc))
            self.todo = []
        self.todo_list.show_tasks(self.todo, self._now(), self.services.settings.date_format)
        self.show_range()

    def show_range(self) -> None:
        """Read the visible range (once) and show it: in the month, each day's first
        items and how many it has."""
        days = self.days()
        zone = self.services.activities.display_zone()
        start = datetime.combine(days[0], time(), zone)
        end = datetime.combine(days[-1] + timedelta(days=1), time(), zone)
        self.today = self._now().date()
        month: list[Day] = []
        try:
            if self.mode == Mode.MONTH:
                month = self.services.activities.month(
                    days[0], len(days), self.month.most_lines(), kinds=SHOWN_KINDS)
            else:
                self.occurrences = self.services.activities.occurrences(start, end,
                                                                        kinds=SHOWN_KINDS)
        except StorageError as exc:
            self.messages.error(self, self.tr("Calendar not shown"), str(exc))
            self.occurrences = []
        self.loads += 1
        self.title.setText(self._title(days))
        if self.mode == Mode.MONTH:
            self.month.month = self.anchor.month
            self.month.show_days(days, zone, month, self.today)
            self.occurrences = self.month.items  # those it shows
        elif self.mode == Mode.AGENDA:
            self.agenda.show_items(self.occurrences)
        else:
            self.band.show_items(days, zone, self.occurrences, self.today)
            self.grid.show_items(days, zone, self.occurrences, self.today)

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        """The first time it shows, the day starts at the working day, once laid out."""
        super().showEvent(event)
        if not self._scrolled:
            self._scrolled = True
            QTimer.singleShot(0, lambda: self.scroll.verticalScrollBar().setValue(
                self.grid.scroll_hint()))

    def _title(self, days: list[date]) -> str:
        locale = QLocale()
        if self.mode == Mode.DAY:
            return locale.toString(days[0], QLocale.FormatType.LongFormat)
        if self.mode == Mode.MONTH:
            return f"{locale.monthName(self.anchor.month)} {self.anchor.year}"
        written = self.services.settings.date_format
        return f"{days[0].strftime(written)} – {days[-1].strftime(written)}"

    def surface(self) -> Surface | None:
        if self.mode == Mode.MONTH:
            return self.month
        if self.mode == Mode.AGENDA:
            return None
        return self.grid

    def selected_occurrence(self) -> Occurrence | None:
        if self.mode == Mode.AGENDA:
            return self.agenda.current_occurrence()
        if self.mode == Mode.MONTH:
            return self.month.current
        return self.grid.current or self.band.current

    # -- changes -------------------------------------------------------------------------
    def set_writable(self, writable: bool) -> None:
        self.writable = writable
        for button in (self.new_button, self.new_task_button):
            button.setEnabled(writable)

    def _refused(self) -> bool:
        return self.tasks.refuse_write(self, self.messages)

    def _changed(self) -> None:
        self.refresh()
        self.data_changed.emit()

    def new_record(self, kind: ActivityKind, start: datetime | date | None = None
                   ) -> ActivityRecord:
        """A new activity at ``start`` (a slot's time, or a day for an all-day one), else at
        the next half hour; in the display zone."""
        zone = self.services.activities.display_zone()
        tzid = display_zone_name(self.services.settings.time_zone)
        if isinstance(start, datetime):
            begin = start.astimezone(zone).replace(tzinfo=None)
        elif isinstance(start, date):
            day = datetime.combine(start, time())
            return ActivityRecord(kind=kind, start=day, end=day + timedelta(days=1),
                                  all_day=True)
        else:
            now = self._now().replace(tzinfo=None, second=0, microsecond=0)
            begin = now + timedelta(minutes=30 - now.minute % 30)
        end = begin + timedelta(minutes=30) if kind == ActivityKind.APPOINTMENT else None
        return ActivityRecord(kind=kind, start=begin, end=end, tzid=tzid)

    def new_activity(self, kind: ActivityKind, start: datetime | date | None = None) -> None:
        """File > New appointment / New task, or a double-click on a free slot."""
        if self._refused():
            return
        dialog = ActivityDialog(self.services, self.new_record(kind, start), self,
                                self.messages)
        if dialog.exec() and dialog.saved_record is not None:
            saved = dialog.saved_record
            self.anchor = saved.start.date() if self.mode != Mode.MONTH else self.anchor
            self._changed()

    def create_at(self, moment: datetime | date) -> None:
        self.new_activity(ActivityKind.APPOINTMENT, moment)

    def open_occurrence(self, occurrence: Occurrence) -> None:
        if self._refused():
            return
        if series.open_occurrence(self.services, occurrence, self, self.messages) is not None:
            self._changed()

    def open_activity(self, activity_id: int) -> bool:
        """Open one activity by its id (a link ``activity:12``): a series as the whole
        series; False if there is no such activity."""
        if self._refused():
            return True
        try:
            record = self.services.activities.get(activity_id)
        except NotFoundError:
            return False
        dialog = ActivityDialog(self.services, record, self, self.messages)
        if dialog.exec():
            self._changed()
        return True

    def edit_current(self) -> None:
        occurrence = self.selected_occurrence()
        if occurrence is not None:
            self.open_occurrence(occurrence)

    def move(self, occurrence: Occurrence, start: datetime | date,
             end: datetime | date) -> None:
        if self._refused():
            return
        if series.move_occurrence(self.services, occurrence, start, end, self, self.messages):
            self._changed()

    def delete_selected(self) -> None:
        occurrence = self.selected_occurrence()
        if occurrence is None or self._refused():
            return
        if series.delete_occurrence(self.services, occurrence, self, self.messages):
            self._changed()

    def complete(self, task: Occurrence) -> None:
        """The to-do pane's check box: this task (or this occurrence of it) is done."""
        if self._refused():
            self.refresh()
            return
        activities = self.services.activities
        try:
            if task.recurring and task.series_id is not None:
                record = series.record_for(self.services, task, series.Scope.THIS)
                assert record.recurrence_id is not None
                activities.change_occurrence(task.series_id, record.recurrence_id,
                                             replace(record, status=ActivityStatus.COMPLETED))
            else:
                record = activities.get(task.activity_id)
                activities.save(replace(record, status=ActivityStatus.COMPLETED))
        except (GoneError, NotFoundError, StaleEditError, StorageError) as exc:
            self.messages.error(self, self.tr("Not completed"), str(exc))
        self._changed()

    def save_layout(self) -> None:
        QSettings().setValue("calendar/mode", self.mode.value)
