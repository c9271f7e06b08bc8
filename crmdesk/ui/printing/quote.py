"""Painting a quote: the seller's letterhead, the customer's address, the quote's number
and dates, the line table (continued on the next page under its header again), the
totals with VAT per rate, notes and payment terms, and a footer with the page number.

What goes where is ``services.printing.quote``; this module measures the blocks with
the device's fonts (a description wraps in its column) and draws them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QPainter

from crmdesk.services.printing import (
    QuoteSheet,
    SheetLine,
    amount_text,
    number_text,
    quote_pages,
)
from crmdesk.ui.printing.render import ACCENT, BAND, INK, MUTED, Document, Ink, Rect

SIDE = 18.0  # mm: left and right margins of a letter
TOP = 15.0
FOOT = 14.0  # mm above the bottom edge kept for the footer
GAP = 6.0  # between the letterhead's parts
#: Where each column of the line table ends, as a share of the width (the description
#: starts at 0 and is left-aligned; the numbers are right-aligned at their ends)
COLUMN_ENDS = (0.42, 0.50, 0.65, 0.77, 0.86, 1.0)
TOTALS_AT = 0.50  # where the totals' labels start
ROW_PAD = 1.2  # mm above and below a table line
WRAP = int(Qt.TextFlag.TextWordWrap)


def _tr(text: str) -> str:
    return QCoreApplication.translate("PrintQuote", text)


@dataclass(frozen=True)
class _Tail:
    """A block after the table: its height and what it draws at (x, y, width)."""

    height: float
    kind: str  # "totals", "notes", "terms"


class QuoteDocument(Document):
    """One quote on one or more pages of the options' paper."""

    def __init__(self, ink: Ink, sheet: QuoteSheet, page_size: tuple[float, float],
                 font_size: float, date_format: str) -> None:
        self.ink = ink
        self.sheet = sheet
        self.page_w, self.page_h = page_size
        self.size = font_size
        self.date_format = date_format
        self.width = self.page_w - 2 * SIDE
        self.line_h = ink.line(font_size)
        self.header_h = ink.line(font_size - 1, True) + 2 * ROW_PAD
        self.row_heights = [self._row_height(line) for line in sheet.lines]
        self.tails = self._tails()
        bottom = self.page_h - FOOT
        self.first_top = self._letterhead_height() + TOP
        self.later_top = TOP + self._continued_height()
        self.pages = quote_pages(self.row_heights, [t.height for t in self.tails],
                                 bottom - self.first_top - self.header_h,
                                 bottom - self.later_top - self.header_h)
        self.page_count = len(self.pages)

    # -- measuring ---------------------------------------------------------------------
    def _text_height(self, text: str, width: float, size: float, bold: bool = False) -> float:
        _, metrics = self.ink.font(size, bold)
        box = QRectF(0, 0, max(1.0, width) * self.ink.k, 10_000 * self.ink.k)
        return metrics.boundingRect(box, WRAP, text).height() / self.ink.k

    def _description_width(self) -> float:
        return COLUMN_ENDS[0] * self.width - 3.0

    def _row_height(self, line: SheetLine) -> float:
        text = line.description or "–"
        return max(self.line_h, self._text_height(text, self._description_width(),
                                                  self.size)) + 2 * ROW_PAD

    def _totals_rows(self) -> list[tuple[str, str, bool]]:
        sheet, region, cur = self.sheet, self.sheet.region, self.sheet.currency
        totals = sheet.totals
        rows: list[tuple[str, str, bool]] = []
        if totals.discount:
            rows.append((_tr("Subtotal"), amount_text(totals.subtotal, region, cur), False))
            rows.append((_tr("Discount"), amount_text(-totals.discount, region, cur), False))
        rows.append((_tr("Net total"), amount_text(totals.net, region, cur), False))
        for rate, vat in totals.vat_by_rate.items():
            label = _tr("VAT %1 % of %2").replace("%1", number_text(rate, region)).replace(
                "%2", amount_text(sheet.vat_bases[rate], region))
            rows.append((label, amount_text(vat, region, cur), False))
        if not totals.vat_by_rate:
            rows.append((_tr("VAT"), amount_text(totals.vat, region, cur), False))
        rows.append((_tr("Total"), amount_text(totals.total, region, cur), True))
        return rows

    def _tails(self) -> list[_Tail]:
        size = self.size
        rows = self._totals_rows()
        totals_h = 2.0 + (len(rows) - 1) * self.line_h + self.ink.line(size + 2, True) + 3.0
        tails = [_Tail(totals_h, "totals")]
        if self.sheet.notes:
            tails.append(_Tail(self._paragraph_height(self.sheet.notes), "notes"))
        if self.sheet.seller.payment_terms:
            text = "\n".join(self.sheet.seller.payment_terms)
            tails.append(_Tail(self._paragraph_height(text), "terms"))
        return tails

    def _paragraph_height(self, text: str) -> float:
        return (4.0 + self.ink.line(self.size - 1, True)
                + self._text_height(text, self.width, self.size))

    def _seller_lines(self) -> list[str]:
        seller = self.sheet.seller
        lines = list(seller.address)
        if seller.phone:
            lines.append(_tr("Phone %1").replace("%1", seller.phone))
        if seller.email:
            lines.append(seller.email)
        if seller.vat_number:
            lines.append(_tr("VAT no. %1").replace("%1", seller.vat_number))
        return lines

    def _meta(self) -> list[tuple[str, str]]:
        sheet = self.sheet
        rows = [(_tr("Quote no."), sheet.number), (_tr("Date"), self._day(sheet.issued)),
                (_tr("Valid until"), self._day(sheet.valid_until)),
                (_tr("Currency"), sheet.currency)]
        if sheet.reference and sheet.reference != sheet.title:
            rows.append((_tr("Reference"), sheet.reference))
        return [(label, value) for label, value in rows if value]

    def _day(self, day: date | None) -> str:
        return day.strftime(self.date_format) if day else ""

    def _letterhead_height(self) -> float:
        ink, size = self.ink, self.size
        name_h = ink.line(size + 7, True) if self.sheet.seller.name else 0.0
        seller_h = len(self._seller_lines()) * ink.line(size - 1)
        title_h = ink.line(size + 9, True)
        customer_h = ink.line(size - 1) + len(self.sheet.customer) * ink.line(size, True)
        meta_h = len(self._meta()) * self.line_h
        subject_h = ink.line(size + 2, True) + 2.0 if self.sheet.title else 0.0
        return (max(name_h, seller_h) + GAP + title_h + 3.0 + max(customer_h, meta_h) + GAP
                + subject_h + 2.0)

    def _continued_height(self) -> float:
        return self.ink.line(self.size + 1, True) + 4.0

    # -- painting ----------------------------------------------------------------------
    def paint_page(self, painter: QPainter, index: int) -> None:
        self.ink.reset()
        page = self.pages[index]
        y = self._paint_letterhead(painter) if index == 0 else self._paint_continued(painter)
        if len(page.rows):
            y = self._paint_table_header(painter, y)
            for row in page.rows:
                self._paint_row(painter, self.sheet.lines[row], y)
                y += self.row_heights[row]
        for block in page.tail:
            tail = self.tails[block]
            getattr(self, f"_paint_{tail.kind}")(painter, y)
            y += tail.height
        self._paint_footer(painter, index)

    def _paint_letterhead(self, painter: QPainter) -> float:
        ink, size, sheet = self.ink, self.size, self.sheet
        left, right = SIDE, self.page_w - SIDE
        y = TOP
        if sheet.seller.name:
            ink.draw(painter, left, y, ink.elide(sheet.seller.name, self.width * 0.6, size + 7,
                                                 True), size + 7, bold=True, color=ACCENT)
        seller_y = y
        for line in self._seller_lines():
            ink.draw(painter, right, seller_y, ink.elide(line, self.width * 0.4, size - 1),
                     size - 1, color=MUTED, right=True)
            seller_y += ink.line(size - 1)
        y = max(y + (ink.line(size + 7, True) if sheet.seller.name else 0.0), seller_y) + GAP
        ink.draw(painter, left, y, _tr("Quote"), size + 9, bold=True)
        y += ink.line(size + 9, True) + 3.0
        block_y = y
        ink.draw(painter, left, y, _tr("To"), size - 1, color=MUTED)
        y += ink.line(size - 1)
        for n, line in enumerate(sheet.customer):
            ink.draw(painter, left, y, ink.elide(line, self.width * 0.5, size, n == 0), size,
                     bold=n == 0)
            y += ink.line(size, True)
        meta_y, label_x = block_y, left + self.width * 0.58
        for label, value in self._meta():
            ink.draw(painter, label_x, meta_y, label, size - 1, color=MUTED)
            ink.draw(painter, right, meta_y, ink.elide(value, self.width * 0.27, size), size,
                     right=True)
            meta_y += self.line_h
        y = max(y, meta_y) + GAP
        if sheet.title:
            ink.draw(painter, left, y, ink.elide(sheet.title, self.width, size + 2, True),
                     size + 2, bold=True)
            y += ink.line(size + 2, True) + 2.0
        return self.first_top

    def _paint_continued(self, painter: QPainter) -> float:
        ink, size = self.ink, self.size
        ink.draw(painter, SIDE, TOP, self.sheet.seller.name or _tr("Quote"), size + 1,
                 bold=True, color=ACCENT)
        ink.draw(painter, self.page_w - SIDE, TOP + 0.6,
                 _tr("Quote %1, continued").replace("%1", self.sheet.number), size - 1,
                 color=MUTED, right=True)
        return self.later_top

    def _paint_table_header(self, painter: QPainter, y: float) -> float:
        ink, size = self.ink, self.size - 1
        ink.band(painter, Rect(SIDE, y, self.width, self.header_h), BAND)
        captions = (_tr("Description"), _tr("Qty"), _tr("Unit price"), _tr("Discount %"),
                    _tr("VAT %"), _tr("Net"))
        ink.draw(painter, SIDE + 1.5, y + ROW_PAD, captions[0], size, bold=True)
        for end, caption in zip(COLUMN_ENDS[1:], captions[1:], strict=True):
            ink.draw(painter, SIDE + end * self.width - 1.5, y + ROW_PAD, caption, size,
                     bold=True, right=True)
        return y + self.header_h

    def _paint_row(self, painter: QPainter, line: SheetLine, y: float) -> None:
        ink, size, region = self.ink, self.size, self.sheet.region
        font, _ = ink.font(size)
        painter.setFont(font)
        painter.setPen(INK)
        ink.reset()
        box = QRectF((SIDE + 1.5) * ink.k, (y + ROW_PAD) * ink.k,
                     self._description_width() * ink.k, 10_000 * ink.k)
        painter.drawText(box, WRAP, line.description or "–")
        cells = (number_text(line.quantity, region), amount_text(line.unit_price, region),
                 number_text(line.discount_percent, region) if line.discount_percent else "",
                 number_text(line.vat_rate, region), amount_text(line.net, region))
        for end, text in zip(COLUMN_ENDS[1:], cells, strict=True):
            ink.draw(painter, SIDE + end * self.width - 1.5, y + ROW_PAD, text, size,
                     right=True)
        height = self._row_height(line)
        ink.hline(painter, SIDE, SIDE + self.width, y + height)

    def _paint_totals(self, painter: QPainter, y: float) -> None:
        ink, size = self.ink, self.size
        x, right = SIDE + TOTALS_AT * self.width, SIDE + self.width - 1.5
        y += 2.0
        rows = self._totals_rows()
        for label, value, grand in rows:
            if grand:
                ink.hline(painter, x, SIDE + self.width, y + 0.8, INK, 0.3)
                y += 1.6
                ink.draw(painter, x, y, label, size + 2, bold=True)
                ink.draw(painter, right, y, value, size + 2, bold=True, right=True)
            else:
                ink.draw(painter, x, y, label, size, color=MUTED)
                ink.draw(painter, right, y, value, size, right=True)
                y += self.line_h

    def _paint_paragraph(self, painter: QPainter, y: float, title: str, text: str) -> None:
        ink, size = self.ink, self.size
        y += 4.0
        ink.draw(painter, SIDE, y, title, size - 1, bold=True, color=MUTED)
        y += ink.line(size - 1, True)
        font, _ = ink.font(size)
        painter.setFont(font)
        painter.setPen(INK)
        ink.reset()
        painter.drawText(QRectF(SIDE * ink.k, y * ink.k, self.width * ink.k,
                                10_000 * ink.k), WRAP, text)

    def _paint_notes(self, painter: QPainter, y: float) -> None:
        self._paint_paragraph(painter, y, _tr("Notes"), self.sheet.notes)

    def _paint_terms(self, painter: QPainter, y: float) -> None:
        self._paint_paragraph(painter, y, _tr("Payment"),
                              "\n".join(self.sheet.seller.payment_terms))

    def _paint_footer(self, painter: QPainter, index: int) -> None:
        ink, size = self.ink, self.size - 1.5
        seller = self.sheet.seller
        y = self.page_h - FOOT + 4.0
        ink.hline(painter, SIDE, SIDE + self.width, y - 1.2)
        parts = [seller.name, _tr("VAT no. %1").replace("%1", seller.vat_number)
                 if seller.vat_number else "", seller.phone, seller.email]
        text = " · ".join(p for p in parts if p)
        ink.draw(painter, SIDE, y, ink.elide(text, self.width * 0.75, size), size,
                 color=MUTED)
        number = _tr("Page %1 of %2").replace("%1", str(index + 1)).replace(
            "%2", str(self.page_count))
        ink.draw(painter, SIDE + self.width, y, number, size, color=MUTED, right=True)
