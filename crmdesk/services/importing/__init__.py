"""Importing contact files: duplicate matching, one-transaction batches, undo, report.

Qt-free; the CLI (``crmdesk import``) and the import dialog both call
:class:`ImportService` and :class:`BatchService`.  The names below are loaded on
first use, so the reading process (``prepare``, ``rows``) starts without
SQLAlchemy.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_HOMES = {
    "batches": ("BatchRow", "BatchService", "KeptEdited", "KeptHeld", "UndoConflict",
                "UndoError", "UndoResult"),
    "report": ("DuplicateMatch", "ImportProblem", "ImportRepair", "ImportReport"),
    "service": ("FORMATS", "POLICIES", "ImportCancelled", "ImportOptions", "ImportService",
                "import_category_name", "services_for"),
    "prepare": ("ImportSource",),
}
_MODULE_OF = {name: module for module, names in _HOMES.items() for name in names}
__all__ = sorted(_MODULE_OF)


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{module}"), name)
