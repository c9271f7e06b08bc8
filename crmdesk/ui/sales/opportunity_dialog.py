"""Create or edit an opportunity: the customer (a contact or an account, found as you
type), the topic, the stage and its probability, the revenue, the close date, the
competitors and notes.

The probability follows the stage until the user sets another; then it stays as set
(``probability_overridden``) until "Use the stage's" gives it back to the stage.
Winning, losing and reopening are the card's buttons, not fields here.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QToolButton,
    QWidget,
)

from crmdesk.records import OpportunityRecord, OpportunityStatus
from crmdesk.services.errors import SalesError
from crmdesk.services.sales_checks import check_opportunity
from crmdesk.services.validation import Problems, ValidationError
from crmdesk.services.wiring import Services
from crmdesk.ui.messages import Messages
from crmdesk.ui.records.dialog import RecordDialog
from crmdesk.ui.records.form import DateField, error_label, show_error
from crmdesk.ui.records.record_picker import RecordPicker
from crmdesk.ui.sales.labels import OPPORTUNITY_STATUSES, label
from crmdesk.ui.sales.money_field import MoneyField
from crmdesk.ui.sales.status_dialogs import competitor_choices


class OpportunityDialog(RecordDialog):
    def __init__(self, services: Services, record: OpportunityRecord, messages: Messages,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, record, messages, parent)
        self.setObjectName("opportunityDialog")
        self.setWindowTitle(self.tr("New opportunity") if record.id is None else
                            self.tr("Edit opportunity – %1").replace("%1", record.topic))
        self.errors: dict[str, QLabel] = {}
        #: the probability was set by hand: a new stage does not change it
        self._overridden = record.probability_overridden
        body = self._build()
        self._load(record)
        self.finish_layout(body=body)
        self.resize(760, 640)

    def _error(self, form: QFormLayout, key: str) -> None:
        self.errors[key] = error_label()
        form.addRow("", self.errors[key])

    def _build(self) -> QWidget:
        body = QWidget()
        form = QFormLayout(body)
        self.customer = RecordPicker(self.services)
        self.customer.setObjectName("customer")
        self.customer.setPlaceholderText(self.tr("Type a contact's or account's name"))
        form.addRow(self.tr("C&ustomer"), self.customer)
        self._error(form, "customer")
        self.topic = QLineEdit()
        self.topic.setObjectName("topic")
        self.topic.setPlaceholderText(self.tr("What is being sold, e.g. 40 licences"))
        form.addRow(self.tr("&Topic"), self.topic)
        self._error(form, "topic")
        self.stage = QComboBox()
        self.stage.setObjectName("stage")
        self.stage.currentIndexChanged.connect(self._stage_changed)
        form.addRow(self.tr("&Stage"), self.stage)
        self.status = QLabel()
        form.addRow(self.tr("Status"), self.status)
        host = QWidget()  # a widget, not a layout, so the label's mnemonic reaches the box
        row = QHBoxLayout(host)
        row.setContentsMargins(0, 0, 0, 0)
        self.probability = QSpinBox()
        self.probability.setObjectName("probability")
        self.probability.setRange(0, 100)
        self.probability.setSuffix(" %")
        self.probability.valueChanged.connect(lambda _: self._probability_changed())
        self.follow = QToolButton()
        self.follow.setObjectName("followStage")
        self.follow.setText(self.tr("Use the stage's"))
        self.follow.setToolTip(self.tr("Let the probability follow the stage again"))
        self.follow.clicked.connect(self._follow_stage)
        self.follows_label = QLabel()
        self.follows_label.setStyleSheet("color: #555;")
        row.addWidget(self.probability)
        row.addWidget(self.follow)
        row.addWidget(self.follows_label, 1)
        form.addRow(self.tr("&Probability"), host)
        form.labelForField(host).setBuddy(self.probability)
        self._error(form, "probability")
        settings = self.services.settings
        self.revenue = MoneyField(settings.phone_region, settings.default_currency,
                                  self.tr("estimated revenue"))
        self.revenue.setObjectName("estimatedRevenue")
        form.addRow(self.tr("Est. &revenue"), self.revenue)
        self._error(form, "estimated_revenue")
        self.close_date = DateField(settings.date_format)
        self.close_date.setObjectName("closeDate")
        form.addRow(self.tr("Est. &close date"), self.close_date)
        self._error(form, "estimated_close_date")
        self.competitors = QListWidget()
        self.competitors.setObjectName("competitors")
        self.competitors.setMaximumHeight(110)
        self.competitors.itemChanged.connect(self.edited)
        form.addRow(self.tr("Co&mpetitors"), self.competitors)
        self.no_competitors = QLabel(self.tr("Accounts marked as competitors show here."))
        self.no_competitors.setStyleSheet("color: #555;")
        form.addRow("", self.no_competitors)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setMinimumHeight(100)
        form.addRow(self.tr("&Notes"), self.notes)
        return body

    # -- the stage and its probability -------------------------------------------------
    def _stage_probability(self) -> int:
        value = self.stage.currentData(Qt.ItemDataRole.UserRole + 1)
        return int(value) if value is not None else 0

    def _stage_changed(self) -> None:
        """A probability that follows the stage takes the new stage's."""
        if not self._overridden:
            self.probability.setValue(self._stage_probability())
        self._probability_changed()

    def _follow_stage(self) -> None:
        self.probability.setValue(self._stage_probability())
        self._probability_changed()

    def _probability_changed(self) -> None:
        """Another probability than the stage's is one set by hand."""
        self._overridden = self.probability.value() != self._stage_probability()
        self.follow.setVisible(self._overridden)
        self.follows_label.setText(
            self.tr("set by hand; the stage's is %1 %").replace(
                "%1", str(self._stage_probability())) if self._overridden
            else self.tr("the stage's"))

    # -- loading and reading -----------------------------------------------------------
    def _load(self, r: OpportunityRecord) -> None:
        stages = self.services.stages.list()
        for stage in stages:
            if stage.active or stage.key == r.stage:
                self.stage.addItem(stage.title, stage.key)
                self.stage.setItemData(self.stage.count() - 1, stage.probability,
                                       Qt.ItemDataRole.UserRole + 1)
        self.stage.setCurrentIndex(max(0, self.stage.findData(r.stage)))
        self.probability.setValue(r.probability if r.probability is not None
                                  else self._stage_probability())
        self._probability_changed()
        if r.customer is not None:
            self.customer.set_ref(r.customer, self.customer.label_for(
                r.customer.kind, r.customer_name))
        self.topic.setText(r.topic)
        self.status.setText(label(OPPORTUNITY_STATUSES, r.status)
                            + ("" if r.status == OpportunityStatus.OPEN else self.tr(
                                " – reopen it from its card to work on it again")))
        self.revenue.set_value(r.estimated_revenue if r.id is not None or r.estimated_revenue
                               else None, r.currency or self.services.settings.default_currency)
        self.close_date.set_date(r.estimated_close_date)
        for account_id, name in competitor_choices(self.services, r.competitors):
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, account_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if account_id in r.competitors
                               else Qt.CheckState.Unchecked)
            self.competitors.addItem(item)
        self.no_competitors.setVisible(self.competitors.count() == 0)
        self.competitors.setVisible(self.competitors.count() > 0)
        self.notes.setPlainText(r.notes)

    def _checked_competitors(self) -> list[int]:
        return [int(item.data(Qt.ItemDataRole.UserRole))
                for item in (self.competitors.item(i) for i in range(self.competitors.count()))
                if item.checkState() == Qt.CheckState.Checked]

    def current_record(self) -> OpportunityRecord:
        ref = self.customer.ref
        revenue = self.revenue.value()
        return replace(
            self.record, topic=self.topic.text().strip(), customer=ref,
            customer_name=self.record.customer_name if ref == self.record.customer else "",
            stage=str(self.stage.currentData() or self.record.stage),
            probability=self.probability.value(), probability_overridden=self._overridden,
            estimated_revenue=revenue if revenue is not None else Decimal(0),
            currency=self.revenue.currency_code(),
            estimated_close_date=self.close_date.date(),
            competitors=self._checked_competitors(),
            notes=self.notes.toPlainText().strip(),
        )

    # -- checking and storing ----------------------------------------------------------
    def check(self, record: OpportunityRecord, region: str, known: frozenset[str]) -> Problems:
        problems = check_opportunity(record)
        if self.customer.is_unpicked():
            problems["customer"] = self.tr(
                "“%1” is no contact or account picked from the list; pick one of the "
                "suggestions.").replace("%1", self.customer.text().strip())
        if problem := self.revenue.problem():
            problems["estimated_revenue"] = problem
        if problem := self.close_date.problem():
            problems["estimated_close_date"] = problem
        return problems

    def show_problems(self, problems: Problems) -> None:
        for key, label_widget in self.errors.items():
            show_error(label_widget, problems.get(key))
        if "currency" in problems and "estimated_revenue" not in problems:
            show_error(self.errors["estimated_revenue"], problems["currency"])
        if "stage" in problems:
            show_error(self.errors["probability"], problems["stage"])
        super().show_problems(problems)

    def store(self, record: OpportunityRecord) -> OpportunityRecord:
        try:
            return self.services.opportunities.save(record)
        except SalesError as exc:  # a stage removed meanwhile, a customer deleted
            raise ValidationError({"stage": str(exc)}) from exc

    def gone_texts(self) -> tuple[str, str, str]:
        return (self.tr("This opportunity was deleted by another program (or window) after "
                        "you opened it; save what you typed as a new opportunity, or close "
                        "this dialog to discard it."),
                self.tr("Save as new opportunity"), self.tr("New opportunity"))
