"""Make or change a quote: its lines (a product from the list, or free text), the live
totals with VAT per rate, and printing it or saving it as a PDF.

``QuoteDialog(services, record_or_opportunity_id, parent, messages)`` takes a saved
``QuoteRecord`` to change or an opportunity's id for a new quote; after Save,
``saved`` holds the stored record.  Amounts are typed and shown the way the default
region writes numbers ("4.999,95" in Denmark) and computed exactly by
``services.money``, the same functions the printout and the export use.  Print and Save
as PDF save the quote first (a quote is printed as stored, with its number).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.records import ProductRecord, QuoteLineRecord, QuoteRecord
from crmdesk.services.decimal_input import parse_decimal
from crmdesk.services.money import line_net, quote_totals
from crmdesk.services.printing import amount_text, number_text
from crmdesk.services.printing.quote import vat_bases
from crmdesk.services.sales_checks import check_quote
from crmdesk.services.validation import Problems
from crmdesk.services.wiring import Services
from crmdesk.settings import COMMON_CURRENCIES
from crmdesk.ui.messages import Messages
from crmdesk.ui.records.dialog import RecordDialog
from crmdesk.ui.records.form import DateField, show_error

#: The line table's columns; the net is computed, not typed
DESCRIPTION, QUANTITY, PRICE, DISCOUNT, VAT, NET = range(6)
PRODUCT_ROLE = Qt.ItemDataRole.UserRole
BAD_CELL = QColor("#f9d6da")


class QuoteDialog(RecordDialog):
    """A quote of one opportunity (see the module's docstring)."""

    pdf_saved = Signal(str)

    def __init__(self, services: Services, record: QuoteRecord | int,
                 parent: QWidget | None = None, messages: Messages | None = None) -> None:
        if isinstance(record, int):
            record = services.quotes.new_quote(
                record, valid_days=services.settings.quote_valid_days)
        super().__init__(services, record, messages or Messages(), parent)
        self.setObjectName("quoteDialog")
        self.region = services.settings.phone_region
        assert record.opportunity_id is not None
        self.opportunity = services.opportunities.get(record.opportunity_id)
        #: problems in cells that hold no number, by ``lines.N`` (what ``check`` reports)
        self._cell_problems: Problems = {}
        self._filling = False
        self._build()
        self._load(record)
        self.finish_layout(body=self.body)
        self.resize(980, 720)

    # -- building ------------------------------------------------------------------------
    def _build(self) -> None:
        self.body = QWidget()
        outer = QVBoxLayout(self.body)
        form = QFormLayout()
        customer = self.opportunity.customer_name or self.tr("no customer")
        self.for_label = QLabel(self.tr("%1, for %2").replace("%1", self.opportunity.topic)
                                .replace("%2", customer))
        self.for_label.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(self.tr("Opportunity:"), self.for_label)
        self.number_edit = QLineEdit()
        self.number_edit.setObjectName("quoteNumber")
        self.number_edit.setPlaceholderText(self.tr("Given when saved, such as %1").replace(
            "%1", self.services.quotes.next_number()))
        self.number_edit.setMaxLength(40)
        form.addRow(self.tr("&Number:"), self.number_edit)
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("quoteTitle")
        self.title_edit.setMaxLength(300)
        form.addRow(self.tr("&Title:"), self.title_edit)
        date_format = self.services.settings.date_format
        dates = QHBoxLayout()
        self.issued_edit = DateField(date_format)
        self.issued_edit.setObjectName("quoteIssued")
        self.valid_edit = DateField(date_format)
        self.valid_edit.setObjectName("quoteValidUntil")
        dates.addWidget(self.issued_edit)
        dates.addWidget(QLabel(self.tr("valid until")))
        dates.addWidget(self.valid_edit)
        dates.addStretch(1)
        issued_label = QLabel(self.tr("&Issued:"))
        issued_label.setBuddy(self.issued_edit)
        form.addRow(issued_label, dates)
        self.currency_box = QComboBox()
        self.currency_box.setObjectName("quoteCurrency")
        self.currency_box.setEditable(True)
        self.currency_box.addItems(COMMON_CURRENCIES)
        self.currency_box.setMaximumWidth(120)
        self.currency_box.setToolTip(self.tr("The quote's currency: every line is in it. "
                                             "Products priced in another cannot be added."))
        form.addRow(self.tr("C&urrency:"), self.currency_box)
        self.follows_box = QCheckBox(self.tr(
            "The opportunity's estimated &revenue follows this quote's total (before VAT)"))
        self.follows_box.setObjectName("followsOpportunity")
        form.addRow(self.follows_box)
        outer.addLayout(form)

        self.table = QTableWidget(0, 6)
        self.table.setObjectName("quoteLines")
        self.table.setHorizontalHeaderLabels([
            self.tr("Description"), self.tr("Qty"), self.tr("Unit price"),
            self.tr("Discount %"), self.tr("VAT %"), self.tr("Net")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        for column, width in ((QUANTITY, 70), (PRICE, 120), (DISCOUNT, 90), (VAT, 70),
                              (NET, 130)):
            self.table.setColumnWidth(column, width)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(220)
        self.table.itemChanged.connect(self._cell_changed)
        outer.addWidget(self.table, 1)

        lines = QHBoxLayout()
        self.add_line_button = QPushButton(self.tr("Add &line"))
        self.add_line_button.setToolTip(self.tr("A line of free text: describe it and give "
                                                "its price"))
        self.add_line_button.clicked.connect(lambda: self.add_line(QuoteLineRecord(
            vat_rate=self._usual_vat())))
        self.product_box = QComboBox()
        self.product_box.setObjectName("productPicker")
        self.product_box.setMinimumContentsLength(28)
        self.product_box.activated.connect(self._product_chosen)
        self.products_button = QPushButton(self.tr("Pro&ducts…"))
        self.products_button.setToolTip(self.tr("Add or change the products on the list"))
        self.products_button.clicked.connect(self._edit_products)
        self.remove_button = QPushButton(self.tr("Re&move line"))
        self.remove_button.clicked.connect(self.remove_line)
        self.up_button = QPushButton(self.tr("Move u&p"))
        self.up_button.clicked.connect(lambda: self.move_line(-1))
        self.down_button = QPushButton(self.tr("Move do&wn"))
        self.down_button.clicked.connect(lambda: self.move_line(1))
        for widget in (self.add_line_button, self.product_box, self.products_button):
            lines.addWidget(widget)
        lines.addStretch(1)
        for widget in (self.up_button, self.down_button, self.remove_button):
            lines.addWidget(widget)
        outer.addLayout(lines)
        self._fill_products()

        bottom = QHBoxLayout()
        notes_box = QVBoxLayout()
        notes_box.addWidget(QLabel(self.tr("N&otes on the quote:")))
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setObjectName("quoteNotes")
        self.notes_edit.setTabChangesFocus(True)
        notes_box.itemAt(0).widget().setBuddy(self.notes_edit)
        notes_box.addWidget(self.notes_edit)
        bottom.addLayout(notes_box, 3)
        self.totals_grid = QGridLayout()
        self.totals_grid.setColumnStretch(0, 1)
        totals_widget = QWidget()
        totals_widget.setObjectName("quoteTotals")
        totals_widget.setLayout(self.totals_grid)
        bottom.addWidget(totals_widget, 2)
        outer.addLayout(bottom)

        printing = QHBoxLayout()
        self.print_button = QPushButton(self.tr("&Print…"))
        self.print_button.setToolTip(self.tr("Save the quote, then preview and print it"))
        self.print_button.clicked.connect(self.print_quote)
        self.pdf_button = QPushButton(self.tr("Save as P&DF…"))
        self.pdf_button.setToolTip(self.tr("Save the quote, then write it to a PDF file"))
        self.pdf_button.clicked.connect(self.save_pdf)
        printing.addWidget(self.print_button)
        printing.addWidget(self.pdf_button)
        printing.addStretch(1)
        outer.addLayout(printing)

    def _fill_products(self) -> None:
        self.products: list[ProductRecord] = self.services.products.list(active_only=True)
        self.product_box.clear()
        self.product_box.addItem(self.tr("Add a product…") if self.products
                                 else self.tr("No products yet: add them with Products…"))
        for product in self.products:
            code = f" ({product.code})" if product.code else ""
            price = amount_text(product.unit_price, self.region, product.currency)
            self.product_box.addItem(f"{product.name}{code} – {price}")
        self.product_box.setEnabled(bool(self.products))

    def _load(self, record: QuoteRecord) -> None:
        self._filling = True
        try:
            self.number_edit.setText(record.number)
            self.title_edit.setText(record.title)
            self.issued_edit.set_date(record.issued)
            self.valid_edit.set_date(record.valid_until)
            self.currency_box.setCurrentText(record.currency)
            self.follows_box.setChecked(record.follows_opportunity)
            self.notes_edit.setPlainText(record.notes)
            self.table.setRowCount(0)
            for line in record.lines:
                self._append_row(line)
        finally:
            self._filling = False
        self.setWindowTitle(self.tr("Quote %1").replace("%1", record.number)
                            if record.id is not None else self.tr("New quote"))
        self._refresh_totals()

    # -- lines ---------------------------------------------------------------------------
    def _usual_vat(self) -> Decimal:
        """The VAT rate of the line above (the rate most lines of a quote share), else the
        region's standard one."""
        lines = self._lines()
        if lines:
            return lines[-1].vat_rate
        return self.services.products.blank().vat_rate

    def add_line(self, line: QuoteLineRecord) -> None:
        """A new line at the end, its description ready to type."""
        self._append_row(line)
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, DESCRIPTION)
        self._refresh_totals()
        self.edited()
        if not line.description:
            self.table.editItem(self.table.item(row, DESCRIPTION))

    def _append_row(self, line: QuoteLineRecord) -> None:
        was = self._filling
        self._filling = True
        row = self.table.rowCount()
        self.table.insertRow(row)
        description = QTableWidgetItem(line.description)
        description.setData(PRODUCT_ROLE, line.product_id)
        self.table.setItem(row, DESCRIPTION, description)
        for column, text in ((QUANTITY, number_text(line.quantity, self.region)),
                             (PRICE, amount_text(line.unit_price, self.region)),
                             (DISCOUNT, number_text(line.discount_percent, self.region)),
                             (VAT, number_text(line.vat_rate, self.region))):
            item = QTableWidgetItem(text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, column, item)
        net = QTableWidgetItem()
        net.setFlags(net.flags() & ~Qt.ItemFlag.ItemIsEditable)
        net.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(row, NET, net)
        self._filling = was

    def _product_chosen(self, index: int) -> None:
        self.product_box.setCurrentIndex(0)
        if index <= 0:
            return
        product = self.products[index - 1]
        currency = self.currency_box.currentText().strip().upper()
        if currency and product.currency != currency:
            self.messages.error(self, self.tr("Another currency"), self.tr(
                "%1 is priced in %2 and this quote is in %3; a quote has one currency. Add "
                "it as a line of free text with a price in %3, or make the quote in %2.")
                .replace("%1", product.name).replace("%2", product.currency)
                .replace("%3", currency))
            return
        self.add_line(QuoteLineRecord(description=product.name, quantity=Decimal(1),
                                      unit_price=product.unit_price,
                                      vat_rate=product.vat_rate, product_id=product.id))

    def _edit_products(self) -> None:
        from crmdesk.ui.sales.products_dialog import ProductsDialog

        ProductsDialog(self.services, self, self.messages).exec()
        self._fill_products()

    def remove_line(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        self.table.removeRow(row)
        self._refresh_totals()
        self.edited()

    def move_line(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        lines = self._lines()
        lines[row], lines[target] = lines[target], lines[row]
        texts = [[self.table.item(r, c).text() for c in range(NET)]
                 for r in range(self.table.rowCount())]
        texts[row], texts[target] = texts[target], texts[row]
        self._filling = True
        try:
            for r, (line, cells) in enumerate(zip(lines, texts, strict=True)):
                for c, text in enumerate(cells):
                    self.table.item(r, c).setText(text)
                self.table.item(r, DESCRIPTION).setData(PRODUCT_ROLE, line.product_id)
        finally:
            self._filling = False
        self.table.setCurrentCell(target, self.table.currentColumn())
        self._refresh_totals()
        self.edited()

    def _cell_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        self._tidy(item)
        self._refresh_totals()
        self.edited()

    def _tidy(self, item: QTableWidgetItem) -> None:
        """Show a number just typed as the region writes it ("1.500" as "1.500,00")."""
        column = item.column()
        if column not in (QUANTITY, PRICE, DISCOUNT, VAT):
            return
        try:
            value = parse_decimal(item.text(), self.region)
        except ValueError:
            return  # left as typed, and marked when the lines are read
        text = (amount_text(value, self.region) if column == PRICE
                else number_text(value, self.region))
        self._filling = True
        try:
            item.setText(text)
        finally:
            self._filling = False

    # -- reading the form ------------------------------------------------------------------
    def _lines(self) -> list[QuoteLineRecord]:
        """The table's lines; a cell that is no number counts as 0 and is noted in
        ``_cell_problems`` (and painted red)."""
        self._cell_problems = {}
        lines = []
        was, self._filling = self._filling, True  # painting a cell is no edit
        for row in range(self.table.rowCount()):
            values: dict[int, Decimal] = {}
            for column, what in ((QUANTITY, self.tr("the quantity")),
                                 (PRICE, self.tr("the unit price")),
                                 (DISCOUNT, self.tr("the discount")),
                                 (VAT, self.tr("the VAT rate"))):
                item = self.table.item(row, column)
                try:
                    values[column] = parse_decimal(item.text(), self.region)
                    bad = False
                except ValueError as exc:
                    values[column] = Decimal(0)
                    self._cell_problems.setdefault(f"lines.{row}", self.tr(
                        "Line %1: %2 – %3").replace("%1", str(row + 1)).replace(
                            "%2", what).replace("%3", str(exc)))
                    bad = True
                item.setBackground(QBrush(BAD_CELL) if bad else QBrush())
            description = self.table.item(row, DESCRIPTION)
            lines.append(QuoteLineRecord(
                description=description.text().strip(), quantity=values[QUANTITY],
                unit_price=values[PRICE], discount_percent=values[DISCOUNT],
                vat_rate=values[VAT], product_id=description.data(PRODUCT_ROLE)))
        self._filling = was
        return lines

    def current_record(self) -> QuoteRecord:
        return replace(
            self.record, number=self.number_edit.text().strip(),
            title=self.title_edit.text().strip(), issued=self.issued_edit.date(),
            valid_until=self.valid_edit.date(),
            currency=self.currency_box.currentText().strip().upper(),
            notes=self.notes_edit.toPlainText().strip(),
            follows_opportunity=self.follows_box.isChecked(), lines=self._lines())

    def check(self, record: QuoteRecord, region: str, known: frozenset[str]) -> Problems:
        problems = dict(self._cell_problems)
        for key, field in (("issued", self.issued_edit), ("valid_until", self.valid_edit)):
            if message := field.problem():
                problems[key] = message
        for key, message in check_quote(record).items():
            problems.setdefault(key, message)
        return problems

    def show_problems(self, problems: Problems) -> None:
        """Each problem in a sentence under the form (the lines have no field of their own
        to show one beside)."""
        show_error(self.form_error, "\n".join(problems.values()) if problems else None)

    def store(self, record: QuoteRecord) -> QuoteRecord:
        return self.services.quotes.save(record)

    def gone_texts(self) -> tuple[str, str, str]:
        return (self.tr("This quote was deleted by another program (or window) after you "
                        "opened it. Save adds what you see as a new quote; closing the "
                        "dialog discards it."), self.tr("Add as a new quote"),
                self.tr("New quote"))

    # -- totals ----------------------------------------------------------------------------
    def _refresh_totals(self) -> None:
        lines = self._lines()
        self._filling = True
        try:
            for row, line in enumerate(lines):
                bad = f"lines.{row}" in self._cell_problems
                self.table.item(row, NET).setText(
                    "" if bad else amount_text(line_net(line), self.region))
        finally:
            self._filling = False
        currency = self.currency_box.currentText().strip().upper()
        totals = quote_totals(lines)
        bases = vat_bases(lines, totals)
        rows: list[tuple[str, str, bool]] = []
        if totals.discount:
            rows.append((self.tr("Subtotal"), amount_text(totals.subtotal, self.region,
                                                          currency), False))
            rows.append((self.tr("Discount"), amount_text(-totals.discount, self.region,
                                                          currency), False))
        rows.append((self.tr("Net total"), amount_text(totals.net, self.region, currency),
                     False))
        for rate, vat in totals.vat_by_rate.items():
            rows.append((self.tr("VAT %1 % of %2").replace(
                "%1", number_text(rate, self.region)).replace(
                    "%2", amount_text(bases[rate], self.region)),
                amount_text(vat, self.region, currency), False))
        rows.append((self.tr("Total"), amount_text(totals.total, self.region, currency), True))
        self._show_totals(rows)

    def _show_totals(self, rows: list[tuple[str, str, bool]]) -> None:
        while self.totals_grid.count():
            item = self.totals_grid.takeAt(0)
            if widget := item.widget():
                widget.deleteLater()
        for n, (label, value, grand) in enumerate(rows):
            name, amount = QLabel(label), QLabel(value)
            amount.setObjectName("total" if grand else f"totalRow{n}")
            amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            amount.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if grand:
                font = amount.font()
                font.setBold(True)
                name.setFont(font)
                amount.setFont(font)
            self.totals_grid.addWidget(name, n, 0, Qt.AlignmentFlag.AlignRight)
            self.totals_grid.addWidget(amount, n, 1)
            self.totals_grid.setRowStretch(n, 0)
        self.totals_grid.setRowStretch(len(rows), 1)  # the rows together at the top
        self.totals = rows

    # -- printing --------------------------------------------------------------------------
    def _stored(self) -> int | None:
        """The quote's id once it is stored as the form shows it (saved now if it was new
        or changed), or None when saving was refused (the reason is shown)."""
        if self.record.id is not None and not self.is_changed():
            return self.record.id
        if not self.store_form():
            return None
        self.record = self.saved
        self._load(self.saved)
        self._unchanged = self.current_record()
        return self.saved.id

    def print_quote(self) -> None:
        """Save, then the print dialog with this quote's preview (print, or a PDF)."""
        quote_id = self._stored()
        if quote_id is None:
            return
        from crmdesk.ui.printing import PrintDialog

        dialog = PrintDialog(self.services, quote_id=quote_id, messages=self.messages,
                             parent=self)
        dialog.pdf_saved.connect(self.pdf_saved)
        dialog.exec()

    def save_pdf(self) -> str:
        """Save, ask for a file name, write the quote there; the path, or "" if not."""
        quote_id = self._stored()
        if quote_id is None:
            return ""
        from crmdesk.ui.printing.dialog import save_quote_pdf

        path = save_quote_pdf(self, self.services, self.messages, quote_id, self.record.number)
        if path:
            self.pdf_saved.emit(path)
        return path
