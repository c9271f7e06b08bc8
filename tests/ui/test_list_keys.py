"""A salesperson works the list from the keyboard: search, into the list, open, back."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from crmdesk.records import ContactRecord
from crmdesk.services.collation import collation_for
from crmdesk.services.listing import ListQuery
from crmdesk.ui.parties.contact_dialog import ContactDialog


def opened_on_key(qtbot, widget, key: Qt.Key,
                  modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> list:
    """Press a key and return the records the dialogs it opened were editing (closed)."""
    opened: list = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, ContactDialog):
            opened.append(dialog.record.id)
            dialog.reject()

    QTimer.singleShot(0, look)
    qtbot.keyClick(widget, key, modifier)
    window = widget.window()
    window.activateWindow()  # as the window manager does once the dialog has gone
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return opened


def type_search(qtbot, view, text: str) -> None:
    qtbot.keyClick(view.window(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(view.search, text)


def test_down_goes_into_the_list_and_esc_comes_back_then_clears(qtbot, main_window) -> None:
    view = main_window.contacts
    everyone = view.model.rowCount()
    wanted = view.services.contacts.get(view.model.id_at(everyone // 2))
    type_search(qtbot, view, wanted.last_name)
    qtbot.keyClick(view.search, Qt.Key.Key_Down)  # without waiting for the search to run
    assert view.table.hasFocus()
    assert view.model.rowCount() < everyone
    assert view.current_id() == view.model.id_at(0)
    assert view.selected_ids() == [view.current_id()]
    if view.model.rowCount() > 1:
        qtbot.keyClick(view.table, Qt.Key.Key_Down)
        assert view.current_id() == view.model.id_at(1)
    qtbot.keyClick(view.table, Qt.Key.Key_Escape)
    assert view.search.hasFocus() and view.search.text() == wanted.last_name
    qtbot.keyClick(view.search, Qt.Key.Key_Escape)
    assert view.search.text() == ""
    qtbot.waitUntil(lambda: view.model.rowCount() == everyone)


def test_down_selects_the_first_row_when_nothing_is_selected(qtbot, main_window) -> None:
    view = main_window.contacts
    view.table.clearSelection()
    view.focus_search()
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    assert view.table.hasFocus()
    assert view.current_id() is not None
    assert view.selected_ids() == [view.current_id()]


def test_enter_in_the_search_box_opens_the_person_found(qtbot, main_window) -> None:
    view = main_window.contacts
    wanted = view.services.contacts.get(view.model.id_at(7))
    type_search(qtbot, view, f"{wanted.first_name} {wanted.last_name}")
    assert opened_on_key(qtbot, view.search, Qt.Key.Key_Return) == [wanted.id]


def test_ctrl_e_edits_the_selected_person_from_the_search_box_or_the_list(
        qtbot, main_window) -> None:
    view = main_window.contacts
    view.focus_search()
    first = view.current_id()
    assert opened_on_key(qtbot, view.search, Qt.Key.Key_E,
                         Qt.KeyboardModifier.ControlModifier) == [first]
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    second = view.current_id()
    assert second != first
    assert opened_on_key(qtbot, view.table, Qt.Key.Key_E,
                         Qt.KeyboardModifier.ControlModifier) == [second]
    assert opened_on_key(qtbot, view.table, Qt.Key.Key_Return) == [second]


def test_the_keys_work_the_same_in_the_card_grid(qtbot, main_window) -> None:
    view = main_window.contacts
    view.set_mode(1)
    view.focus_search()
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    assert view.cards.hasFocus()
    assert opened_on_key(qtbot, view.cards, Qt.Key.Key_Return) == [view.current_id()]
    qtbot.keyClick(view.cards, Qt.Key.Key_Escape)
    assert view.search.hasFocus()


def test_typing_a_search_after_choosing_a_letter_searches_everyone(qtbot, main_window) -> None:
    """Chose "B" earlier, now looks for someone filed under another letter: found."""
    view = main_window.contacts
    contacts = view.services.contacts
    people = [contacts.get(i) for i in contacts.ids(ListQuery())]
    danish = collation_for("da")  # the fixture's region is DK

    def filed(p: ContactRecord) -> str:
        return danish.heading(danish.key(p.last_name))

    chosen = min(filed(p) for p in people)
    wanted = next(p for p in people if filed(p) != chosen)
    tab = view.alphabet
    qtbot.mouseClick(tab, Qt.MouseButton.LeftButton,
                     pos=tab.tabRect(tab.labels().index(chosen)).center())
    assert view.alphabet.letter() == chosen
    assert wanted.id not in [view.model.id_at(r) for r in range(view.model.rowCount())]
    type_search(qtbot, view, wanted.last_name)
    assert view.alphabet.letter() == "" and tab.tabText(tab.currentIndex()) == "All"
    qtbot.waitUntil(lambda: wanted.id in [view.model.id_at(r)
                                          for r in range(view.model.rowCount())])
