"""What a printed quote shows, and how its line table breaks across pages.

Pure Python: the seller's details from Settings, the customer's name and postal address,
the quote's lines with each line's net and the totals (``services.money``, exact
Decimals), and the page breaks: the table continues on the next page under its header
again, the totals stay with the last line, notes and payment terms follow them.  The
painter in ``crmdesk.ui.printing.quote`` measures and draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from crmdesk.records import AddressEntry, QuoteLineRecord
from crmdesk.services.addresses import label_lines
from crmdesk.services.money import QuoteTotals, format_money, line_net, quote_totals
from crmdesk.settings import Settings

#: The kinds of address a quote goes to, most wanted first; else the first one
BILLING_KINDS = ("billing", "invoice", "work", "business")


@dataclass(frozen=True)
class Seller:
    name: str
    address: tuple[str, ...]
    vat_number: str
    phone: str
    email: str
    payment_terms: tuple[str, ...]

    @classmethod
    def from_settings(cls, settings: Settings) -> Seller:
        return cls(settings.seller_name, _lines(settings.seller_address),
                   settings.seller_vat_number, settings.seller_phone, settings.seller_email,
                   _lines(settings.payment_terms))


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


@dataclass(frozen=True)
class SheetLine:
    description: str
    quantity: Decimal
    unit_price: Decimal
    discount_percent: Decimal
    vat_rate: Decimal
    net: Decimal  # quantity x price less the discount, to the cent


@dataclass(frozen=True)
class QuoteSheet:
    number: str
    title: str
    issued: date | None
    valid_until: date | None
    currency: str
    notes: str
    reference: str  # the opportunity's topic
    seller: Seller
    customer: tuple[str, ...]  # name, company, address lines
    lines: tuple[SheetLine, ...]
    totals: QuoteTotals
    #: the summed nets each VAT rate is taken of (the keys of ``totals.vat_by_rate``)
    vat_bases: dict[Decimal, Decimal]
    region: str  # how amounts are written: Settings' default region


def quote_sheet(*, number: str, title: str, issued: date | None, valid_until: date | None,
                currency: str, notes: str, reference: str, seller: Seller,
                customer_name: str, company: str, address: AddressEntry | None,
                lines: Sequence[QuoteLineRecord], region: str) -> QuoteSheet:
    """The sheet of one quote; the customer block is a mailing label's lines (no country
    line for an address in the seller's own country)."""
    sheet_lines = tuple(SheetLine(line.description, line.quantity, line.unit_price,
                                  line.discount_percent, line.vat_rate, line_net(line))
                        for line in lines)
    totals = quote_totals(lines)
    return QuoteSheet(
        number=number, title=title, issued=issued, valid_until=valid_until,
        currency=currency, notes=notes.strip(), reference=reference, seller=seller,
        customer=tuple(label_lines(customer_name, company, address, region)),
        lines=sheet_lines, totals=totals, vat_bases=vat_bases(lines, totals), region=region)


def vat_bases(lines: Sequence[QuoteLineRecord], totals: QuoteTotals) -> dict[Decimal, Decimal]:
    """The summed nets each VAT rate of ``totals`` is taken of ("VAT 25 % of 9.999,91")."""
    return {rate: sum((line_net(line) for line in lines
                       if line.vat_rate and line.vat_rate.normalize() == rate),
                      Decimal("0.00"))
            for rate in totals.vat_by_rate}


def billing_address(addresses: Sequence[AddressEntry]) -> AddressEntry | None:
    """The address a quote is sent to: a billing or work one, else the first."""
    for kind in BILLING_KINDS:
        for address in addresses:
            if address.kind.strip().lower() == kind:
                return address
    return addresses[0] if addresses else None


def amount_text(amount: Decimal, region: str, currency: str = "") -> str:
    """An amount as the region writes it ("1.234,50"), with the currency when given."""
    return format_money(amount, currency, region)


def number_text(value: Decimal, region: str) -> str:
    """A quantity or a percentage without trailing zeros ("2", "12,5")."""
    text = format_money(value, "", region)
    mark = format_money(Decimal("0.5"), "", region)[1]
    if mark in text:
        text = text.rstrip("0").rstrip(mark)
    return text


@dataclass(frozen=True)
class QuotePage:
    """Which table lines and which blocks after the table (totals, notes, terms) one page
    holds; a page with lines repeats the table's header."""

    rows: range
    tail: range


def quote_pages(rows: Sequence[float], tail: Sequence[float], first_room: float,
                later_room: float) -> list[QuotePage]:
    """Break the table into pages: ``first_room`` mm below the letterhead on page 1,
    ``later_room`` on the next ones (both less the table header).  The first tail block
    (the totals) stays on the page of the last line, taking that line to a new page if it
    must; the other tail blocks follow, each on a new page if it does not fit."""
    pages: list[tuple[list[int], list[int]]] = [([], [])]
    room, used = first_room, 0.0
    for i, height in enumerate(rows):
        if pages[-1][0] and used + height > room + 1e-6:
            pages.append(([], []))
            room, used = later_room, 0.0
        pages[-1][0].append(i)
        used += height
    for j, height in enumerate(tail):
        if used + height > room + 1e-6 and (pages[-1][0] or pages[-1][1]):
            last_rows = pages[-1][0]
            if j == 0 and len(last_rows) > 1:  # the totals take the last line with them
                moved = last_rows.pop()
                pages.append(([moved], []))
                used = rows[moved]
            else:
                pages.append(([], []))
                used = 0.0
            room = later_room
        pages[-1][1].append(j)
        used += height
    return [QuotePage(range(r[0], r[-1] + 1) if r else range(0),
                      range(t[0], t[-1] + 1) if t else range(0)) for r, t in pages]
