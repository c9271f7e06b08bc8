"""A salesperson deletes a customer who has a sale going: crmdesk asks whether the
opportunity goes too, and Cancel keeps everything."""

from __future__ import annotations

from decimal import Decimal

from crmdesk.kinds import RecordRef
from crmdesk.records import OpportunityRecord
from crmdesk.services.listing import ListQuery


def test_deleting_a_contact_asks_what_becomes_of_its_opportunities(qtbot, main_window,
                                                                   messages) -> None:
    services = main_window.services
    view = main_window.contacts
    view.select_row(0)
    first = view.current_id()
    name = view.model.display_row(0).display_name
    sale = services.opportunities.save(OpportunityRecord(
        topic="Forty chairs", customer=RecordRef("contact", first),
        estimated_revenue=Decimal("12000.00"), currency="DKK"))
    contacts = services.contacts.count()

    messages.choose_answer = -1  # Cancel keeps the contact and the sale
    view.delete_selected()
    assert services.contacts.count() == contacts
    assert services.opportunities.get(sale.id).customer == RecordRef("contact", first)

    messages.choose_answer = 0  # keep the opportunity under the name the contact had
    view.delete_selected()
    kind, _title, text = messages.shown[-1]
    assert kind == "choose" and "1 opportunities" in text
    assert messages.choices == ["Keep the opportunities", "Delete the opportunities too"]
    kept = services.opportunities.get(sale.id)
    assert kept.customer is None and kept.customer_name == name
    assert services.contacts.count() == contacts - 1

    view.select_row(0)
    second = view.current_id()
    gone = services.opportunities.save(OpportunityRecord(
        topic="A new desk", customer=RecordRef("contact", second),
        estimated_revenue=Decimal("900"), currency="DKK"))
    messages.choose_answer = 1
    view.delete_selected()
    assert services.opportunities.customer_count("contact", [second]) == 0
    assert gone.id not in services.opportunities.ids(ListQuery())
