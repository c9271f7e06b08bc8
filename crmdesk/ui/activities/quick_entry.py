"""Log call and Add note: small dialogs that store a call or a note in a few keystrokes.

Both are pre-filled with the record they regard (a contact is also the person
called); the time is now, in the display zone, and a logged call is done
(completed), as ACT!'s "record history" is.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from crmdesk.kinds import RecordRef
from crmdesk.records import ActivityKind, ActivityRecord, ActivityStatus, ParticipantEntry
from crmdesk.services.activities import ActivityError
from crmdesk.services.errors import StorageError
from crmdesk.services.wiring import Services
from crmdesk.timezones import display_zone, display_zone_name
from crmdesk.ui.activities.labels import activity_text
from crmdesk.ui.messages import Messages

#: outcomes offered for a call (the user may type another)
OUTCOMES = (
    QT_TRANSLATE_NOOP("Activities", "Reached"),
    QT_TRANSLATE_NOOP("Activities", "Left a message"),
    QT_TRANSLATE_NOOP("Activities", "No answer"),
    QT_TRANSLATE_NOOP("Activities", "Busy"),
    QT_TRANSLATE_NOOP("Activities", "Wrong number"),
)


def now_here(services: Services) -> tuple[datetime, str]:
    """Now as a wall-clock minute in the display zone, and that zone's name."""
    setting = services.settings.time_zone
    moment = datetime.now(display_zone(setting)).replace(second=0, microsecond=0)
    return moment.replace(tzinfo=None), display_zone_name(setting)


def qt_date_format(strftime: str) -> str:
    """The user's date format (Settings, as strftime writes it) as Qt's display format."""
    for ours, qts in (("%Y", "yyyy"), ("%m", "MM"), ("%d", "dd"), ("%b", "MMM")):
        strftime = strftime.replace(ours, qts)
    return strftime


class QuickEntryDialog(QDialog):
    """The part both share: a form, Save/Cancel (Ctrl+Return saves), storing the record."""

    def __init__(self, services: Services, ref: RecordRef, name: str,
                 messages: Messages, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.ref = ref
        self.name = name
        self.messages = messages
        self.saved_record: ActivityRecord | None = None
        self.form = QFormLayout()
        layout = QVBoxLayout(self)
        heading = QLabel()
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setText(self.tr("Regarding: %1").replace("%1", name))
        layout.addWidget(heading)
        layout.addLayout(self.form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def record(self) -> ActivityRecord:
        raise NotImplementedError

    def save(self) -> None:
        """Store the record; a problem is one sentence and the dialog stays open."""
        try:
            self.saved_record = self.services.activities.save(self.record())
        except (ActivityError, StorageError) as exc:
            self.messages.error(self, self.tr("Not saved"), str(exc))
            return
        self.accept()

    def keyPressEvent(self, event) -> None:  # noqa: ANN001, N802
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.save()
            return
        super().keyPressEvent(event)


class LogCallDialog(QuickEntryDialog):
    """A call that took place: which way, the number, how long, how it went, notes."""

    def __init__(self, services: Services, ref: RecordRef, name: str, phones: list[str],
                 messages: Messages, parent: QWidget | None = None) -> None:
        super().__init__(services, ref, name, messages, parent)
        self.setObjectName("logCallDialog")
        self.setWindowTitle(self.tr("Log call"))
        when, self.tzid = now_here(services)
        self.subject = QLineEdit(self.tr("Call with %1").replace("%1", name))
        self.direction = QComboBox()
        self.direction.addItem(self.tr("Outgoing (I called)"), "out")
        self.direction.addItem(self.tr("Incoming (they called)"), "in")
        self.number = QComboBox()
        self.number.setEditable(True)
        self.number.addItems(phones)
        self.when = QDateTimeEdit(when)
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat(qt_date_format(services.settings.date_format) + " HH:mm")
        self.duration = QSpinBox()
        self.duration.setRange(0, 24 * 60)
        self.duration.setSuffix(self.tr(" min"))
        self.duration.setValue(5)
        self.outcome = QComboBox()
        self.outcome.setEditable(True)
        self.outcome.addItems([activity_text(o) for o in OUTCOMES])
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(self.tr("What was said, what to do next"))
        self.notes.setTabChangesFocus(True)
        for label, widget in ((self.tr("&Subject:"), self.subject),
                              (self.tr("&Direction:"), self.direction),
                              (self.tr("Nu&mber:"), self.number),
                              (self.tr("&When:"), self.when),
                              (self.tr("D&uration:"), self.duration),
                              (self.tr("&Outcome:"), self.outcome),
                              (self.tr("&Notes:"), self.notes)):
            self.form.addRow(label, widget)
        self.notes.setFocus()
        self.resize(440, 400)

    def record(self) -> ActivityRecord:
        start = self.when.dateTime().toPython().replace(second=0, microsecond=0)
        minutes = self.duration.value()
        participants = ([ParticipantEntry("called", contact_id=self.ref.id, name=self.name)]
                        if self.ref.kind == "contact" else [])
        return ActivityRecord(
            kind=ActivityKind.CALL, subject=self.subject.text(),
            description=self.notes.toPlainText(), start=start,
            end=start + timedelta(minutes=minutes), tzid=self.tzid,
            status=ActivityStatus.COMPLETED, direction=self.direction.currentData(),
            phone_number=self.number.currentText(), duration_minutes=minutes,
            outcome=self.outcome.currentText(), regarding=self.ref,
            participants=participants)


class AddNoteDialog(QuickEntryDialog):
    """A dated note: its first line is the subject, the rest the text."""

    def __init__(self, services: Services, ref: RecordRef, name: str,
                 messages: Messages, parent: QWidget | None = None) -> None:
        super().__init__(services, ref, name, messages, parent)
        self.setObjectName("addNoteDialog")
        self.setWindowTitle(self.tr("Add note"))
        self.when, self.tzid = now_here(services)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(self.tr("The first line is the note's subject"))
        stamp = f"{self.when.strftime(services.settings.date_format)} {self.when:%H:%M}"
        dated = QLabel(self.tr("Dated %1").replace("%1", stamp))
        dated.setStyleSheet("color:#777")
        self.form.addRow(dated)
        self.form.addRow(self.text)
        self.text.setFocus()
        self.resize(440, 280)

    def record(self) -> ActivityRecord:
        first, _, rest = self.text.toPlainText().strip().partition("\n")
        return ActivityRecord(kind=ActivityKind.NOTE, subject=first.strip(),
                              description=rest.strip(), start=self.when, tzid=self.tzid,
                              regarding=self.ref)

    def save(self) -> None:
        if not self.text.toPlainText().strip():
            self.messages.error(self, self.tr("Not saved"),
                                self.tr("The note is empty; write something, or Cancel."))
            return
        super().save()
