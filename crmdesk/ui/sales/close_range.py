"""The close-date range the pipeline board shows: this month, this quarter, the next 12
months, all, or two dates the user picks; remembered between runs."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QSettings, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from crmdesk.services.opportunities import add_months

#: (key, label) of the choices, in the order the box lists them
CHOICES = (
    ("month", QT_TRANSLATE_NOOP("CloseRange", "Closing this month")),
    ("quarter", QT_TRANSLATE_NOOP("CloseRange", "Closing this quarter")),
    ("year", QT_TRANSLATE_NOOP("CloseRange", "Closing in the next 12 months")),
    ("all", QT_TRANSLATE_NOOP("CloseRange", "All close dates")),
    ("custom", QT_TRANSLATE_NOOP("CloseRange", "Closing between…")),
)
Window = tuple[date | None, date | None]


def month_span(today: date, months: int) -> Window:
    """From the first of ``today``'s month to the last day of the ``months``-th month."""
    return today.replace(day=1), add_months(today, months) - timedelta(days=1)


def close_window(choice: str, today: date, custom: Window = (None, None)) -> Window:
    """The first and last close date (both included) a choice shows; None for no bound.

    "The next 12 months" are this month and the eleven after it, the months the forecast
    shows; an overdue open opportunity (closing before today) still shows in this month."""
    if choice == "month":
        return month_span(today, 1)
    if choice == "quarter":
        return month_span(today.replace(month=(today.month - 1) // 3 * 3 + 1), 3)
    if choice == "year":
        return month_span(today, 12)
    if choice == "custom":
        start, end = custom
        if start is not None and end is not None and end < start:
            start, end = end, start
        return start, end
    return None, None


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class CloseRangeFilter(QWidget):
    """A box of choices, and two date fields for "Closing between…"; ``changed`` after
    the user changed either."""

    changed = Signal()

    def __init__(self, key: str, default: str = "all", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.box = QComboBox()
        self.box.setObjectName("closeRange")
        for choice, label in CHOICES:
            self.box.addItem(QCoreApplication.translate("CloseRange", label), choice)
        self.start = QDateEdit(calendarPopup=True)
        self.end = QDateEdit(calendarPopup=True)
        self.start.setObjectName("closeFrom")
        self.end.setObjectName("closeTo")
        self.dash = QLabel("–")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.box, self.start, self.dash, self.end):
            row.addWidget(widget)
        settings = QSettings()
        today = date.today()
        start, end = close_window("quarter", today)
        self.start.setDate(settings.value(f"{key}/close_from", _qdate(start)))
        self.end.setDate(settings.value(f"{key}/close_to", _qdate(end)))
        saved = settings.value(f"{key}/close_range", default)
        found = self.box.findData(saved)
        self.box.setCurrentIndex(found if found >= 0 else self.box.findData(default))
        self._show_dates()
        self.box.currentIndexChanged.connect(self._chosen)
        self.start.dateChanged.connect(self._dates_changed)
        self.end.dateChanged.connect(self._dates_changed)

    def choice(self) -> str:
        return str(self.box.currentData())

    def choose(self, choice: str, custom: Window = (None, None)) -> None:
        """Select a choice (and the custom dates) as the user would."""
        if custom[0] is not None:
            self.start.setDate(_qdate(custom[0]))
        if custom[1] is not None:
            self.end.setDate(_qdate(custom[1]))
        self.box.setCurrentIndex(self.box.findData(choice))

    def bounds(self, today: date | None = None) -> Window:
        custom = (self.start.date().toPython(), self.end.date().toPython())
        return close_window(self.choice(), today or date.today(), custom)  # type: ignore[arg-type]

    def _show_dates(self) -> None:
        custom = self.choice() == "custom"
        for widget in (self.start, self.dash, self.end):
            widget.setVisible(custom)

    def _chosen(self) -> None:
        self._show_dates()
        self.save()
        self.changed.emit()

    def _dates_changed(self) -> None:
        if self.choice() == "custom":
            self.save()
            self.changed.emit()

    def save(self) -> None:
        settings = QSettings()
        settings.setValue(f"{self.key}/close_range", self.choice())
        settings.setValue(f"{self.key}/close_from", self.start.date())
        settings.setValue(f"{self.key}/close_to", self.end.date())
