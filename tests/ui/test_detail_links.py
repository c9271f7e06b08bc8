"""The card's phone and e-mail links: the whole international number, and a way out
where the computer has no program to call or write with (a fresh Linux laptop)."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication

from crmdesk.kinds.parties import CONTACT
from crmdesk.records import AddressEntry, ContactRecord, EmailEntry, PhoneEntry
from crmdesk.ui.parties.contacts_view import ContactDetail


def _card(qtbot, services, messages, opened: list[str], handled: bool) -> ContactDetail:  # noqa: ANN001
    pane = ContactDetail(services, CONTACT)
    qtbot.addWidget(pane)
    pane.messages = messages

    def opener(url: QUrl) -> bool:
        opened.append(url.toString())
        return handled

    pane.open_url = opener
    record = services.contacts.save(ContactRecord(
        first_name="Jürgen", last_name="Weber",
        phones=[PhoneEntry("0171 2345678", "mobile"), PhoneEntry("33 12 34 56", "home")],
        emails=[EmailEntry("jw@weber.de", "work")],
        addresses=[AddressEntry("work", "Hauptstr. 1", "50667", "Köln", "", "Deutschland")]))
    pane.show_record(record, "")
    return pane


def test_tel_links_carry_the_full_international_number(qtbot, services, messages) -> None:
    pane = _card(qtbot, services, messages, [], True)
    html = pane.browser.toHtml()
    # its only address is German: so are its numbers, although the default region is DK
    assert 'href="tel:+491712345678"' in html and 'href="tel:+4933123456"' in html
    assert ">0171 2345678<" in html  # shown as typed


def test_a_click_goes_to_the_program_that_handles_it(qtbot, services, messages) -> None:
    opened: list[str] = []
    pane = _card(qtbot, services, messages, opened, True)
    pane.browser.anchorClicked.emit(QUrl("tel:+491712345678"))
    assert opened == ["tel:+491712345678"] and messages.shown == []


def test_without_a_phone_program_the_click_offers_to_copy_the_number(
        qtbot, services, messages) -> None:
    opened: list[str] = []
    pane = _card(qtbot, services, messages, opened, False)
    QGuiApplication.clipboard().setText("")
    pane.browser.anchorClicked.emit(QUrl("tel:+491712345678"))
    [(kind, title, text)] = messages.shown
    assert kind == "confirm" and title == "Call"
    assert text == ("No program on this computer makes calls from phone links; copy the "
                    "number +491712345678 to the clipboard instead?")
    assert QGuiApplication.clipboard().text() == "+491712345678"


def test_without_a_mail_program_the_click_offers_to_copy_the_address(
        qtbot, services, messages) -> None:
    pane = _card(qtbot, services, messages, [], False)
    QGuiApplication.clipboard().setText("")
    messages.confirm_answer = False  # Cancel: nothing is copied
    pane.browser.anchorClicked.emit(QUrl("mailto:jw@weber.de"))
    assert messages.shown[0][1] == "Write e-mail" and "jw@weber.de" in messages.shown[0][2]
    assert QGuiApplication.clipboard().text() == ""
    messages.confirm_answer = True
    pane.browser.anchorClicked.emit(QUrl("mailto:jw@weber.de"))
    assert QGuiApplication.clipboard().text() == "jw@weber.de"


def test_the_views_pane_asks_through_the_windows_messages(main_window, messages) -> None:
    assert main_window.contacts.detail.messages is messages
