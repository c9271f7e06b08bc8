"""The Accounts view: companies, their people and their sub-accounts."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crmdesk.records import AccountRecord
from crmdesk.services.card_format import account_html
from crmdesk.services.listing import ListQuery
from crmdesk.services.wiring import Services
from crmdesk.ui.account_dialog import AccountDialog
from crmdesk.ui.detail_pane import DetailPane, card_with_buttons
from crmdesk.ui.messages import Messages
from crmdesk.ui.party_view import PartyView
from crmdesk.ui.table_models import (
    ACCOUNT_COLUMNS,
    CONTACT_COLUMNS,
    ID_ROLE,
    PartyTableModel,
)


def _small_table(model: PartyTableModel, shown: tuple[str, ...]) -> QTableView:
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


class AccountsView(PartyView):
    kind = "accounts"
    noun = ("account", "accounts")
    dialog_class = AccountDialog
    open_contact = Signal(int)
    new_contact_for = Signal(str, int)  # company name, account id

    def __init__(self, services: Services, messages: Messages,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, messages, services.accounts, ACCOUNT_COLUMNS, parent)

    def build_detail(self) -> QWidget:
        host = QSplitter(Qt.Orientation.Vertical)
        self.detail = DetailPane()
        self.detail.navigate.connect(self._navigate)
        top, (self.edit_button, self.add_person) = card_with_buttons(self.detail, [
            ("Edit…", "Edit this account (Ctrl+E)", self.edit_current),
            ("Add contact…", "A new contact working for this account", self._add_person),
        ])
        host.addWidget(top)

        self.people_model = PartyTableModel(self.services.contacts, CONTACT_COLUMNS, self)
        self.people_label = QLabel("Contacts")
        self.people = _small_table(self.people_model, ("name", "job_title", "phone", "email"))
        self.people.setObjectName("accountContacts")
        self.people.doubleClicked.connect(
            lambda index: self.open_contact.emit(index.data(ID_ROLE)))
        self.subs_model = PartyTableModel(self.services.accounts, ACCOUNT_COLUMNS, self)
        self.subs_label = QLabel("Sub-accounts")
        self.subs = _small_table(self.subs_model, ("name", "city"))
        self.subs.setObjectName("subAccounts")
        self.subs.doubleClicked.connect(lambda index: self.select_id(index.data(ID_ROLE)))
        for label, table in ((self.people_label, self.people), (self.subs_label, self.subs)):
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 4, 0, 0)
            box_layout.addWidget(label)
            box_layout.addWidget(table)
            host.addWidget(box)
        host.setSizes([300, 220, 120])
        return host

    def show_detail(self, party_id: int | None) -> None:
        record = self.record(party_id)
        self.edit_button.setEnabled(record is not None)
        self.add_person.setEnabled(record is not None)
        scope = ListQuery(account_id=record.id if record else -1)
        self.people_model.set_query(scope)
        self.subs_model.set_query(scope)
        self.people_label.setText(f"Contacts ({self.people_model.rowCount()})"
                                  " – double-click to open")
        self.subs_label.setText(f"Sub-accounts ({self.subs_model.rowCount()})")
        if record is None:
            self.detail.clear(self.empty_message())
            return
        accounts, contacts = self.services.accounts, self.services.contacts
        primary = ""
        if record.primary_contact_id is not None:
            rows = contacts.rows([record.primary_contact_id])
            primary = rows[0].display_name if rows else ""
        self.detail.show_html(account_html(record, accounts.name_of(record.parent_id), primary))


    def _navigate(self, kind: str, party_id: int) -> None:
        if kind == "contact":
            self.open_contact.emit(party_id)
        else:
            self.select_id(party_id)

    def _add_person(self) -> None:
        record = self.record(self.current_id())
        if record is not None and record.id is not None:
            self.new_contact_for.emit(record.name, record.id)

    def new(self) -> None:
        self.open_dialog(AccountRecord())

    def delete_warning(self) -> str:
        return "Their contacts stay, without a company. This cannot be undone."

    def gone_message(self) -> str:
        return self.tr("This account was deleted by another program (or window); the list "
                       "now shows the accounts that are left.")
