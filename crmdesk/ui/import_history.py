"""File > Import history: every import with its counts, and Undo (after a confirmation)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.services.importing import UndoError, services_for
from crmdesk.services.wiring import Services
from crmdesk.ui.messages import Messages
from crmdesk.ui.remembering import RememberingDialog
from crmdesk.ui.tasks import Tasks, WriteRefused

COLUMNS = ("#", "Date", "Files", "Created", "Merged", "Skipped", "Failed", "State")


class ImportHistoryDialog(RememberingDialog):
    def __init__(self, services: Services, messages: Messages,
                 parent: QWidget | None = None, tasks: Tasks | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks or Tasks(self)
        self.setWindowTitle("Import history")
        self.setObjectName("importHistory")
        self.messages = messages
        _, self.batches = services_for(services)
        self.undone_any = False
        self.table = QTableWidget(0, len(COLUMNS), objectName="historyTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.undo_button = buttons.addButton("Undo import…",
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.undo_button.setObjectName("undoImport")
        self.undo_button.clicked.connect(self.undo_selected)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(760, 360)
        self.reload()

    def reload(self) -> None:
        rows = self.batches.list()
        self.table.setRowCount(len(rows))
        for i, b in enumerate(rows):
            state = f"undone {b.undone:%Y-%m-%d %H:%M}" if b.undone else ""
            values = (str(b.id), f"{b.created:%Y-%m-%d %H:%M}", ", ".join(b.files),
                      str(b.created_count), str(b.merged_count), str(b.skipped_count),
                      str(b.failed_count), state)
            for col, value in enumerate(values):
                self.table.setItem(i, col, QTableWidgetItem(value))
        if rows:
            self.table.selectRow(0)

    def selected_batch(self) -> int | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return int(item.text()) if item else None

    def undo_selected(self) -> None:
        batch = self.selected_batch()
        if batch is None:
            return
        try:
            edited = self.batches.edited_since(batch)
        except UndoError as exc:
            self.messages.error(self, "Undo import", str(exc))
            return
        text = self.tr("Undo import %1? The records it created or restored are deleted, "
                       "and what it added to the contacts it merged into is taken out "
                       "again; what you changed since stays.").replace("%1", str(batch))
        if edited:
            text += "\n\n" + self.tr("%n of them were edited since the import (%1); those "
                                     "edits will be lost.", "", len(edited)).replace(
                "%1", ", ".join(edited[:5]))
        if not self.messages.confirm(self, self.tr("Undo import"), text, self.tr("Undo import")):
            return
        try:
            result = self.tasks.wait(
                self, self.tr("Undo import"),
                self.tr("Undoing import %1…").replace("%1", str(batch)),
                lambda _progress, _cancelled: self.batches.undo(batch, force=True),
                writes=True, cancellable=False)
        except WriteRefused as exc:
            self.messages.info(self, self.tr("Undo import"), str(exc))
            return
        except UndoError as exc:
            self.messages.error(self, self.tr("Undo import"), str(exc))
            return
        self.undone_any = True
        self.reload()
        kept = [self.tr("%1 keeps what you changed: %2").replace("%1", k.name).replace(
                    "%2", ", ".join(k.fields)) for k in result.kept_edited[:10]]
        kept += [self.tr("%1 stays: later imports (%2) added to it").replace(
                     "%1", k.name).replace("%2", ", ".join(map(str, k.imports)))
                 for k in result.kept_held[:10]]
        if kept:
            more = len(result.kept_edited) + len(result.kept_held) - len(kept)
            if more > 0:
                kept.append(self.tr("… and %n more", "", more))
            self.messages.info(self, self.tr("Import %1 undone").replace("%1", str(batch)),
                               "\n".join(kept))
