"""Settings' date format is how crmdesk writes dates: on the card, in the dialog, on paper."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest

from crmdesk.services.printing import PrintData, PrintOptions, Selection
from crmdesk.ui.parties.contact_dialog import ContactDialog


@pytest.fixture
def danish_dates(services, contact_factory):
    services.settings.date_format = "%d.%m.%Y"
    return services.contacts.save(contact_factory("Åse", "Holm", birthday=date(1967, 12, 28)))


def test_the_card_and_the_dialog_write_the_birthday_as_settings_say(
        qtbot, main_window, danish_dates) -> None:
    view = main_window.contacts
    view.select_id(danish_dates.id)
    assert "28.12.1967" in view.detail.browser.toPlainText()
    dialog = ContactDialog(main_window.services, danish_dates, main_window.messages)
    qtbot.addWidget(dialog)
    assert dialog.birthday.text() == "28.12.1967"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_the_printed_address_book_writes_it_so_too(qapp, services, danish_dates,
                                                   tmp_path) -> None:
    from crmdesk.ui.printing import prepare, render_pdf

    options = PrintOptions(style="address-book", selection=Selection(), date_format="%d.%m.%Y")
    out = tmp_path / "book.pdf"
    render_pdf(prepare(options, PrintData(services)), out)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "28.12.1967" in text and "December" not in text
