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

    def delete_choices(self, ids: list[int], title: str) -> dict[str, bool] | None:
        """A customer of opportunities: do they go too, or stay under its name?"""
        count = self.services.opportunities.customer_count(self.kind.name, ids)
        if not count:
            return {"with_opportunities": False}
        question = (self.tr("One opportunity (won, lost or open) is for them. Keep it under "
                            "the name the customer has now, or delete it too (with its "
                            "quotes)?") if count == 1 else
                    self.tr("%1 opportunities (won, lost or open) are for them. Keep them "
                            "under the name the customer has now, or delete them too (with "
                            "their quotes)?").replace("%1", f"{count:,}"))
        choice = self.messages.choose(self, title, question,
                                      [self.tr("Delete, keep the opportunities"),
                                       self.tr("Delete with the opportunities")])
        return None if choice < 0 else {"with_opportunities": choice == 1}
