"""The small dialogs of the service and marketing status changes: Resolve and Cancel (a
case), Complete (a campaign).

Each asks for what its change needs and calls one service method, which makes the
whole change in one transaction or none of it; a refusal shows the service's sentence
and the dialog stays open with what was typed (the sales dialogs' ``StatusDialog``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

from crmdesk.records import CampaignRecord, CaseRecord
from crmdesk.services.errors import NotFoundError, ServiceError, StorageError
from crmdesk.services.money import format_money
from crmdesk.services.wiring import Services
from crmdesk.ui.messages import Messages
from crmdesk.ui.sales.money_field import MoneyField
from crmdesk.ui.sales.status_dialogs import StatusDialog, reason_combo

#: what the Cancel case dialog offers (the user may type another)
#: The usual reasons, in context "Sales" as reason_combo translates them.
CANCEL_REASONS = (
    QT_TRANSLATE_NOOP("Sales", "Duplicate case"),
    QT_TRANSLATE_NOOP("Sales", "Customer withdrew it"),
    QT_TRANSLATE_NOOP("Sales", "Opened by mistake"),
    QT_TRANSLATE_NOOP("Sales", "No answer from the customer"),
)


class ServiceStatusDialog(StatusDialog):
    refusals = (ServiceError, NotFoundError, StorageError)


class ResolveDialog(ServiceStatusDialog):
    """Resolve a case: how (required) and by whom (the user, to begin with)."""

    def __init__(self, services: Services, case: CaseRecord, messages: Messages,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, messages, self.tr("&Resolve"), parent)
        self.case = case
        self.setObjectName("resolveDialog")
        self.setWindowTitle(self.tr("Resolve %1 – %2").replace(
            "%1", case.ticket_number).replace("%2", case.title))
        self.resolution = QPlainTextEdit()
        self.resolution.setObjectName("resolution")
        self.resolution.setPlaceholderText(self.tr("What solved it, e.g. Replaced the "
                                                   "fuser unit"))
        self.resolution.setMinimumHeight(90)
        self.form.addRow(self.tr("&Resolution"), self.resolution)
        self.by = QLineEdit(services.settings.user)
        self.by.setObjectName("resolvedBy")
        self.form.addRow(self.tr("Resolved &by"), self.by)
        self.resolution.textChanged.connect(
            lambda: self.ok.setEnabled(bool(self.resolution.toPlainText().strip())))
        self.ok.setEnabled(False)
        self.resize(480, 0)

    def problem(self) -> str | None:
        if not self.by.text().strip():
            return self.tr("Enter who resolved it.")
        return None

    def change(self) -> Any:
        assert self.case.id is not None
        return self.services.cases.resolve(self.case.id,
                                           self.resolution.toPlainText().strip(),
                                           self.by.text().strip())

    def failed_title(self) -> str:
        return self.tr("Not resolved")


class CancelCaseDialog(ServiceStatusDialog):
    """Cancel a case: why (required)."""

    def __init__(self, services: Services, case: CaseRecord, messages: Messages,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, messages, self.tr("Cancel &case"), parent)
        self.case = case
        self.setObjectName("cancelCaseDialog")
        self.setWindowTitle(self.tr("Cancel %1 – %2").replace(
            "%1", case.ticket_number).replace("%2", case.title))
        self.reason = reason_combo(CANCEL_REASONS, "reason")
        self.form.addRow(self.tr("&Reason"), self.reason)
        self.reason.currentTextChanged.connect(
            lambda text: self.ok.setEnabled(bool(text.strip())))
        self.ok.setEnabled(False)

    def change(self) -> Any:
        assert self.case.id is not None
        return self.services.cases.cancel(self.case.id, self.reason.currentText().strip())

    def failed_title(self) -> str:
        return self.tr("Not cancelled")


class CompleteCampaignDialog(ServiceStatusDialog):
    """Complete a campaign: what it really cost (its budget, to begin with)."""

    def __init__(self, services: Services, campaign: CampaignRecord, messages: Messages,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, messages, self.tr("&Complete"), parent)
        self.campaign = campaign
        self.setObjectName("completeCampaignDialog")
        self.setWindowTitle(self.tr("Complete %1").replace("%1", campaign.name))
        region = services.settings.phone_region
        currency = campaign.currency or services.settings.default_currency
        if campaign.budget is not None:
            self.form.addRow(self.tr("Budget"), QLabel(format_money(
                campaign.budget, currency, region)))
        self.cost = MoneyField(region, currency, self.tr("actual cost"), optional=False)
        self.cost.setObjectName("actualCost")
        start = campaign.actual_cost if campaign.actual_cost is not None else campaign.budget
        self.cost.set_value(start, currency)
        self.cost.currency.setEnabled(False)  # the campaign's
        self.form.addRow(self.tr("Actual &cost"), self.cost)

    def problem(self) -> str | None:
        return self.cost.problem()

    def change(self) -> Any:
        assert self.campaign.id is not None
        return self.services.campaigns.complete(self.campaign.id, self.cost.value())

    def failed_title(self) -> str:
        return self.tr("Not completed")
