"""Label sheets and card grids: where things land on the paper, to a hundredth of a mm."""

from __future__ import annotations

import pytest

from crmdesk.services.printing import (
    CARD_SIZES,
    PAPERS,
    SHEETS,
    Rect,
    card_grid,
    custom_sheet,
    default_paper,
    label_pages,
    label_slots,
)


def test_l7160_is_three_by_seven_on_a4_and_fits():
    sheet = SHEETS["L7160"]
    assert (sheet.cols, sheet.rows, sheet.per_sheet, sheet.paper) == (3, 7, 21, "A4")
    first, last = sheet.cell(0), sheet.cell(20)
    assert (first.x, first.y, first.w, first.h) == pytest.approx((7.25, 15.15, 63.5, 38.1))
    assert last.right <= 210 and last.bottom <= 297
    assert last.bottom == pytest.approx(297 - 15.15, abs=0.05)  # symmetric margins
    assert sheet.problems() == []


def test_5160_is_three_by_ten_on_letter():
    sheet = SHEETS["5160"]
    assert (sheet.cols, sheet.rows, sheet.paper) == (3, 10, "Letter")
    assert sheet.cell(0).w == pytest.approx(66.675)
    last = sheet.cell(29)
    width, height = PAPERS["Letter"].size()
    assert last.right == pytest.approx(width - 0.1875 * 25.4, abs=0.01)
    assert last.bottom == pytest.approx(height - 12.7, abs=0.01)


def test_cells_never_overlap():
    for sheet in SHEETS.values():
        cells = [sheet.cell(i) for i in range(sheet.per_sheet)]
        for a in cells:
            for b in cells:
                if a is not b:
                    assert (a.right <= b.x + 1e-6 or b.right <= a.x + 1e-6
                            or a.bottom <= b.y + 1e-6 or b.bottom <= a.y + 1e-6)


def test_start_position_skips_used_labels_on_the_first_sheet_only():
    sheet = SHEETS["L7160"]
    slots = label_slots(sheet, 25, start=5)
    assert [s.position for s in slots[:3]] == [4, 5, 6]
    assert slots[16].page == 0 and slots[16].position == 20
    assert slots[17].page == 1 and slots[17].position == 0
    assert label_pages(sheet, 25, 5) == 2
    assert label_pages(sheet, 17, 5) == 1
    assert label_pages(sheet, 0, 1) == 0
    with pytest.raises(ValueError, match="between 1 and 21"):
        label_slots(sheet, 3, start=22)


def test_custom_sheet_is_checked_against_its_paper():
    ok = custom_sheet("A4", 8, 2, top=12.9, left=4.65, label_w=99.1, label_h=33.9,
                      pitch_x=101.6, pitch_y=33.9)
    assert ok.problems() == []
    assert ok.cell(15).bottom == pytest.approx(12.9 + 8 * 33.9)
    too_big = custom_sheet("Letter", 12, 2, top=10, left=5, label_w=100, label_h=30)
    assert "do not fit" in too_big.problems()[0]
    overlap = custom_sheet("A4", 2, 2, top=10, left=5, label_w=50, label_h=30, pitch_x=40)
    assert any("overlap" in p for p in overlap.problems())


@pytest.mark.parametrize("key", list(CARD_SIZES))
@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("landscape", [False, True])
def test_card_grid_fits_inside_the_margins_with_cut_marks_outside(key, paper, landscape):
    width, height = PAPERS[paper].size(landscape)
    grid = card_grid(width, height, CARD_SIZES[key])
    page = Rect(0, 0, width, height)
    inside = page.inset(10.0)
    assert grid.per_page >= 1
    for i in range(grid.per_page):
        assert inside.contains(grid.cell(i))
    block = Rect(grid.origin_x, grid.origin_y, grid.cols * grid.card.width,
                 grid.rows * grid.card.height)
    for x1, y1, x2, y2 in grid.cut_marks():
        assert page.contains(Rect(min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1)))
        # a cut mark never reaches into the cards
        assert not (block.x < (x1 + x2) / 2 < block.right and block.y < (y1 + y2) / 2
                    < block.bottom)


def test_a7_cards_on_a4_are_four_per_page():
    grid = card_grid(210, 297, CARD_SIZES["a7"])
    assert (grid.rows, grid.cols) == (2, 2)


def test_paper_from_the_country():
    assert default_paper("US") == "Letter"
    assert default_paper("ca") == "Letter"
    assert default_paper("DK") == "A4"
    assert default_paper("") == "A4"
