"""The Leads view: prospects not yet qualified, with the filters a salesperson uses (my
open leads, by rating, by status), the lead's card with what it was qualified into,
its History, and Qualify…, Disqualify… and Reopen."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any
from urllib.parse import quote

from PySide6.QtCore import QCoreApplication, QSettings, Signal
from PySide6.QtWidgets import QComboBox, QPushButton, QWidget

from crmdesk.kinds import RecordRef
from crmdesk.kinds.sales import LEAD
from crmdesk.records import AddressEntry, LeadRating, LeadRecord, LeadStatus
from crmdesk.services.card_format import map_url, tel_url
from crmdesk.services.errors import NotFoundError, SalesError, StorageError
from crmdesk.services.money import format_money
from crmdesk.ui.records.detail_pane import DetailPane
from crmdesk.ui.records.list_view import RecordView
from crmdesk.ui.sales import cards
from crmdesk.ui.sales.labels import LEAD_RATINGS, LEAD_SOURCES, LEAD_STATUSES, label

OPEN = (LeadStatus.NEW, LeadStatus.CONTACTED)
RATINGS = tuple(r.value for r in LeadRating)


def kind_text(text: str) -> str:
    """A kind's declared title ("My open leads") in the user's language (context "Kinds",
    as its column titles are)."""
    return QCoreApplication.translate("Kinds", text)


def filter_combo(name: str, everything: str, choices: list[tuple[str, str]],
                 remembered: str) -> QComboBox:
    """A list filter: ``everything`` (no filter) first, then each choice (title, key),
    showing ``remembered`` if it is one of them."""
    combo = QComboBox()
    combo.setObjectName(name)
    combo.addItem(everything, "")
    for title, key in choices:
        combo.addItem(title, key)
    combo.setCurrentIndex(max(0, combo.findData(remembered)))
    return combo


class LeadDetail(DetailPane):
    """A lead's card: who, how hot, what it is worth, and what it was qualified into."""

    with_activities = True
    #: a status change was stored (the lead's id): the list shows it anew
    changed = Signal(int)
    #: a status change made records of other kinds (a qualify): every view shows them
    others_changed = Signal()

    def build(self) -> None:
        self.qualify_button = self.add_button(
            self.tr("Qualify…"), self.tr("Turn this lead into an account, a contact and an "
                                         "opportunity"), self.qualify)
        self.disqualify_button = self.add_button(
            self.tr("Disqualify…"), self.tr("Close this lead, saying why"), self.disqualify)
        self.reopen_button = self.add_button(
            self.tr("Reopen"), self.tr("Work on a disqualified lead again"), self.reopen)

    def regarding(self) -> Any:
        """The lead as its activities name it, with its phone and mobile to log a call to."""
        target = super().regarding()
        record = self.record
        if target is None or record is None:
            return target
        return replace(target, phones=[n.strip() for n in (record.phone, record.mobile)
                                       if n.strip()])

    def button_applies(self, button: QPushButton, record: LeadRecord) -> bool:
        if button in (self.qualify_button, self.disqualify_button):
            return record.status in OPEN
        if button is self.reopen_button:
            return record.status == LeadStatus.DISQUALIFIED
        return True

    def show_card(self, record: LeadRecord) -> None:
        region = self.services.settings.phone_region
        name = " ".join(p for p in (record.first_name, record.last_name) if p)
        title = name or record.company or self.tr("(no name)")
        subtitle = " · ".join(p for p in (record.job_title, record.company if name else "")
                              if p)
        status = label(LEAD_STATUSES, record.status)
        if record.status == LeadStatus.DISQUALIFIED and record.disqualify_reason:
            status = self.tr("%1: %2").replace("%1", status).replace(
                "%2", record.disqualify_reason)
        address = [line for line in (record.street, " ".join(
            p for p in (record.postal_code, record.city) if p), record.region,
            record.country) if line]
        place = AddressEntry("work", record.street, record.postal_code, record.city,
                             record.region, record.country)
        rows = [
            cards.row(self.tr("Status"), [status]),
            cards.row(self.tr("Rating"), [label(LEAD_RATINGS, record.rating)]),
            cards.row(self.tr("Source"), [label(LEAD_SOURCES, record.source)]),
            cards.row(self.tr("Est. value"), [
                format_money(record.estimated_value, record.currency, region)
                if record.estimated_value is not None else ""]),
            cards.row(self.tr("Phone"), [(record.phone, tel_url(record.phone))]),
            cards.row(self.tr("Mobile"), [(record.mobile, tel_url(record.mobile))]),
            cards.row(self.tr("E-mail"), [(record.email, "mailto:" + quote(record.email,
                                                                         safe="@.+-_"))]),
            cards.row(self.tr("Address"), [(line, map_url(place)) for line in address]),
            cards.row(self.tr("Owner"), [record.owner]),
        ]
        self.show_html(cards.card(title, subtitle, rows, record.notes,
                                  after=self._qualified_into(record)))

    def _qualified_into(self, record: LeadRecord) -> str:
        """The account, contact and opportunity a qualified lead became, as links."""
        if record.status != LeadStatus.QUALIFIED:
            return ""
        links = []
        for kind, record_id, noun in (
                ("account", record.qualified_account_id, self.tr("Account")),
                ("contact", record.qualified_contact_id, self.tr("Contact")),
                ("opportunity", record.qualified_opportunity_id, self.tr("Opportunity"))):
            if record_id is None:
                continue
            ref = RecordRef(kind, record_id)
            name = self._name_of(ref)
            links.append((f"{noun}: {name}", str(ref)) if name else
                         (self.tr("%1: deleted").replace("%1", noun), ""))
        return cards.link_list(self.tr("Qualified into"), links,
                               self.tr("What it became has been deleted."))

    def _name_of(self, ref: RecordRef) -> str:
        from crmdesk.services.activities import ActivityError

        try:
            return self.services.activities.regarded_name(ref)
        except ActivityError:
            return ""

    # -- the status changes ------------------------------------------------------------
    def _change(self, dialog: Callable[[LeadRecord], Any], *, others: bool = False) -> None:
        """Open a status dialog on the lead shown (when no other change is being made);
        after it stored its change, the list shows the lead anew (``others``: and every
        view the records it made)."""
        record = self.record
        if record is None or record.id is None or not self.may_write():
            return
        try:
            shown = dialog(record)
        except NotFoundError as exc:  # deleted by another program meanwhile
            self.messages.info(self, self.tr("Deleted meanwhile"), str(exc))
            self.changed.emit(record.id)
            return
        stored = shown.exec() and shown.result_record is not None
        shown.deleteLater()
        if stored:
            self.changed.emit(record.id)
            if others:
                self.others_changed.emit()

    def qualify(self) -> None:
        from crmdesk.ui.sales.status_dialogs import QualifyDialog

        self._change(lambda r: QualifyDialog(self.services, r, self.messages, self),
                     others=True)

    def disqualify(self) -> None:
        from crmdesk.ui.sales.status_dialogs import DisqualifyDialog

        self._change(lambda r: DisqualifyDialog(self.services, r, self.messages, self))

    def reopen(self) -> None:
        """Reopen needs nothing more: it asks no dialog, and says why if it cannot."""
        record = self.record
        if record is None or record.id is None or not self.may_write():
            return
        try:
            self.services.leads.reopen(record.id)
        except (SalesError, NotFoundError, StorageError) as exc:
            self.messages.error(self, self.tr("Not reopened"), str(exc))
            return
        self.changed.emit(record.id)


class LeadsView(RecordView):
    kind = LEAD
    detail: LeadDetail
    #: name, company, status, rating, source, phone, e-mail, city, value, owner, modified
    column_widths = (170, 170, 95, 70, 90, 130, 190, 110, 120, 100, 130)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.detail.changed.connect(self.after_save)
        self.detail.others_changed.connect(self.refresh)

    # -- filters ------------------------------------------------------------------------
    def filter_widgets(self) -> list[QWidget]:
        settings = QSettings()
        shows = [(kind_text(f.title), f.key) for f in self.kind.filters if f.key not in RATINGS]
        self.show_filter = filter_combo("leadFilter", self.tr("All leads"), shows,
                                        str(settings.value("leads/filter", "open")))
        self.show_filter.setToolTip(self.tr("Which leads to show"))
        self.rating_filter = filter_combo(
            "ratingFilter", self.tr("Any rating"),
            [(label(LEAD_RATINGS, key), key) for key in RATINGS],
            str(settings.value("leads/rating", "")))
        self.rating_filter.setToolTip(self.tr("Show only hot, warm or cold leads"))
        for combo in (self.show_filter, self.rating_filter):
            combo.activated.connect(lambda _: self.apply_search())
        return [self.show_filter, self.rating_filter]

    def list_filters(self) -> tuple[str, ...]:
        return tuple(key for key in (self.show_filter.currentData(),
                                     self.rating_filter.currentData()) if key)

    def clear_filters(self) -> None:
        self.show_filter.setCurrentIndex(0)
        self.rating_filter.setCurrentIndex(0)

    def save_layout(self) -> None:
        super().save_layout()
        settings = QSettings()
        settings.setValue("leads/filter", self.show_filter.currentData())
        settings.setValue("leads/rating", self.rating_filter.currentData())

    def empty_message(self) -> str:
        if self._lister.count() and not self.model.rowCount():
            return self.tr("No leads match. Clear the search (Esc), or show All leads and "
                           "Any rating.")
        return super().empty_message()

    # -- what rows show -------------------------------------------------------------------
    def shown_value(self, row: Any, attribute: str) -> Any:
        value = getattr(row, attribute)
        if attribute == "status":
            return label(LEAD_STATUSES, value)
        if attribute == "rating":
            return label(LEAD_RATINGS, value)
        if attribute == "source":
            return label(LEAD_SOURCES, value)
        return cards.cell_text(value, row.currency, self.services.settings)

    def phone_numbers(self, record: LeadRecord) -> list[str]:
        return [n.strip() for n in (record.phone, record.mobile) if n.strip()]

    def email_addresses(self, record: LeadRecord) -> list[str]:
        return [record.email.strip()] if record.email.strip() else []

    def card_text(self, record: LeadRecord) -> str:
        name = " ".join(p for p in (record.first_name, record.last_name) if p)
        lines = [name, record.job_title, record.company, record.phone, record.mobile,
                 record.email, record.street,
                 " ".join(p for p in (record.postal_code, record.city) if p), record.country]
        return "\n".join(line for line in lines if line) + "\n"

    def new_record(self, within: RecordRef | None) -> LeadRecord:
        return LeadRecord(currency=self.services.settings.default_currency)

    def delete_warning(self) -> str:
        return self.tr("What a qualified lead became stays. Edit > Undo delete brings the "
                       "lead back, and so does File > Deleted items.")
