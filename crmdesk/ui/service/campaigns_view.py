"""The Campaigns view: marketing campaigns with the filters a marketer uses (running now,
planned, completed), the card with the dates, the money and the results (response
rate, leads, opportunities, won revenue, ROI), its members and responses below, its
History, and Add members…, Log response…, Complete…, Cancel campaign… and Reopen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from html import escape
from typing import Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from crmdesk.kinds import RecordRef
from crmdesk.kinds.service import CAMPAIGN
from crmdesk.records import CampaignRecord, CampaignStatus
from crmdesk.services.decimal_input import decimal_mark
from crmdesk.services.errors import NotFoundError, ServiceError, StorageError
from crmdesk.services.money import format_money
from crmdesk.ui.records.detail_pane import DetailPane
from crmdesk.ui.records.list_view import RecordView
from crmdesk.ui.sales import cards
from crmdesk.ui.sales.leads_view import filter_combo, kind_text
from crmdesk.ui.service.labels import (
    CAMPAIGN_STATUSES,
    CAMPAIGN_TYPES,
    RESPONSE_CHANNELS,
    kind_noun,
    label,
)

OPEN = (CampaignStatus.PLANNED, CampaignStatus.ACTIVE)
#: how many members and responses the lists under the card show (the rest are counted)
SHOWN_LINES = 500


def percent(value: Decimal | float, region: str) -> str:
    """A percentage with one decimal, its mark as the region writes it (12,5 % in DK)."""
    return f"{Decimal(str(value)):.1f}".replace(".", decimal_mark(region)) + " %"


class CampaignDetail(DetailPane):
    """A campaign's card (what it costs and brought) above its members and responses."""

    with_activities = True
    #: a change was stored (the campaign's id): the list shows it anew
    changed = Signal(int)
    #: a change made records of other kinds (a response's lead): every view shows them
    others_changed = Signal()

    def build(self) -> None:
        self.complete_button = self.add_button(
            self.tr("Complete…"), self.tr("Close this campaign with what it really cost"),
            self.complete)
        self.cancel_button = self.add_button(
            self.tr("Cancel campaign…"), self.tr("Call this campaign off"), self.cancel)
        self.reopen_button = self.add_button(
            self.tr("Reopen"), self.tr("Run a completed or cancelled campaign again"),
            self.reopen)
        self.members_label = QLabel()
        self.members_row = QHBoxLayout()
        self.members_row.addWidget(self.members_label, 1)
        self.members_button = self.add_button(
            self.tr("Add members…"), self.tr("Add contacts, accounts or leads from a search "
                                             "or a category"), self.add_members,
            row=self.members_row)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setObjectName("removeMembers")
        self.remove_button.setToolTip(self.tr("Take the selected members off this campaign"))
        self.remove_button.clicked.connect(lambda _=False: self.remove_members())
        self.members_row.addWidget(self.remove_button)
        self.members = QListWidget()
        self.members.setObjectName("campaignMembers")
        self.members.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.members.itemActivated.connect(self._open_item)
        self.members.itemSelectionChanged.connect(self._enable_remove)
        self.responses_label = QLabel()
        self.responses_row = QHBoxLayout()
        self.responses_row.addWidget(self.responses_label, 1)
        self.response_button = self.add_button(
            self.tr("Log response…"), self.tr("Note an answer to this campaign, and make a "
                                              "lead of it"), self.log_response,
            row=self.responses_row)
        self.responses = QListWidget()
        self.responses.setObjectName("campaignResponses")
        self.responses.itemActivated.connect(self._open_item)

    def body(self) -> QWidget:
        host = QSplitter(Qt.Orientation.Vertical)
        host.addWidget(self.card)
        for top, listing in ((self.members_row, self.members),
                             (self.responses_row, self.responses)):
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 4, 0, 0)
            box_layout.addLayout(top)
            box_layout.addWidget(listing)
            host.addWidget(box)
        host.setSizes([420, 150, 130])
        return host

    def button_applies(self, button: QPushButton, record: CampaignRecord) -> bool:
        if button in (self.members_button, self.response_button, self.complete_button,
                      self.cancel_button):
            return record.status in OPEN
        if button is self.reopen_button:
            return record.status not in OPEN
        return True

    def _enable_remove(self) -> None:
        record = self.record
        self.remove_button.setEnabled(bool(self.members.selectedItems()) and record is not None
                                      and record.status in OPEN)

    # -- what is shown -------------------------------------------------------------------
    def show_record(self, record: CampaignRecord | None, empty_message: str) -> None:
        self._show_lists(record)
        super().show_record(record, empty_message)
        self._enable_remove()

    def show_card(self, record: CampaignRecord) -> None:
        settings = self.services.settings
        region, day = settings.phone_region, settings.date_format
        currency = record.currency or settings.default_currency
        status = CampaignStatus(record.status)

        def money(amount: Decimal | None) -> str:
            return format_money(amount, currency, region) if amount is not None else ""

        start, end = record.start, record.end
        when = " – ".join(d.strftime(day) if d else "…" for d in (start, end)) \
            if start or end else ""
        running = (status == CampaignStatus.ACTIVE and (start is None or start <= date.today())
                   and (end is None or date.today() <= end))
        rows = [
            cards.row(self.tr("Status"), [
                self.tr("%1 (running now)").replace("%1", label(CAMPAIGN_STATUSES, status))
                if running else label(CAMPAIGN_STATUSES, status)]),
            cards.row(self.tr("Type"), [label(CAMPAIGN_TYPES, record.campaign_type)]),
            cards.row(self.tr("Dates"), [when]),
            cards.row(self.tr("Budget"), [money(record.budget)]),
            cards.row(self.tr("Actual cost"), [money(record.actual_cost)]),
            cards.row(self.tr("Expected revenue"), [money(record.expected_revenue)]),
            cards.row(self.tr("Expected response"), [
                f"{record.expected_response_rate} %"
                if record.expected_response_rate is not None else ""]),
            cards.row(self.tr("Owner"), [record.owner]),
        ]
        self.show_html(cards.card(record.name, "", rows + self._results(record),
                                  record.notes))

    def _results(self, record: CampaignRecord) -> list[str]:
        """What the campaign brought: its members, responses, leads and opportunities,
        the revenue won (per currency), and the return on its cost."""
        assert record.id is not None
        region = self.services.settings.phone_region
        results = self.services.campaigns.results(record.id)
        rate = (percent(results.response_rate, region) if results.response_rate is not None
                else self.tr("no members yet"))
        won = [format_money(amount, code, region)
               for code, amount in sorted(results.won_revenue.items())]
        if results.roi is not None:
            roi = percent(results.roi * 100, region)
        elif not results.actual_cost:
            roi = self.tr("no cost yet")
        else:  # revenue in another currency than the cost: crmdesk keeps no rates
            roi = self.tr("not given: revenue in another currency")
        heading = escape(self.tr("Results"))
        return [
            f'<tr><td colspan="2"><div class="more">{heading}</div></td></tr>',
            cards.row(self.tr("Members"), [f"{results.members:,}"]),
            cards.row(self.tr("Responses"), [f"{results.responses:,}"]),
            cards.row(self.tr("Response rate"), [rate]),
            cards.row(self.tr("Leads"), [f"{results.leads:,}"]),
            cards.row(self.tr("Opportunities"), [f"{results.opportunities:,}"]),
            cards.row(self.tr("Won revenue"), won or [self.tr("none yet")]),
            cards.row(self.tr("ROI"), [roi]),
        ]

    def _show_lists(self, record: CampaignRecord | None) -> None:
        """Its members (name and kind) and its responses (the day, who, how, what came of
        it, and the lead it made), each opening what it names on a double-click."""
        self.members.clear()
        self.responses.clear()
        if record is None or record.id is None:
            self.members_label.setText("")
            self.responses_label.setText("")
            return
        campaigns, day = self.services.campaigns, self.services.settings.date_format
        members = campaigns.members(record.id)
        for member in members[:SHOWN_LINES]:
            item = QListWidgetItem(f"{member.name} ({kind_noun(member.ref.kind)})")
            item.setData(Qt.ItemDataRole.UserRole, member.ref)
            item.setData(Qt.ItemDataRole.UserRole + 1, member.id)
            self.members.addItem(item)
        self.members_label.setText(
            self.tr("Members (%1) – double-click to open").replace("%1", f"{len(members):,}")
            if members else self.tr("No members yet: Add members… picks them from a search."))
        responses = campaigns.responses(record.id)
        for response in responses[:SHOWN_LINES]:
            text = " – ".join(p for p in (
                response.responded_on.strftime(day),
                response.member_name or self.tr("(not a member)"),
                label(RESPONSE_CHANNELS, response.channel), response.outcome) if p)
            if response.lead_id is not None:
                text += self.tr("  (lead made)")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, RecordRef("lead", response.lead_id)
                         if response.lead_id is not None else None)
            self.responses.addItem(item)
        self.responses_label.setText(
            self.tr("Responses (%1)").replace("%1", f"{len(responses):,}")
            if responses else self.tr("No responses yet."))

    def _open_item(self, item: QListWidgetItem) -> None:
        ref = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(ref, RecordRef):
            self.navigate.emit(ref)

    # -- the changes ---------------------------------------------------------------------
    def _change(self, dialog: Callable[[CampaignRecord], Any], done: Callable[[Any], bool],
                *, others: bool = False) -> None:
        """Open a dialog on the campaign shown (when no other change is being made); when
        ``done`` says it stored something, the list (and with ``others`` every view)
        shows it anew."""
        record = self.record
        if record is None or record.id is None or not self.may_write():
            return
        shown = dialog(record)
        stored = bool(shown.exec()) and done(shown)
        shown.deleteLater()
        if stored:
            self.changed.emit(record.id)
            if others:
                self.others_changed.emit()

    def add_members(self) -> None:
        from crmdesk.ui.service.members_dialog import AddMembersDialog

        self._change(lambda r: AddMembersDialog(self.services, r, self.messages, self),
                     lambda d: d.added is not None)

    def log_response(self) -> None:
        from crmdesk.ui.service.response_dialog import LogResponseDialog

        selected = self.members.currentItem()
        member_id = selected.data(Qt.ItemDataRole.UserRole + 1) if selected else None
        self._change(lambda r: LogResponseDialog(self.services, r, self.messages, self,
                                                 member_id=member_id),
                     lambda d: d.result_record is not None, others=True)

    def complete(self) -> None:
        from crmdesk.ui.service.status_dialogs import CompleteCampaignDialog

        self._change(lambda r: CompleteCampaignDialog(self.services, r, self.messages, self),
                     lambda d: d.result_record is not None)

    def cancel(self) -> None:
        """Cancelling needs nothing more than a yes: the campaign keeps its members and
        responses, and says why if it cannot."""
        record = self.record
        if record is None or record.id is None or not self.may_write():
            return
        if not self.messages.confirm(
                self, self.tr("Cancel campaign"),
                self.tr("Call off “%1”? Its members and responses stay on its card.")
                .replace("%1", record.name), self.tr("Cancel campaign")):
            return
        try:
            self.services.campaigns.cancel(record.id)
        except (ServiceError, NotFoundError, StorageError) as exc:
            self.messages.error(self, self.tr("Not cancelled"), str(exc))
            return
        self.changed.emit(record.id)

    def reopen(self) -> None:
        """Reopen needs nothing more: it asks no dialog, and says why if it cannot."""
        record = self.record
        if record is None or record.id is None or not self.may_write():
            return
        try:
            self.services.campaigns.reopen(record.id)
        except (ServiceError, NotFoundError, StorageError) as exc:
            self.messages.error(self, self.tr("Not reopened"), str(exc))
            return
        self.changed.emit(record.id)

    def remove_members(self) -> None:
        record = self.record
        ids = [item.data(Qt.ItemDataRole.UserRole + 1) for item in self.members.selectedItems()]
        if record is None or record.id is None or not ids or not self.may_write():
            return
        try:
            self.services.campaigns.remove_members(record.id, ids)
        except (ServiceError, NotFoundError, StorageError) as exc:
            self.messages.error(self, self.tr("Members not removed"), str(exc))
            return
        self.changed.emit(record.id)


class CampaignsView(RecordView):
    kind = CAMPAIGN
    detail: CampaignDetail
    #: in the order they start
    default_sort = "start"
    #: name, type, status, start, end, budget, actual cost, owner, modified
    column_widths = (220, 110, 90, 95, 95, 120, 120, 100, 130)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.detail.changed.connect(self.after_save)
        self.detail.others_changed.connect(self.refresh)

    # -- filters ------------------------------------------------------------------------
    def filter_widgets(self) -> list[QWidget]:
        self.show_filter = filter_combo(
            "campaignFilter", self.tr("All campaigns"),
            [(kind_text(f.title), f.key) for f in self.kind.filters],
            str(QSettings().value("campaigns/filter", "")))
        self.show_filter.setToolTip(self.tr("Which campaigns to show"))
        self.show_filter.activated.connect(lambda _: self.apply_search())
        return [self.show_filter]

    def list_filters(self) -> tuple[str, ...]:
        key = self.show_filter.currentData()
        return (key,) if key else ()

    def clear_filters(self) -> None:
        self.show_filter.setCurrentIndex(0)

    def save_layout(self) -> None:
        super().save_layout()
        QSettings().setValue("campaigns/filter", self.show_filter.currentData())

    def empty_message(self) -> str:
        if self._lister.count() and not self.model.rowCount():
            return self.tr("No campaigns match. Clear the search (Esc), or show All "
                           "campaigns.")
        return super().empty_message()

    # -- what rows show -------------------------------------------------------------------
    def shown_value(self, row: Any, attribute: str) -> Any:
        value = getattr(row, attribute)
        if attribute == "status":
            return label(CAMPAIGN_STATUSES, value)
        if attribute == "campaign_type":
            return label(CAMPAIGN_TYPES, value)
        return cards.cell_text(value, row.currency or self.services.settings.default_currency,
                               self.services.settings)

    def new_record(self, within: RecordRef | None) -> CampaignRecord:
        return CampaignRecord(currency=self.services.settings.default_currency)

    def delete_warning(self) -> str:
        return self.tr("Its members and responses go with it; the leads it made stay. Edit "
                       "> Undo delete brings it back, and so does File > Deleted items.")
