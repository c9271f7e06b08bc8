"""Flowing blocks into columns and pages; the running header and page labels."""

from __future__ import annotations

import subprocess
import sys

from crmdesk.services.printing import Block, group_by_letter, header_range, page_label, paginate


def test_blocks_fill_columns_then_pages():
    blocks = [Block(10, key=str(i)) for i in range(7)]
    pages = paginate(blocks, column_height=30, columns=2)
    assert len(pages) == 2
    assert [(p.block, p.column, p.y) for p in pages[0].placements] == [
        (0, 0, 0), (1, 0, 10), (2, 0, 20), (3, 1, 0), (4, 1, 10), (5, 1, 20)]
    assert (pages[0].first_key, pages[0].last_key) == ("0", "5")
    assert pages[1].placements[0].block == 6


def test_a_heading_never_ends_a_column():
    blocks = [Block(10), Block(10), Block(5, keep_with_next=True), Block(10)]
    pages = paginate(blocks, column_height=30, columns=1)
    assert [p.block for p in pages[0].placements] == [0, 1]
    assert [p.block for p in pages[1].placements] == [2, 3]


def test_break_before_starts_a_new_page_but_not_an_empty_one():
    blocks = [Block(5, break_before=True, key="A"), Block(5), Block(5, break_before=True,
                                                                     key="B")]
    pages = paginate(blocks, column_height=100)
    assert len(pages) == 2 and pages[1].first_key == "B"


def test_a_too_tall_block_gets_its_own_column():
    pages = paginate([Block(5), Block(50), Block(5)], column_height=20)
    assert [[p.block for p in page.placements] for page in pages] == [[0], [1], [2]]


def test_running_header_and_page_label():
    assert header_range("Andersen", "Bach") == "Andersen – Bach"
    assert header_range("Bach", "Bach") == "Bach"
    assert header_range("", "") == ""
    assert page_label(3, 12) == "Page 3 of 12"


def test_group_by_letter_keeps_order():
    groups = group_by_letter(["Ab", "Ac", "Ba", "#1"], lambda s: s[0] if s[0] != "#" else "#")
    assert groups == [("A", ["Ab", "Ac"]), ("B", ["Ba"]), ("#", ["#1"])]


def test_printing_services_do_not_import_qt():
    code = ("import sys, crmdesk.services.printing, crmdesk.commands.print; "
            "assert 'PySide6' not in sys.modules, 'Qt imported'")
    subprocess.run([sys.executable, "-c", code], check=True)
