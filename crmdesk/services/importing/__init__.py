"""Importing contact files: duplicate matching, one-transaction batches, undo, report.

Qt-free; the CLI (``crmdesk import``) and the import dialog both call
:class:`ImportService` and :class:`BatchService`.
"""

from crmdesk.services.importing.batches import (
    BatchRow,
    BatchService,
    UndoConflict,
    UndoError,
    UndoResult,
)
from crmdesk.services.importing.report import DuplicateMatch, ImportProblem, ImportReport
from crmdesk.services.importing.service import (
    FORMATS,
    POLICIES,
    ImportCancelled,
    ImportOptions,
    ImportService,
    ImportSource,
    import_category_name,
)

__all__ = [
    "FORMATS", "POLICIES", "BatchRow", "BatchService", "DuplicateMatch", "ImportCancelled",
    "ImportOptions", "ImportProblem", "ImportReport", "ImportService", "ImportSource",
    "UndoConflict", "UndoError", "UndoResult", "import_category_name",
]


def services_for(services):  # noqa: ANN001, ANN201 - crmdesk.services.Services
    """(ImportService, BatchService) wired to an open ``Services``."""
    region = services.contacts.region
    return (ImportService(services.db, services.index, services.contacts, services.accounts,
                          region),
            BatchService(services.db, services.index, services.contacts, region))
