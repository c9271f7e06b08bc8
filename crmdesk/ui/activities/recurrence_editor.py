"""The repeat part of the activity dialog, laid out as Outlook's "Recurrence" box.

It only shows choices; ``services.repeat_rules`` turns them into RRULE text and back,
so what a rule means is decided (and tested) without Qt.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QDate, QLocale, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from crmdesk.services.repeat_rules import (
    ORDINALS,
    Ending,
    Frequency,
    Repeat,
    default_for,
    from_rule,
    to_rule,
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("RecurrenceEditor", text)


def weekday_names() -> list[str]:
    locale = QLocale()
    return [locale.dayName(i, QLocale.FormatType.LongFormat) for i in range(1, 8)]


def month_names() -> list[str]:
    locale = QLocale()
    return [locale.monthName(i, QLocale.FormatType.LongFormat) for i in range(1, 13)]


class _DayOfMonth(QWidget):
    """"On day [15]" or "on the [second] [Tuesday]" (of a month, or of [March])."""

    def __init__(self, with_month: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.on_date = QRadioButton(_tr("On day"))
        self.on_weekday = QRadioButton(_tr("On the"))
        group = QButtonGroup(self)
        group.addButton(self.on_date)
        group.addButton(self.on_weekday)
        self.day = QSpinBox(minimum=1, maximum=31)
        self.ordinal = QComboBox()
        for value, text in zip(ORDINALS, (_tr("first"), _tr("second"), _tr("third"),
                                          _tr("fourth"), _tr("last")), strict=True):
            self.ordinal.addItem(text, value)
        self.weekday = QComboBox()
        self.weekday.addItems(weekday_names())
        self.month = QComboBox()
        self.month.addItems(month_names())
        self.month_too = QComboBox()
        self.month_too.addItems(month_names())
        self.with_month = with_month
        grid.addWidget(self.on_date, 0, 0)
        grid.addWidget(self.day, 0, 1)
        grid.addWidget(self.on_weekday, 1, 0)
        grid.addWidget(self.ordinal, 1, 1)
        grid.addWidget(self.weekday, 1, 2)
        if with_month:
            grid.addWidget(QLabel(_tr("of")), 0, 2)
            grid.addWidget(self.month, 0, 3)
            grid.addWidget(QLabel(_tr("of")), 1, 3)
            grid.addWidget(self.month_too, 1, 4)
        grid.setColumnStretch(5, 1)

    def load(self, repeat: Repeat) -> None:
        (self.on_weekday if repeat.by_weekday else self.on_date).setChecked(True)
        self.day.setValue(repeat.month_day)
        self.ordinal.setCurrentIndex(max(0, self.ordinal.findData(repeat.ordinal)))
        self.weekday.setCurrentIndex(repeat.weekday)
        self.month.setCurrentIndex(repeat.month - 1)
        self.month_too.setCurrentIndex(repeat.month - 1)

    def store(self, repeat: Repeat) -> None:
        repeat.by_weekday = self.on_weekday.isChecked()
        repeat.month_day = self.day.value()
        repeat.ordinal = int(self.ordinal.currentData())
        repeat.weekday = self.weekday.currentIndex()
        month = self.month_too if repeat.by_weekday else self.month
        repeat.month = month.currentIndex() + 1


class RecurrenceEditor(QGroupBox):
    """Does not repeat / daily / weekly on chosen days / monthly / yearly, every N, and
    how it ends; ``rule()`` is the RRULE text.  A rule it opened and was not changed in
    comes back exactly as it was (an UNTIL in UTC stays in UTC)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_tr("Repeat"), parent)
        self.setObjectName("recurrenceEditor")
        self._start = datetime(2000, 1, 1)
        self._all_day = False
        self._opened: tuple[str, Repeat] = ("", Repeat())
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        self.frequency = QComboBox()
        for value, text in ((Frequency.NONE, _tr("Does not repeat")),
                            (Frequency.DAILY, _tr("Daily")), (Frequency.WEEKLY, _tr("Weekly")),
                            (Frequency.MONTHLY, _tr("Monthly")),
                            (Frequency.YEARLY, _tr("Yearly")),
                            (Frequency.CUSTOM, _tr("As written (custom rule)"))):
            self.frequency.addItem(text, value)
        self.every_label = QLabel(_tr("every"))
        self.interval = QSpinBox(minimum=1, maximum=999)
        self.unit = QLabel()
        top.addWidget(self.frequency)
        top.addWidget(self.every_label)
        top.addWidget(self.interval)
        top.addWidget(self.unit)
        top.addStretch()
        outer.addLayout(top)

        self.pages = QStackedWidget()
        self.pages.addWidget(QWidget())  # none and daily: nothing more to choose
        days = QWidget()
        day_row = QHBoxLayout(days)
        day_row.setContentsMargins(0, 0, 0, 0)
        self.weekday_boxes = [QCheckBox(name[:3]) for name in weekday_names()]
        for box, name in zip(self.weekday_boxes, weekday_names(), strict=True):
            box.setToolTip(name)
            day_row.addWidget(box)
        day_row.addStretch()
        self.pages.addWidget(days)
        self.monthly = _DayOfMonth(with_month=False)
        self.yearly = _DayOfMonth(with_month=True)
        self.pages.addWidget(self.monthly)
        self.pages.addWidget(self.yearly)
        self.custom = QLineEdit()
        self.custom.setObjectName("customRule")
        self.custom.setPlaceholderText("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1")
        self.pages.addWidget(self.custom)
        outer.addWidget(self.pages)

        self.ending_box = QWidget()
        ends = QGridLayout(self.ending_box)
        ends.setContentsMargins(0, 0, 0, 0)
        self.never = QRadioButton(_tr("Never ends"))
        self.after = QRadioButton(_tr("Ends after"))
        self.on = QRadioButton(_tr("Ends on"))
        group = QButtonGroup(self)
        for button in (self.never, self.after, self.on):
            group.addButton(button)
        self.count = QSpinBox(minimum=1, maximum=9999, suffix=_tr(" times"))
        self.until = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd")
        ends.addWidget(self.never, 0, 0)
        ends.addWidget(self.after, 1, 0)
        ends.addWidget(self.count, 1, 1)
        ends.addWidget(self.on, 2, 0)
        ends.addWidget(self.until, 2, 1)
        ends.setColumnStretch(2, 1)
        outer.addWidget(self.ending_box)

        self.frequency.currentIndexChanged.connect(self._frequency_picked)
        for box in self.weekday_boxes:
            box.toggled.connect(self.changed)
        self.interval.valueChanged.connect(self.changed)

    # -- the rule ------------------------------------------------------------------------
    def set_rule(self, rule: str, start: datetime, all_day: bool = False) -> None:
        self._start, self._all_day = start, all_day
        repeat = from_rule(rule, start)
        self._show(repeat)
        self._opened = (rule.strip().removeprefix("RRULE:"), self.repeat())

    def set_start(self, start: datetime, all_day: bool) -> None:
        """The start moved: a new rule's defaults follow it (weekly on its weekday)."""
        moved = start.date() != self._start.date()
        self._start, self._all_day = start, all_day
        if moved and not self._opened[0] and self.repeat().frequency != Frequency.CUSTOM:
            frequency = self.repeat().frequency
            kept = self.repeat()
            repeat = default_for(frequency, start)
            repeat.interval, repeat.ending = kept.interval, kept.ending
            repeat.count, repeat.until = kept.count, kept.until
            self._show(repeat)

    def repeat(self) -> Repeat:
        frequency = Frequency(self.frequency.currentData())
        repeat = Repeat(frequency=frequency, interval=self.interval.value(),
                        text=self.custom.text())
        repeat.weekdays = [i for i, b in enumerate(self.weekday_boxes) if b.isChecked()]
        page = {Frequency.MONTHLY: self.monthly, Frequency.YEARLY: self.yearly}.get(frequency)
        if page is not None:
            page.store(repeat)
        repeat.ending = (Ending.AFTER if self.after.isChecked() else
                         Ending.ON if self.on.isChecked() else Ending.NEVER)
        repeat.count = self.count.value()
        repeat.until = self.until.date().toPython() if repeat.ending == Ending.ON else None
        if frequency == Frequency.NONE:
            return Repeat()
        if frequency == Frequency.CUSTOM:
            return Repeat(frequency=frequency, text=self.custom.text().strip())
        return repeat

    def rule(self) -> str:
        repeat = self.repeat()
        text, opened = self._opened
        if text and repeat == opened:
            return text
        return to_rule(repeat, self._all_day)

    # -- showing -------------------------------------------------------------------------
    def _show(self, repeat: Repeat) -> None:
        self.frequency.blockSignals(True)
        self.frequency.setCurrentIndex(max(0, self.frequency.findData(repeat.frequency)))
        self.frequency.blockSignals(False)
        self.interval.setValue(repeat.interval)
        for i, box in enumerate(self.weekday_boxes):
            box.setChecked(i in repeat.weekdays)
        defaults = default_for(Frequency.MONTHLY, self._start)
        for page in (self.monthly, self.yearly):
            page.load(repeat if repeat.frequency in (Frequency.MONTHLY, Frequency.YEARLY)
                      else defaults)
        self.custom.setText(repeat.text)
        {Ending.NEVER: self.never, Ending.AFTER: self.after, Ending.ON: self.on}[
            repeat.ending].setChecked(True)
        self.count.setValue(repeat.count)
        until: date = repeat.until or self._start.date()
        self.until.setDate(QDate(until.year, until.month, until.day))
        self._arrange(repeat.frequency)

    def _frequency_picked(self) -> None:
        frequency = Frequency(self.frequency.currentData())
        if frequency == Frequency.CUSTOM and not self.custom.text().strip():
            self.custom.setText(self._opened[0])
        elif frequency == Frequency.WEEKLY and not any(b.isChecked()
                                                       for b in self.weekday_boxes):
            self.weekday_boxes[self._start.weekday()].setChecked(True)
        self._arrange(frequency)
        self.changed.emit()

    def _arrange(self, frequency: Frequency) -> None:
        repeats = frequency not in (Frequency.NONE, Frequency.CUSTOM)
        for widget in (self.every_label, self.interval, self.unit):
            widget.setVisible(repeats)
        self.unit.setText({Frequency.DAILY: _tr("day(s)"), Frequency.WEEKLY: _tr("week(s)"),
                           Frequency.MONTHLY: _tr("month(s)"),
                           Frequency.YEARLY: _tr("year(s)")}.get(frequency, ""))
        self.pages.setCurrentIndex({Frequency.WEEKLY: 1, Frequency.MONTHLY: 2,
                                    Frequency.YEARLY: 3, Frequency.CUSTOM: 4}.get(frequency, 0))
        self.pages.setVisible(frequency not in (Frequency.NONE, Frequency.DAILY))
        self.ending_box.setVisible(repeats)
