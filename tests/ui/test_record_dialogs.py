"""The contact and account dialogs as a salesperson uses them: a card in two tabs, a
changed form that asks before it is thrown away, messages that go once the field is
right, an empty birthday, categories picked from those in use, and a company that
already exists."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from crmdesk.records import AccountRecord, ContactRecord
from crmdesk.ui.parties.account_dialog import AccountDialog
from crmdesk.ui.parties.contact_dialog import ContactDialog
from crmdesk.ui.records.dialog import DISCARD, SAVE


def open_dialog(qtbot, dialog_class, services, record, messages):
    dialog = dialog_class(services, record, messages)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_esc_on_an_unchanged_card_just_closes(qtbot, services, messages, contact_factory):
    saved = services.contacts.save(contact_factory())
    dialog = open_dialog(qtbot, ContactDialog, services, services.contacts.get(saved.id),
                         messages)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and messages.shown == []


def test_esc_on_a_changed_card_asks_and_cancel_keeps_the_typing(qtbot, services, messages,
                                                                contact_factory):
    saved = services.contacts.save(contact_factory())
    dialog = open_dialog(qtbot, ContactDialog, services, services.contacts.get(saved.id),
                         messages)
    qtbot.keyClicks(dialog.fields["job_title"], " and Logistics")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert messages.shown[-1][:2] == ("choose", "Unsaved changes")
    assert messages.choices == ["Save", "Discard"]
    assert dialog.isVisible()
    assert dialog.fields["job_title"].text() == "Purchasing Manager and Logistics"


def test_save_from_the_question_saves_and_discard_throws_away(qtbot, services, messages,
                                                              contact_factory):
    saved = services.contacts.save(contact_factory())
    dialog = open_dialog(qtbot, ContactDialog, services, services.contacts.get(saved.id),
                         messages)
    dialog.notes.setPlainText("Call back in May")
    messages.choose_answer = SAVE
    dialog.close()  # the window's close button
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert services.contacts.get(saved.id).notes == "Call back in May"

    again = open_dialog(qtbot, ContactDialog, services, services.contacts.get(saved.id),
                        messages)
    again.notes.setPlainText("Never mind")
    messages.choose_answer = DISCARD
    again.reject()  # Cancel
    assert again.result() == QDialog.DialogCode.Rejected and not again.isVisible()
    assert services.contacts.get(saved.id).notes == "Call back in May"


def test_the_account_dialog_asks_too(qtbot, services, messages):
    dialog = open_dialog(qtbot, AccountDialog, services, AccountRecord(), messages)
    qtbot.keyClicks(dialog.fields["name"], "Ærø Shipping")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert messages.shown[-1][0] == "choose" and dialog.isVisible()


def test_a_message_goes_as_soon_as_the_field_is_right(qtbot, services, messages):
    dialog = open_dialog(qtbot, ContactDialog, services, ContactRecord(), messages)
    email = dialog.emails.rows()[0]
    qtbot.keyClicks(email["value"], "bo-at-holm.dk")
    dialog.save()
    assert not dialog.name_error.isHidden()
    assert "not an e-mail address" in email["error"].text()

    qtbot.keyClicks(dialog.fields["first_name"], "Bo")
    qtbot.waitUntil(lambda: dialog.name_error.isHidden())
    assert not email["error"].isHidden()  # still wrong
    email["value"].clear()
    qtbot.keyClicks(email["value"], "bo@holm.dk")
    qtbot.waitUntil(lambda: email["error"].isHidden())
    assert dialog.form_error.isHidden()


def test_a_problem_on_the_other_tab_turns_to_it(qtbot, services, messages):
    dialog = open_dialog(qtbot, ContactDialog, services, ContactRecord(first_name="Bo"),
                         messages)
    dialog.birthday.setText("31.02.1980")
    dialog.save()
    assert dialog.saved is None
    assert dialog.tabs.currentIndex() == 1 and "not a date" in dialog.birthday_error.text()


def test_the_birthday_can_be_left_empty_or_cleared(qtbot, services, messages,
                                                  contact_factory):
    services.settings.date_format = "%d.%m.%Y"
    saved = services.contacts.save(contact_factory(birthday=date(1967, 12, 28)))
    dialog = open_dialog(qtbot, ContactDialog, services, services.contacts.get(saved.id),
                         messages)
    assert dialog.birthday.text() == "28.12.1967"
    dialog.birthday.clear()
    dialog.save()
    assert dialog.saved is not None and services.contacts.get(saved.id).birthday is None

    dialog = open_dialog(qtbot, ContactDialog, services, services.contacts.get(saved.id),
                         messages)
    qtbot.keyClicks(dialog.birthday, "3.4.1980")
    dialog.save()
    assert services.contacts.get(saved.id).birthday == date(1980, 4, 3)


def test_categories_are_picked_from_those_in_use(qtbot, services, messages, contact_factory):
    services.contacts.save(contact_factory(categories=["Golf", "Newsletter"]))
    services.accounts.save(AccountRecord(name="Acme ApS", categories=["Key account"]))
    dialog = open_dialog(qtbot, ContactDialog, services, ContactRecord(first_name="Bo"),
                         messages)
    completer = dialog.categories.completer()
    assert completer.model().stringList() == ["Golf", "Key account", "Newsletter"]
    dialog.tabs.setCurrentIndex(1)
    qtbot.keyClicks(dialog.categories, "Golf, news")
    qtbot.waitUntil(lambda: completer.popup().isVisible())
    assert completer.currentCompletion() == "Golf, Newsletter, "
    popup = completer.popup()
    first = popup.model().index(0, 0)
    assert first.data() == "Newsletter"
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton,
                     pos=popup.visualRect(first).center())
    assert dialog.categories.values() == ["Golf", "Newsletter"]


def test_name_company_phones_emails_and_address_fit_on_general_at_1280x800(
        qtbot, services, messages, contact_factory):
    saved = services.contacts.save(contact_factory())
    dialog = open_dialog(qtbot, ContactDialog, services, services.contacts.get(saved.id),
                         messages)
    assert dialog.width() <= 1280 and dialog.height() <= 800 - 60  # room for the title bar
    general = dialog.tabs.widget(0)
    for size in ((940, 680), (1280, 740)):  # as it opens, and the whole of a 1280x800 screen
        dialog.resize(*size)
        qtbot.waitUntil(lambda size=size: dialog.height() == size[1])
        assert general.verticalScrollBar().maximum() == 0  # nothing to scroll to
    page = general.widget()
    for widget in (dialog.fields["last_name"], dialog.company, dialog.phones,
                   dialog.emails, dialog.addresses):
        assert page.isAncestorOf(widget)
    details = dialog.tabs.widget(1).widget()
    assert details.isAncestorOf(dialog.notes) and details.isAncestorOf(dialog.categories)


def test_a_new_account_named_as_an_existing_one_warns_and_offers_it(qtbot, main_window,
                                                                   messages):
    services = main_window.services
    existing = services.accounts.save(AccountRecord(name="Ærø Shipping ApS"))
    accounts_before = services.accounts.count()
    view = main_window.show_view("accounts")
    opened_instead: list[str] = []

    def in_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, AccountDialog):
            return
        if dialog.record.id is None:  # the new one: a twin of the existing account
            qtbot.keyClicks(dialog.fields["name"], "AERO shipping a/s")
            messages.choose_answer = 0  # Open “Ærø Shipping ApS”
            dialog.save()
        else:  # the existing one, opened instead
            opened_instead.append(dialog.fields["name"].text())
            dialog.reject()

    timer = QTimer(main_window, interval=30)
    timer.timeout.connect(in_the_dialog)
    timer.start()
    view.new()
    qtbot.waitUntil(lambda: opened_instead != [])
    timer.stop()
    kind, title, text = next(m for m in messages.shown if m[0] == "choose")
    assert title == "The account exists" and "“Ærø Shipping ApS”" in text
    assert opened_instead == ["Ærø Shipping ApS"]
    assert view.current_id() == existing.id
    assert services.accounts.count() == accounts_before


def test_saving_the_twin_anyway_makes_a_second_account(qtbot, services, messages):
    services.accounts.save(AccountRecord(name="Acme ApS"))
    dialog = open_dialog(qtbot, AccountDialog, services, AccountRecord(), messages)
    qtbot.keyClicks(dialog.fields["name"], "ACME Ltd.")
    messages.choose_answer = -1  # Cancel: still editing
    dialog.save()
    assert dialog.isVisible() and services.accounts.count() == 1
    messages.choose_answer = 1  # Save as new account
    dialog.save()
    assert dialog.saved is not None and services.accounts.count() == 2
