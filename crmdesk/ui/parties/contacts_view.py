"""The Contacts view: people, with their card and the actions on them."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from crmdesk.records import ContactRecord
from crmdesk.services.card_format import contact_html, contact_text
from crmdesk.services.wiring import Services
from crmdesk.ui.contact_dialog import ContactDialog
from crmdesk.ui.detail_pane import DetailPane, card_with_buttons
from crmdesk.ui.messages import Messages
from crmdesk.ui.party_view import PartyView
from crmdesk.ui.table_models import CONTACT_COLUMNS


class ContactsView(PartyView):
    kind = "contacts"
    noun = ("contact", "contacts")
    dialog_class = ContactDialog
    open_account = Signal(int)

    def __init__(self, services: Services, messages: Messages,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, messages, services.contacts, CONTACT_COLUMNS, parent)

    def build_detail(self) -> QWidget:
        self.detail = DetailPane()
        self.detail.navigate.connect(self._navigate)
        host, (self.edit_button, self.copy_button) = card_with_buttons(self.detail, [
            ("Edit…", "Edit this contact (Ctrl+E)", self.edit_current),
            ("Copy card", "Copy the card as text (Ctrl+Shift+C)", self.copy_card),
        ])
        return host

    def show_detail(self, party_id: int | None) -> None:
        record = self.record(party_id)
        self.edit_button.setEnabled(record is not None)
        self.copy_button.setEnabled(record is not None)
        if record is None:
            self.detail.clear(self.empty_message())
            return
        self.detail.show_html(contact_html(record), record.photo)


    def _navigate(self, kind: str, party_id: int) -> None:
        if kind == "account":
            self.open_account.emit(party_id)
        else:
            self.select_id(party_id)

    def copy_card(self) -> None:
        record = self.record(self.current_id())
        if record is not None:
            QGuiApplication.clipboard().setText(contact_text(record))

    def gone_message(self) -> str:
        return self.tr("This contact was deleted by another program (or window); the list "
                       "now shows the contacts that are left.")

    def new(self, company: str = "", account_id: int | None = None) -> None:
        self.open_dialog(ContactRecord(company=company, account_id=account_id))
