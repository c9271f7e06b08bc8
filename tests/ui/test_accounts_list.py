"""The Accounts list shows where a company is, how to call it, what it is to us and how
many of its people we know, and sorts by any of them."""

from __future__ import annotations

from PySide6.QtCore import Qt

from crmdesk.kinds import RecordRef
from crmdesk.services.listing import ListQuery


def _column(view, title: str) -> int:
    model = view.model
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return titles.index(title)


def test_the_accounts_list_shows_city_phone_relationship_and_contacts(qtbot,
                                                                      main_window) -> None:
    main_window.show_view("accounts")
    view = main_window.accounts
    model = view.model
    columns = {title: _column(view, title)
               for title in ("Name", "City", "Phone", "Relationship", "Contacts")}
    assert [columns[t] for t in columns] == [0, 1, 2, 3, 4]  # the first five, in this order
    assert not any(view.table.isColumnHidden(c) for c in columns.values())

    view.table.sortByColumn(columns["Contacts"], Qt.SortOrder.DescendingOrder)
    counts = [model.index(r, columns["Contacts"]).data() for r in range(model.rowCount())]
    assert counts == sorted(counts, reverse=True) and counts[0] > 0
    first = model.id_at(0)
    assert counts[0] == view.services.contacts.count(
        ListQuery(within=RecordRef("account", first)))
    assert model.index(0, columns["City"]).data()
    assert model.index(0, columns["Phone"]).data()
