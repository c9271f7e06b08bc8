"""A salesperson builds a quote for an opportunity in its dialog: a product from the
list and a line of free text, the totals as they type, a product in another currency
refused, then saves it as a PDF and looks at it; the product list keeps old quotes as
they were."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from decimal import Decimal as D
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit

from crmdesk.kinds import RecordRef
from crmdesk.records import (
    AccountRecord,
    AddressEntry,
    OpportunityRecord,
    ProductRecord,
    QuoteLineRecord,
)
from crmdesk.ui.sales.products_dialog import ProductDialog, ProductsDialog
from crmdesk.ui.sales.quote_dialog import (
    DESCRIPTION,
    DISCOUNT,
    NET,
    PRICE,
    QUANTITY,
    VAT,
    QuoteDialog,
)

SCREENS = Path("/work/screens")


def shoot(widget, name: str) -> None:
    """A screenshot for a person to look at (not part of the test's verdict)."""
    if SCREENS.is_dir():
        widget.resize(1280, 800)
        widget.grab().save(str(SCREENS / f"salesquotes-{name}.png"))


@pytest.fixture
def opportunity(services):
    services.settings.seller_name = "Nordlys ApS"
    services.settings.seller_vat_number = "DK12345678"
    company = services.accounts.save(AccountRecord(name="Fjord Shipping A/S", addresses=[
        AddressEntry(street="Havnegade 4", postcode="5000", city="Odense", country="DK")]))
    services.products.save(ProductRecord(name="Standing desk", code="SD-1",
                                         unit_price=D("4999.95"), currency="DKK",
                                         vat_rate=D(25)))
    services.products.save(ProductRecord(name="Monitor arm", unit_price=D("89.50"),
                                         currency="EUR", vat_rate=D(25)))
    return services.opportunities.save(OpportunityRecord(
        topic="Standing desks", customer=RecordRef("account", company.id), currency="DKK",
        estimated_revenue=D("10000")))


def type_into(qtbot, dialog: QuoteDialog, row: int, column: int, text: str) -> None:
    """Type into a cell of the line table as a person does: select it, type, Enter."""
    table = dialog.table
    if table.state() != QAbstractItemView.State.EditingState:  # Add line opens one itself
        table.setCurrentCell(row, column)
        table.editItem(table.item(row, column))
    assert (table.currentRow(), table.currentColumn()) == (row, column)
    editor = next(e for e in table.viewport().findChildren(QLineEdit) if e.isVisible())
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # the view closes the editor after this event
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)


def shown_totals(dialog: QuoteDialog) -> dict[str, str]:
    return {label: value for label, value, _grand in dialog.totals}


def test_build_a_quote_see_the_totals_save_it_as_a_pdf(qtbot, services, messages,
                                                       opportunity, tmp_path) -> None:
    dialog = QuoteDialog(services, opportunity.id, messages=messages)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "New quote"
    assert dialog.title_edit.text() == "Standing desks" and dialog.follows_box.isChecked()
    assert dialog.currency_box.currentText() == "DKK"

    dialog.product_box.activated.emit(dialog.product_box.findText(
        "Monitor arm – 89,50 EUR"))
    assert messages.shown[-1][:2] == ("error", "Another currency")
    assert dialog.table.rowCount() == 0  # one quote, one currency

    dialog.product_box.activated.emit(dialog.product_box.findText(
        "Standing desk (SD-1) – 4.999,95 DKK"))
    type_into(qtbot, dialog, 0, QUANTITY, "3")
    type_into(qtbot, dialog, 0, DISCOUNT, "10")
    assert dialog.table.item(0, NET).text() == "13.499,87"
    qtbot.mouseClick(dialog.add_line_button, Qt.MouseButton.LeftButton)
    type_into(qtbot, dialog, 1, DESCRIPTION, "Installation, half a day")
    type_into(qtbot, dialog, 1, PRICE, "1.500")
    assert dialog.table.item(1, VAT).text() == "25"  # as the line above
    assert shown_totals(dialog) == {
        "Subtotal": "16.499,85 DKK", "Discount": "-1.499,98 DKK",
        "Net total": "14.999,87 DKK", "VAT 25 % of 14.999,87": "3.749,97 DKK",
        "Total": "18.749,84 DKK"}
    assert dialog.findChild(QLabel, "total").text() == "18.749,84 DKK"
    shoot(dialog, "quote-dialog")

    out = tmp_path / "quote.pdf"
    messages.file_to_save = str(out)
    with qtbot.waitSignal(dialog.pdf_saved) as saved:
        qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)
    assert saved.args == [str(out)]
    number = dialog.number_edit.text()
    assert number.startswith("Q-") and dialog.windowTitle() == f"Quote {number}"
    assert not dialog.is_changed()  # saved as it shows, the dialog still open
    stored = services.quotes.get(dialog.record.id)
    assert [line.description for line in stored.lines] == ["Standing desk",
                                                           "Installation, half a day"]
    assert stored.lines[0].product_id is not None and stored.lines[1].product_id is None
    assert services.opportunities.get(opportunity.id).estimated_revenue == D("14999.87")
    if shutil.which("pdftotext"):
        text = unicodedata.normalize("NFKC", subprocess.run(
            ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
            check=True).stdout)
        assert number in text and "Fjord Shipping A/S" in text and "Nordlys ApS" in text
        assert "18.749,84 DKK" in text and "Installation, half a day" in text
    if shutil.which("pdftoppm") and SCREENS.is_dir():
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-singlefile", str(out),
                        str(SCREENS / "salesquotes-quote-from-dialog")], check=True)

    type_into(qtbot, dialog, 1, QUANTITY, "2")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert quote_total(services, dialog.saved.id) == D("20624.84")  # 16499.87 + 25 %


def quote_total(services, quote_id: int) -> D:
    from crmdesk.services.money import quote_totals

    return quote_totals(services.quotes.get(quote_id).lines).total


def test_a_cell_that_is_no_number_is_marked_and_nothing_is_saved(
        qtbot, services, messages, opportunity) -> None:
    dialog = QuoteDialog(services, opportunity.id, messages=messages)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.add_line_button, Qt.MouseButton.LeftButton)
    type_into(qtbot, dialog, 0, DESCRIPTION, "Consulting")
    type_into(qtbot, dialog, 0, QUANTITY, "two")
    assert dialog.table.item(0, QUANTITY).background().color().name() == "#f9d6da"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.form_error.text() == "Line 1: the quantity – “two” is not a number."
    assert services.quotes.for_opportunity(opportunity.id) == []
    type_into(qtbot, dialog, 0, QUANTITY, "2")  # checked again as they type
    assert dialog.form_error.isHidden()


def test_a_quote_prints_through_the_print_dialog_with_its_preview(
        qtbot, services, messages, opportunity) -> None:
    from crmdesk.ui.printing import PrintDialog

    draft = services.quotes.new_quote(opportunity.id, valid_days=30)
    draft.lines = [QuoteLineRecord("Standing desk", D(2), D("4999.95"), D(0), D(25))]
    quote = services.quotes.save(draft)
    dialog = PrintDialog(services, quote_id=quote.id, messages=messages)
    qtbot.addWidget(dialog)
    assert [dialog.style_box.itemData(i) for i in range(dialog.style_box.count())] == ["quote"]
    dialog.refresh()
    assert dialog.page_count == 1 and dialog.status.text() == "1 line, 1 page."
    assert not dialog.scope_box.isEnabled()


def test_products_are_kept_in_their_own_list_and_a_delete_spares_old_quotes(
        qtbot, services, messages, opportunity) -> None:
    products = ProductsDialog(services, messages=messages)
    qtbot.addWidget(products)
    assert [products.table.item(r, 0).text() for r in range(products.table.rowCount())] == [
        "Monitor arm", "Standing desk"]
    form = ProductDialog(services, services.products.blank(), products, messages)
    qtbot.addWidget(form)
    qtbot.keyClicks(form.name_edit, "Desk lamp")
    form.price_edit.clear()
    qtbot.keyClicks(form.price_edit, "1.249,50")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.saved.unit_price == D("1249.50") and form.saved.vat_rate == D(25)
    products.refresh(form.saved.id)
    assert products.current().name == "Desk lamp"
    shoot(products, "products")

    desk = next(p for p in products.products if p.name == "Standing desk")
    draft = services.quotes.new_quote(opportunity.id, valid_days=30)
    quote_dialog = QuoteDialog(services, draft, messages=messages)
    qtbot.addWidget(quote_dialog)
    quote_dialog.product_box.activated.emit(quote_dialog.product_box.findText(
        "Standing desk (SD-1) – 4.999,95 DKK"))
    quote_dialog.save()
    products.table.selectRow(products.products.index(desk))
    products.delete_product()
    assert messages.shown[-1] == ("confirm", "Delete product",
                                  "Delete Standing desk from the product list? It is on 1 "
                                  "quote line(s); they keep their description and prices.")
    assert "Standing desk" not in [p.name for p in products.products]
    line = services.quotes.get(quote_dialog.saved.id).lines[0]
    assert (line.description, line.unit_price, line.product_id) == ("Standing desk",
                                                                    D("4999.95"), None)
