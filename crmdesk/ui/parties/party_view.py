"""What the lists of contacts and of accounts share: phones and e-mails to reach."""

from __future__ import annotations

from crmdesk.records import AccountRecord, ContactRecord
from crmdesk.ui.records.list_view import RecordView


class PartyView(RecordView):
    """A list of parties; the row's menu calls, writes to and copies their channels."""

    def phone_numbers(self, record: ContactRecord | AccountRecord) -> list[str]:
        return [p.number.strip() for p in record.phones if p.number.strip()]

    def email_addresses(self, record: ContactRecord | AccountRecord) -> list[str]:
        return [e.address.strip() for e in record.emails if e.address.strip()]
