"""A salesperson right-clicks people in the list: calls, writes, copies, files them into
categories, prints and deletes them, one or several at a time."""

from __future__ import annotations

from popups import UrlCatcher, entries, entry, right_click
from PySide6.QtCore import QItemSelectionModel, QPoint, QTimer
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QApplication, QMenu

from crmdesk.services.card_format import contact_text
from crmdesk.services.listing import ListQuery
from crmdesk.ui.printing import PrintDialog


def row_point(view, row: int) -> QPoint:
    return view.table.visualRect(view.model.index(row, 1)).center()


def select_rows(view, rows: list[int]) -> list[int]:
    """Ctrl-click these rows, as a user picks several; returns their ids."""
    selection = view.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
    for row in rows:
        selection.setCurrentIndex(view.model.index(row, 0),
                                  flags | QItemSelectionModel.SelectionFlag.Rows)
        flags = QItemSelectionModel.SelectionFlag.Select
    return [view.model.id_at(r) for r in rows]


def someone_reachable(view) -> int:
    contacts = view.services.contacts
    for row in range(view.model.rowCount()):
        record = contacts.get(view.model.id_at(row))
        if record.phones and record.emails and len(record.phones) == 1:
            return row
    raise AssertionError("the demo data has people with one phone and an e-mail")



def test_right_click_on_a_person_offers_what_a_salesperson_does(qtbot, main_window) -> None:
    view = main_window.contacts
    row = someone_reachable(view)
    record = view.services.contacts.get(view.model.id_at(row))
    offered = right_click(view.table.viewport(), row_point(view, row))
    assert view.current_id() == record.id  # the row under the cursor
    assert offered == [f"Call {record.phones[0].number}",
                       f"Write e-mail to {record.emails[0].address}",
                       "Copy phone", "Copy e-mail", "Copy card",
                       "Add to category", "Remove from category",
                       "Log call…", "Add note…", "Schedule",
                       "Edit…", "New contact…", "Print…", "Delete…"]


def test_call_and_write_hand_the_person_to_the_dialler_and_the_mail_program(
        qtbot, main_window) -> None:
    view = main_window.contacts
    row = someone_reachable(view)
    record = view.services.contacts.get(view.model.id_at(row))
    catcher = UrlCatcher()
    for scheme in ("mailto", "tel"):
        QDesktopServices.setUrlHandler(scheme, catcher, "open")
    try:
        for text in (f"Call {record.phones[0].number}",
                     f"Write e-mail to {record.emails[0].address}"):
            right_click(view.table.viewport(), row_point(view, row),
                        lambda menu, text=text: entry(menu, text))
    finally:
        for scheme in ("mailto", "tel"):
            QDesktopServices.unsetUrlHandler(scheme)
    national = "".join(c for c in record.phones[0].number if c.isdigit()).lstrip("0")
    called, written = catcher.urls
    assert called.startswith("tel:+") and called.endswith(national)  # in full, as dialled
    assert written == f"mailto:{record.emails[0].address}"


def test_copy_phone_e_mail_and_card(qtbot, main_window) -> None:
    view = main_window.contacts
    row = someone_reachable(view)
    record = view.services.contacts.get(view.model.id_at(row))
    clipboard = QApplication.clipboard()
    for text, expected in (("Copy phone", record.phones[0].number),
                           ("Copy e-mail", record.emails[0].address),
                           ("Copy card", contact_text(record))):
        right_click(view.table.viewport(), row_point(view, row),
                    lambda menu, text=text: entry(menu, text))
        assert clipboard.text() == expected
    card = clipboard.text()
    assert card.startswith(record.first_name) and record.company in card


def test_several_people_go_into_a_category_and_come_out_again(qtbot, main_window,
                                                              messages) -> None:
    view = main_window.contacts
    contacts = view.services.contacts
    existing = sorted((name for name, _ in contacts.categories()), key=str.casefold)
    ids = select_rows(view, [1, 3, 4])

    def add_to(menu: QMenu, name: str) -> QAction:
        submenu = next(a for a in menu.actions() if a.text() == "Add to category").menu()
        assert entries(submenu) == [*existing, "New category…"]
        return entry(menu, "Add to category", name)

    right_click(view.table.viewport(), row_point(view, 4),  # on one of those picked
                lambda menu: add_to(menu, existing[0]))
    assert sorted(view.selected_ids()) == sorted(ids)
    assert all(existing[0] in contacts.get(i).categories for i in ids)

    messages.text_answer = "Golf day"
    right_click(view.table.viewport(), row_point(view, 4),
                lambda menu: entry(menu, "Add to category", "New category…"))
    assert sorted(contacts.ids(ListQuery(category="Golf day"))) == sorted(ids)
    assert view.category.findData("Golf day") > 0  # the filter offers it now
    view.search.setText("golf day")
    view.apply_search()
    assert sorted(view.model.id_at(r) for r in range(view.model.rowCount())) == sorted(ids)

    select_rows(view, list(range(view.model.rowCount())))
    right_click(view.table.viewport(), row_point(view, 0),
                lambda menu: entry(menu, "Remove from category", "Golf day"))
    assert list(contacts.ids(ListQuery(category="Golf day"))) == []
    assert view.model.rowCount() == 0  # the search for it finds no one now


def test_delete_from_the_menu_asks_and_deletes_the_selected_people(qtbot, main_window,
                                                                   messages) -> None:
    view = main_window.contacts
    before = view.model.rowCount()
    ids = select_rows(view, [2, 5])
    right_click(view.table.viewport(), row_point(view, 5),
                lambda menu: entry(menu, "Delete…"))
    assert messages.shown[-1][0] == "confirm" and "Delete 2 contacts?" in messages.shown[-1][2]
    assert view.model.rowCount() == before - 2
    assert not set(ids) & set(view.services.contacts.ids(ListQuery()))


def test_print_from_the_menu_prints_the_person_clicked(qtbot, main_window) -> None:
    view = main_window.contacts
    scopes: list[tuple[str, tuple[int, ...]]] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PrintDialog):  # still being built
            QTimer.singleShot(10, look)
            return
        scopes.append((dialog.scope_box.currentData(), dialog.selected_ids))
        dialog.reject()

    def print_it(menu: QMenu) -> QAction:
        QTimer.singleShot(0, look)
        return entry(menu, "Print…")

    right_click(view.table.viewport(), row_point(view, 3), print_it)
    assert scopes == [("selection", (view.model.id_at(3),))]


def test_the_card_grid_offers_the_same_menu(qtbot, main_window) -> None:
    view = main_window.contacts
    view.set_mode(1)
    rect = view.cards.visualRect(view.model.index(2, 0))
    offered = right_click(view.cards.viewport(), rect.center())
    assert view.current_id() == view.model.id_at(2)
    assert "Copy card" in offered and "Add to category" in offered


def test_an_account_is_copied_and_filed_the_same_way(qtbot, main_window) -> None:
    main_window.show_view("accounts")
    view = main_window.accounts
    record = view.services.accounts.get(view.current_id())
    right_click(view.table.viewport(), row_point(view, 0),
                lambda menu: entry(menu, "Copy card"))
    assert QApplication.clipboard().text().startswith(record.name + "\n")
    right_click(view.table.viewport(), row_point(view, 0),
                lambda menu: entry(menu, "Add to category", "New category…"))  # cancelled
    assert view.services.accounts.get(record.id).categories == record.categories


def test_call_without_a_dialler_offers_to_copy_the_number(qtbot, main_window, messages) -> None:
    """The menu's Call goes where the card's phone link goes: no program, then a copy."""
    view = main_window.contacts
    row = someone_reachable(view)
    record = view.services.contacts.get(view.model.id_at(row))
    view.detail.open_url = lambda url: False
    messages.confirm_answer = True
    right_click(view.table.viewport(), row_point(view, row),
                lambda menu: entry(menu, f"Call {record.phones[0].number}"))
    assert "No program on this computer makes calls" in messages.shown[-1][2]
    assert QApplication.clipboard().text().startswith("+")
