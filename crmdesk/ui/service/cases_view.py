"""The Cases view: customer-service problems being worked on, with the filters a support
desk uses (my open cases, by priority, follow-up date passed, open, resolved,
cancelled), the case's card with its customer, ticket number and where it stands, its
History, and Resolve…, Reopen and Cancel case…."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from crmdesk.kinds import RecordRef
from crmdesk.kinds.service import CASE
from crmdesk.records import OPEN_CASE_STATUSES as OPEN
from crmdesk.records import CaseRecord, CaseStatus
from crmdesk.services.errors import NotFoundError, ServiceError, StorageError
from crmdesk.timezones import display_zone
from crmdesk.ui.records.detail_pane import DetailPane
from crmdesk.ui.records.list_view import RecordView
from crmdesk.ui.sales import cards
from crmdesk.ui.sales.leads_view import filter_combo, kind_text
from crmdesk.ui.service.labels import (
    CASE_ORIGINS,
    CASE_PRIORITIES,
    CASE_STATUSES,
    CASE_TYPES,
    label,
)

PRIORITIES = tuple(CASE_PRIORITIES)


def local_day(moment: datetime | None, day: str, zone: str) -> str:
    """A stored UTC moment as the day it was in the display zone (Settings' ``zone``), in
    the user's date format."""
    if moment is None:
        return ""
    return moment.replace(tzinfo=UTC).astimezone(display_zone(zone)).strftime(day)


class CaseDetail(DetailPane):
    """A case's card: whose it is, its ticket, what it is about and where it stands."""

    with_activities = True
    #: a status change was stored (the case's id): the list shows it anew
    changed = Signal(int)

    def build(self) -> None:
        self.resolve_button = self.add_button(
            self.tr("Resolve…"), self.tr("Close this case, saying how it was solved"),
            self.resolve_case)
        self.reopen_button = self.add_button(
            self.tr("Reopen"), self.tr("Work on a resolved or cancelled case again"),
            self.reopen)
        self.cancel_button = self.add_button(
            self.tr("Cancel case…"), self.tr("Close this case without solving it, saying "
                                             "why"), self.cancel_case)

    def button_applies(self, button: QPushButton, record: CaseRecord) -> bool:
        is_open = record.status in OPEN
        if button in (self.resolve_button, self.cancel_button):
            return is_open
        if button is self.reopen_button:
            return not is_open
        return True

    def show_card(self, record: CaseRecord) -> None:
        day, zone = self.services.settings.date_format, self.services.settings.time_zone
        status = CaseStatus(record.status)
        shown_status = label(CASE_STATUSES, status)
        follow = record.follow_up
        passed = status in OPEN and follow is not None and follow < date.today()
        rows = [
            cards.row(self.tr("Customer"), [cards.record_link(record.customer_name,
                                                              record.customer)]),
            cards.row(self.tr("Ticket"), [record.ticket_number]),
            cards.row(self.tr("Status"), [shown_status]),
        ]
        if status in (CaseStatus.RESOLVED, CaseStatus.CANCELLED):
            when = local_day(record.resolved_at, day, zone)
            rows += [cards.row(self.tr("Resolution") if status == CaseStatus.RESOLVED
                               else self.tr("Cancelled because"), [record.resolution]),
                     cards.row(self.tr("Closed"), [
                         self.tr("by %1 on %2").replace("%1", record.resolved_by or "?")
                         .replace("%2", when) if when else record.resolved_by])]
        rows += [
            cards.row(self.tr("Priority"), [label(CASE_PRIORITIES, record.priority)]),
            cards.row(self.tr("Type"), [label(CASE_TYPES, record.case_type)]),
            cards.row(self.tr("Origin"), [label(CASE_ORIGINS, record.origin)]),
            cards.row(self.tr("Subject"), [self._subject_name(record.subject_id)]),
            cards.row(self.tr("Product"), [record.product]),
            cards.row(self.tr("Serial number"), [record.serial_number]),
            cards.row(self.tr("Follow up"), [
                (self.tr("%1 (passed)") if passed else "%1").replace(
                    "%1", follow.strftime(day)) if follow else ""]),
            cards.row(self.tr("Owner"), [record.owner]),
            cards.row(self.tr("Opened"), [local_day(record.created, day, zone)]),
        ]
        self.show_html(cards.card(record.title, record.ticket_number, rows, record.notes))

    def _subject_name(self, subject_id: int | None) -> str:
        if subject_id is None:
            return ""
        return next((s.name for s in self.services.cases.subjects()
                     if s.id == subject_id), "")

    # -- the status changes ------------------------------------------------------------
    def _change(self, dialog: Callable[[CaseRecord], Any]) -> None:
        """Open a status dialog on the case shown (when no other change is being made);
        after it stored its change, the list shows it anew."""
        record = self.record
        if record is None or record.id is None or not self.may_write():
            return
        shown = dialog(record)
        stored = shown.exec() and shown.result_record is not None
        shown.deleteLater()
        if stored:
            self.changed.emit(record.id)

    def resolve_case(self) -> None:
        from crmdesk.ui.service.status_dialogs import ResolveDialog

        self._change(lambda r: ResolveDialog(self.services, r, self.messages, self))

    def cancel_case(self) -> None:
        from crmdesk.ui.service.status_dialogs import CancelCaseDialog

        self._change(lambda r: CancelCaseDialog(self.services, r, self.messages, self))

    def reopen(self) -> None:
        """Reopen needs nothing more: it asks no dialog, and says why if it cannot."""
        record = self.record
        if record is None or record.id is None or not self.may_write():
            return
        try:
            self.services.cases.reopen(record.id)
        except (ServiceError, NotFoundError, StorageError) as exc:
            self.messages.error(self, self.tr("Not reopened"), str(exc))
            return
        self.changed.emit(record.id)


class CasesView(RecordView):
    kind = CASE
    detail: CaseDetail
    #: title, ticket, customer, priority, status, type, follow-up, owner, created, modified
    column_widths = (230, 125, 180, 80, 90, 90, 95, 100, 130, 130)
    #: the most pressing first (urgent, high, normal, low)
    default_sort = "priority"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.detail.changed.connect(self.after_save)

    # -- filters ------------------------------------------------------------------------
    def filter_widgets(self) -> list[QWidget]:
        settings = QSettings()
        shows = [(kind_text(f.title), f.key) for f in self.kind.filters
                 if f.key not in PRIORITIES]
        self.show_filter = filter_combo("caseFilter", self.tr("All cases"), shows,
                                        str(settings.value("cases/filter", "open")))
        self.show_filter.setToolTip(self.tr("Which cases to show"))
        self.priority_filter = filter_combo(
            "priorityFilter", self.tr("Any priority"),
            [(label(CASE_PRIORITIES, key), key) for key in reversed(PRIORITIES)],
            str(settings.value("cases/priority", "")))
        self.priority_filter.setToolTip(self.tr("Show only one priority"))
        for combo in (self.show_filter, self.priority_filter):
            combo.activated.connect(lambda _: self.apply_search())
        return [self.show_filter, self.priority_filter]

    def list_filters(self) -> tuple[str, ...]:
        return tuple(key for key in (self.show_filter.currentData(),
                                     self.priority_filter.currentData()) if key)

    def clear_filters(self) -> None:
        self.show_filter.setCurrentIndex(0)
        self.priority_filter.setCurrentIndex(0)

    def save_layout(self) -> None:
        super().save_layout()
        settings = QSettings()
        settings.setValue("cases/filter", self.show_filter.currentData())
        settings.setValue("cases/priority", self.priority_filter.currentData())

    def empty_message(self) -> str:
        if self._lister.count() and not self.model.rowCount():
            return self.tr("No cases match. Clear the search (Esc), or show All cases and "
                           "Any priority.")
        return super().empty_message()

    # -- what rows show -------------------------------------------------------------------
    def shown_value(self, row: Any, attribute: str) -> Any:
        value = getattr(row, attribute)
        if attribute == "status":
            return label(CASE_STATUSES, value)
        if attribute == "priority":
            return label(CASE_PRIORITIES, value)
        if attribute == "case_type":
            return label(CASE_TYPES, value)
        if attribute == "origin":
            return label(CASE_ORIGINS, value)
        if isinstance(value, date):
            return value.strftime(self.services.settings.date_format)
        return value

    def new_record(self, within: RecordRef | None) -> CaseRecord:
        """A new case; within a contact or an account, for that customer."""
        record = CaseRecord()
        if within is not None and within.kind in ("contact", "account"):
            record.customer = within
            record.customer_name = self.services.activities.regarded_name(within)
        return record
