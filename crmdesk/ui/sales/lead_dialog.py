"""Create or edit a lead: the person and company, how to reach them, where they came from,
how hot they are and what they may be worth.

The status is shown, not edited, once a lead is qualified or disqualified: those
changes are the card's Qualify… and Disqualify… (and Reopen); an open lead may be
marked contacted here.  The campaign a lead came from is left out until crmdesk
keeps campaigns.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from crmdesk.records import LeadRating, LeadRecord, LeadSource, LeadStatus
from crmdesk.services.errors import SalesError
from crmdesk.services.sales_checks import check_lead
from crmdesk.services.validation import Problems, ValidationError
from crmdesk.services.wiring import Services
from crmdesk.ui.messages import Messages
from crmdesk.ui.records.dialog import RecordDialog
from crmdesk.ui.records.form import error_label, show_error
from crmdesk.ui.sales.labels import LEAD_RATINGS, LEAD_SOURCES, LEAD_STATUSES, label
from crmdesk.ui.sales.money_field import MoneyField

OPEN = (LeadStatus.NEW, LeadStatus.CONTACTED)


class LeadDialog(RecordDialog):
    """One page: the person, the address, and the lead's sales details with its notes."""

    def __init__(self, services: Services, record: LeadRecord, messages: Messages,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, record, messages, parent)
        self.setObjectName("leadDialog")
        name = " ".join(p for p in (record.first_name, record.last_name) if p)
        self.setWindowTitle(self.tr("New lead") if record.id is None else
                            self.tr("Edit lead – %1").replace("%1", name or record.company))
        self.fields: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        body = QWidget()
        grid = QGridLayout(body)
        grid.addWidget(self._person_box(), 0, 0)
        grid.addWidget(self._address_box(), 0, 1)
        grid.addWidget(self._sales_box(), 1, 0)
        grid.addWidget(self._notes_box(), 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self._load(record)
        self.finish_layout(body=body)
        self.resize(900, 600)

    def _line(self, form: QFormLayout, key: str, text: str, *, error: bool = False) -> None:
        edit = QLineEdit()
        edit.setObjectName(key)
        self.fields[key] = edit
        form.addRow(text, edit)
        if error:
            self.errors[key] = error_label()
            form.addRow("", self.errors[key])

    def _person_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Person"))
        form = QFormLayout(box)
        self._line(form, "first_name", self.tr("&First name"))
        self._line(form, "last_name", self.tr("&Last name"))
        self.errors["name"] = error_label()
        form.addRow("", self.errors["name"])
        self._line(form, "company", self.tr("C&ompany"), error=True)
        self._line(form, "job_title", self.tr("&Job title"), error=True)
        self._line(form, "phone", self.tr("&Phone"), error=True)
        self._line(form, "mobile", self.tr("&Mobile"), error=True)
        self._line(form, "email", self.tr("&E-mail"), error=True)
        return box

    def _address_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Address"))
        form = QFormLayout(box)
        self.street = QPlainTextEdit()
        self.street.setObjectName("street")
        self.street.setFixedHeight(52)
        form.addRow(self.tr("&Street"), self.street)
        self._line(form, "postal_code", self.tr("Post&code"))
        self._line(form, "city", self.tr("C&ity"), error=True)
        self._line(form, "region", self.tr("Re&gion"))
        self._line(form, "country", self.tr("Co&untry"))
        return box

    def _sales_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Lead"))
        form = QFormLayout(box)
        self.source = QComboBox()
        self.source.setObjectName("source")
        for value in LeadSource:
            self.source.addItem(label(LEAD_SOURCES, value), value.value)
        form.addRow(self.tr("Sou&rce"), self.source)
        self.rating = QComboBox()
        self.rating.setObjectName("rating")
        for value in LeadRating:
            self.rating.addItem(label(LEAD_RATINGS, value), value.value)
        form.addRow(self.tr("R&ating"), self.rating)
        self.status = QComboBox()
        self.status.setObjectName("status")
        form.addRow(self.tr("S&tatus"), self.status)
        self.status_note = QLabel()
        self.status_note.setWordWrap(True)
        self.status_note.setStyleSheet("color: #555;")
        form.addRow("", self.status_note)
        self.errors["status"] = error_label()
        form.addRow("", self.errors["status"])
        settings = self.services.settings
        self.value = MoneyField(settings.phone_region, settings.default_currency,
                                self.tr("estimated value"))
        self.value.setObjectName("estimatedValue")
        form.addRow(self.tr("Est. &value"), self.value)
        self.errors["estimated_value"] = error_label()
        form.addRow("", self.errors["estimated_value"])
        self._line(form, "owner", self.tr("O&wner"))
        self.fields["owner"].setPlaceholderText(settings.user)
        return box

    def _notes_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Notes"))
        form = QFormLayout(box)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        form.addRow(self.notes)
        return box

    def _load(self, r: LeadRecord) -> None:
        for key, edit in self.fields.items():
            edit.setText(getattr(r, key))
        self.street.setPlainText(r.street)
        self.source.setCurrentIndex(max(0, self.source.findData(LeadSource(r.source).value)))
        self.rating.setCurrentIndex(max(0, self.rating.findData(LeadRating(r.rating).value)))
        status = LeadStatus(r.status)
        for value in (OPEN if status in OPEN else (status,)):
            self.status.addItem(label(LEAD_STATUSES, value), value.value)
        self.status.setCurrentIndex(max(0, self.status.findData(status.value)))
        self.status.setEnabled(status in OPEN)
        if status == LeadStatus.QUALIFIED:
            self.status_note.setText(self.tr("Qualified: its card links to what it became."))
        elif status == LeadStatus.DISQUALIFIED:
            self.status_note.setText(self.tr("Disqualified: %1. Reopen it from its card to "
                                             "work on it again.").replace(
                "%1", r.disqualify_reason))
        else:
            self.status_note.setText(self.tr("Qualify or disqualify it from its card."))
        self.value.set_value(r.estimated_value,
                             r.currency or self.services.settings.default_currency)
        self.notes.setPlainText(r.notes)

    def current_record(self) -> LeadRecord:
        return replace(
            self.record,
            **{key: edit.text().strip() for key, edit in self.fields.items()},
            street=self.street.toPlainText().strip(),
            source=LeadSource(self.source.currentData()),
            rating=LeadRating(self.rating.currentData()),
            status=LeadStatus(self.status.currentData()),
            estimated_value=self.value.value(),
            currency=self.value.currency_code(),
            notes=self.notes.toPlainText().strip(),
        )

    def check(self, record: LeadRecord, region: str, known: frozenset[str]) -> Problems:
        problems = check_lead(record, region, frozenset(
            {v for v in (self.record.phone, self.record.mobile, self.record.email) if v}))
        if problem := self.value.problem():
            problems["estimated_value"] = problem
        return problems

    def show_problems(self, problems: Problems) -> None:
        for key, label_widget in self.errors.items():
            show_error(label_widget, problems.get(key))
        if "currency" in problems and "estimated_value" not in problems:
            show_error(self.errors["estimated_value"], problems["currency"])
        super().show_problems(problems)

    def store(self, record: LeadRecord) -> LeadRecord:
        try:
            return self.services.leads.save(record)
        except SalesError as exc:  # a status only the card's commands set
            raise ValidationError({"status": str(exc)}) from exc

    def gone_texts(self) -> tuple[str, str, str]:
        return (self.tr("This lead was deleted by another program (or window) after you "
                        "opened it; save what you typed as a new lead, or close this "
                        "dialog to discard it."),
                self.tr("Save as new lead"), self.tr("New lead"))
