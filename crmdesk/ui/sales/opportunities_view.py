"""The Opportunities view: sales being worked on, with the filters a salesperson uses
(open, closing this month or quarter, close date passed, by stage, won, lost), the
card with its customer, stage, probability, weighted value, quotes and History, and
Win…, Lose… and Reopen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QLocale, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from crmdesk.kinds import RecordRef
from crmdesk.kinds.sales import OPPORTUNITY
from crmdesk.records import OpportunityRecord, OpportunityStatus, QuoteRecord
from crmdesk.services.errors import NotFoundError, SalesError, StorageError
from crmdesk.services.money import format_money, weighted
from crmdesk.ui.records.detail_pane import DetailPane
from crmdesk.ui.records.list_view import RecordView
from crmdesk.ui.sales import cards
from crmdesk.ui.sales.labels import OPPORTUNITY_STATUSES, label
from crmdesk.ui.sales.leads_view import filter_combo, kind_text


class OpportunityDetail(DetailPane):
    """An opportunity's card (its customer, where it stands, what it is worth) above its
    quotes, which open in the quote dialog."""

    with_activities = True
    #: a status change was stored (the opportunity's id): the list shows it anew
    changed = Signal(int)

    def build(self) -> None:
        self.win_button = self.add_button(self.tr("Won…"),
                                          self.tr("Close this opportunity as won"), self.win)
        self.lose_button = self.add_button(self.tr("Lost…"),
                                           self.tr("Close this opportunity as lost"),
                                           self.lose)
        self.reopen_button = self.add_button(self.tr("Reopen"),
                                             self.tr("Work on a won or lost opportunity "
                                                     "again"), self.reopen)
        self.quote_button = self.add_button(self.tr("New quote…"),
                                            self.tr("Make a quote for this opportunity"),
                                            self.new_quote)
        self.quotes_label = QLabel()
        self.quotes = QListWidget()
        self.quotes.setObjectName("opportunityQuotes")
        self.quotes.itemActivated.connect(self._open_quote)

    def body(self) -> QWidget:
        host = QSplitter(Qt.Orientation.Vertical)
        host.addWidget(self.card)
        box = QWidget()
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(0, 4, 0, 0)
        box_layout.addWidget(self.quotes_label)
        box_layout.addWidget(self.quotes)
        host.addWidget(box)
        host.setSizes([440, 160])
        return host

    def button_applies(self, button: QPushButton, record: OpportunityRecord) -> bool:
        is_open = record.status == OpportunityStatus.OPEN
        if button in (self.win_button, self.lose_button, self.quote_button):
            return is_open
        if button is self.reopen_button:
            return not is_open
        return True

    def show_card(self, record: OpportunityRecord) -> None:
        settings = self.services.settings
        region, day = settings.phone_region, settings.date_format
        titles = self.services.stages.titles()
        status = OpportunityStatus(record.status)
        probability = record.probability if record.probability is not None else 0
        close = record.estimated_close_date
        overdue = status == OpportunityStatus.OPEN and close is not None and close < date.today()
        rows = [
            cards.row(self.tr("Customer"), [cards.record_link(record.customer_name,
                                                              record.customer)]),
            cards.row(self.tr("Status"), [label(OPPORTUNITY_STATUSES, status)]),
            cards.row(self.tr("Stage"), [titles.get(record.stage, record.stage)]),
            cards.row(self.tr("Probability"), [
                self.tr("%1 % (set by hand)").replace("%1", str(probability))
                if record.probability_overridden else f"{probability} %"]),
            cards.row(self.tr("Est. revenue"), [format_money(record.estimated_revenue,
                                                             record.currency, region)]),
            cards.row(self.tr("Weighted"), [format_money(
                weighted(record.estimated_revenue, probability), record.currency, region)]),
            cards.row(self.tr("Est. close"), [
                (self.tr("%1 (passed)") if overdue else "%1").replace(
                    "%1", close.strftime(day)) if close else ""]),
        ]
        if status == OpportunityStatus.WON:
            rows.append(cards.row(self.tr("Won"), [
                format_money(record.actual_revenue or Decimal(0), record.currency, region)]))
        elif status == OpportunityStatus.LOST:
            rows += [cards.row(self.tr("Lost because"), [record.lost_reason]),
                     cards.row(self.tr("Lost to"), [cards.record_link(
                         self._account_name(record.lost_to_id),
                         RecordRef("account", record.lost_to_id)
                         if record.lost_to_id is not None else None)])]
        rows.append(cards.row(self.tr("Closed on"), [
            record.closed_on.strftime(day) if record.closed_on else ""]))
        rows.append(cards.row(self.tr("Competitors"), [
            cards.record_link(self._account_name(a), RecordRef("account", a))
            for a in record.competitors]))
        if record.lead_id is not None:
            rows.append(cards.row(self.tr("From lead"), [cards.record_link(
                self._lead_name(record.lead_id), RecordRef("lead", record.lead_id))]))
        self.show_html(cards.card(record.topic, "", rows, record.notes))

    def show_record(self, record: OpportunityRecord | None, empty_message: str) -> None:
        self._show_quotes(record)
        super().show_record(record, empty_message)

    def _show_quotes(self, record: OpportunityRecord | None) -> None:
        """Its quotes: number, title and total, the one its revenue follows marked."""
        self.quotes.clear()
        quotes = (self.services.quotes.for_opportunity(record.id)
                  if record is not None and record.id is not None else [])
        region = self.services.settings.phone_region
        for quote in quotes:
            total = self.services.quotes.totals(quote).total
            text = " – ".join(p for p in (quote.number, quote.title,
                                          format_money(total, quote.currency, region)) if p)
            if quote.follows_opportunity:
                text += self.tr("  (the revenue follows it)")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, quote)
            self.quotes.addItem(item)
        self.quotes_label.setText(
            self.tr("Quotes (%1) – double-click to open").replace("%1", str(len(quotes)))
            if quotes else self.tr("No quotes yet."))

    def _account_name(self, account_id: int | None) -> str:
        return self.services.accounts.name_of(account_id) if account_id is not None else ""

    def _lead_name(self, lead_id: int) -> str:
        rows = self.services.leads.rows([lead_id])
        return rows[0].display_name if rows else self.tr("(deleted)")

    # -- the status changes ------------------------------------------------------------
    def _change(self, dialog: Callable[[OpportunityRecord], Any]) -> None:
        """Open a status dialog on the opportunity shown (when no other change is being
        made); after it stored its change, the list shows it anew."""
        record = self.record
        if record is None or record.id is None or not self.may_write():
            return
        shown = dialog(record)
        stored = shown.exec() and shown.result_record is not None
        shown.deleteLater()
        if stored:
            self.changed.emit(record.id)

    def win(self) -> None:
        from crmdesk.ui.sales.status_dialogs import WinDialog

        self._change(lambda r: WinDialog(self.services, r, self.messages, self))

    def lose(self) -> None:
        from crmdesk.ui.sales.status_dialogs import LoseDialog

        self._change(lambda r: LoseDialog(self.services, r, self.messages, self))

    def reopen(self) -> None:
        record = self.record
        if record is None or record.id is None or not self.may_write():
            return
        try:
            self.services.opportunities.reopen(record.id)
        except (SalesError, NotFoundError, StorageError) as exc:
            self.messages.error(self, self.tr("Not reopened"), str(exc))
            return
        self.changed.emit(record.id)

    def new_quote(self) -> None:
        """The quote dialog on a new quote for this opportunity."""
        if self.record is not None and self.record.id is not None:
            self._quote_dialog(self.record.id)

    def _open_quote(self, item: QListWidgetItem) -> None:
        self._quote_dialog(item.data(Qt.ItemDataRole.UserRole))

    def _quote_dialog(self, quote: QuoteRecord | int) -> None:
        """A quote (or a new one, for an opportunity's id) in the quote dialog; after it
        stored one, the card and the list show the opportunity anew (its revenue may
        follow the quote)."""
        from crmdesk.ui.sales.quote_dialog import QuoteDialog

        record = self.record
        if record is None or record.id is None or not self.may_write():
            return
        try:
            dialog = QuoteDialog(self.services, quote, self, self.messages)
        except NotFoundError as exc:  # the opportunity was deleted meanwhile
            self.messages.info(self, self.tr("Deleted meanwhile"), str(exc))
            self.changed.emit(record.id)
            return
        dialog.exec()
        stored = dialog.saved is not None
        dialog.deleteLater()
        if stored:
            self.changed.emit(record.id)


class OpportunitiesView(RecordView):
    kind = OPPORTUNITY
    detail: OpportunityDetail
    #: the soonest to close first (and through the index of open ones by close date)
    default_sort = "close"
    #: topic, customer, stage, probability, revenue, close date, status, modified
    column_widths = (200, 180, 110, 80, 130, 95, 70, 130)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.detail.changed.connect(self.after_save)

    # -- filters ------------------------------------------------------------------------
    def filter_widgets(self) -> list[QWidget]:
        settings = QSettings()
        self.show_filter = filter_combo(
            "opportunityFilter", self.tr("All opportunities"),
            [(kind_text(f.title), f.key) for f in self.kind.filters],
            str(settings.value("opportunities/filter", "open")))
        self.show_filter.setToolTip(self.tr("Which opportunities to show"))
        self.stage_filter = QComboBox()
        self.stage_filter.setObjectName("stageFilter")
        self.stage_filter.setToolTip(self.tr("Show only one stage"))
        self.fill_stages(str(settings.value("opportunities/stage", "")))
        for combo in (self.show_filter, self.stage_filter):
            combo.activated.connect(lambda _: self.apply_search())
        return [self.show_filter, self.stage_filter]

    def fill_stages(self, chosen: str | None = None) -> None:
        """The stages as Settings keeps them (after an edit there, too), keeping the
        choice."""
        chosen = self.stage_filter.currentData() if chosen is None else chosen
        self.stage_filter.clear()
        self.stage_filter.addItem(self.tr("Any stage"), "")
        for stage in self.services.stages.list():
            self.stage_filter.addItem(stage.title, f"stage:{stage.key}")
        self.stage_filter.setCurrentIndex(max(0, self.stage_filter.findData(chosen)))

    def refresh_categories(self) -> None:
        """The stages offered too: Settings may have changed them."""
        super().refresh_categories()
        self.fill_stages()

    def list_filters(self) -> tuple[str, ...]:
        """The keys chosen (an entry ``set_filters`` made holds several)."""
        return tuple(key for data in (self.show_filter.currentData(),
                                      self.stage_filter.currentData())
                     for key in str(data or "").split())

    def clear_filters(self) -> None:
        self.show_filter.setCurrentIndex(0)
        self.stage_filter.setCurrentIndex(0)

    def filters_text(self, keys: tuple[str, ...]) -> str:
        """ "Won in Nov 2026" for ("won", "closed:2026-11"), and so on."""
        status = next((k for k in keys if k in OPPORTUNITY_STATUSES), "")
        month = next((k.partition(":")[2] for k in keys
                      if k.startswith(("closed:", "closing:"))), "")
        try:
            first = date.fromisoformat(f"{month}-01")
        except ValueError:
            return ", ".join(keys)
        name = QLocale().monthName(first.month, QLocale.FormatType.ShortFormat)
        text = {"open": self.tr("Open, closing in %1"), "won": self.tr("Won in %1"),
                "lost": self.tr("Lost in %1")}.get(status, self.tr("In %1"))
        return text.replace("%1", f"{name} {first.year}")

    def save_layout(self) -> None:
        super().save_layout()
        settings = QSettings()
        chosen = str(self.show_filter.currentData() or "")  # a dashboard's month: not kept
        settings.setValue("opportunities/filter", "" if " " in chosen else chosen)
        settings.setValue("opportunities/stage", self.stage_filter.currentData())

    def empty_message(self) -> str:
        if self._lister.count() and not self.model.rowCount():
            return self.tr("No opportunities match. Clear the search (Esc), or show All "
                           "opportunities and Any stage.")
        return super().empty_message()

    # -- what rows show -------------------------------------------------------------------
    def shown_value(self, row: Any, attribute: str) -> Any:
        value = getattr(row, attribute)
        if attribute == "status":
            return label(OPPORTUNITY_STATUSES, value)
        if attribute == "probability":
            return f"{value} %"
        return cards.cell_text(value, row.currency, self.services.settings)

    def new_record(self, within: RecordRef | None) -> OpportunityRecord:
        """A new opportunity; within a contact or an account, for that customer."""
        record = OpportunityRecord(currency=self.services.settings.default_currency)
        first = self.services.stages.list(active_only=True)
        if first:
            record.stage = first[0].key
        if within is not None and within.kind in ("contact", "account"):
            record.customer = within
            record.customer_name = self.services.activities.regarded_name(within)
        return record

    def delete_warning(self) -> str:
        return self.tr("Its quotes go with it. Edit > Undo delete brings it back, and so "
                       "does File > Deleted items.")
