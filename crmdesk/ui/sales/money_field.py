"""An amount and its currency, typed as the default region writes amounts."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from crmdesk.services.amount_text import AmountError, parse_amount
from crmdesk.services.money import format_money
from crmdesk.settings import COMMON_CURRENCIES


def money_text(amount: Decimal | None, currency: str, region: str) -> str:
    """``12.500,00 DKK`` as the region writes it; "" for no amount."""
    return "" if amount is None else format_money(amount, currency, region)


class MoneyField(QWidget):
    """The amount (empty when unknown, if ``optional``) and an ISO currency code picked
    from the common ones or typed."""

    def __init__(self, region: str, currency: str, *, optional: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.region = region
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
        """The amount typed; None when empty or not an amount (``problem`` says which)."""
        try:
            return parse_amount(self.amount.text(), self.region)
        except AmountError:
            return None

    def currency_code(self) -> str:
        return self.currency.currentText().strip().upper()

    def problem(self) -> str | None:
        """What is wrong with the amount or the currency, as one sentence, or None."""
        try:
            amount = parse_amount(self.amount.text(), self.region)
        except AmountError as exc:
            return str(exc)
        if amount is None and not self.optional:
            return self.tr("Enter an amount.")
        if amount is not None and amount < 0:
            return self.tr("An amount cannot be less than zero.")
        code = self.currency_code()
        if not (len(code) == 3 and code.isascii() and code.isalpha()):
            return self.tr("“%1” is no currency; write its three-letter code, such as DKK "
                           "or EUR.").replace("%1", self.currency.currentText().strip())
        return None
