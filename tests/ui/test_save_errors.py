"""A salesperson's edit meets a database that cannot take it: the record was deleted by
another program meanwhile, or the disk is full, the file read-only, the database busy.
They are told in a sentence, and nothing they typed is lost."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog
from storage_faults import fill_up, hold_write_lock, make_read_only

from crmdesk.ui.parties.account_dialog import AccountDialog
from crmdesk.ui.parties.contact_dialog import ContactDialog

GONE = "was deleted by another program (or window) after you opened it;"
KEPT = "Nothing was saved, and what you typed is still here."


@pytest.fixture
def writer_elsewhere(main_window):
    """Another program holding the database's write lock for as long as the test runs."""
    other = hold_write_lock(main_window.services)
    yield other
    other.rollback()
    other.close()


def open_contact(qtbot, window, messages) -> ContactDialog:
    services = window.services
    dialog = ContactDialog(services, services.contacts.get(window.contacts.current_id()),
                           messages, window)
    qtbot.addWidget(dialog)
    return dialog


def open_account(qtbot, window, messages) -> AccountDialog:
    services = window.services
    window.show_view("accounts")
    dialog = AccountDialog(services, services.accounts.get(window.accounts.current_id()),
                           messages, window)
    qtbot.addWidget(dialog)
    return dialog


def type_over(qtbot, edit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


def test_a_contact_deleted_elsewhere_can_be_saved_as_a_new_one(qtbot, main_window,
                                                               messages) -> None:
    services = main_window.services
    dialog = open_contact(qtbot, main_window, messages)
    old_id = dialog.record.id
    type_over(qtbot, dialog.fields["job_title"], "Head of Purchasing")
    services.contacts.delete([old_id])  # another window, meanwhile
    messages.confirm_answer = True
    dialog.save()
    kind, title, text = messages.shown[-1]
    assert kind == "confirm" and text.startswith(f"This contact {GONE}")
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.saved.id != old_id and dialog.saved.job_title == "Head of Purchasing"
    assert services.contacts.count() == 60


def test_declining_keeps_the_dialog_open_and_closing_it_discards(qtbot, main_window,
                                                                 messages) -> None:
    services = main_window.services
    dialog = open_contact(qtbot, main_window, messages)
    type_over(qtbot, dialog.fields["job_title"], "Head of Purchasing")
    services.contacts.delete([dialog.record.id])
    messages.confirm_answer = False
    dialog.save()
    assert dialog.result() == 0 and dialog.saved is None
    assert dialog.fields["job_title"].text() == "Head of Purchasing"
    assert dialog.windowTitle() == "New contact"
    assert not dialog.form_error.isHidden() and GONE in dialog.form_error.text()
    shown = len(messages.shown)
    dialog.save()  # Save, now that it says what Save does, adds it
    assert len(messages.shown) == shown
    assert dialog.saved.job_title == "Head of Purchasing" and services.contacts.count() == 60


def test_after_discarding_the_list_no_longer_shows_the_deleted_contact(qtbot, main_window,
                                                                       messages) -> None:
    view = main_window.contacts
    services = main_window.services
    gone_id = view.current_id()

    def edit_then_lose_it() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            type_over(qtbot, dialog.fields["job_title"], "Head of Purchasing")
            services.contacts.delete([gone_id])
            messages.confirm_answer = False
            dialog.save()
        finally:
            dialog.reject()

    QTimer.singleShot(0, edit_then_lose_it)
    view.edit_current()
    assert view.model.row_of(gone_id) is None
    assert services.contacts.count() == 59


def test_an_account_deleted_elsewhere_can_be_saved_as_a_new_one(qtbot, main_window,
                                                                messages) -> None:
    services = main_window.services
    dialog = open_account(qtbot, main_window, messages)
    old_id = dialog.record.id
    type_over(qtbot, dialog.fields["industry"], "Shipping")
    services.accounts.delete([old_id])
    messages.confirm_answer = True
    dialog.save()
    assert messages.shown[-1][0] == "confirm"
    assert messages.shown[-1][2].startswith(f"This account {GONE}")
    assert dialog.saved.id != old_id and dialog.saved.industry == "Shipping"


def test_opening_a_contact_deleted_elsewhere_says_so(qtbot, main_window, messages) -> None:
    view = main_window.contacts
    gone_id = view.current_id()
    main_window.services.contacts.delete([gone_id])
    view.edit_current()
    kind, _title, text = messages.shown[-1]
    assert kind == "info" and "This contact was deleted by another program" in text
    assert view.model.row_of(gone_id) is None


@pytest.mark.parametrize("kind", ["contact", "account"])
def test_a_busy_database_keeps_the_dialog_and_the_input(qtbot, main_window, messages,
                                                        writer_elsewhere, kind: str) -> None:
    dialog = (open_contact if kind == "contact" else open_account)(qtbot, main_window,
                                                                    messages)
    field = dialog.fields["job_title" if kind == "contact" else "industry"]
    type_over(qtbot, field, "Typed with care")
    dialog.save()
    assert dialog.result() == 0 and dialog.saved is None
    assert field.text() == "Typed with care"
    kind_shown, _title, text = messages.shown[-1]
    assert kind_shown == "error" and text.startswith(KEPT)
    assert "The database is busy" in text and "UPDATE" not in text
    assert dialog.form_error.text() == text


@pytest.mark.parametrize("make, says", [
    (make_read_only, "The database cannot be written"),
    (fill_up, "The disk holding the database is full")], ids=["read-only", "full"])
def test_a_full_or_read_only_database_keeps_the_input(qtbot, main_window, messages,
                                                      make, says: str) -> None:
    make(main_window.services)
    dialog = open_contact(qtbot, main_window, messages)
    dialog.notes.setPlainText("Met at the fair in Herning. " * 10000)
    dialog.save()
    assert dialog.saved is None and dialog.notes.toPlainText().startswith("Met at the fair")
    assert messages.shown[-1][0] == "error" and says in messages.shown[-1][2]


def test_a_busy_database_deletes_nothing_and_says_so(qtbot, main_window, messages,
                                                     writer_elsewhere) -> None:
    view = main_window.contacts
    chosen = view.current_id()
    view.delete_selected()
    kind, _title, text = messages.shown[-1]
    assert kind == "error" and text.startswith("Nothing was deleted. The database is busy")
    assert view.model.row_of(chosen) is not None
