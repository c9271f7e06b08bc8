"""A salesperson keeps "More fields" on a card (a member number, what Outlook's User 1
held): adds, edits and removes them in the contact dialog, sees them on the card and
finds the person by them."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from crmdesk.records import ContactRecord, CustomField
from crmdesk.ui.parties.contact_dialog import ContactDialog


def open_dialog(qtbot, services, record, messages) -> ContactDialog:
    dialog = ContactDialog(services, record, messages)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.tabs.setCurrentIndex(1)
    return dialog


def add_field(qtbot, dialog: ContactDialog, label: str, value: str) -> dict:
    qtbot.mouseClick(dialog.more_fields.add_button, Qt.MouseButton.LeftButton)
    row = dialog.more_fields.rows()[-1]
    qtbot.keyClicks(row["label"], label)
    qtbot.keyClicks(row["value"], value)
    return row


def edit_in_window(qtbot, window, work) -> None:
    """Ctrl+E on the selected contact, ``work(dialog)`` in the dialog it opens."""
    done: list[bool] = []

    def in_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ContactDialog)
        dialog.tabs.setCurrentIndex(1)
        work(dialog)
        done.append(dialog.saved is not None)

    QTimer.singleShot(0, in_dialog)
    window.contacts.focus_search()
    qtbot.keyClick(window.contacts.search, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert done == [True]


def test_a_field_added_in_the_window_shows_on_the_card_and_is_found(qtbot,
                                                                   main_window) -> None:
    view = main_window.contacts
    person = view.current_id()

    def add(dialog: ContactDialog) -> None:
        add_field(qtbot, dialog, "Member no.", "Kingfisher 4411")
        dialog.save()

    edit_in_window(qtbot, main_window, add)
    stored = view.services.contacts.get(person)
    assert stored.custom_fields[-1] == CustomField("Member no.", "Kingfisher 4411")
    qtbot.waitUntil(lambda: "Kingfisher 4411" in view.detail.browser.toPlainText())
    assert "More fields" in view.detail.browser.toPlainText()
    view.search.setText("kingfisher")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert view.model.id_at(0) == person


def test_a_field_edited_or_removed_in_the_window_is_so_on_the_card_and_in_search(
        qtbot, main_window) -> None:
    view = main_window.contacts
    person = view.current_id()
    record = view.services.contacts.get(person)
    record.custom_fields = [CustomField("Member no.", "Heron 11"),
                            CustomField("User 1", "Osprey partner")]
    view.services.contacts.save(record)

    def edit_and_remove(dialog: ContactDialog) -> None:
        first, second = dialog.more_fields.rows()
        first["value"].clear()
        qtbot.keyClicks(first["value"], "Pelican 12")
        qtbot.mouseClick(second["remove"], Qt.MouseButton.LeftButton)
        dialog.save()

    edit_in_window(qtbot, main_window, edit_and_remove)
    assert view.services.contacts.get(person).custom_fields == [
        CustomField("Member no.", "Pelican 12")]
    card = view.detail.browser
    qtbot.waitUntil(lambda: "Pelican 12" in card.toPlainText())
    assert "Osprey" not in card.toPlainText() and "Heron" not in card.toPlainText()
    view.search.setText("pelican")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    view.search.setText("osprey")
    qtbot.waitUntil(lambda: view.model.rowCount() == 0)


def test_fields_are_saved_in_the_order_shown_without_empty_rows(qtbot, services,
                                                                messages) -> None:
    dialog = open_dialog(qtbot, services, ContactRecord(first_name="Bo"), messages)
    add_field(qtbot, dialog, "Member no.", "4411")
    qtbot.mouseClick(dialog.more_fields.add_button, Qt.MouseButton.LeftButton)  # left empty
    add_field(qtbot, dialog, "Anniversary", "2019-05-01")
    add_field(qtbot, dialog, "Only a label", "")
    dialog.save()
    assert dialog.saved is not None
    assert services.contacts.get(dialog.saved.id).custom_fields == [
        CustomField("Member no.", "4411"), CustomField("Anniversary", "2019-05-01")]


def test_a_value_without_a_label_is_marked_until_it_gets_one(qtbot, services,
                                                             messages) -> None:
    dialog = open_dialog(qtbot, services, ContactRecord(first_name="Bo"), messages)
    add_field(qtbot, dialog, "Member no.", "4411")
    blank = add_field(qtbot, dialog, "", "Platinum partner")
    dialog.tabs.setCurrentIndex(0)
    dialog.save()
    assert dialog.saved is None and dialog.tabs.currentIndex() == 1
    assert "label" in blank["error"].text() and not blank["error"].isHidden()
    assert dialog.more_fields.rows()[0]["error"].isHidden()
    qtbot.keyClicks(blank["label"], "Level")
    qtbot.waitUntil(lambda: blank["error"].isHidden())
    assert dialog.form_error.isHidden()
    dialog.save()
    assert dialog.saved.custom_fields[-1] == CustomField("Level", "Platinum partner")


def test_esc_after_editing_a_field_asks(qtbot, services, messages, contact_factory) -> None:
    saved = services.contacts.save(contact_factory(
        custom_fields=[CustomField("Member no.", "4411")]))
    dialog = open_dialog(qtbot, services, services.contacts.get(saved.id), messages)
    qtbot.mouseClick(dialog.more_fields.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # an empty new row is no change
    assert not dialog.isVisible() and messages.shown == []

    dialog = open_dialog(qtbot, services, services.contacts.get(saved.id), messages)
    qtbot.keyClicks(dialog.more_fields.rows()[0]["value"], "-B")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert messages.shown[-1][:2] == ("choose", "Unsaved changes") and dialog.isVisible()

    messages.shown.clear()
    dialog = open_dialog(qtbot, services, services.contacts.get(saved.id), messages)
    qtbot.mouseClick(dialog.more_fields.rows()[0]["remove"], Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert messages.shown[-1][:2] == ("choose", "Unsaved changes")


def test_a_label_is_completed_from_those_in_use(qtbot, services, messages,
                                                contact_factory) -> None:
    services.contacts.save(contact_factory(custom_fields=[
        CustomField("Member no.", "4411"), CustomField("Golf handicap", "12")]))
    dialog = open_dialog(qtbot, services, ContactRecord(first_name="Bo"), messages)
    qtbot.mouseClick(dialog.more_fields.add_button, Qt.MouseButton.LeftButton)
    label = dialog.more_fields.rows()[-1]["label"]
    qtbot.keyClicks(label, "memb")
    completer = label.completer()
    qtbot.waitUntil(lambda: completer.popup().isVisible())
    assert completer.currentCompletion() == "Member no."


def test_four_fields_fit_on_details_without_scrolling_at_1280x800(qtbot, services, messages,
                                                                 contact_factory) -> None:
    saved = services.contacts.save(contact_factory(custom_fields=[
        CustomField(f"Field {n}", f"Value {n}") for n in range(1, 5)]))
    dialog = open_dialog(qtbot, services, services.contacts.get(saved.id), messages)
    details = dialog.tabs.widget(1)
    assert details.widget().isAncestorOf(dialog.more_fields)
    for size in ((940, 680), (1280, 740)):  # as it opens, and a 1280x800 screen
        dialog.resize(*size)
        qtbot.waitUntil(lambda size=size: dialog.height() == size[1])
        assert details.verticalScrollBar().maximum() == 0
