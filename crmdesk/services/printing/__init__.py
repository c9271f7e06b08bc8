"""Printing without Qt: which records, in what order, where on the sheet.

The painter in ``crmdesk.ui.printing`` turns this plain data into pages;
everything here is pure Python so it runs in tests and scripts without a
QApplication.
"""

from crmdesk.services.addresses import address_lines, country_code, label_lines
from crmdesk.services.printing.data import (
    AccountSummary,
    PrintContact,
    PrintData,
    Selection,
)
from crmdesk.services.printing.flow import (
    Block,
    PageLayout,
    group_by_letter,
    header_range,
    page_label,
    paginate,
)
from crmdesk.services.printing.geometry import (
    CARD_SIZES,
    PAPERS,
    SHEETS,
    CardGrid,
    LabelSheet,
    LabelSlot,
    Rect,
    card_grid,
    custom_sheet,
    default_paper,
    label_pages,
    label_slots,
)
from crmdesk.services.printing.job import STYLES, PrintOptions
from crmdesk.services.printing.summary import SummarySection, summary_sections

__all__ = [
    "CARD_SIZES", "PAPERS", "SHEETS", "STYLES", "AccountSummary", "Block", "CardGrid",
    "LabelSheet", "LabelSlot", "PageLayout", "PrintContact", "PrintData", "PrintOptions",
    "Rect", "Selection", "SummarySection", "address_lines", "card_grid", "country_code",
    "custom_sheet", "default_paper", "group_by_letter", "header_range", "label_lines",
    "label_pages", "label_slots", "page_label", "paginate", "summary_sections",
]
