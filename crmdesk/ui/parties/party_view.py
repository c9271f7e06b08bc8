"""What the lists of contacts and of accounts share: phones and e-mails to reach."""

from __future__ import annotations

from crmdesk.records import AccountRecord, ContactRecord
from crmdesk.services.card_format import phone_url
from crmdesk.ui.records.list_view import RecordView


class PartyView(RecordView):
    """A list of parties; the row's menu calls, writes to and copies their channels."""

    def phone_numbers(self, record: ContactRecord | AccountRecord) -> list[str]:
        return [p.number.strip() for p in record.phones if p.number.strip()]

    def call_url(self, record: ContactRecord | AccountRecord, number: str) -> str:
        phone = next(p for p in record.phones if p.number.strip() == number)
        return phone_url(record, phone, self.services.settings.phone_region)

    def email_addresses(self, record: ContactRecord | AccountRecord) -> list[str]:
        return [e.address.strip() for e in record.emails if e.address.strip()]
