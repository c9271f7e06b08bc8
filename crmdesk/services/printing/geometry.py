"""Paper, label sheets and card grids, in millimetres.

Kept free of Qt so the arithmetic that decides where every label and card
lands on the sheet is plain Python and unit-tested to a tenth of a millimetre;
the painter only converts millimetres to device units.
"""

from __future__ import annotations

from dataclasses import dataclass

INCH = 25.4


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle in millimetres from the top-left of the paper."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def inset(self, dx: float, dy: float | None = None) -> Rect:
        dy = dx if dy is None else dy
        return Rect(self.x + dx, self.y + dy, max(0.0, self.w - 2 * dx), max(0.0, self.h - 2 * dy))

    def contains(self, other: Rect, tolerance: float = 1e-6) -> bool:
        return (other.x >= self.x - tolerance and other.y >= self.y - tolerance
                and other.right <= self.right + tolerance
                and other.bottom <= self.bottom + tolerance)


@dataclass(frozen=True)
class Paper:
    name: str
    width: float
    height: float

    def size(self, landscape: bool = False) -> tuple[float, float]:
        return (self.height, self.width) if landscape else (self.width, self.height)


PAPERS: dict[str, Paper] = {
    "A4": Paper("A4", 210.0, 297.0),
    "Letter": Paper("Letter", 8.5 * INCH, 11 * INCH),
}

#: Countries whose offices use US Letter paper; everyone else uses A4.
LETTER_COUNTRIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "PR", "GT", "CR"})


def default_paper(country: str) -> str:
    """The paper a user in this country most likely has in the printer."""
    return "Letter" if country.upper() in LETTER_COUNTRIES else "A4"


@dataclass(frozen=True)
class LabelSheet:
    """A sheet of equal labels: ``rows`` x ``cols`` cells placed by margins and pitch."""

    name: str
    paper: str  # key into PAPERS
    rows: int
    cols: int
    label_w: float
    label_h: float
    top: float  # paper edge to the top of the first row
    left: float  # paper edge to the left of the first column
    pitch_x: float  # left edge to left edge of neighbouring columns
    pitch_y: float  # top edge to top edge of neighbouring rows
    corner: float = 0.0  # corner radius, only for drawing guides

    @property
    def per_sheet(self) -> int:
        return self.rows * self.cols

    def cell(self, index: int) -> Rect:
        """The cell at ``index`` (0-based, row by row, left to right)."""
        if not 0 <= index < self.per_sheet:
            raise ValueError(f"Label position {index + 1} is not on a {self.per_sheet}-label "
                             "sheet.")
        row, col = divmod(index, self.cols)
        return Rect(self.left + col * self.pitch_x, self.top + row * self.pitch_y,
                    self.label_w, self.label_h)

    def problems(self) -> list[str]:
        """Why this sheet cannot be printed (empty when it fits its paper)."""
        out: list[str] = []
        if self.rows < 1 or self.cols < 1:
            out.append("A label sheet needs at least one row and one column.")
            return out
        if self.label_w <= 0 or self.label_h <= 0:
            out.append("Labels need a positive width and height.")
        if self.pitch_x < self.label_w - 1e-6 or self.pitch_y < self.label_h - 1e-6:
            out.append("The pitch is smaller than the label, so labels would overlap.")
        width, height = PAPERS[self.paper].size()
        last = self.cell(self.per_sheet - 1)
        if (self.left < 0 or self.top < 0 or last.right > width + 0.01
                or last.bottom > height + 0.01):
            out.append(f"The labels do not fit on {self.paper} paper "
                       f"({width:g} x {height:g} mm).")
        return out


SHEETS: dict[str, LabelSheet] = {
    # Avery L7160: A4, 21 labels 63.5 x 38.1 mm, 3 across, 7 down.
    "L7160": LabelSheet("L7160", "A4", rows=7, cols=3, label_w=63.5, label_h=38.1,
                        top=15.15, left=7.25, pitch_x=66.04, pitch_y=38.1, corner=2.0),
    # Avery 5160: US Letter, 30 labels 2-5/8 x 1 in, 3 across, 10 down.
    "5160": LabelSheet("5160", "Letter", rows=10, cols=3, label_w=2.625 * INCH,
                       label_h=1.0 * INCH, top=0.5 * INCH, left=0.1875 * INCH,
                       pitch_x=2.75 * INCH, pitch_y=1.0 * INCH, corner=1.5),
}


def custom_sheet(paper: str, rows: int, cols: int, *, top: float, left: float,
                 label_w: float, label_h: float, pitch_x: float | None = None,
                 pitch_y: float | None = None) -> LabelSheet:
    """A user-measured sheet; pitch defaults to the label size (labels touching)."""
    if paper not in PAPERS:
        raise ValueError(f"Unknown paper {paper!r}; use A4 or Letter.")
    return LabelSheet("custom", paper, rows, cols, label_w, label_h, top, left,
                      pitch_x if pitch_x is not None else label_w,
                      pitch_y if pitch_y is not None else label_h)


@dataclass(frozen=True)
class LabelSlot:
    page: int
    position: int  # 0-based cell on the sheet
    item: int  # 0-based index into the records
    cell: Rect


def label_slots(sheet: LabelSheet, count: int, start: int = 1) -> list[LabelSlot]:
    """Where each of ``count`` labels goes, skipping the used cells before ``start`` (1-based).

    A half-used sheet goes back into the printer, so only the first page skips.
    """
    if not 1 <= start <= sheet.per_sheet:
        raise ValueError(f"The start position must be between 1 and {sheet.per_sheet} on a "
                         f"{sheet.name} sheet.")
    slots = []
    for item in range(count):
        absolute = start - 1 + item
        page, position = divmod(absolute, sheet.per_sheet)
        slots.append(LabelSlot(page, position, item, sheet.cell(position)))
    return slots


def label_pages(sheet: LabelSheet, count: int, start: int = 1) -> int:
    return 0 if count <= 0 else (start - 1 + count - 1) // sheet.per_sheet + 1


@dataclass(frozen=True)
class CardSize:
    key: str
    label: str
    width: float
    height: float


CARD_SIZES: dict[str, CardSize] = {
    "a7": CardSize("a7", "A7 (74 x 105 mm)", 105.0, 74.0),
    "3x5": CardSize("3x5", "Index card (3 x 5 in)", 5 * INCH, 3 * INCH),
    "business": CardSize("business", "Business card (85 x 55 mm)", 85.0, 55.0),
}


@dataclass(frozen=True)
class CardGrid:
    """Cards butted together in a grid centred on the page, cut marks in the margin."""

    page_w: float
    page_h: float
    card: CardSize
    rows: int
    cols: int
    origin_x: float
    origin_y: float

    @property
    def per_page(self) -> int:
        return self.rows * self.cols

    def cell(self, index: int) -> Rect:
        row, col = divmod(index % self.per_page, self.cols)
        return Rect(self.origin_x + col * self.card.width, self.origin_y + row * self.card.height,
                    self.card.width, self.card.height)

    def cut_marks(self, length: float = 4.0, gap: float = 1.5) -> list[tuple[float, float,
                                                                               float, float]]:
        """Short lines (x1, y1, x2, y2) outside the grid, in line with every cut."""
        xs = [self.origin_x + c * self.card.width for c in range(self.cols + 1)]
        ys = [self.origin_y + r * self.card.height for r in range(self.rows + 1)]
        top, bottom = ys[0], ys[-1]
        left, right = xs[0], xs[-1]
        lines = []
        for x in xs:
            lines.append((x, top - gap - length, x, top - gap))
            lines.append((x, bottom + gap, x, bottom + gap + length))
        for y in ys:
            lines.append((left - gap - length, y, left - gap, y))
            lines.append((right + gap, y, right + gap + length, y))
        return lines


def card_grid(page_w: float, page_h: float, card: CardSize, margin: float = 10.0) -> CardGrid:
    """As many cards as fit inside ``margin`` (which leaves room for the cut marks).

    A card larger than the page in its own orientation is turned, so an index
    card still fits a landscape or portrait page.
    """
    def fit(c: CardSize) -> tuple[int, int]:
        return (max(0, int((page_h - 2 * margin + 1e-6) // c.height)),
                max(0, int((page_w - 2 * margin + 1e-6) // c.width)))

    rows, cols = fit(card)
    turned = CardSize(card.key, card.label, card.height, card.width)
    t_rows, t_cols = fit(turned)
    if t_rows * t_cols > rows * cols:
        card, rows, cols = turned, t_rows, t_cols
    if rows * cols == 0:
        raise ValueError(f"A {card.label} card does not fit on this paper.")
    origin_x = (page_w - cols * card.width) / 2
    origin_y = (page_h - rows * card.height) / 2
    return CardGrid(page_w, page_h, card, rows, cols, origin_x, origin_y)
