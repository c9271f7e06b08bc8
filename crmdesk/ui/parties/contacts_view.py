"""The Contacts view: people, with their card and the actions on them."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from crmdesk.kinds import RecordRef
from crmdesk.kinds.parties import CONTACT
from crmdesk.records import ContactRecord
from crmdesk.services.card_format import contact_html, contact_text
from crmdesk.ui.parties.party_view import PartyView
from crmdesk.ui.records.detail_pane import DetailPane
from crmdesk.ui.sales.party_links import sales_html


class ContactDetail(DetailPane):
    """A person's card (with photo) and History; Copy card puts it on the clipboard."""

    with_activities = True

    def build(self) -> None:
        self.copy_button = self.add_button(self.tr("Copy card"),
                                           self.tr("Copy the card as text (Ctrl+Shift+C)"),
                                           self.copy_card, writes=False)
        self.opportunity_button = self.add_button(
            self.tr("New opportunity…"), self.tr("A new opportunity with this customer"),
            self._new_opportunity)

    def show_card(self, record: ContactRecord) -> None:
        settings = self.services.settings
        assert record.id is not None
        self.show_html(contact_html(record, settings.date_format, region=settings.phone_region)
                       + sales_html(self.services, CONTACT.ref(record.id)), record.photo)

    def _new_opportunity(self) -> None:
        if self.record is not None and self.record.id is not None:
            self.create_requested.emit("opportunity", CONTACT.ref(self.record.id))

    def copy_card(self) -> None:
        if self.record is not None:
            QGuiApplication.clipboard().setText(contact_text(self.record))


class ContactsView(PartyView):
    kind = CONTACT
    detail: ContactDetail

    def new_record(self, within: RecordRef | None) -> ContactRecord:
        """A new contact; within an account, one working there."""
        if within is not None and within.kind == "account":
            return ContactRecord(company=self.services.accounts.name_of(within.id),
                                 account_id=within.id)
        return ContactRecord()

    def copy_card(self) -> None:
        """Edit > Copy card as text: the selected contact's card."""
        self.detail.copy_card()

    def card_text(self, record: ContactRecord) -> str:
        return contact_text(record)
