"""Printing without Qt: which records, in what order, where on the sheet.

The painter in ``crmdesk.ui.printing`` turns this plain data into pages;
everything here is pure Python so it runs in tests and scripts without a
QApplication.
"""

from crmdesk.services.addresses import address_lines, country_code, label_lines
from crmdesk.services.printing.agenda import (
    AgendaDay,
    AgendaItem,
    HistoryEntry,
    agenda_days,
    history_entries,
)
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
from crmdesk.services.printing.job import ACTIVITY_STYLES, DOCUMENT_STYLES, STYLES, PrintOptions
from crmdesk.services.printing.quote import (
    QuotePage,
    QuoteSheet,
    Seller,
    SheetLine,
    amount_text,
    number_text,
    quote_pages,
)
from crmdesk.services.printing.summary import SummarySection, summary_sections

__all__ = [
    "ACTIVITY_STYLES", "CARD_SIZES", "DOCUMENT_STYLES", "PAPERS", "SHEETS", "STYLES",
    "AccountSummary", "AgendaDay", "AgendaItem", "Block", "CardGrid", "HistoryEntry",
    "LabelSheet", "LabelSlot", "PageLayout", "PrintContact", "PrintData", "PrintOptions",
    "QuotePage", "QuoteSheet", "Rect", "Selection", "Seller", "SheetLine", "SummarySection",
    "address_lines", "agenda_days", "amount_text", "card_grid", "country_code", "custom_sheet",
    "default_paper", "group_by_letter", "header_range", "history_entries", "label_lines",
    "label_pages", "label_slots", "number_text", "page_label", "paginate", "quote_pages",
    "summary_sections",
]
