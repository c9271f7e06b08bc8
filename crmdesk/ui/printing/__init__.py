"""Printing in the GUI and for ``crmdesk print``: painting, preview and the print dialog."""

from crmdesk.ui.printing.dialog import PrintDialog
from crmdesk.ui.printing.render import (
    Prepared,
    PrintCancelled,
    PrintError,
    build_document,
    layout_labels,
    page_layout,
    prepare,
    render,
    render_pdf,
)

__all__ = [
    "PrintCancelled", "PrintDialog", "PrintError", "Prepared", "build_document", "layout_labels",
    "page_layout", "prepare", "render", "render_pdf",
]
