"""Create or edit an appointment, task, call or note: one dialog for every kind.

The fields a kind does not have are hidden, not lost: switching an appointment to a
task and back keeps its end.  A changed occurrence of a series (``series_id`` and
``recurrence_id`` set) is stored as that occurrence's exception; with
``following=True`` the record is the series from one occurrence on, and saving splits
the series there ("this and following").
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta
from zoneinfo import available_timezones

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from crmdesk.kinds import RecordRef
from crmdesk.records import (
    PARTICIPANT_ROLES,
    ActivityKind,
    ActivityRecord,
    ActivityStatus,
    ParticipantEntry,
)
from crmdesk.services.activities import ActivityError
from crmdesk.services.recurrence import RecurrenceError
from crmdesk.services.validation import Problems, ValidationError
from crmdesk.services.wiring import Services
from crmdesk.timezones import ZoneError, display_zone_name
from crmdesk.ui.activities.recurrence_editor import RecurrenceEditor
from crmdesk.ui.messages import Messages
from crmdesk.ui.records.dialog import RecordDialog
from crmdesk.ui.records.form import show_error
from crmdesk.ui.records.record_picker import RecordPicker

#: iCalendar PRIORITY values the form offers: none, high, normal, low
PRIORITIES = (0, 1, 5, 9)
NO_REMINDER = -1


def _qt(moment: datetime) -> QDateTime:
    return QDateTime(moment)


def _py(edit: QDateTimeEdit) -> datetime:
    return edit.dateTime().toPython().replace(second=0, microsecond=0, tzinfo=None)


def _offered_priority(value: int) -> int:
    """The nearest of the priorities the form offers (iCalendar 1-4 are high, 6-9 low)."""
    if not value:
        return 0
    return 1 if value < 5 else 5 if value == 5 else 9


class ActivityDialog(RecordDialog):
    """Opens on a record (new when ``record.id`` is None); ``saved_record`` holds the
    stored one after OK."""

    def __init__(self, services: Services, record: ActivityRecord,
                 parent: QWidget | None = None, messages: Messages | None = None, *,
                 following: bool = False) -> None:
        super().__init__(services, record, messages or Messages(), parent)
        self.setObjectName("activityDialog")
        self.following = following
        self._build()
        self._load(record)
        self.finish_layout(pages=[(self.tr("&Activity"), self.general),
                                  (self.tr("&Repeat and people"), self.more)])
        self.resize(760, 640)

    @property
    def saved_record(self) -> ActivityRecord | None:
        return self.saved

    # -- layout --------------------------------------------------------------------------
    def _build(self) -> None:
        self.general = QWidget()
        form = QFormLayout(self.general)
        self.form = form
        self.kind = QComboBox()
        for kind, text in ((ActivityKind.APPOINTMENT, self.tr("Appointment")),
                           (ActivityKind.TASK, self.tr("Task")),
                           (ActivityKind.CALL, self.tr("Phone call")),
                           (ActivityKind.NOTE, self.tr("Note"))):
            self.kind.addItem(text, kind)
        self.subject = QLineEdit()
        self.subject.setObjectName("subject")
        self.regarding = RecordPicker(self.services)
        self.regarding.setObjectName("regarding")
        self.regarding.setPlaceholderText(self.tr("Type a contact's or account's name"))
        self.start = QDateTimeEdit(calendarPopup=True)
        self.start.setObjectName("start")
        self.end = QDateTimeEdit(calendarPopup=True)
        self.end.setObjectName("end")
        self.all_day = QCheckBox(self.tr("All day"))
        when = QHBoxLayout()
        when.addWidget(self.start, 1)
        when.addWidget(QLabel("–"))
        when.addWidget(self.end, 1)
        when.addWidget(self.all_day)
        self.when_label = QLabel()
        self.zone = QComboBox(editable=True)
        self.zone.setObjectName("zone")
        self.zone.addItem(self.tr("Floating (the same clock time everywhere)"), "")
        for name in sorted(available_timezones()):
            self.zone.addItem(name, name)
        self.zone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.location = QLineEdit()
        self.reminder = QSpinBox(minimum=NO_REMINDER, maximum=40320)
        self.reminder.setSpecialValueText(self.tr("No reminder"))
        self.reminder.setSuffix(self.tr(" minutes before"))
        self.status = QComboBox()
        for status, text in ((ActivityStatus.OPEN, self.tr("Open")),
                             (ActivityStatus.COMPLETED, self.tr("Completed")),
                             (ActivityStatus.CANCELLED, self.tr("Cancelled"))):
            self.status.addItem(text, status)
        self.priority = QComboBox()
        for value, text in zip(PRIORITIES, (self.tr("None"), self.tr("High"),
                                            self.tr("Normal"), self.tr("Low")), strict=True):
            self.priority.addItem(text, value)
        self.percent = QSpinBox(minimum=0, maximum=100, suffix=" %")
        self.direction = QComboBox()
        self.direction.addItem(self.tr("Outgoing"), "out")
        self.direction.addItem(self.tr("Incoming"), "in")
        self.number = QComboBox(editable=True)
        self.number.setObjectName("number")
        self.duration = QSpinBox(minimum=0, maximum=1440, suffix=self.tr(" min"))
        self.outcome = QLineEdit()
        self.categories = QLineEdit()
        self.categories.setPlaceholderText(self.tr("Separated by commas"))
        self.description = QPlainTextEdit()
        self.description.setMinimumHeight(120)

        form.addRow(self.tr("&Kind"), self.kind)
        form.addRow(self.tr("&Subject"), self.subject)
        form.addRow(self.tr("&Regarding"), self.regarding)
        form.addRow(self.when_label, when)
        form.addRow(self.tr("Time &zone"), self.zone)
        form.addRow(self.tr("&Location"), self.location)
        form.addRow(self.tr("Re&minder"), self.reminder)
        form.addRow(self.tr("S&tatus"), self.status)
        form.addRow(self.tr("&Priority"), self.priority)
        form.addRow(self.tr("% &complete"), self.percent)
        form.addRow(self.tr("&Direction"), self.direction)
        form.addRow(self.tr("&Number"), self.number)
        form.addRow(self.tr("D&uration"), self.duration)
        form.addRow(self.tr("&Outcome"), self.outcome)
        form.addRow(self.tr("Cate&gories"), self.categories)
        form.addRow(self.tr("D&escription"), self.description)

        self.more = QWidget()
        column = QVBoxLayout(self.more)
        self.recurrence = RecurrenceEditor()
        column.addWidget(self.recurrence)
        column.addWidget(QLabel(self.tr("Participants")))
        self.participants = QListWidget()
        self.participants.setObjectName("participants")
        column.addWidget(self.participants, 1)
        adding = QHBoxLayout()
        self.person = RecordPicker(self.services, ("contact",))
        self.person.setObjectName("participantPicker")
        self.person.setPlaceholderText(self.tr("Type a contact's name to add"))
        self.role = QComboBox()
        for role, text in zip(PARTICIPANT_ROLES, (self.tr("Organizer"), self.tr("Required"),
                                                  self.tr("Optional"), self.tr("Called")),
                              strict=True):
            self.role.addItem(text, role)
        self.role.setCurrentIndex(1)
        self.add_person = QPushButton(self.tr("Add"))
        self.remove_person = QPushButton(self.tr("Remove"))
        adding.addWidget(self.person, 1)
        adding.addWidget(self.role)
        adding.addWidget(self.add_person)
        adding.addWidget(self.remove_person)
        column.addLayout(adding)

        self.kind.currentIndexChanged.connect(self._arrange)
        self.all_day.toggled.connect(self._arrange)
        self.start.dateTimeChanged.connect(self._start_moved)
        self.regarding.textChanged.connect(self._offer_numbers)
        self.add_person.clicked.connect(self._add_participant)
        self.remove_person.clicked.connect(self._remove_participant)
        self.recurrence.changed.connect(self.edited)
        self._last_start = datetime(2000, 1, 1)

    def _arrange(self) -> None:
        """Show the rows the chosen kind has."""
        kind = ActivityKind(self.kind.currentData())
        appointment, task, call = (kind == ActivityKind.APPOINTMENT, kind == ActivityKind.TASK,
                                   kind == ActivityKind.CALL)
        all_day = self.all_day.isChecked()
        rows = {self.zone: not all_day, self.location: appointment,
                self.reminder: appointment or task, self.priority: task, self.percent: task,
                self.direction: call, self.number: call, self.duration: call,
                self.outcome: call}
        for widget, shown in rows.items():
            self.form.setRowVisible(widget, shown)
        self.end.setVisible(appointment)
        self.all_day.setVisible(appointment)
        self.recurrence.setEnabled(appointment or task)
        self.when_label.setText({ActivityKind.TASK: self.tr("&Due")}.get(kind, self.tr("&When")))
        self.when_label.setBuddy(self.start)
        fmt = "yyyy-MM-dd" if all_day and appointment else "yyyy-MM-dd HH:mm"
        self.start.setDisplayFormat(fmt)
        self.end.setDisplayFormat(fmt)

    def _start_moved(self) -> None:
        """The end keeps the length it had; a new rule's days follow the start."""
        start = _py(self.start)
        length = _py(self.end) - self._last_start
        self._last_start = start
        if length >= timedelta(0):
            self.end.setDateTime(_qt(start + length))
        self.recurrence.set_start(start, self.all_day.isChecked())

    # -- people --------------------------------------------------------------------------
    def _add_participant(self) -> None:
        ref = self.person.ref
        if ref is None:
            return
        row = self.services.contacts.rows([ref.id])
        email = row[0].email if row else ""
        entry = ParticipantEntry(role=str(self.role.currentData()), contact_id=ref.id,
                                 name=self.person.text().strip(), email=email)
        self._show_participant(entry)
        self.person.set_ref(None, "")
        self._offer_numbers()
        self.edited()

    def _remove_participant(self) -> None:
        for item in self.participants.selectedItems():
            self.participants.takeItem(self.participants.row(item))
        self.edited()

    def _show_participant(self, entry: ParticipantEntry) -> None:
        role = self.role.itemText(max(0, self.role.findData(entry.role)))
        text = entry.name or entry.email
        item = QListWidgetItem(f"{text} – {role}" + (f" <{entry.email}>" if entry.email else ""))
        item.setData(Qt.ItemDataRole.UserRole, entry)
        self.participants.addItem(item)

    def participant_entries(self) -> list[ParticipantEntry]:
        return [self.participants.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.participants.count())]

    def _offer_numbers(self) -> None:
        """A call's number list: the phones of the person regarded and of those called."""
        people = [p.contact_id for p in self.participant_entries() if p.contact_id]
        ref = self.regarding.ref
        if ref is not None and ref.kind == "contact":
            people.insert(0, ref.id)
        numbers: list[str] = []
        for contact_id in dict.fromkeys(people):
            try:
                numbers += [p.number for p in self.services.contacts.get(contact_id).phones]
            except (ValueError, LookupError):
                continue
        if ref is not None and ref.kind == "account":
            try:
                numbers += [p.number for p in self.services.accounts.get(ref.id).phones]
            except (ValueError, LookupError):
                pass
        typed = self.number.currentText()
        self.number.blockSignals(True)
        self.number.clear()
        self.number.addItems(list(dict.fromkeys(numbers)))
        self.number.setCurrentText(typed or (numbers[0] if numbers else ""))
        self.number.blockSignals(False)

    # -- the record ----------------------------------------------------------------------
    def _load(self, record: ActivityRecord) -> None:
        new = record.id is None and record.recurrence_id is None
        if record.recurrence_id is not None:
            title = self.tr("Edit one occurrence – %1")
        elif self.following:
            title = self.tr("Edit this and following – %1")
        else:
            title = self.tr("New activity") if new else self.tr("Edit – %1")
        self.setWindowTitle(title.replace("%1", record.subject))
        self.kind.setCurrentIndex(max(0, self.kind.findData(record.kind)))
        self.subject.setText(record.subject)
        if record.regarding is not None or record.regarding_name:
            self.regarding.set_ref(record.regarding, record.regarding_name
                                   or self._name_of(record.regarding))
        self.all_day.setChecked(record.all_day)
        self._last_start = record.start
        self.start.setDateTime(_qt(record.start))
        end = record.end or record.start
        if record.all_day and record.end is not None:
            end = max(record.start, end - timedelta(days=1))  # shown inclusive
        self.end.setDateTime(_qt(end))
        zone = record.tzid if (record.id is not None or record.series_id is not None) else (
            record.tzid or display_zone_name(self.services.settings.time_zone))
        index = self.zone.findData(zone)
        if index >= 0:
            self.zone.setCurrentIndex(index)
        else:
            self.zone.setEditText(zone)
        self.location.setText(record.location)
        reminder = record.reminder_minutes
        if new and reminder is None and record.kind in (ActivityKind.APPOINTMENT,
                                                        ActivityKind.TASK):
            reminder = self.services.settings.reminder_minutes
        self.reminder.setValue(NO_REMINDER if reminder is None else reminder)
        self.status.setCurrentIndex(max(0, self.status.findData(record.status)))
        self.priority.setCurrentIndex(PRIORITIES.index(_offered_priority(record.priority)))
        self.percent.setValue(record.percent_complete)
        self.direction.setCurrentIndex(max(0, self.direction.findData(record.direction or "out")))
        self.duration.setValue(record.duration_minutes)
        self.outcome.setText(record.outcome)
        self.categories.setText(", ".join(record.categories))
        self.description.setPlainText(record.description)
        for entry in record.participants:
            self._show_participant(entry)
        self._offer_numbers()
        self.number.setCurrentText(record.phone_number)
        self.recurrence.set_rule(record.rrule, record.start, record.all_day)
        self.recurrence.setVisible(record.recurrence_id is None)
        self._arrange()

    def _priority(self) -> int:
        """The chosen priority; an imported 1-9 value the list rounds stays as it was."""
        chosen = int(self.priority.currentData())
        return (self.record.priority if chosen == _offered_priority(self.record.priority)
                else chosen)

    def _name_of(self, ref: RecordRef | None) -> str:
        """The name of the record a caller pre-filled by reference only ("Schedule" on a
        card)."""
        if ref is None:
            return ""
        try:
            return self.services.activities.regarded_name(ref)
        except ActivityError:
            return ""

    def _zone_name(self) -> str:
        text = self.zone.currentText().strip()
        index = self.zone.findText(text)
        return str(self.zone.itemData(index)) if index >= 0 else text

    def current_record(self) -> ActivityRecord:
        kind = ActivityKind(self.kind.currentData())
        all_day = self.all_day.isChecked() and kind == ActivityKind.APPOINTMENT
        start = _py(self.start)
        end: datetime | None = None
        if kind == ActivityKind.APPOINTMENT:
            end = _py(self.end)
            if all_day:
                start = datetime.combine(start.date(), time())
                end = datetime.combine(end.date(), time()) + timedelta(days=1)
        reminder = self.reminder.value()
        ref = self.regarding.ref
        regarding_name = self.regarding.text().strip() if ref is None else (
            self.record.regarding_name if ref == self.record.regarding else "")
        return replace(
            self.record, kind=kind, subject=self.subject.text().strip(),
            regarding=ref, regarding_name=regarding_name,
            start=start, end=end, all_day=all_day,
            tzid="" if all_day else self._zone_name(),
            location=self.location.text().strip(),
            reminder_minutes=None if reminder == NO_REMINDER or kind not in (
                ActivityKind.APPOINTMENT, ActivityKind.TASK) else reminder,
            status=ActivityStatus(self.status.currentData()),
            priority=self._priority() if kind == ActivityKind.TASK else self.record.priority,
            percent_complete=self.percent.value() if kind == ActivityKind.TASK
            else self.record.percent_complete,
            direction=str(self.direction.currentData()) if kind == ActivityKind.CALL
            else self.record.direction,
            phone_number=self.number.currentText().strip() if kind == ActivityKind.CALL
            else self.record.phone_number,
            duration_minutes=self.duration.value() if kind == ActivityKind.CALL
            else self.record.duration_minutes,
            outcome=self.outcome.text().strip() if kind == ActivityKind.CALL
            else self.record.outcome,
            categories=[c.strip() for c in self.categories.text().split(",") if c.strip()],
            description=self.description.toPlainText(),
            participants=self.participant_entries(),
            rrule=self.recurrence.rule() if self.record.recurrence_id is None and kind in (
                ActivityKind.APPOINTMENT, ActivityKind.TASK) else "",
        )

    def check(self, record: ActivityRecord, region: str, known: frozenset[str]) -> Problems:
        problems: Problems = {}
        if self.regarding.is_unpicked() and record.regarding_name != self.record.regarding_name:
            problems["regarding"] = self.tr(
                "“%1” is no contact or account picked from the list; pick one of the "
                "suggestions, or empty the field.").replace("%1", self.regarding.text())
        try:
            self.services.activities.check(record)
        except (ActivityError, RecurrenceError, ZoneError) as exc:
            problems["activity"] = str(exc)
        return problems

    def show_problems(self, problems: Problems) -> None:
        show_error(self.form_error, " ".join(problems.values()) if problems else None)

    def store(self, record: ActivityRecord) -> ActivityRecord:
        activities = self.services.activities
        try:
            if record.series_id is not None and record.recurrence_id is not None:
                return activities.change_occurrence(record.series_id, record.recurrence_id,
                                                    record)
            if self.following and record.id is not None:
                return activities.split_series(record.id, self.record.start, record)
            return activities.save(record)
        except (ActivityError, RecurrenceError, ZoneError) as exc:
            raise ValidationError({"activity": str(exc)}) from exc

    def gone_texts(self) -> tuple[str, str, str]:
        return (self.tr("This activity was deleted by another program (or window) after you "
                        "opened it. Save it as a new one, or close to discard your input."),
                self.tr("Save as new"), self.tr("New activity"))
