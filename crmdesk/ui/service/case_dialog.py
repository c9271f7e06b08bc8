"""Create or edit a case: the customer (a contact or an account, found as you type), the
title, its type, origin and priority, the subject it is filed under, the product and
serial number, the follow-up date and notes.

The ticket number is given by the service when the case is first stored and shown
read-only from then on.  Resolving, cancelling and reopening are the card's buttons,
not fields here; an open case may be moved between the open states.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QWidget,
)

from crmdesk.records import OPEN_CASE_STATUSES as OPEN
from crmdesk.records import CaseOrigin, CasePriority, CaseRecord, CaseStatus, CaseType
from crmdesk.services.cases import check_case
from crmdesk.services.errors import ServiceError
from crmdesk.services.validation import Problems, ValidationError
from crmdesk.services.wiring import Services
from crmdesk.ui.messages import Messages
from crmdesk.ui.records.dialog import RecordDialog
from crmdesk.ui.records.form import DateField, error_label, show_error
from crmdesk.ui.records.record_picker import RecordPicker
from crmdesk.ui.service.labels import (
    CASE_ORIGINS,
    CASE_PRIORITIES,
    CASE_STATUSES,
    CASE_TYPES,
    label,
)


def subject_choices(services: Services) -> list[tuple[int, str]]:
    """(id, name) of the subjects in the tree's order (parents first), each indented by
    its depth."""
    depth: dict[int | None, int] = {None: -1}
    shown: list[tuple[int, str]] = []
    for subject in services.cases.subjects():
        assert subject.id is not None
        depth[subject.id] = depth.get(subject.parent_id, -1) + 1
        shown.append((subject.id, "    " * depth[subject.id] + subject.name))
    return shown


class CaseDialog(RecordDialog):
    def __init__(self, services: Services, record: CaseRecord, messages: Messages,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, record, messages, parent)
        self.setObjectName("caseDialog")
        self.setWindowTitle(self.tr("New case") if record.id is None else
                            self.tr("Edit case %1 – %2").replace(
                                "%1", record.ticket_number).replace("%2", record.title))
        self.errors: dict[str, QLabel] = {}
        body = self._build()
        self._load(record)
        self.finish_layout(body=body)
        self.resize(720, 640)

    def _error(self, form: QFormLayout, key: str) -> None:
        self.errors[key] = error_label()
        form.addRow("", self.errors[key])

    @staticmethod
    def _combo(name: str, table: dict[str, str], values: list[str]) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        for value in values:
            combo.addItem(label(table, value), value)
        return combo

    def _build(self) -> QWidget:
        body = QWidget()
        form = QFormLayout(body)
        self.ticket = QLabel()
        self.ticket.setObjectName("ticketNumber")
        form.addRow(self.tr("Ticket"), self.ticket)
        self.customer = RecordPicker(self.services)
        self.customer.setObjectName("customer")
        self.customer.setPlaceholderText(self.tr("Type a contact's or account's name"))
        form.addRow(self.tr("C&ustomer"), self.customer)
        self._error(form, "customer")
        self.title = QLineEdit()
        self.title.setObjectName("title")
        self.title.setPlaceholderText(self.tr("What it is about, e.g. Printer jams"))
        form.addRow(self.tr("&Title"), self.title)
        self._error(form, "title")
        self.case_type = self._combo("caseType", CASE_TYPES, [t.value for t in CaseType])
        form.addRow(self.tr("T&ype"), self.case_type)
        self.origin = self._combo("origin", CASE_ORIGINS, [o.value for o in CaseOrigin])
        form.addRow(self.tr("&Origin"), self.origin)
        self.priority = self._combo("priority", CASE_PRIORITIES,
                                    [p.value for p in CasePriority])
        form.addRow(self.tr("&Priority"), self.priority)
        self.status = QComboBox()
        self.status.setObjectName("status")
        form.addRow(self.tr("St&atus"), self.status)
        self.status_note = QLabel()
        self.status_note.setWordWrap(True)
        self.status_note.setStyleSheet("color: #555;")
        form.addRow("", self.status_note)
        self._error(form, "status")
        host = QWidget()  # a widget, not a layout, so the label's mnemonic reaches the box
        row = QHBoxLayout(host)
        row.setContentsMargins(0, 0, 0, 0)
        self.subject = QComboBox()
        self.subject.setObjectName("subject")
        self.subject.setMinimumContentsLength(24)
        self.edit_subjects = QToolButton()
        self.edit_subjects.setObjectName("editSubjects")
        self.edit_subjects.setText(self.tr("Edit subjects…"))
        self.edit_subjects.setToolTip(self.tr("Add, rename or delete the subjects cases are "
                                              "filed under"))
        self.edit_subjects.clicked.connect(self._edit_subjects)
        row.addWidget(self.subject, 1)
        row.addWidget(self.edit_subjects)
        form.addRow(self.tr("&Subject"), host)
        form.labelForField(host).setBuddy(self.subject)
        self.product = QLineEdit()
        self.product.setObjectName("product")
        form.addRow(self.tr("Pro&duct"), self.product)
        self.serial = QLineEdit()
        self.serial.setObjectName("serialNumber")
        form.addRow(self.tr("Serial &number"), self.serial)
        self.follow_up = DateField(self.services.settings.date_format)
        self.follow_up.setObjectName("followUp")
        form.addRow(self.tr("&Follow up on"), self.follow_up)
        self._error(form, "follow_up")
        self.owner = QLineEdit()
        self.owner.setObjectName("owner")
        self.owner.setPlaceholderText(self.services.settings.user)
        form.addRow(self.tr("O&wner"), self.owner)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setMinimumHeight(100)
        form.addRow(self.tr("N&otes"), self.notes)
        return body

    # -- loading and reading -----------------------------------------------------------
    def _load(self, r: CaseRecord) -> None:
        self.ticket.setText(r.ticket_number or self.tr("given when the case is saved"))
        if r.customer is not None:
            self.customer.set_ref(r.customer, self.customer.label_for(
                r.customer.kind, r.customer_name))
        self.title.setText(r.title)
        for combo, value in ((self.case_type, r.case_type), (self.origin, r.origin),
                             (self.priority, r.priority)):
            combo.setCurrentIndex(max(0, combo.findData(str(getattr(value, "value", value)))))
        status = CaseStatus(r.status)
        for value in (OPEN if status in OPEN else (status,)):
            self.status.addItem(label(CASE_STATUSES, value), value.value)
        self.status.setCurrentIndex(max(0, self.status.findData(status.value)))
        self.status.setEnabled(status in OPEN)
        self.status_note.setText(
            self.tr("Resolve or cancel it from its card.") if status in OPEN else
            self.tr("Reopen it from its card to work on it again."))
        self._fill_subjects(r.subject_id)
        self.product.setText(r.product)
        self.serial.setText(r.serial_number)
        self.follow_up.set_date(r.follow_up)
        self.owner.setText(r.owner)
        self.notes.setPlainText(r.notes)

    def _fill_subjects(self, chosen: int | None) -> None:
        self.subject.clear()
        self.subject.addItem(self.tr("(none)"), None)
        for subject_id, name in subject_choices(self.services):
            self.subject.addItem(name, subject_id)
        self.subject.setCurrentIndex(max(0, self.subject.findData(chosen))
                                     if chosen is not None else 0)

    def _edit_subjects(self) -> None:
        """The subject tree's editor; then the tree as it is now, keeping the choice."""
        from crmdesk.ui.service.subjects_dialog import SubjectsDialog

        chosen = self.subject.currentData()
        dialog = SubjectsDialog(self.services, self.messages, self)
        dialog.exec()
        dialog.deleteLater()
        self._fill_subjects(chosen)

    def current_record(self) -> CaseRecord:
        ref = self.customer.ref
        return replace(
            self.record, customer=ref,
            customer_name=self.record.customer_name if ref == self.record.customer else "",
            title=self.title.text().strip(),
            case_type=CaseType(self.case_type.currentData()),
            origin=CaseOrigin(self.origin.currentData()),
            priority=CasePriority(self.priority.currentData()),
            status=CaseStatus(self.status.currentData()),
            subject_id=self.subject.currentData(),
            product=self.product.text().strip(),
            serial_number=self.serial.text().strip(),
            follow_up=self.follow_up.date(),
            owner=self.owner.text().strip(),
            notes=self.notes.toPlainText().strip(),
        )

    # -- checking and storing ----------------------------------------------------------
    def check(self, record: CaseRecord, region: str, known: frozenset[str]) -> Problems:
        problems = check_case(record)
        if self.customer.is_unpicked():
            problems["customer"] = self.tr(
                "“%1” is no contact or account picked from the list; pick one of the "
                "suggestions.").replace("%1", self.customer.text().strip())
        elif record.customer is None:
            problems["customer"] = self.tr("Pick the customer: a contact or an account.")
        if problem := self.follow_up.problem():
            problems["follow_up"] = problem
        return problems

    def show_problems(self, problems: Problems) -> None:
        for key, label_widget in self.errors.items():
            show_error(label_widget, problems.get(key))
        super().show_problems(problems)

    def store(self, record: CaseRecord) -> CaseRecord:
        try:
            return self.services.cases.save(record)
        except ServiceError as exc:  # a customer deleted meanwhile, a closed status
            raise ValidationError({"status": str(exc)}) from exc

    def gone_texts(self) -> tuple[str, str, str]:
        return (self.tr("This case was deleted by another program (or window) after you "
                        "opened it; save what you typed as a new case, or close this dialog "
                        "to discard it."),
                self.tr("Save as new case"), self.tr("New case"))
