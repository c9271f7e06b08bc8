"""Create or edit a campaign: its name, type, whether it is planned or running, its dates,
what it may cost and bring, and notes.

Completing and cancelling are the card's buttons (Complete… asks for the actual cost),
so the status here is planned or active only; a closed campaign shows its status.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from crmdesk.records import CampaignRecord, CampaignStatus, CampaignType
from crmdesk.services.errors import ServiceError
from crmdesk.services.validation import Problems, ValidationError
from crmdesk.services.wiring import Services
from crmdesk.ui.messages import Messages
from crmdesk.ui.records.dialog import RecordDialog
from crmdesk.ui.records.form import DateField, error_label, show_error
from crmdesk.ui.sales.money_field import MoneyField
from crmdesk.ui.service.labels import CAMPAIGN_STATUSES, CAMPAIGN_TYPES, label

EDITABLE = (CampaignStatus.PLANNED, CampaignStatus.ACTIVE)
MONEY = ("budget", "actual_cost", "expected_revenue")


class CampaignDialog(RecordDialog):
    def __init__(self, services: Services, record: CampaignRecord, messages: Messages,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, record, messages, parent)
        self.setObjectName("campaignDialog")
        self.setWindowTitle(self.tr("New campaign") if record.id is None else
                            self.tr("Edit campaign – %1").replace("%1", record.name))
        self.errors: dict[str, QLabel] = {}
        body = self._build()
        self._load(record)
        self.finish_layout(body=body)
        self.resize(680, 640)

    def _error(self, form: QFormLayout, key: str) -> None:
        self.errors[key] = error_label()
        form.addRow("", self.errors[key])

    def _build(self) -> QWidget:
        body = QWidget()
        form = QFormLayout(body)
        settings = self.services.settings
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.name.setPlaceholderText(self.tr("e.g. Spring newsletter 2026"))
        form.addRow(self.tr("&Name"), self.name)
        self._error(form, "name")
        self.campaign_type = QComboBox()
        self.campaign_type.setObjectName("campaignType")
        for value in CampaignType:
            self.campaign_type.addItem(label(CAMPAIGN_TYPES, value), value.value)
        form.addRow(self.tr("T&ype"), self.campaign_type)
        self.status = QComboBox()
        self.status.setObjectName("status")
        form.addRow(self.tr("St&atus"), self.status)
        self.status_note = QLabel()
        self.status_note.setWordWrap(True)
        self.status_note.setStyleSheet("color: #555;")
        form.addRow("", self.status_note)
        self._error(form, "status")
        self.start = DateField(settings.date_format)
        self.start.setObjectName("start")
        form.addRow(self.tr("&Start"), self.start)
        self._error(form, "start")
        self.end = DateField(settings.date_format)
        self.end.setObjectName("end")
        form.addRow(self.tr("&End"), self.end)
        self._error(form, "end")
        self.money: dict[str, MoneyField] = {}
        for key, text, what in (("budget", self.tr("&Budget"), self.tr("budget")),
                                ("actual_cost", self.tr("Actual &cost"), self.tr("actual cost")),
                                ("expected_revenue", self.tr("Expected &revenue"),
                                 self.tr("expected revenue"))):
            field = MoneyField(settings.phone_region, settings.default_currency, what)
            field.setObjectName(key)
            self.money[key] = field
            form.addRow(text, field)
            self._error(form, key)
        first = self.money["budget"].currency
        for key in MONEY[1:]:  # the other amounts follow the budget's currency
            self.money[key].currency.setEnabled(False)
            first.currentTextChanged.connect(self.money[key].currency.setCurrentText)
        self.response_rate = QSpinBox()
        self.response_rate.setObjectName("expectedResponseRate")
        self.response_rate.setRange(-1, 100)
        self.response_rate.setSpecialValueText(self.tr("not set"))
        self.response_rate.setSuffix(" %")
        form.addRow(self.tr("Expected res&ponse rate"), self.response_rate)
        self.owner = QLineEdit()
        self.owner.setObjectName("owner")
        self.owner.setPlaceholderText(settings.user)
        form.addRow(self.tr("O&wner"), self.owner)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setMinimumHeight(90)
        form.addRow(self.tr("N&otes"), self.notes)
        return body

    # -- loading and reading -----------------------------------------------------------
    def _load(self, r: CampaignRecord) -> None:
        self.name.setText(r.name)
        self.campaign_type.setCurrentIndex(max(0, self.campaign_type.findData(
            CampaignType(r.campaign_type).value)))
        status = CampaignStatus(r.status)
        for value in (EDITABLE if status in EDITABLE else (status,)):
            self.status.addItem(label(CAMPAIGN_STATUSES, value), value.value)
        self.status.setCurrentIndex(max(0, self.status.findData(status.value)))
        self.status.setEnabled(status in EDITABLE)
        self.status_note.setText(
            self.tr("Complete or cancel it from its card.") if status in EDITABLE else
            self.tr("Closed: its card shows its results."))
        self.start.set_date(r.start)
        self.end.set_date(r.end)
        currency = r.currency or self.services.settings.default_currency
        for key in MONEY:
            self.money[key].set_value(getattr(r, key), currency)
        self.response_rate.setValue(r.expected_response_rate
                                    if r.expected_response_rate is not None else -1)
        self.owner.setText(r.owner)
        self.notes.setPlainText(r.notes)

    def current_record(self) -> CampaignRecord:
        rate = self.response_rate.value()
        return replace(
            self.record, name=self.name.text().strip(),
            campaign_type=CampaignType(self.campaign_type.currentData()),
            status=CampaignStatus(self.status.currentData()),
            start=self.start.date(), end=self.end.date(),
            currency=self.money["budget"].currency_code(),
            expected_response_rate=rate if rate >= 0 else None,
            owner=self.owner.text().strip(), notes=self.notes.toPlainText().strip(),
            **{key: self.money[key].value() for key in MONEY},
        )

    # -- checking and storing ----------------------------------------------------------
    def check(self, record: CampaignRecord, region: str, known: frozenset[str]) -> Problems:
        problems: Problems = {}
        if not record.name:
            problems["name"] = self.tr("Enter the campaign's name.")
        for key, field in (("start", self.start), ("end", self.end)):
            if problem := field.problem():
                problems[key] = problem
        if "start" not in problems and "end" not in problems and record.start \
                and record.end and record.end < record.start:
            problems["end"] = self.tr("The end is before the start.")
        for key in MONEY:
            if problem := self.money[key].problem():
                problems[key] = problem
        return problems

    def show_problems(self, problems: Problems) -> None:
        for key, label_widget in self.errors.items():
            show_error(label_widget, problems.get(key))
        if "currency" in problems and "budget" not in problems:
            show_error(self.errors["budget"], problems["currency"])
        super().show_problems(problems)

    def store(self, record: CampaignRecord) -> CampaignRecord:
        try:
            return self.services.campaigns.save(record)
        except ServiceError as exc:  # a status only the card's commands set
            raise ValidationError({"status": str(exc)}) from exc

    def gone_texts(self) -> tuple[str, str, str]:
        return (self.tr("This campaign was deleted by another program (or window) after you "
                        "opened it; save what you typed as a new campaign, or close this "
                        "dialog to discard it."),
                self.tr("Save as new campaign"), self.tr("New campaign"))
