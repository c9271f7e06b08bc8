"""An amount and its currency, typed as the default region writes amounts."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from crmdesk.services.decimal_input import parse_decimal
from crmdesk.services.money import format_money
from crmdesk.services.sales_checks import amount_problem, currency_problem
from crmdesk.settings import COMMON_CURRENCIES


class MoneyField(QWidget):
    """The amount (empty when unknown, if ``optional``) and an ISO currency code picked
    from the common ones or typed; ``what`` names the amount in messages ("estimated
    value")."""

    def __init__(self, region: str, currency: str, what: str, *, optional: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.region = region
        self.what = what
        self.optional = optional
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.amount = QLineEdit()
        self.amount.setObjectName("amount")
        self.amount.setPlaceholderText(format_money(Decimal("12500"), "", region))
        self.currency = QComboBox()
        self.currency.setObjectName("currency")
        self.currency.setEditable(True)
        self.currency.addItems(list(dict.fromkeys((currency, *COMMON_CURRENCIES))))
        self.currency.setCurrentText(currency)
        self.currency.setMinimumContentsLength(4)
        layout.addWidget(self.amount, 1)
        layout.addWidget(self.currency)

    def set_value(self, amount: Decimal | None, currency: str) -> None:
        self.amount.setText(format_money(amount, "", self.region) if amount is not None
                            else "")
        if currency:
            self.currency.setCurrentText(currency)

    def value(self) -> Decimal | None:
        """The amount typed; None when empty or not a number (``problem`` says which)."""
        if not self.amount.text().strip():
            return None
        try:
            return parse_decimal(self.amount.text(), self.region)
        except ValueError:
            return None

    def currency_code(self) -> str:
        return self.currency.currentText().strip().upper()

    def problem(self) -> str | None:
        """What is wrong with the amount or the currency, as one sentence, or None."""
        if not self.amount.text().strip():
            return None if self.optional else self.tr("Enter the %1.").replace(
                "%1", self.what)
        try:
            value = parse_decimal(self.amount.text(), self.region)
        except ValueError as exc:
            return str(exc)
        return amount_problem(value, self.what) or currency_problem(self.currency_code())
