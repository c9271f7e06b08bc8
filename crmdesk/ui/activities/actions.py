"""What a card offers on the activities regarding its record: Log call, Add note, Schedule
(meeting, call, task), and opening one.

The full activity dialog is imported when first used, so a card opens without it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMenu, QWidget

from crmdesk.kinds import RecordRef
from crmdesk.records import ActivityKind, ActivityRecord, ParticipantEntry
from crmdesk.services.errors import NotFoundError
from crmdesk.services.wiring import Services
from crmdesk.ui.activities.quick_entry import AddNoteDialog, LogCallDialog, now_here
from crmdesk.ui.messages import Messages


def activity_dialog() -> Any:
    """The full activity dialog's class, imported when first used: a card opens without it."""
    from crmdesk.ui.activities.activity_dialog import ActivityDialog

    return ActivityDialog


@dataclass(frozen=True)
class Regarding:
    """The record a card shows, as its activities need it."""

    ref: RecordRef
    name: str
    phones: list[str] = field(default_factory=list)


class ActivityActions(QObject):
    """The entries, acting on whatever record ``target()`` gives (None: nothing shown);
    ``may_write()`` says no (and tells the user) while another change is being made."""

    changed = Signal()  # an activity was stored

    def __init__(self, services: Services, parent: QWidget,
                 target: Callable[[], Regarding | None],
                 messages: Callable[[], Messages],
                 may_write: Callable[[], bool] = lambda: True) -> None:
        super().__init__(parent)
        self.services = services
        self.widget = parent
        self.target = target
        self.messages = messages
        self.may_write = may_write

    def _ready(self) -> Regarding | None:
        target = self.target()
        if target is None or not self.may_write():
            return None
        return target

    def log_call(self) -> ActivityRecord | None:
        target = self._ready()
        if target is None:
            return None
        return self._quick(LogCallDialog(self.services, target.ref, target.name,
                                         target.phones, self.messages(), self.widget))

    def add_note(self) -> ActivityRecord | None:
        target = self._ready()
        if target is None:
            return None
        return self._quick(AddNoteDialog(self.services, target.ref, target.name,
                                         self.messages(), self.widget))

    def _quick(self, dialog: LogCallDialog | AddNoteDialog) -> ActivityRecord | None:
        dialog.exec()
        saved = dialog.saved_record
        dialog.deleteLater()
        if saved is not None:
            self.changed.emit()
        return saved

    def schedule(self, kind: ActivityKind) -> ActivityRecord | None:
        """A meeting, call or task with the person, in the full dialog: from the next full
        hour, reminding as Settings say."""
        target = self._ready()
        if target is None:
            return None
        now, tzid = now_here(self.services)
        start = now.replace(minute=0) + timedelta(hours=1)
        contact = target.ref.id if target.ref.kind == "contact" else None
        account = target.ref.id if target.ref.kind == "account" else None
        role = "called" if kind == ActivityKind.CALL else "required"
        record = ActivityRecord(
            kind=kind, start=start,
            end=start + timedelta(hours=1) if kind == ActivityKind.APPOINTMENT else None,
            tzid=tzid, regarding=target.ref, regarding_name=target.name,
            reminder_minutes=(self.services.settings.reminder_minutes
                              if kind != ActivityKind.CALL else None),
            direction="out" if kind == ActivityKind.CALL else "",
            phone_number=target.phones[0] if kind == ActivityKind.CALL and target.phones
            else "",
            participants=[ParticipantEntry(role, contact_id=contact, account_id=account,
                                           name=target.name)])
        return self.edit(record)

    def edit(self, record: ActivityRecord) -> ActivityRecord | None:
        """The full dialog on ``record``; the stored record, or None."""
        dialog = activity_dialog()(self.services, record, self.widget, messages=self.messages())
        dialog.exec()
        saved = dialog.saved_record
        dialog.deleteLater()
        if saved is not None:
            self.changed.emit()
        return saved

    def open(self, activity_id: int) -> ActivityRecord | None:
        """Open a stored activity in the full dialog."""
        try:
            record = self.services.activities.get(activity_id)
        except NotFoundError as exc:
            self.messages().info(self.widget, self.tr("Deleted meanwhile"), str(exc))
            self.changed.emit()
            return None
        if not self.may_write():
            return None
        return self.edit(record)

    def schedule_menu(self, parent: QWidget) -> QMenu:
        menu = QMenu(parent)
        menu.setObjectName("scheduleMenu")
        for text, kind in ((self.tr("&Meeting…"), ActivityKind.APPOINTMENT),
                           (self.tr("&Call…"), ActivityKind.CALL),
                           (self.tr("&Task…"), ActivityKind.TASK)):
            action = menu.addAction(text)
            action.triggered.connect(lambda _=False, kind=kind: self.schedule(kind))
        return menu

