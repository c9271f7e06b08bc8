"""The Accounts view: companies, their people and their sub-accounts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crmdesk.kinds import RecordRef
from crmdesk.kinds.parties import ACCOUNT
from crmdesk.records import AccountRecord
from crmdesk.services.card_format import account_html, account_text
from crmdesk.services.listing import ListQuery
from crmdesk.ui.parties.party_view import PartyView
from crmdesk.ui.records.detail_pane import DetailPane
from crmdesk.ui.records.table_model import ID_ROLE, RecordTableModel
from crmdesk.ui.sales.party_links import sales_html


def _small_table(model: RecordTableModel, shown: tuple[str, ...]) -> QTableView:
    """A compact read-only list showing only the columns named in ``shown``."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(22)
    table.horizontalHeader().setStretchLastSection(True)
    for col, column in enumerate(model.columns):
        table.setColumnHidden(col, column.key not in shown)
        table.setColumnWidth(col, 150)
    return table


class AccountDetail(DetailPane):
    """A company's card, and below it its contacts and its sub-accounts; its History
    (with its contacts' activities)."""

    with_activities = True

    def build(self) -> None:
        self.add_person = self.add_button(self.tr("Add contact…"),
                                          self.tr("A new contact working for this account"),
                                          self._add_person)
        self.opportunity_button = self.add_button(
            self.tr("New opportunity…"), self.tr("A new opportunity with this customer"),
            self._new_opportunity)
        self.people_model = RecordTableModel(self.services.contacts, self)
        self.people_label = QLabel()
        self.people = _small_table(self.people_model, ("name", "job_title", "phone", "email"))
        self.people.setObjectName("accountContacts")
        self.people.doubleClicked.connect(
            lambda index: self.navigate.emit(RecordRef("contact", index.data(ID_ROLE))))
        self.subs_model = RecordTableModel(self.services.accounts, self)
        self.subs_label = QLabel()
        self.subs = _small_table(self.subs_model, ("name", "city"))
        self.subs.setObjectName("subAccounts")
        self.subs.doubleClicked.connect(
            lambda index: self.navigate.emit(RecordRef("account", index.data(ID_ROLE))))

    def body(self) -> QWidget:
        host = QSplitter(Qt.Orientation.Vertical)
        host.addWidget(self.card)
        for label, table in ((self.people_label, self.people), (self.subs_label, self.subs)):
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 4, 0, 0)
            box_layout.addWidget(label)
            box_layout.addWidget(table)
            host.addWidget(box)
        host.setSizes([300, 220, 120])
        return host

    def show_record(self, record: AccountRecord | None, empty_message: str) -> None:
        scope = ListQuery(within=RecordRef("account", record.id if record and record.id
                                           else -1))
        self.people_model.set_query(scope)
        self.subs_model.set_query(scope)
        self.people_label.setText(self.tr("Contacts (%1) – double-click to open").replace(
            "%1", str(self.people_model.rowCount())))
        self.subs_label.setText(self.tr("Sub-accounts (%1)").replace(
            "%1", str(self.subs_model.rowCount())))
        super().show_record(record, empty_message)

    def show_card(self, record: AccountRecord) -> None:
        accounts, contacts = self.services.accounts, self.services.contacts
        primary = ""
        if record.primary_contact_id is not None:
            rows = contacts.rows([record.primary_contact_id])
            primary = rows[0].display_name if rows else ""
        assert record.id is not None
        self.show_html(account_html(record, accounts.name_of(record.parent_id), primary,
                                    region=self.services.settings.phone_region)
                       + sales_html(self.services, ACCOUNT.ref(record.id)))

    def _new_opportunity(self) -> None:
        if self.record is not None and self.record.id is not None:
            self.create_requested.emit("opportunity", ACCOUNT.ref(self.record.id))

    def _add_person(self) -> None:
        if self.record is not None and self.record.id is not None:
            self.create_requested.emit("contact", RecordRef("account", self.record.id))


class AccountsView(PartyView):
    kind = ACCOUNT
    detail: AccountDetail

    def card_text(self, record: AccountRecord) -> str:
        return account_text(record)

    def delete_warning(self) -> str:
        return self.tr("Their contacts stay, without a company. Edit > Undo delete brings "
                       "the account back and gives them their company again, and so does "
                       "File > Deleted items.")
