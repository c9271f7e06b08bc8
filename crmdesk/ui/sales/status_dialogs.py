"""The small dialogs of the status changes: Qualify, Disqualify (a lead), Win and Lose (an
opportunity).

Each asks for what its change needs and calls one service method, which makes the
whole change in one transaction or none of it; a refusal shows the service's sentence
and the dialog stays open with what was typed.  ``result_record`` holds what the
service returned once it is stored.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk.records import LeadRecord, OpportunityRecord
from crmdesk.services.errors import NotFoundError, SalesError, StorageError
from crmdesk.services.leads import Candidate, OpportunitySeed, QualifyChoice
from crmdesk.services.listing import ListQuery
from crmdesk.services.money import format_money
from crmdesk.services.wiring import Services
from crmdesk.ui.activities.quick_entry import qt_date_format
from crmdesk.ui.messages import Messages
from crmdesk.ui.records.form import DateField, error_label, show_error
from crmdesk.ui.remembering import RememberingDialog
from crmdesk.ui.sales.labels import sales_text
from crmdesk.ui.sales.money_field import MoneyField

#: what the reason fields offer (the user may type another)
#: The usual reasons a dialog offers (typed ones are kept as typed), in context "Sales".
DISQUALIFY_REASONS = (
    QT_TRANSLATE_NOOP("Sales", "No budget"),
    QT_TRANSLATE_NOOP("Sales", "Not interested"),
    QT_TRANSLATE_NOOP("Sales", "No need"),
    QT_TRANSLATE_NOOP("Sales", "Could not reach"),
    QT_TRANSLATE_NOOP("Sales", "Duplicate"),
    QT_TRANSLATE_NOOP("Sales", "Went with a competitor"),
)
LOSS_REASONS = (
    QT_TRANSLATE_NOOP("Sales", "Price"),
    QT_TRANSLATE_NOOP("Sales", "Went with a competitor"),
    QT_TRANSLATE_NOOP("Sales", "No decision"),
    QT_TRANSLATE_NOOP("Sales", "Timing"),
    QT_TRANSLATE_NOOP("Sales", "Features"),
    QT_TRANSLATE_NOOP("Sales", "Relationship"),
)
#: how many competitor accounts the Lose dialog offers
MAX_COMPETITORS = 500
NEW, NONE = "new", "none"  # the choices beside a record found: a new one, or none
Choice = int | str  # a record's id, NEW or NONE


class StatusDialog(RememberingDialog):
    """A form, an error line and the change's button beside Cancel."""

    #: the errors of a change refused (their sentence is shown; nothing changed)
    refusals: tuple[type[Exception], ...] = (SalesError, NotFoundError, StorageError)

    def __init__(self, services: Services, messages: Messages, action: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.messages = messages
        self.result_record: Any = None
        self.body = QVBoxLayout()
        self.form = QFormLayout()
        self.body.addLayout(self.form)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addLayout(self.body)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("changeStatus")
        self.ok.setDefault(True)
        self.buttons.accepted.connect(self.run)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def date_edit(self, value: date) -> QDateEdit:
        edit = QDateEdit(QDate(value.year, value.month, value.day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(qt_date_format(self.services.settings.date_format))
        return edit

    def run(self) -> None:
        """Check the form, make the change; on a refusal say why and stay open."""
        problem = self.problem()
        show_error(self.error, problem)
        if problem:
            return
        try:
            self.result_record = self.change()
        except self.refusals as exc:
            show_error(self.error, str(exc))
            self.messages.error(self, self.failed_title(), str(exc))
            return
        self.accept()

    def problem(self) -> str | None:
        """What is wrong with the form, before asking the service (None: nothing)."""
        return None

    def change(self) -> Any:
        raise NotImplementedError

    def failed_title(self) -> str:
        raise NotImplementedError


def reason_combo(reasons: tuple[str, ...], name: str) -> QComboBox:
    """A reason picked from the usual ones or typed; empty to begin with."""
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setEditable(True)
    combo.addItems([sales_text(r) for r in reasons])
    combo.setCurrentIndex(-1)
    combo.setMinimumContentsLength(28)
    return combo


# -- leads -------------------------------------------------------------------------------
def lead_name(lead: LeadRecord) -> str:
    return " ".join(p for p in (lead.first_name, lead.last_name) if p)


class QualifyDialog(StatusDialog):
    """What the lead becomes: an existing account and contact the duplicate rule found
    (chosen first, for the user to confirm) or new ones, and optionally an opportunity."""

    def __init__(self, services: Services, lead: LeadRecord, messages: Messages,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, messages, self.tr("&Qualify"), parent)
        assert lead.id is not None
        self.lead = lead
        self.setObjectName("qualifyDialog")
        title = lead_name(lead) or lead.company
        self.setWindowTitle(self.tr("Qualify %1").replace("%1", title))
        candidates = services.leads.qualify_candidates(lead.id)
        self.accounts = self._choices(
            self.tr("Account"), candidates.accounts,
            self.tr("New account “%1”").replace("%1", lead.company) if lead.company.strip()
            else "", self.tr("No account"))
        self.contacts = self._choices(
            self.tr("Contact"), candidates.contacts,
            self.tr("New contact “%1”").replace("%1", lead_name(lead)) if lead_name(lead)
            else "", self.tr("No contact"))
        self.body.addWidget(self.accounts[0])
        self.body.addWidget(self.contacts[0])
        self.body.addWidget(self._opportunity_box())
        self.resize(520, 0)

    def _choices(self, title: str, found: list[Candidate], new: str,
                 none: str) -> tuple[QGroupBox, list[tuple[QRadioButton, Choice]]]:
        """Radio buttons: each record found (the first chosen), a new one (if the lead
        has what it needs), none."""
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        group = QButtonGroup(box)
        if found:
            note = QLabel(self.tr("Already in crmdesk, it seems; use it?"))
            note.setStyleSheet("color: #555;")
            layout.addWidget(note)
        offered: list[tuple[str, Choice]] = [
            (self.tr("Use %1 (%2)").replace("%1", c.name).replace(
                "%2", sales_text(c.reason)), c.id) for c in found]
        offered += [(text, choice) for text, choice in ((new, NEW), (none, NONE)) if text]
        buttons = []
        for text, choice in offered:
            button = QRadioButton(text)
            group.addButton(button)
            layout.addWidget(button)
            buttons.append((button, choice))
        buttons[0][0].setChecked(True)
        return box, buttons

    @staticmethod
    def _chosen(buttons: list[tuple[QRadioButton, Choice]]) -> Choice:
        return next(choice for button, choice in buttons if button.isChecked())

    def _opportunity_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Open an opportunity"))
        box.setObjectName("opportunityBox")
        box.setCheckable(True)
        box.setChecked(True)
        form = QFormLayout(box)
        self.topic = QLineEdit(self.lead.company or lead_name(self.lead))
        self.topic.setObjectName("topic")
        form.addRow(self.tr("&Topic"), self.topic)
        settings = self.services.settings
        self.revenue = MoneyField(settings.phone_region,
                                  self.lead.currency or settings.default_currency,
                                  self.tr("estimated revenue"))
        self.revenue.set_value(self.lead.estimated_value, self.lead.currency)
        form.addRow(self.tr("Est. &revenue"), self.revenue)
        self.close_date = DateField(settings.date_format)
        self.close_date.setObjectName("closeDate")
        form.addRow(self.tr("Est. &close date"), self.close_date)
        self.opportunity_box = box
        return box

    def _choice(self) -> QualifyChoice:
        account = self._chosen(self.accounts[1])
        contact = self._chosen(self.contacts[1])
        seed = None
        if self.opportunity_box.isChecked():
            seed = OpportunitySeed(topic=self.topic.text().strip(),
                                   estimated_revenue=self.revenue.value(),
                                   currency=self.revenue.currency_code(),
                                   estimated_close_date=self.close_date.date())
        return QualifyChoice(account_id=account if isinstance(account, int) else None,
                             new_account=account == NEW,
                             contact_id=contact if isinstance(contact, int) else None,
                             new_contact=contact == NEW, opportunity=seed)

    def problem(self) -> str | None:
        if self._chosen(self.accounts[1]) == NONE and self._chosen(self.contacts[1]) == NONE:
            return self.tr("Choose an account or a contact the lead becomes.")
        if not self.opportunity_box.isChecked():
            return None
        if not self.topic.text().strip():
            return self.tr("Enter the opportunity's topic, or leave out the opportunity.")
        return self.revenue.problem() or self.close_date.problem()

    def change(self) -> Any:
        assert self.lead.id is not None
        return self.services.leads.qualify(self.lead.id, self._choice())

    def failed_title(self) -> str:
        return self.tr("Not qualified")


class DisqualifyDialog(StatusDialog):
    """Disqualify a lead: why (required)."""

    def __init__(self, services: Services, lead: LeadRecord, messages: Messages,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, messages, self.tr("&Disqualify"), parent)
        self.lead = lead
        self.setObjectName("disqualifyDialog")
        self.setWindowTitle(self.tr("Disqualify %1").replace(
            "%1", lead_name(lead) or lead.company))
        self.reason = reason_combo(DISQUALIFY_REASONS, "reason")
        self.form.addRow(self.tr("&Reason"), self.reason)
        self.reason.currentTextChanged.connect(
            lambda text: self.ok.setEnabled(bool(text.strip())))
        self.ok.setEnabled(False)

    def change(self) -> Any:
        assert self.lead.id is not None
        return self.services.leads.disqualify(self.lead.id, self.reason.currentText())

    def failed_title(self) -> str:
        return self.tr("Not disqualified")


# -- opportunities ------------------------------------------------------------------------
class WinDialog(StatusDialog):
    """Close an opportunity as won: the revenue it brought (its estimate to begin with)
    and the day."""

    def __init__(self, services: Services, opportunity: OpportunityRecord,
                 messages: Messages, parent: QWidget | None = None) -> None:
        super().__init__(services, messages, self.tr("&Won"), parent)
        self.opportunity = opportunity
        self.setObjectName("winDialog")
        self.setWindowTitle(self.tr("Won – %1").replace("%1", opportunity.topic))
        region = services.settings.phone_region
        self.form.addRow(self.tr("Estimated"), QLabel(format_money(
            opportunity.estimated_revenue, opportunity.currency, region)))
        self.revenue = MoneyField(region, opportunity.currency, self.tr("actual revenue"),
                                  optional=False)
        self.revenue.set_value(opportunity.estimated_revenue, opportunity.currency)
        self.revenue.currency.setEnabled(False)  # the opportunity's
        self.form.addRow(self.tr("Actual &revenue"), self.revenue)
        self.closed_on = self.date_edit(date.today())
        self.closed_on.setObjectName("closedOn")
        self.form.addRow(self.tr("&Closed on"), self.closed_on)

    def problem(self) -> str | None:
        return self.revenue.problem()

    def change(self) -> Any:
        assert self.opportunity.id is not None
        revenue = self.revenue.value()
        return self.services.opportunities.win(
            self.opportunity.id, revenue if revenue is not None else Decimal(0),
            self.closed_on.date().toPython())

    def failed_title(self) -> str:
        return self.tr("Not closed as won")


class LoseDialog(StatusDialog):
    """Close an opportunity as lost: why (required), to which competitor if to one, and
    the day."""

    def __init__(self, services: Services, opportunity: OpportunityRecord,
                 messages: Messages, parent: QWidget | None = None) -> None:
        super().__init__(services, messages, self.tr("&Lost"), parent)
        self.opportunity = opportunity
        self.setObjectName("loseDialog")
        self.setWindowTitle(self.tr("Lost – %1").replace("%1", opportunity.topic))
        self.reason = reason_combo(LOSS_REASONS, "reason")
        self.form.addRow(self.tr("&Reason"), self.reason)
        self.competitor = QComboBox()
        self.competitor.setObjectName("lostTo")
        self.competitor.addItem(self.tr("(no competitor)"), None)
        for account_id, name in competitor_choices(services, opportunity.competitors):
            self.competitor.addItem(name, account_id)
        self.form.addRow(self.tr("Lost &to"), self.competitor)
        self.closed_on = self.date_edit(date.today())
        self.closed_on.setObjectName("closedOn")
        self.form.addRow(self.tr("&Closed on"), self.closed_on)
        self.reason.currentTextChanged.connect(
            lambda text: self.ok.setEnabled(bool(text.strip())))
        self.ok.setEnabled(False)

    def change(self) -> Any:
        assert self.opportunity.id is not None
        return self.services.opportunities.lose(
            self.opportunity.id, self.reason.currentText(), self.competitor.currentData(),
            self.closed_on.date().toPython())

    def failed_title(self) -> str:
        return self.tr("Not closed as lost")


def competitor_choices(services: Services, first: list[int]) -> list[tuple[int, str]]:
    """(id, name) of the accounts an opportunity may be lost to or compete with: its own
    competitors first, then every account with the competitor relationship, by name."""
    accounts = services.accounts
    ids = list(dict.fromkeys([*first, *accounts.ids(
        ListQuery(filters=("relationship:competitor",)), limit=MAX_COMPETITORS)]))
    return [(row.id, row.display_name) for row in accounts.rows(ids)]
