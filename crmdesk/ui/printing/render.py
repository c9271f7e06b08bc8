"""Painting print jobs onto a PDF writer or a printer with QPainter.

Two passes: measure every block with the device's own font metrics and let
``services.printing.flow`` place them (so the footer knows "of 12" before
page 1 is painted), then paint page by page, calling ``progress`` after each
page so a dialog can show progress and offer Cancel. Coordinates are kept in
millimetres from the paper's corner and converted only when drawing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDate,
    QLineF,
    QLocale,
    QMarginsF,
    QPointF,
    QRectF,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from crmdesk import files
from crmdesk.services.activities import ActivityError
from crmdesk.services.errors import NotFoundError
from crmdesk.services.printing import (
    CARD_SIZES,
    AccountSummary,
    AgendaDay,
    AgendaItem,
    Block,
    HistoryEntry,
    PrintContact,
    PrintData,
    PrintOptions,
    QuoteSheet,
    Rect,
    address_lines,
    card_grid,
    group_by_letter,
    header_range,
    label_lines,
    label_pages,
    label_slots,
    page_label,
    paginate,
    summary_sections,
)
from crmdesk.ui.fonts import ensure_fonts, print_font

INK = QColor("#1c2128")
MUTED = QColor("#5f6b77")
RULE = QColor("#c8d0d8")
BAND = QColor("#e4ecf6")
ACCENT = QColor("#1d4f91")
GUIDE = QColor("#b8c4d0")

MARGIN = 12.0  # mm around flowed pages
HEADER = 11.0  # mm from the top margin to the first line of content
FOOTER = 8.0
COLUMN_GAP = 7.0
HAIRLINE = 0.15  # mm

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class PrintError(Exception):
    """A print job that cannot be done, in a sentence a person can act on."""


class PrintCancelled(PrintError):
    def __init__(self) -> None:
        super().__init__("Printing was cancelled; nothing was saved.")


# -- what is printed ------------------------------------------------------------
@dataclass
class Prepared:
    """The records of one job, loaded once; the preview re-lays them out on every change."""

    options: PrintOptions
    contacts: list[PrintContact] = field(default_factory=list)
    accounts: list[AccountSummary] = field(default_factory=list)
    subtitle: str = ""
    days: list[AgendaDay] = field(default_factory=list)  # an agenda
    history: list[HistoryEntry] = field(default_factory=list)  # a record's history
    quote: QuoteSheet | None = None  # a quote

    @property
    def count(self) -> tuple[int, str]:
        """How many of what the job prints, for "12 contacts, 3 pages"."""
        style = self.options.style
        if style == "account-summary":
            n, nouns = len(self.accounts), ("account", "accounts")
        elif style == "agenda":
            n = sum(len(d.all_day) + len(d.timed) + len(d.tasks) for d in self.days)
            nouns = ("item", "items")
        elif style == "history":
            n, nouns = len(self.history), ("activity", "activities")
        elif style == "quote":
            n, nouns = (len(self.quote.lines) if self.quote else 0), ("line", "lines")
        else:
            n, nouns = len(self.contacts), ("contact", "contacts")
        return n, nouns[n != 1]


def prepare(options: PrintOptions, data: PrintData,
            progress: Progress | None = None) -> Prepared:
    """Load the records the options select (contacts, or accounts for a summary)."""
    if problems := options.problems():
        raise PrintError(problems[0])
    if options.style == "agenda":
        assert options.first_day is not None and options.end_day is not None
        days = data.agenda(options.first_day, options.end_day)
        return Prepared(options, days=days,
                        subtitle=day_range(options.first_day, options.end_day,
                                           options.date_format))
    if options.style == "history":
        assert options.record is not None
        try:
            name, entries = data.history(options.record)
        except ActivityError as exc:
            raise PrintError(str(exc)) from None
        return Prepared(options, history=entries, subtitle=name)
    if options.style == "quote":
        assert options.quote_id is not None
        try:
            sheet = data.quote(options.quote_id)
        except NotFoundError as exc:
            raise PrintError(str(exc)) from None
        return Prepared(options, quote=sheet, subtitle=sheet.number)
    subtitle = options.selection.describe()
    if options.style == "account-summary":
        if options.account_id is not None:
            ids = [options.account_id]
        else:
            ids = data.account_ids(options.selection)
        accounts = []
        for n, account_id in enumerate(ids, start=1):
            accounts.append(data.account_summary(account_id))
            if progress:
                progress(n, len(ids))
        subtitle = ("One account" if options.account_id is not None
                    else options.selection.describe("accounts"))
        return Prepared(options, accounts=accounts, subtitle=subtitle)
    ids = data.contact_ids(options.selection)
    return Prepared(options, contacts=data.contacts(ids, progress), subtitle=subtitle)


# -- measuring and drawing text in millimetres -------------------------------------
class Ink:
    """Fonts, metrics and mm-to-device conversion for one paint device."""

    def __init__(self, device: QPagedPaintDevice) -> None:
        ensure_fonts()
        self.device = device
        self.k = device.logicalDpiX() / 25.4  # device units per mm
        self._fonts: dict[tuple[float, bool, bool], tuple[QFont, QFontMetricsF]] = {}
        self._current: QFont | None = None

    def font(self, size: float, bold: bool = False,
             italic: bool = False) -> tuple[QFont, QFontMetricsF]:
        key = (round(size, 2), bold, italic)
        if key not in self._fonts:
            font = print_font(key[0], bold=bold, italic=italic)
            self._fonts[key] = (font, QFontMetricsF(font, self.device))
        return self._fonts[key]

    def line(self, size: float, bold: bool = False) -> float:
        """Line height in mm."""
        return self.font(size, bold)[1].lineSpacing() / self.k

    def width(self, text: str, size: float, bold: bool = False, italic: bool = False) -> float:
        return self.font(size, bold, italic)[1].horizontalAdvance(text) / self.k

    def elide(self, text: str, width: float, size: float, bold: bool = False) -> str:
        metrics = self.font(size, bold)[1]
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(0.0, width * self.k))

    def draw(self, painter: QPainter, x: float, top: float, text: str, size: float, *,
             bold: bool = False, italic: bool = False, color: QColor = INK,
             right: bool = False) -> None:
        """Draw one line with its top at ``top`` (mm); ``right`` aligns its end to ``x``."""
        font, metrics = self.font(size, bold, italic)
        if self._current is not font:
            painter.setFont(font)
            self._current = font
        painter.setPen(color)
        px = x * self.k
        if right:
            px -= metrics.horizontalAdvance(text)
        painter.drawText(QPointF(px, top * self.k + metrics.ascent()), text)

    def rect(self, r: Rect) -> QRectF:
        return QRectF(r.x * self.k, r.y * self.k, r.w * self.k, r.h * self.k)

    def pen(self, color: QColor, width_mm: float = HAIRLINE,
            style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
        pen = QPen(color)
        pen.setWidthF(width_mm * self.k)
        pen.setStyle(style)
        return pen

    def hline(self, painter: QPainter, x1: float, x2: float, y: float,
              color: QColor = RULE, width: float = HAIRLINE) -> None:
        painter.setPen(self.pen(color, width))
        painter.drawLine(QLineF(x1 * self.k, y * self.k, x2 * self.k, y * self.k))

    def band(self, painter: QPainter, r: Rect, color: QColor = BAND) -> None:
        painter.fillRect(self.rect(r), color)

    def reset(self) -> None:
        self._current = None


PaintFn = Callable[[QPainter, float, float, float], None]  # painter, x, y, width (mm)


@dataclass
class Line:
    """One line of a text block; ``label`` is a grey kind word ("mobile") in a gutter."""

    text: str
    size: float
    bold: bool = False
    italic: bool = False
    color: QColor = field(default_factory=lambda: INK)
    label: str = ""
    indent: bool = False  # in the value column without a label (an address's later lines)


def letter_band(ink: Ink, letter: str, size: float) -> tuple[float, PaintFn]:
    height = ink.line(size + 2, True) + 1.4

    def paint(painter: QPainter, x: float, y: float, w: float) -> None:
        ink.band(painter, Rect(x, y + 0.2, w, height - 0.4))
        ink.draw(painter, x + 2.0, y + 0.7, letter, size + 2, bold=True, color=ACCENT)

    return height, paint


# -- documents -------------------------------------------------------------------
class Document:
    """Something with pages to paint."""

    page_count: int = 1

    def paint_page(self, painter: QPainter, index: int) -> None:
        raise NotImplementedError


class FlowDocument(Document):
    """Blocks flowed into columns, under a header and above a "Page n of N" footer."""

    def __init__(self, ink: Ink, prepared: Prepared, columns: int,
                 captions: list[tuple[float, str]] | None = None) -> None:
        self.ink = ink
        self.prepared = prepared
        self.options = prepared.options
        self.page_w, self.page_h = self.options.page_size
        self.columns = columns
        self.captions = captions or []  # (fraction of column width, caption)
        self.caption_h = ink.line(self.options.font_size - 2) + 1.0 if captions else 0.0
        frame_w = self.page_w - 2 * MARGIN
        self.column_w = (frame_w - COLUMN_GAP * (columns - 1)) / columns
        self.top = MARGIN + HEADER + self.caption_h
        self.column_h = self.page_h - MARGIN - FOOTER - self.top
        self.items: list[tuple[Block, PaintFn]] = []
        self.pages: list = []
        self.today = date.today().isoformat()

    def add(self, height: float, paint: PaintFn, *, key: str = "", keep: bool = False,
            new_page: bool = False) -> None:
        self.items.append((Block(height, keep_with_next=keep, break_before=new_page, key=key),
                           paint))

    def finish(self) -> FlowDocument:
        self.pages = paginate([b for b, _ in self.items], self.column_h, self.columns)
        self.page_count = len(self.pages)
        return self

    def column_x(self, column: int) -> float:
        return MARGIN + column * (self.column_w + COLUMN_GAP)

    def paint_page(self, painter: QPainter, index: int) -> None:
        ink = self.ink
        ink.reset()
        page = self.pages[index]
        self.paint_chrome(painter, index, header_range(page.first_key, page.last_key))
        for placement in page.placements:
            _, paint = self.items[placement.block]
            paint(painter, self.column_x(placement.column), self.top + placement.y,
                  self.column_w)
        if not self.items:
            ink.draw(painter, MARGIN, self.top + 4, "Nothing to print: no records match.",
                     self.options.font_size + 1, color=MUTED)

    def paint_chrome(self, painter: QPainter, index: int, running: str) -> None:
        ink, size = self.ink, self.options.font_size
        left, right = MARGIN, self.page_w - MARGIN
        ink.draw(painter, left, MARGIN, self.options.heading, size + 3, bold=True)
        sub = f"{self.prepared.subtitle} · {self.today}"
        ink.draw(painter, left + ink.width(self.options.heading, size + 3, True) + 4,
                 MARGIN + ink.line(size + 3, True) - ink.line(size - 1) - 0.3, sub, size - 1,
                 color=MUTED)
        if running:
            ink.draw(painter, right, MARGIN, running, size + 3, bold=True, color=ACCENT,
                     right=True)
        rule_y = MARGIN + HEADER - 2.5
        ink.hline(painter, left, right, rule_y, INK, 0.3)
        for column in range(self.columns):
            x = self.column_x(column)
            for fraction, caption in self.captions:
                ink.draw(painter, x + fraction * self.column_w + (2.0 if fraction == 0 else 0),
                         rule_y + 1.2, caption.upper(), size - 2, color=MUTED)
        foot = self.page_h - MARGIN - FOOTER + 3.0
        ink.hline(painter, left, right, foot - 1.2)
        ink.draw(painter, left, foot, "crmdesk", size - 1.5, color=MUTED)
        ink.draw(painter, right, foot, page_label(index + 1, self.page_count), size - 1.5,
                 color=MUTED, right=True)


def _kind(kind: str) -> str:
    return (kind or "other").lower()


def phone_list(ink: Ink, prepared: Prepared) -> FlowDocument:
    """Name | company | phones by type, one compact row each, under letter bands."""
    options = prepared.options
    size = options.font_size
    columns = 2 if options.landscape else 1
    split = (0.0, 0.31, 0.55)
    doc = FlowDocument(ink, prepared, columns,
                       captions=[(split[0], "Name"), (split[1], "Company"), (split[2], "Phone")])
    w = doc.column_w
    name_w, company_w, phone_w = (split[1] - split[0]) * w - 2.0, (split[2] - split[1]) * w - 2.5, \
        (1 - split[2]) * w
    line = ink.line(size)
    small = size - 1.5
    gap = 2.5
    for letter, people in group_by_letter(prepared.contacts, lambda c: c.letter):
        doc.add(*letter_band(ink, letter, size), keep=True)
        for person in people:
            name = ink.elide(person.name, name_w - 2.0, size, True)
            company = ink.elide(person.company, company_w, size)
            rows: list[list[tuple[float, str, str]]] = [[]]
            x = 0.0
            for kind, number in person.phones:
                label = _kind(kind)
                lw = ink.width(label, small) + 1.2
                nw = min(ink.width(number, size), phone_w - lw)
                if x and x + lw + nw > phone_w:
                    rows.append([])
                    x = 0.0
                rows[-1].append((x, label, ink.elide(number, phone_w - lw, size)))
                x += lw + nw + gap
            height = max(1, len(rows)) * line + 1.0

            def paint(painter: QPainter, x0: float, y: float, width: float, name: str = name,
                      company: str = company, rows: list = rows, height: float = height) -> None:
                top = y + 0.5
                ink.draw(painter, x0 + 2.0, top, name, size, bold=True)
                ink.draw(painter, x0 + split[1] * width, top, company, size, color=MUTED)
                px = x0 + split[2] * width
                for r, row in enumerate(rows):
                    for dx, label, number in row:
                        ink.draw(painter, px + dx, top + r * line + 0.25, label, small,
                                 color=MUTED)
                        ink.draw(painter, px + dx + ink.width(label, small) + 1.2,
                                 top + r * line, number, size)
                ink.hline(painter, x0, x0 + width, y + height)

            doc.add(height, paint, key=person.file_as)
    return doc.finish()


def _contact_lines(person: PrintContact, size: float, home: str,
                   date_format: str) -> list[Line]:
    lines = [Line(person.name, size + 1, bold=True)]
    role = " · ".join(p for p in (person.job_title, person.department) if p)
    if role:
        lines.append(Line(role, size, color=MUTED))
    if person.company:
        lines.append(Line(person.company, size))
    for kind, number in person.phones:
        lines.append(Line(number, size, label=_kind(kind)))
    for kind, address in person.emails:
        lines.append(Line(address, size, label=_kind(kind)))
    for address in person.addresses:
        for n, text in enumerate(address_lines(address, home)):
            lines.append(Line(text, size, label=_kind(address.kind) if n == 0 else "",
                              indent=n > 0))
    if person.birthday:
        lines.append(Line(person.birthday.strftime(date_format), size,
                          label="birthday"))
    return lines


def address_book(ink: Ink, prepared: Prepared) -> FlowDocument:
    """A full card per contact, two columns (three in landscape), letter bands."""
    options = prepared.options
    size = options.font_size
    doc = FlowDocument(ink, prepared, 3 if options.landscape else 2)
    gutter = ink.width("birthday", size - 1.5) + 2.5
    for letter, people in group_by_letter(prepared.contacts, lambda c: c.letter):
        doc.add(*letter_band(ink, letter, size), keep=True)
        for person in people:
            lines = _contact_lines(person, size, options.home_country, options.date_format)
            doc.add(*_card_block(ink, lines, doc.column_w, gutter), key=person.file_as)
    return doc.finish()


def _card_block(ink: Ink, lines: list[Line], width: float,
                gutter: float, pad: float = 1.6) -> tuple[float, PaintFn]:
    """Card lines where kind words sit in a gutter and values line up beside them."""
    fitted = []
    for ln in lines:
        indent = gutter if ln.label or ln.indent else 0.0
        fitted.append((ln, indent, ink.elide(ln.text, width - indent, ln.size, ln.bold)))
    height = 2 * pad + sum(ink.line(ln.size, ln.bold) for ln in lines)

    def paint(painter: QPainter, x: float, y: float, w: float) -> None:
        top = y + pad
        for ln, indent, text in fitted:
            if ln.label:
                ink.draw(painter, x, top + 0.25, ln.label, ln.size - 1.5, color=MUTED)
            ink.draw(painter, x + indent, top, text, ln.size, bold=ln.bold, color=ln.color)
            top += ink.line(ln.size, ln.bold)
        ink.hline(painter, x, x + w, y + height)

    return height, paint


def account_summary(ink: Ink, prepared: Prepared) -> FlowDocument:
    """Account after account, flowed on the pages: its details, then a section for each
    kind of related record it has (``services.printing.summary``); a title stays with its
    first lines, and a space sets each account apart from the one before."""
    options = prepared.options
    size = options.font_size
    doc = FlowDocument(ink, prepared, 1)
    w = doc.column_w
    gutter = 38.0
    for summary in prepared.accounts:
        a = summary.account
        title_h = ink.line(size + 5, True) + 3.0

        def title(painter: QPainter, x: float, y: float, width: float, name: str = a.name,
                  number: str = a.account_number, h: float = title_h) -> None:
            ink.band(painter, Rect(x, y, width, h))
            ink.draw(painter, x + 3, y + 1.5, name, size + 5, bold=True, color=ACCENT)
            if number:
                ink.draw(painter, x + width - 3, y + 1.5 + ink.line(size + 5, True)
                         - ink.line(size), f"No. {number}", size, color=MUTED, right=True)

        if doc.items:
            doc.add(ACCOUNT_GAP, _nothing, keep=True)
        doc.add(title_h + 2, title, key=a.name, keep=True)
        facts: list[tuple[str, str]] = [
            ("Industry", a.industry),
            ("Relationship", ", ".join(r.value for r in a.relationships)),
            ("Parent account", summary.parent_name),
            ("Primary contact", summary.primary_contact),
            ("Website", a.website),
            ("Categories", ", ".join(a.categories)),
        ]
        facts += [(f"Phone ({_kind(p.kind)})", p.number) for p in a.phones]
        facts += [(f"E-mail ({_kind(e.kind)})", e.address) for e in a.emails]
        for addr in a.addresses:
            for n, text in enumerate(address_lines(addr, options.home_country)):
                facts.append((f"Address ({_kind(addr.kind)})" if n == 0 else "", text))
        shown = [(label, value) for label, value in facts if value]
        for n, (label, value) in enumerate(shown):
            doc.add(*_fact(ink, label, value, size, gutter), key=a.name,
                    keep=n < KEPT_WITH_TITLE - 1 and n < len(shown) - 1)
        if a.notes.strip():
            doc.add(*_paragraph(ink, "Notes", a.notes.strip(), size, w, gutter), key=a.name)
        for section in summary_sections(summary):
            title = QCoreApplication.translate("AccountSummary", section.title)
            doc.add(*_section(ink, f"{title} ({len(section.rows)})", size), keep=True)
            for row in section.rows:
                cells = [(start, text, n == 0)
                         for n, (start, text) in enumerate(zip(section.starts, row, strict=True))]
                doc.add(*_table_row(ink, size, w, cells), key=a.name)
    return doc.finish()


#: Space between one account's summary and the next (mm); lines kept with its title
ACCOUNT_GAP = 8.0
KEPT_WITH_TITLE = 3


def _nothing(painter: QPainter, x: float, y: float, w: float) -> None:
    """The space between two accounts."""


def _fact(ink: Ink, label: str, value: str, size: float,
          gutter: float) -> tuple[float, PaintFn]:
    height = ink.line(size) + 0.8

    def paint(painter: QPainter, x: float, y: float, w: float) -> None:
        if label:
            ink.draw(painter, x + 2, y + 0.6, label, size - 1, color=MUTED)
        ink.draw(painter, x + gutter, y + 0.4, ink.elide(value, w - gutter, size), size)

    return height, paint


def _paragraph(ink: Ink, label: str, text: str, size: float, width: float,
               gutter: float) -> tuple[float, PaintFn]:
    font, metrics = ink.font(size)
    flags = int(Qt.TextFlag.TextWordWrap)
    box = QRectF(0, 0, (width - gutter) * ink.k, 10_000 * ink.k)
    height = metrics.boundingRect(box, flags, text).height() / ink.k + 1.6

    def paint(painter: QPainter, x: float, y: float, w: float) -> None:
        ink.draw(painter, x + 2, y + 0.8, label, size - 1, color=MUTED)
        painter.setFont(font)
        ink.reset()
        painter.setPen(INK)
        painter.drawText(QRectF((x + gutter) * ink.k, (y + 0.6) * ink.k, (w - gutter) * ink.k,
                                (height - 0.6) * ink.k), flags, text)

    return height, paint


def _section(ink: Ink, title: str, size: float) -> tuple[float, PaintFn]:
    height = ink.line(size + 1, True) + 4.0

    def paint(painter: QPainter, x: float, y: float, w: float) -> None:
        ink.draw(painter, x + 2, y + 2.6, title, size + 1, bold=True, color=ACCENT)
        ink.hline(painter, x, x + w, y + height - 0.2, ACCENT, 0.25)

    return height, paint


def _table_row(ink: Ink, size: float, width: float,
               cells: list[tuple[float, str, bool]]) -> tuple[float, PaintFn]:
    height = ink.line(size) + 1.4
    edges = [c[0] for c in cells[1:]] + [1.0]
    fitted = [(f, ink.elide(t, (end - f) * width - 3.0, size, b), b)
              for (f, t, b), end in zip(cells, edges, strict=True)]

    def paint(painter: QPainter, x: float, y: float, w: float) -> None:
        for fraction, text, bold in fitted:
            ink.draw(painter, x + 2 + fraction * w, y + 0.7, text, size, bold=bold,
                     color=INK if bold else MUTED)
        ink.hline(painter, x, x + w, y + height)

    return height, paint


# -- agendas and histories --------------------------------------------------------
def _tr(text: str) -> str:
    return QCoreApplication.translate("PrintActivities", text)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def day_label(day: date) -> str:
    """"Thursday, 3 December 2026", in the user's language."""
    return QLocale().toString(_qdate(day), QLocale.FormatType.LongFormat)


def day_range(first: date, end: date, date_format: str) -> str:
    """The days an agenda covers, its end exclusive, in Settings' date format."""
    last = date.fromordinal(end.toordinal() - 1)
    text = first.strftime(date_format)
    if last > first:
        text += " – " + last.strftime(date_format)
    return text


def _short_day(day: date) -> str:
    """"Mon 30 Nov", the running header of an agenda page."""
    return QLocale().toString(_qdate(day), "ddd d MMM")


#: Where an agenda line's columns start, as a share of the width
AGENDA_COLUMNS = (0.0, 0.15, 0.56, 0.76)
HISTORY_COLUMNS = (0.0, 0.17, 0.27, 0.68, 0.88)


def _when(item: AgendaItem) -> str:
    if item.start is None or item.end is None:
        return _tr("All day") if item.kind != "task" else ""
    if item.continues:
        return f"… {item.end:%H:%M}"
    if item.end == item.start:
        return f"{item.start:%H:%M}"
    return f"{item.start:%H:%M}–{item.end:%H:%M}"


def _subject(kind: str, subject: str, status: str) -> str:
    text = subject or _tr("(no subject)")
    prefix = {"call": _tr("Call:"), "note": _tr("Note:")}.get(kind)
    if prefix:
        text = f"{prefix} {text}"
    if status == "cancelled":
        text += " " + _tr("(cancelled)")
    return text


def _priority(value: int) -> str:
    if 1 <= value <= 4:
        return _tr("high priority")
    if value >= 6:
        return _tr("low priority")
    return ""


def agenda(ink: Ink, prepared: Prepared) -> FlowDocument:
    """Day after day: its all-day items, then the timed ones with time, subject, location
    and whom they regard, then the tasks due; a day with nothing says so."""
    options = prepared.options
    size = options.font_size
    cols = AGENDA_COLUMNS
    doc = FlowDocument(ink, prepared, 1, captions=[
        (cols[0], _tr("Time")), (cols[1], _tr("Subject")), (cols[2], _tr("Location")),
        (cols[3], _tr("Regarding"))])
    w = doc.column_w
    for day in prepared.days:
        key = _short_day(day.day)
        doc.add(*letter_band(ink, day_label(day.day), size - 1), keep=True, key=key)
        if day.empty:
            doc.add(*_fact(ink, "", _tr("Nothing planned"), size, 2.0), key=key)
        for item in (*day.all_day, *day.timed):
            cells = [(cols[0], _when(item), False),
                     (cols[1], _subject(item.kind, item.subject, item.status), True),
                     (cols[2], item.location, False), (cols[3], item.regarding, False)]
            doc.add(*_table_row(ink, size, w, cells), key=key)
        if day.tasks:
            doc.add(*_fact(ink, "", _tr("Tasks due"), size, 2.0), keep=True, key=key)
            for item in day.tasks:
                done = item.status == "completed"
                state = _tr("done") if done else _priority(item.priority)
                cells = [(cols[0], f"{item.start:%H:%M}" if item.start else "", False),
                         (cols[1], ("✓ " if done else "☐ ") + _subject(
                             item.kind, item.subject, item.status), True),
                         (cols[2], state, False), (cols[3], item.regarding, False)]
                doc.add(*_table_row(ink, size, w, cells), key=key)
    return doc.finish()


_KIND_NAMES = {
    "appointment": QT_TRANSLATE_NOOP("PrintActivities", "Meeting"),
    "task": QT_TRANSLATE_NOOP("PrintActivities", "Task"),
    "call": QT_TRANSLATE_NOOP("PrintActivities", "Call"),
    "note": QT_TRANSLATE_NOOP("PrintActivities", "Note"),
}
_STATUS_NAMES = {"open": "", "completed": "done", "cancelled": "cancelled"}


def history(ink: Ink, prepared: Prepared) -> FlowDocument:
    """A record's activities, newest first, under a band for each year: date, kind,
    subject, whom it regards (for an account, which of its people) and status."""
    options = prepared.options
    size = options.font_size
    cols = HISTORY_COLUMNS
    doc = FlowDocument(ink, prepared, 1, captions=[
        (cols[0], _tr("Date")), (cols[1], _tr("Kind")), (cols[2], _tr("Subject")),
        (cols[3], _tr("Regarding")), (cols[4], _tr("Status"))])
    w = doc.column_w
    year = None
    for entry in prepared.history:
        when = entry.when
        day = when.date() if isinstance(when, datetime) else when
        if day.year != year:
            year = day.year
            doc.add(*letter_band(ink, str(year), size - 1), keep=True, key=str(year))
        stamp = day.strftime(options.date_format)
        if isinstance(when, datetime) and not entry.all_day:
            stamp += f" {when:%H:%M}"
        subject = entry.subject or _tr("(no subject)")
        if entry.recurring:
            subject += " " + _tr("(repeats)")
        status = _STATUS_NAMES.get(entry.status, entry.status)
        cells = [(cols[0], stamp, False),
                 (cols[1], _tr(_KIND_NAMES.get(entry.kind, entry.kind)), False),
                 (cols[2], subject, True), (cols[3], entry.regarding, False),
                 (cols[4], _tr(status) if status else "", False)]
        doc.add(*_table_row(ink, size, w, cells), key=str(year))
    return doc.finish()


class CardDocument(Document):
    """Rolodex cards butted together in a grid, with cut marks in the margin."""

    def __init__(self, ink: Ink, prepared: Prepared) -> None:
        self.ink = ink
        self.prepared = prepared
        options = prepared.options
        page_w, page_h = options.page_size
        self.grid = card_grid(page_w, page_h, CARD_SIZES[options.card])
        n = len(prepared.contacts)
        self.page_count = max(1, -(-n // self.grid.per_page))

    def paint_page(self, painter: QPainter, index: int) -> None:
        ink, grid = self.ink, self.grid
        ink.reset()
        painter.setPen(ink.pen(INK, 0.2))
        for x1, y1, x2, y2 in grid.cut_marks():
            painter.drawLine(QLineF(x1 * ink.k, y1 * ink.k, x2 * ink.k, y2 * ink.k))
        first = index * grid.per_page
        people = self.prepared.contacts[first:first + grid.per_page]
        for n, person in enumerate(people):
            self.paint_card(painter, grid.cell(n), person)
        if not people:
            ink.draw(painter, MARGIN, MARGIN + 4, "Nothing to print: no records match.",
                     self.prepared.options.font_size + 1, color=MUTED)

    def paint_card(self, painter: QPainter, cell: Rect, person: PrintContact) -> None:
        ink = self.ink
        size = self.prepared.options.font_size
        painter.setPen(ink.pen(GUIDE, 0.1, Qt.PenStyle.DotLine))
        painter.drawRect(ink.rect(cell))
        inner = cell.inset(4.0, 3.5)
        tab_w, tab_h = 9.0, ink.line(size + 2, True) + 1.0
        ink.band(painter, Rect(inner.right - tab_w, cell.y, tab_w + 4.0 - 0.4, tab_h))
        ink.draw(painter, inner.right - tab_w / 2 + ink.width(person.letter, size + 2, True) / 2
                 + 2.0, cell.y + 0.5, person.letter, size + 2, bold=True, color=ACCENT,
                 right=True)
        y = inner.y
        name_size = size + 2
        options = self.prepared.options
        lines = _contact_lines(person, size, options.home_country, options.date_format)[1:]
        lines = [ln for ln in lines if ln.label or ln.indent]
        line_h = ink.line(size)
        role = " · ".join(p for p in (person.job_title, person.company) if p)
        # the lines the card has room for beyond its name, role, rule and entries
        below = inner.bottom - y - ink.line(name_size, True) - ink.line(size) - 2.2
        spare = max(0, int((below + 0.01) // line_h) - len(lines))
        fitted = fit_line(ink, person.name, inner.w - tab_w - 2, name_size, bold=True,
                          wrap=spare > 1)
        spare -= 2 * (len(fitted) - 1)
        for text, text_size in fitted:
            ink.draw(painter, inner.x, y, text, text_size, bold=True)
            y += ink.line(name_size, True)
        if role:
            fitted = fit_line(ink, role, inner.w - tab_w - 2, size, wrap=spare > 0)
            spare -= len(fitted) - 1
            for text, text_size in fitted:
                ink.draw(painter, inner.x, y, text, text_size, color=MUTED)
                y += ink.line(size)
        y += 1.0
        ink.hline(painter, inner.x, inner.right, y, ACCENT, 0.25)
        y += 1.2
        gutter = ink.width("birthday", size - 1.5) + 2.0
        for ln in lines:
            if y + line_h > inner.bottom + 0.01:
                break
            if ln.label:
                ink.draw(painter, inner.x, y + 0.25, ln.label, size - 1.5, color=MUTED)
            room = int((inner.bottom - y + 0.01) // line_h)
            fitted = fit_line(ink, ln.text, inner.w - gutter, size, wrap=spare > 0 and room > 1)
            spare -= len(fitted) - 1
            for text, text_size in fitted:
                ink.draw(painter, inner.x + gutter, y, text, text_size)
                y += line_h


#: The smallest a card line shrinks to, as a share of the card's font size, before it
#: wraps (or, on a full card, is cut with "…")
CARD_SHRINK = 0.8
_BREAK = re.compile(r"(?<=[ ·])|(?=@)|(?<=[.\-_])")


def fit_line(ink: Ink, text: str, width: float, size: float, *, bold: bool = False,
             wrap: bool = False) -> list[tuple[str, float]]:
    """A line of a card as (text, size) pieces that fit ``width``: the line itself, else
    in a smaller font, else (``wrap``: the card has room) on two lines broken at a space,
    before an "@" or after a dot or dash; only then cut with "…"."""
    if ink.width(text, size, bold) <= width:
        return [(text, size)]
    smallest = size * CARD_SHRINK
    step = size
    while step - 0.25 >= smallest - 1e-6:
        step -= 0.25
        if ink.width(text, step, bold) <= width:
            return [(text, step)]
    if wrap:
        breaks = [m.start() for m in _BREAK.finditer(text) if 0 < m.start() < len(text)]
        for at in reversed(breaks):
            head, tail = text[:at].rstrip(" ·"), text[at:].lstrip(" ·")
            if head and tail and ink.width(head, smallest, bold) <= width:
                return [(head, smallest), (ink.elide(tail, width, smallest, bold), smallest)]
    return [(ink.elide(text, width, smallest, bold), smallest)]


@dataclass(frozen=True)
class PlacedLine:
    text: str
    size: float
    bold: bool
    box: Rect  # where the line's glyphs go, in mm on the sheet


@dataclass(frozen=True)
class PlacedLabel:
    page: int
    cell: Rect
    lines: tuple[PlacedLine, ...]


LABEL_PAD_X = 3.5
LABEL_PAD_Y = 2.0
MIN_LABEL_SIZE = 6.0


def layout_labels(ink: Ink, prepared: Prepared) -> list[PlacedLabel]:
    """Fit each label's lines inside its cell: shrink the block, then shrink or elide lines."""
    options = prepared.options
    people = [p for p in prepared.contacts if p.addresses]
    out = []
    for slot in label_slots(options.sheet, len(people), options.start):
        person = people[slot.item]
        lines = label_lines(person.name, person.company, person.addresses[0],
                            options.home_country)
        inner = slot.cell.inset(LABEL_PAD_X, LABEL_PAD_Y)
        size = options.font_size
        while size > MIN_LABEL_SIZE and _block_height(ink, lines, size) > inner.h:
            size -= 0.5
        while len(lines) > 1 and _block_height(ink, lines, size) > inner.h:
            lines = lines[:-2] + lines[-1:] if len(lines) > 2 else lines[:1]
        top = inner.y + (inner.h - _block_height(ink, lines, size)) / 2
        placed = []
        for n, text in enumerate(lines):
            bold = n == 0
            line_size = size
            while line_size > MIN_LABEL_SIZE and ink.width(text, line_size, bold) > inner.w:
                line_size -= 0.5
            if ink.width(text, line_size, bold) > inner.w:
                text = ink.elide(text, inner.w, line_size, bold)
            height = ink.line(size, n == 0)
            placed.append(PlacedLine(text, line_size, bold,
                                     Rect(inner.x, top, ink.width(text, line_size, bold),
                                          ink.line(line_size, bold))))
            top += height
        out.append(PlacedLabel(slot.page, slot.cell, tuple(placed)))
    return out


def _block_height(ink: Ink, lines: list[str], size: float) -> float:
    return sum(ink.line(size, n == 0) for n in range(len(lines)))


class LabelDocument(Document):
    def __init__(self, ink: Ink, prepared: Prepared, guides: bool) -> None:
        self.ink = ink
        self.options = prepared.options
        self.labels = layout_labels(ink, prepared)
        self.guides = guides
        self.page_count = max(1, label_pages(self.options.sheet, len(self.labels),
                                             self.options.start))

    def paint_page(self, painter: QPainter, index: int) -> None:
        ink = self.ink
        ink.reset()
        sheet = self.options.sheet
        if self.guides:
            painter.setPen(ink.pen(GUIDE, 0.1, Qt.PenStyle.DotLine))
            radius = sheet.corner * ink.k
            for position in range(sheet.per_sheet):
                painter.drawRoundedRect(ink.rect(sheet.cell(position)), radius, radius)
        for label in self.labels:
            if label.page != index:
                continue
            for line in label.lines:
                ink.draw(painter, line.box.x, line.box.y, line.text, line.size, bold=line.bold)
        if not self.labels:
            ink.draw(painter, MARGIN, MARGIN + 4, "Nothing to print: none of these contacts "
                     "has a postal address.", self.options.font_size, color=MUTED)


def build_document(prepared: Prepared, device: QPagedPaintDevice, *,
                   guides: bool = False) -> Document:
    """Lay out the job for this device (metrics differ slightly between devices)."""
    ink = Ink(device)
    style = prepared.options.style
    if style == "phone-list":
        return phone_list(ink, prepared)
    if style == "address-book":
        return address_book(ink, prepared)
    if style == "cards":
        return CardDocument(ink, prepared)
    if style == "labels":
        return LabelDocument(ink, prepared, guides)
    if style == "account-summary":
        return account_summary(ink, prepared)
    if style == "agenda":
        return agenda(ink, prepared)
    if style == "history":
        return history(ink, prepared)
    if style == "quote":
        from crmdesk.ui.printing.quote import QuoteDocument  # it builds on this module

        assert prepared.quote is not None
        return QuoteDocument(ink, prepared.quote, prepared.options.page_size,
                             prepared.options.font_size, prepared.options.date_format)
    raise PrintError(f"Unknown print style {style!r}.")


# -- devices ---------------------------------------------------------------------
def page_layout(options: PrintOptions) -> QPageLayout:
    """Paper and orientation with zero margins: the layout places everything itself."""
    paper = options.sheet.paper if options.style == "labels" else options.paper
    size = QPageSize(QPageSize.PageSizeId.Letter if paper == "Letter"
                     else QPageSize.PageSizeId.A4)
    landscape = options.landscape and options.style != "labels"
    orientation = (QPageLayout.Orientation.Landscape if landscape
                   else QPageLayout.Orientation.Portrait)
    return QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0))


def render(prepared: Prepared, device: QPagedPaintDevice, *, progress: Progress | None = None,
           cancelled: Cancelled | None = None, guides: bool = False,
           max_pages: int | None = None) -> int:
    """Paint every page (or the first ``max_pages``) on a set-up device; return the page count.

    ``progress(done, total)`` runs after each page (a progress dialog updates
    there); ``cancelled()`` is asked after each page and stops the job.
    """
    document = build_document(prepared, device, guides=guides)
    painter = QPainter()
    if not painter.begin(device):
        raise PrintError("Could not start printing: the output file or printer is not "
                         "writable.")
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    try:
        total = document.page_count
        if max_pages is not None:
            total = min(total, max_pages)
        for index in range(total):
            if index:
                device.newPage()
            document.paint_page(painter, index)
            if progress:
                progress(index + 1, total)
            if cancelled and cancelled():
                raise PrintCancelled()
    finally:
        painter.end()
    return document.page_count


def render_pdf(prepared: Prepared, path: str | Path, *, progress: Progress | None = None,
               cancelled: Cancelled | None = None, guides: bool = False) -> int:
    """Write the job as a PDF with embedded fonts and real text; return the page count.

    The PDF is written as ``crmdesk.files`` writes: private, into a temporary file that
    replaces ``path`` when complete (never through a link, never into a device)."""
    path = Path(path)
    try:
        with files.replacing(path) as tmp:
            writer = QPdfWriter(str(tmp))
            writer.setResolution(600)
            writer.setCreator("crmdesk")
            writer.setTitle(prepared.options.heading)
            writer.setPageLayout(page_layout(prepared.options))
            try:
                return render(prepared, writer, progress=progress, cancelled=cancelled,
                              guides=guides)
            finally:
                del writer  # the PDF is complete once its writer is gone
    except files.FileTargetError as exc:
        raise PrintError(str(exc)) from None
    except OSError as exc:
        raise PrintError(files.describe_os_error(exc, path)) from None
