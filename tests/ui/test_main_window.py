"""A salesperson finds, adds and edits people in the real main window."""

from __future__ import annotations

from dataclasses import asdict

from popups import UrlCatcher
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication

from crmdesk.kinds import RecordRef
from crmdesk.records import PhoneEntry
from crmdesk.services import folding
from crmdesk.services.collation import collation_for
from crmdesk.services.listing import ListQuery
from crmdesk.ui.parties.contact_dialog import ContactDialog


def visible_names(view) -> list[str]:
    model = view.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def visible_ids(view) -> list[int]:
    return [view.model.id_at(r) for r in range(view.model.rowCount())]


def findable_words(record) -> set[str]:
    """Every spelling of every word in any field of a record: all a search can match on."""
    texts: list[str] = []

    def collect(value: object) -> None:
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list | tuple):
            for item in value:
                collect(item)

    collect(asdict(record))
    return set(folding.index_text(*texts).split())


def found_by(record, typed: str) -> bool:
    """Whether each word typed starts a word of the record, as the search box promises."""
    words = findable_words(record)
    return all(any(w.startswith(term) for w in words) for term in folding.words(typed))


def test_typing_in_search_narrows_the_list(qtbot, main_window) -> None:
    view = main_window.contacts
    contacts = view.services.contacts
    everyone = view.model.rowCount()
    assert everyone == 60
    wanted = contacts.get(view.model.id_at(0))
    surname = wanted.last_name
    qtbot.keyClicks(view.search, surname[:3])
    qtbot.waitUntil(lambda: view.model.rowCount() < everyone)
    narrowed = visible_ids(view)
    assert wanted.id in narrowed
    assert all(found_by(contacts.get(i), surname[:3]) for i in narrowed)
    qtbot.keyClicks(view.search, surname[3:])
    qtbot.waitUntil(lambda: all(found_by(contacts.get(i), surname) for i in visible_ids(view)))
    assert wanted.id in visible_ids(view)
    assert view.model.rowCount() <= len(narrowed)
    assert "of 60 contacts" in view.count_label.text()
    qtbot.keyClick(view.search, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.model.rowCount() == everyone)


def test_ctrl_f_focuses_search(qtbot, main_window) -> None:
    main_window.contacts.table.setFocus()
    qtbot.keyClick(main_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: main_window.contacts.search.hasFocus())


def test_clicking_a_letter_tab_shows_only_that_letter(qtbot, main_window) -> None:
    view = main_window.contacts
    letters = view.services.contacts.letters(view.current_query())
    letter = max(letters, key=lambda k: letters[k])
    tab = view.alphabet
    qtbot.mouseClick(tab, Qt.MouseButton.LeftButton, pos=tab.tabRect(
        [tab.tabText(i) for i in range(tab.count())].index(letter)).center())
    qtbot.waitUntil(lambda: view.model.rowCount() == letters[letter])
    ids = [view.model.id_at(r) for r in range(view.model.rowCount())]
    records = [view.services.contacts.get(i) for i in ids]
    danish = collation_for("da")  # the fixture's region is DK
    assert {danish.heading(danish.key(r.last_name)) for r in records} == {letter}


def fill_and_save(dialog: ContactDialog, qtbot, first: str, last: str, email: str) -> None:
    qtbot.keyClicks(dialog.fields["first_name"], first)
    qtbot.keyClicks(dialog.fields["last_name"], last)
    qtbot.keyClicks(dialog.company, "Ærø Shipping ApS")
    email_row = dialog.emails.rows()[0]
    qtbot.keyClicks(email_row["value"], email)
    phone_row = dialog.phones.rows()[0]
    qtbot.keyClicks(phone_row["value"], "20 30 40 50")
    dialog.save()


def test_creating_a_contact_through_the_dialog_then_finding_it(qtbot, main_window) -> None:
    view = main_window.contacts

    def fill_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ContactDialog)
        fill_and_save(dialog, qtbot, "Åse", "Kjærgaard", "ase@aero.dk")

    QTimer.singleShot(0, fill_dialog)
    qtbot.keyClick(main_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    saved = view.services.contacts.get(view.current_id())
    assert (saved.first_name, saved.company) == ("Åse", "Ærø Shipping ApS")
    assert saved.phones == [PhoneEntry("20 30 40 50", "mobile")]
    view.search.setText("aase kjaer")
    qtbot.waitUntil(lambda: visible_names(view) == ["Åse Kjærgaard"])
    assert "Ærø Shipping ApS" in view.detail.browser.toPlainText()


def test_an_invalid_email_blocks_saving_and_says_why(qtbot, services, messages) -> None:
    from crmdesk.records import ContactRecord

    dialog = ContactDialog(services, ContactRecord(), messages)
    qtbot.addWidget(dialog)
    fill_and_save(dialog, qtbot, "Bo", "Holm", "bo-at-holm.dk")
    assert dialog.result() == 0 and dialog.saved is None
    error = dialog.emails.rows()[0]["error"]
    assert not error.isHidden() and "not an e-mail address" in error.text()
    assert services.contacts.count() == 0


def test_an_empty_name_blocks_saving(qtbot, services, messages) -> None:
    from crmdesk.records import ContactRecord

    dialog = ContactDialog(services, ContactRecord(), messages)
    qtbot.addWidget(dialog)
    dialog.save()
    assert dialog.saved is None and not dialog.name_error.isHidden()


def test_a_stale_edit_is_refused_with_a_clear_message(qtbot, main_window, messages) -> None:
    view = main_window.contacts
    contact_id = view.current_id()
    services = view.services
    dialog = ContactDialog(services, services.contacts.get(contact_id), messages)
    qtbot.addWidget(dialog)
    elsewhere = services.contacts.get(contact_id)
    elsewhere.job_title = "Changed by a colleague"
    services.contacts.save(elsewhere)
    dialog.fields["job_title"].setText("My change")
    dialog.save()
    assert dialog.saved is None
    assert messages.shown[-1][0] == "error" and "changed elsewhere" in messages.shown[-1][2]
    assert services.contacts.get(contact_id).job_title == "Changed by a colleague"


def test_delete_asks_first_and_cancel_keeps_the_contact(qtbot, main_window, messages) -> None:
    view = main_window.contacts
    contact_id = view.current_id()
    messages.confirm_answer = False
    view.delete_selected()
    assert view.services.contacts.count() == 60
    messages.confirm_answer = True
    view.delete_selected()
    assert view.services.contacts.count() == 59
    assert view.model.row_of(contact_id) is None


def test_cards_view_shows_the_same_result_set(qtbot, main_window) -> None:
    view = main_window.contacts
    qtbot.keyClick(main_window, Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert view.stack.currentWidget() is view.cards
    assert view.cards.model() is view.model
    image = view.cards.grab()
    assert not image.isNull()


def test_account_detail_lists_its_contacts_and_opens_one(qtbot, main_window) -> None:
    main_window.show_view("accounts")
    view = main_window.accounts
    account_ids = [view.model.id_at(r) for r in range(view.model.rowCount())]
    with_people = next(i for i in account_ids if view.services.contacts.count(
        ListQuery(within=RecordRef("account", i))))
    view.select_id(with_people)
    people = view.detail.people_model
    assert people.rowCount() > 0
    person = people.id_at(0)
    view.detail.people.doubleClicked.emit(people.index(0, 0))
    assert main_window.current_view() is main_window.contacts
    assert main_window.contacts.current_id() == person


def test_sorting_by_a_column_asks_the_database(qtbot, main_window) -> None:
    view = main_window.contacts
    view.table.sortByColumn(5, Qt.SortOrder.AscendingOrder)
    cities = [view.model.index(r, 5).data() for r in range(view.model.rowCount())]
    danish = collation_for("da")  # the demo's region: Århus after Z, no city last
    assert cities == sorted(cities, key=lambda city: (not city, danish.key(city)))


def test_window_layout_is_remembered(qtbot, services, messages) -> None:
    from crmdesk.ui.main_window import MainWindow

    first = MainWindow(services, messages)
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 500)  # the offscreen screen is 800x600
    first.contacts.table.setColumnWidth(1, 321)
    first.contacts.set_mode(1)
    first.close()
    second = MainWindow(services, messages)
    qtbot.addWidget(second)
    assert second.contacts.table.columnWidth(1) == 321
    assert second.contacts.stack.currentIndex() == 1
    assert second.size().width() == 700


def test_enter_in_the_list_opens_the_selected_contact(qtbot, main_window) -> None:
    view = main_window.contacts
    opened = []
    view.edit_current = lambda: opened.append(view.current_id())  # the dialog is tested above
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened == [view.current_id()]


def test_copy_card_puts_the_card_on_the_clipboard(qtbot, main_window) -> None:
    view = main_window.contacts
    record = view.services.contacts.get(view.current_id())
    view.detail.copy_button.click()
    text = QApplication.clipboard().text()
    assert text.startswith(f"{record.first_name} {record.last_name}")
    assert record.emails[0].address in text



def test_clicking_email_and_phone_opens_mail_and_dialler(qtbot, main_window) -> None:
    catcher = UrlCatcher()
    for scheme in ("mailto", "tel", "https"):
        QDesktopServices.setUrlHandler(scheme, catcher, "open")
    try:
        view = main_window.contacts
        record = view.services.contacts.get(view.current_id())
        view.detail.browser.anchorClicked.emit(QUrl("mailto:" + record.emails[0].address))
        view.detail.browser.anchorClicked.emit(QUrl("tel:+4533123456"))
    finally:
        for scheme in ("mailto", "tel", "https"):
            QDesktopServices.unsetUrlHandler(scheme)
    assert catcher.urls == ["mailto:" + record.emails[0].address, "tel:+4533123456"]


def test_clicking_the_company_opens_its_account(qtbot, main_window) -> None:
    view = main_window.contacts
    record = view.services.contacts.get(view.current_id())
    if record.account_id is None:
        view.select_id(next(i for i in view.model._ids
                            if view.services.contacts.get(i).account_id))
        record = view.services.contacts.get(view.current_id())
    view.detail.browser.anchorClicked.emit(QUrl(f"account:{record.account_id}"))
    assert main_window.current_view() is main_window.accounts
    assert main_window.accounts.current_id() == record.account_id


def test_a_new_database_offers_demo_data(qtbot, services, messages) -> None:
    from crmdesk.ui.app import DEMO_CONTACTS, application, offer_demo
    from crmdesk.ui.main_window import MainWindow

    application()
    window = MainWindow(services, messages)
    qtbot.addWidget(window)
    messages.ask_answer = True
    assert offer_demo(window, messages)
    assert services.contacts.count() == DEMO_CONTACTS
    assert window.contacts.model.rowCount() == DEMO_CONTACTS
    assert not offer_demo(window, messages)  # never offered on a database with contacts


def test_the_category_filter_shows_only_that_category(qtbot, main_window) -> None:
    view = main_window.contacts
    categories = dict(view.services.contacts.categories())
    assert categories, "demo data has categories"
    name, count = next(iter(categories.items()))
    combo = view.category
    assert combo.itemText(0) == "All categories"
    combo.setCurrentIndex(combo.findData(name))
    combo.activated.emit(combo.currentIndex())
    assert view.model.rowCount() == count
    for row in range(count):
        assert name in view.services.contacts.get(view.model.id_at(row)).categories
    view.show_category("")
    assert view.model.rowCount() == 60


def test_editing_a_contact_in_the_dialog_keeps_its_more_fields(qtbot, main_window,
                                                                messages) -> None:
    """Saving a changed title keeps the "More fields" as they were."""
    from crmdesk.records import CustomField

    services = main_window.contacts.services
    record = services.contacts.get(main_window.contacts.current_id())
    record.custom_fields = [CustomField("User 1", "Platinum partner")]
    stored = services.contacts.save(record)
    dialog = ContactDialog(services, stored, messages)
    qtbot.addWidget(dialog)
    dialog.fields["job_title"].setText("Head of Buying")
    dialog.save()
    assert dialog.saved is not None
    again = services.contacts.get(stored.id)
    assert again.job_title == "Head of Buying"
    assert again.custom_fields == [CustomField("User 1", "Platinum partner")]
