"""Money: exact amounts with a currency, totals per currency, a quote's totals.

Pure (no database, no Qt): the quote dialog, the printed quote, the export and the
pipeline all compute with these.  Amounts are ``Decimal``, never floats; amounts in two
currencies are never added (:func:`per_currency` keeps them apart).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple, Protocol

CENT = Decimal("0.01")
_HUNDRED = Decimal(100)

#: The currency of a region (ISO 3166 alpha-2 -> ISO 4217), for the default currency;
#: a region not listed here uses the euro.
_REGION_CURRENCY = {
    "DK": "DKK", "GL": "DKK", "FO": "DKK", "SE": "SEK", "NO": "NOK", "IS": "ISK",
    "GB": "GBP", "CH": "CHF", "LI": "CHF", "PL": "PLN", "CZ": "CZK", "HU": "HUF",
    "RO": "RON", "BG": "BGN", "US": "USD", "CA": "CAD", "AU": "AUD", "NZ": "NZD",
    "JP": "JPY", "CN": "CNY", "IN": "INR", "BR": "BRL", "MX": "MXN", "ZA": "ZAR",
    "TR": "TRY", "SG": "SGD", "HK": "HKD", "KR": "KRW", "IL": "ILS", "AE": "AED",
}


#: The standard VAT (sales tax) rate of a region in percent, for a new product; 0 where
#: it is not one national rate (the US, Canada).
_STANDARD_VAT = {
    "DK": "25", "SE": "25", "NO": "25", "FI": "25.5", "IS": "24", "DE": "19", "AT": "20",
    "NL": "21", "BE": "21", "FR": "20", "IT": "22", "ES": "21", "PT": "23", "IE": "23",
    "GB": "20", "PL": "23", "CZ": "21", "CH": "8.1", "LU": "17", "EE": "22",
}


def standard_vat_rate(region: str) -> Decimal:
    return Decimal(_STANDARD_VAT.get(region.upper(), "0"))


class Money(NamedTuple):
    amount: Decimal
    currency: str  # ISO 4217, "DKK"


def currency_of_region(region: str) -> str:
    """The currency of ``region`` (DKK for DK), the euro for one not known here."""
    return _REGION_CURRENCY.get(region.upper(), "EUR")


def per_currency(pairs: Iterable[tuple[Decimal, str]]) -> dict[str, Decimal]:
    """The sum of each currency's amounts, by currency in alphabetical order: amounts in
    different currencies are never added."""
    totals: dict[str, Decimal] = {}
    for amount, currency in pairs:
        totals[currency] = totals.get(currency, Decimal(0)) + amount
    return dict(sorted(totals.items()))


def format_money(amount: Decimal, currency: str, locale: str = "") -> str:
    """``1.234.567,50 DKK`` (Danish and German), ``1,234,567.50 USD`` otherwise: the
    amount with two decimals and grouped thousands, then its currency code, so an amount
    never reads as another currency's.  ``locale`` is a region code ("DK") or a language
    tag ("da_DK"); empty for the English form."""
    # two decimals, or as many as it has (a unit price of 0.1234 is not rounded)
    text = f"{amount:,.2f}" if amount == round_cents(amount) else f"{amount.normalize():,f}"
    region = locale.replace("-", "_").split("_")[-1].upper() if locale else ""
    language = locale.replace("-", "_").split("_")[0].lower() if locale else ""
    if region in _COMMA_DECIMAL or language in _COMMA_LANGUAGES:
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return f"{text} {currency}".strip()


_COMMA_DECIMAL = frozenset({"DK", "DE", "AT", "NL", "BE", "IT", "ES", "PT", "NO", "SE", "FI",
                            "FR", "PL", "CZ", "IS", "FO", "GL", "BR", "TR"})
_COMMA_LANGUAGES = frozenset({"da", "de", "nl", "it", "es", "pt", "nb", "nn", "sv", "fi",
                              "fr", "pl", "cs", "is", "tr"})


def weighted(amount: Decimal, probability: int) -> Decimal:
    """Revenue x probability (percent), exact (no rounding: a sum of these is exact)."""
    return amount * probability / _HUNDRED


class LineValues(Protocol):
    """What a quote line is to the totals (a ``QuoteLineRecord`` or a ``QuoteLine`` row)."""

    quantity: Decimal
    unit_price: Decimal
    discount_percent: Decimal
    vat_rate: Decimal


@dataclass(frozen=True)
class QuoteTotals:
    """A quote's totals: ``subtotal`` before discounts, ``discount`` taken off, ``net`` the
    sum of the lines' nets; VAT per rate and in all; ``total`` = net + VAT."""

    subtotal: Decimal
    discount: Decimal
    net: Decimal
    vat_by_rate: dict[Decimal, Decimal]
    vat: Decimal
    total: Decimal


def round_cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, ROUND_HALF_UP)


def line_gross(line: LineValues) -> Decimal:
    """Quantity x unit price, to the cent."""
    return round_cents(line.quantity * line.unit_price)


def line_net(line: LineValues) -> Decimal:
    """Quantity x unit price x (1 - discount / 100), to the cent (half up), per line."""
    return round_cents(line.quantity * line.unit_price
                       * (_HUNDRED - line.discount_percent) / _HUNDRED)


def quote_totals(lines: Sequence[LineValues]) -> QuoteTotals:
    """The totals of these lines: each line's net rounded to the cent, the VAT of each rate
    over the summed nets of its lines, rounded once per rate (as an invoice states it)."""
    subtotal = sum((line_gross(line) for line in lines), Decimal("0.00"))
    nets_by_rate: dict[Decimal, Decimal] = {}
    net = Decimal("0.00")
    for line in lines:
        amount = line_net(line)
        net += amount
        rate = line.vat_rate.normalize() if line.vat_rate else Decimal(0)
        nets_by_rate[rate] = nets_by_rate.get(rate, Decimal("0.00")) + amount
    vat_by_rate = {rate: round_cents(amount * rate / _HUNDRED)
                   for rate, amount in sorted(nets_by_rate.items()) if rate}
    vat = sum(vat_by_rate.values(), Decimal("0.00"))
    return QuoteTotals(subtotal, subtotal - net, net, vat_by_rate, vat, net + vat)
