"""File > Products: the small list of what is sold (name, code, unit price, currency,
VAT rate, active), picked from when a quote gets a line.

A product taken off the list (deleted, or no longer active) leaves the quotes made with
it as they are: their lines keep the description and prices they were given.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.records import ProductRecord
from crmdesk.services.decimal_input import parse_decimal
from crmdesk.services.errors import NotFoundError, StorageError
from crmdesk.services.printing import amount_text, number_text
from crmdesk.services.sales_checks import check_product
from crmdesk.services.validation import Problems
from crmdesk.services.wiring import Services
from crmdesk.settings import COMMON_CURRENCIES
from crmdesk.ui.messages import Messages
from crmdesk.ui.records.dialog import RecordDialog
from crmdesk.ui.records.form import show_error
from crmdesk.ui.remembering import RememberingDialog

NAME, CODE, PRICE, CURRENCY, VAT, ACTIVE = range(6)


class ProductDialog(RecordDialog):
    """One product: ``saved`` holds it after Save."""

    def __init__(self, services: Services, record: ProductRecord,
                 parent: QWidget | None = None, messages: Messages | None = None) -> None:
        super().__init__(services, record, messages or Messages(), parent)
        self.setObjectName("productDialog")
        self.region = services.settings.phone_region
        self._number_problems: Problems = {}
        body = QWidget()
        form = QFormLayout(body)
        self.name_edit = QLineEdit(record.name)
        self.name_edit.setObjectName("productName")
        self.name_edit.setMaxLength(300)
        form.addRow(self.tr("&Name:"), self.name_edit)
        self.code_edit = QLineEdit(record.code)
        self.code_edit.setObjectName("productCode")
        self.code_edit.setMaxLength(100)
        form.addRow(self.tr("&Code:"), self.code_edit)
        self.price_edit = QLineEdit(amount_text(record.unit_price, self.region))
        self.price_edit.setObjectName("productPrice")
        form.addRow(self.tr("&Unit price:"), self.price_edit)
        self.currency_box = QComboBox()
        self.currency_box.setObjectName("productCurrency")
        self.currency_box.setEditable(True)
        self.currency_box.addItems(COMMON_CURRENCIES)
        self.currency_box.setCurrentText(record.currency)
        form.addRow(self.tr("Cu&rrency:"), self.currency_box)
        self.vat_edit = QLineEdit(number_text(record.vat_rate, self.region))
        self.vat_edit.setObjectName("productVat")
        form.addRow(self.tr("&VAT %:"), self.vat_edit)
        self.active_box = QCheckBox(self.tr("&Offered on new quotes"))
        self.active_box.setObjectName("productActive")
        self.active_box.setChecked(record.active)
        form.addRow(self.active_box)
        self.setWindowTitle(self.tr("Product") if record.id is not None
                            else self.tr("New product"))
        self.finish_layout(body=body)

    def current_record(self) -> ProductRecord:
        self._number_problems = {}
        values = {}
        for key, edit, what in (("unit_price", self.price_edit, self.tr("The unit price")),
                                ("vat_rate", self.vat_edit, self.tr("The VAT rate"))):
            try:
                values[key] = parse_decimal(edit.text(), self.region)
            except ValueError as exc:
                values[key] = getattr(self.record, key)
                self._number_problems[key] = self.tr("%1: %2").replace("%1", what).replace(
                    "%2", str(exc))
        return replace(self.record, name=self.name_edit.text().strip(),
                       code=self.code_edit.text().strip(),
                       currency=self.currency_box.currentText().strip().upper(),
                       active=self.active_box.isChecked(), **values)

    def check(self, record: ProductRecord, region: str, known: frozenset[str]) -> Problems:
        return {**check_product(record), **self._number_problems}

    def show_problems(self, problems: Problems) -> None:
        show_error(self.form_error, "\n".join(problems.values()) if problems else None)

    def store(self, record: ProductRecord) -> ProductRecord:
        return self.services.products.save(record)

    def gone_texts(self) -> tuple[str, str, str]:
        return (self.tr("This product was deleted by another program (or window) after you "
                        "opened it. Save adds it again; closing the dialog discards it."),
                self.tr("Add again"), self.tr("New product"))


class ProductsDialog(RememberingDialog):
    """The product list with Add, Edit and Delete."""

    def __init__(self, services: Services, parent: QWidget | None = None,
                 messages: Messages | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("productsDialog")
        self.setWindowTitle(self.tr("Products"))
        self.services = services
        self.messages = messages or Messages()
        self.region = services.settings.phone_region
        self.products: list[ProductRecord] = []
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("products")
        self.table.setHorizontalHeaderLabels([
            self.tr("Name"), self.tr("Code"), self.tr("Unit price"), self.tr("Currency"),
            self.tr("VAT %"), self.tr("Offered")])
        self.table.horizontalHeader().setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.doubleClicked.connect(lambda _index: self.edit_product())
        self.add_button = QPushButton(self.tr("&Add…"))
        self.add_button.clicked.connect(self.add_product)
        self.edit_button = QPushButton(self.tr("&Edit…"))
        self.edit_button.clicked.connect(self.edit_product)
        self.delete_button = QPushButton(self.tr("&Delete…"))
        self.delete_button.clicked.connect(self.delete_product)
        side = QVBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            side.addWidget(button)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.table, 1)
        row.addLayout(side)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(close)
        self.resize(760, 420)
        self.refresh()

    def refresh(self, select_id: int | None = None) -> None:
        self.products = self.services.products.list()
        self.table.setRowCount(len(self.products))
        for r, product in enumerate(self.products):
            cells = (product.name, product.code, amount_text(product.unit_price, self.region),
                     product.currency, number_text(product.vat_rate, self.region),
                     self.tr("yes") if product.active else self.tr("no"))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c in (PRICE, VAT):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
            if product.id == select_id:
                self.table.selectRow(r)
        has = bool(self.products)
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def current(self) -> ProductRecord | None:
        row = self.table.currentRow()
        return self.products[row] if 0 <= row < len(self.products) else None

    def add_product(self) -> None:
        self._open(self.services.products.blank())

    def edit_product(self) -> None:
        if (product := self.current()) is not None:
            self._open(product)

    def _open(self, record: ProductRecord) -> None:
        dialog = ProductDialog(self.services, record, self, self.messages)
        if dialog.exec() and dialog.saved is not None:
            self.refresh(dialog.saved.id)

    def delete_product(self) -> None:
        product = self.current()
        if product is None or product.id is None:
            return
        used = self.services.products.lines_using(product.id)
        text = self.tr("Delete %1 from the product list?").replace("%1", product.name)
        if used:
            text += " " + self.tr("It is on %n quote line(s); they keep their description "
                                  "and prices.", "", used)
        if not self.messages.confirm(self, self.tr("Delete product"), text, self.tr("Delete")):
            return
        try:
            self.services.products.delete([product.id])
        except (StorageError, NotFoundError) as exc:
            self.messages.error(self, self.tr("Not deleted"), str(exc))
        self.refresh()
