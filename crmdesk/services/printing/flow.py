"""Flowing measured blocks into columns and pages, and what the page chrome says.

The painter measures each block (a letter heading, a phone-list row, an
address card) with real font metrics; deciding where blocks go is plain
arithmetic kept here so "a heading never ends a column", "an account starts
a new page" and "Page 3 of 12" are testable without Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Block:
    height: float
    keep_with_next: bool = False  # a heading: never the last thing in a column
    break_before: bool = False  # start on a fresh page (one account per page)
    key: str = ""  # what the running header names ("Andersen"); empty for headings


@dataclass(frozen=True, slots=True)
class Placement:
    block: int  # index into the blocks
    column: int
    y: float  # offset from the top of the column


@dataclass
class PageLayout:
    placements: list[Placement] = field(default_factory=list)
    first_key: str = ""
    last_key: str = ""


def paginate(blocks: Sequence[Block], column_height: float, columns: int = 1,
             gap: float = 0.0) -> list[PageLayout]:
    """Place blocks top to bottom, column by column, page by page.

    ``gap`` is the space between consecutive blocks in a column. A block
    taller than a column gets a column of its own (the painter clips it).
    """
    pages: list[PageLayout] = [PageLayout()]
    column, y = 0, 0.0

    def advance() -> None:
        nonlocal column, y
        column, y = column + 1, 0.0
        if column >= columns:
            pages.append(PageLayout())
            column = 0

    for i, block in enumerate(blocks):
        if block.break_before and (pages[-1].placements or column or y):
            pages.append(PageLayout())
            column, y = 0, 0.0
        need = block.height
        j = i
        while blocks[j].keep_with_next and j + 1 < len(blocks):
            j += 1
            need += gap + blocks[j].height
            if not blocks[j].keep_with_next:
                break
        top = y + (gap if y > 0 else 0.0)
        if y > 0 and top + need > column_height + 1e-6:
            advance()
            top = 0.0
        page = pages[-1]
        page.placements.append(Placement(i, column, top))
        if block.key:
            page.first_key = page.first_key or block.key
            page.last_key = block.key
        y = top + block.height
    if not pages[-1].placements and len(pages) > 1:
        pages.pop()
    return pages


def header_range(first: str, last: str) -> str:
    """The running header of a directory page: "Andersen – Bach"."""
    if not first:
        return last
    if not last or first == last:
        return first
    return f"{first} – {last}"


def page_label(number: int, total: int) -> str:
    return f"Page {number} of {total}"


def group_by_letter(items: Iterable[T], letter_of: Callable[[T], str]) -> list[tuple[str, list[T]]]:
    """Consecutive runs of items under their Rolodex letter, in the given order."""
    groups: list[tuple[str, list[T]]] = []
    for item in items:
        letter = letter_of(item) or "#"
        if not groups or groups[-1][0] != letter:
            groups.append((letter, []))
        groups[-1][1].append(item)
    return groups
