"""File > Deleted items: what was deleted, when, and Restore, Delete forever, Empty trash.

The trash itself is ``services.trash``; this lists its entries (the latest delete
first) and passes the user's choice on.  A record that comes back under a new id
(another took its old one meanwhile) is named, so nobody looks for it by the old one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.services.errors import StorageError
from crmdesk.services.trash import Restored, TrashEntry
from crmdesk.services.wiring import Services
from crmdesk.ui.messages import Messages
from crmdesk.ui.remembering import RememberingDialog
from crmdesk.ui.tasks import Tasks


def kind_noun(kind: str) -> str:
    """The kind of a deleted record, as the list names it."""
    nouns = {"contact": QCoreApplication.translate("Kinds", "contact"),
             "account": QCoreApplication.translate("Kinds", "account")}
    return nouns.get(kind, kind)


def renumbered_text(restored: list[Restored]) -> str:
    """What to say about records that came back under a new id, or "" if none did."""
    moved = [r for r in restored if r.renumbered]
    if not moved:
        return ""
    lines = "\n".join(QCoreApplication.translate(
        "DeletedItemsDialog", "• %1 (%2 %3 is now %4)").replace("%1", r.name or "?")
        .replace("%2", kind_noun(r.kind)).replace("%3", str(r.old_id))
        .replace("%4", str(r.new_id)) for r in moved[:10])
    more = "\n…" if len(moved) > 10 else ""
    return QCoreApplication.translate(
        "DeletedItemsDialog", "Another record took the number of these while they were in "
        "the trash, so they are back under a new one:\n\n%1").replace("%1", lines + more)


class DeletedItemsDialog(RememberingDialog):
    def __init__(self, services: Services, messages: Messages, tasks: Tasks,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.messages = messages
        self.tasks = tasks
        #: what this dialog restored, for the window to show
        self.restored: list[Restored] = []
        self.changed_any = False
        self.setWindowTitle(self.tr("Deleted items"))
        self.setObjectName("deletedItems")
        self.entries: list[TrashEntry] = []
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 3, objectName="trashTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Kind"), self.tr("Deleted")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _: self.restore_selected())
        self.table.itemSelectionChanged.connect(self._enable)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = buttons.addButton(self.tr("&Restore"),
                                                QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.setObjectName("restore")
        self.restore_button.clicked.connect(self.restore_selected)
        self.forget_button = buttons.addButton(self.tr("Delete &forever…"),
                                               QDialogButtonBox.ButtonRole.ActionRole)
        self.forget_button.setObjectName("deleteForever")
        self.forget_button.clicked.connect(self.forget_selected)
        self.empty_button = buttons.addButton(self.tr("&Empty trash…"),
                                              QDialogButtonBox.ButtonRole.ActionRole)
        self.empty_button.setObjectName("emptyTrash")
        self.empty_button.clicked.connect(self.empty)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(720, 420)
        self.reload()

    def _when(self, moment: datetime) -> str:
        local = moment.replace(tzinfo=UTC).astimezone()
        return local.strftime(self.services.settings.date_format + " %H:%M")

    def reload(self) -> None:
        self.entries = self.services.trash.entries()
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            values = (entry.name or self.tr("(no name)"), kind_noun(entry.kind),
                      self._when(entry.deleted_at))
            for col, value in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(value))
        self.summary.setText(
            self.tr("Deleted contacts and accounts stay here until you empty the trash. "
                    "Select some and Restore brings them back.") if self.entries
            else self.tr("The trash is empty."))
        if self.entries:
            self.table.selectRow(0)
        self._enable()

    def _enable(self) -> None:
        chosen = bool(self.selected())
        self.restore_button.setEnabled(chosen)
        self.forget_button.setEnabled(chosen)
        self.empty_button.setEnabled(bool(self.entries))

    def selected(self) -> list[TrashEntry]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.entries[r] for r in rows if r < len(self.entries)]

    def restore_selected(self) -> None:
        chosen = self.selected()
        if not chosen or self.tasks.refuse_write(self, self.messages):
            return
        try:
            restored = self.tasks.wait(
                self, self.tr("Restore"), self.tr("Restoring…"),
                lambda progress, cancelled: self.services.trash.restore([e.id for e in chosen]),
                writes=True, cancellable=False)
        except StorageError as exc:
            self.messages.error(self, self.tr("Not restored"), self.tr(
                "Nothing was restored. %1").replace("%1", str(exc)))
            return
        self.restored += restored
        self.changed_any = True
        self.reload()
        if text := renumbered_text(restored):
            self.messages.info(self, self.tr("Restored"), text)

    def forget_selected(self) -> None:
        chosen = self.selected()
        if not chosen or self.tasks.refuse_write(self, self.messages):
            return
        what = (chosen[0].name or self.tr("(no name)")) if len(chosen) == 1 else self.tr(
            "%1 deleted items").replace("%1", str(len(chosen)))
        if not self.messages.confirm(
                self, self.tr("Delete forever"),
                self.tr("Delete %1 for good? It cannot be restored afterwards.").replace(
                    "%1", what), self.tr("Delete forever")):
            return
        self._forget(lambda: self.services.trash.forget([e.id for e in chosen]))

    def empty(self) -> None:
        if not self.entries or self.tasks.refuse_write(self, self.messages):
            return
        if not self.messages.confirm(
                self, self.tr("Empty trash"),
                self.tr("Delete all %1 items in the trash for good? They cannot be restored "
                        "afterwards.").replace("%1", str(len(self.entries))),
                self.tr("Empty trash")):
            return
        self._forget(self.services.trash.empty)

    def _forget(self, forget: Callable[[], int]) -> None:
        try:
            self.tasks.wait(self, self.tr("Deleted items"), self.tr("Deleting for good…"),
                            lambda progress, cancelled: forget(), writes=True,
                            cancellable=False)
        except StorageError as exc:
            self.messages.error(self, self.tr("Not deleted"), self.tr(
                "Nothing was deleted. %1").replace("%1", str(exc)))
            return
        self.reload()
