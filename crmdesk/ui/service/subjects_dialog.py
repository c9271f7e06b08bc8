"""The small tree of subjects cases are filed under ("Hardware > Printer"): add one at the
top or under the one selected, rename it, delete it (with those under it; their cases
keep no subject).  Each change is stored at once, through the case service."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.records import CaseSubjectRecord
from crmdesk.services.errors import NotFoundError, ServiceError, StorageError
from crmdesk.services.wiring import Services
from crmdesk.ui.messages import Messages
from crmdesk.ui.remembering import RememberingDialog


class SubjectsDialog(RememberingDialog):
    """``changed`` is True once any subject was stored or deleted here."""

    def __init__(self, services: Services, messages: Messages,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.messages = messages
        self.changed = False
        self.setObjectName("subjectsDialog")
        self.setWindowTitle(self.tr("Case subjects"))
        layout = QVBoxLayout(self)
        self.tree = QTreeWidget()
        self.tree.setObjectName("subjectTree")
        self.tree.setHeaderHidden(True)
        self.tree.itemSelectionChanged.connect(self._enable)
        layout.addWidget(self.tree, 1)
        row = QHBoxLayout()
        self.add_top = self._button(row, self.tr("&Add…"), self.tr("A new top-level subject"),
                                    lambda: self.add(under=False))
        self.add_under = self._button(row, self.tr("Add &under…"),
                                      self.tr("A new subject under the one selected"),
                                      lambda: self.add(under=True))
        self.rename_button = self._button(row, self.tr("&Rename…"),
                                          self.tr("Rename the subject selected"), self.rename)
        self.delete_button = self._button(row, self.tr("&Delete"),
                                          self.tr("Delete the subject selected, with those "
                                                  "under it"), self.delete)
        row.addStretch()
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.fill()
        self.resize(440, 420)

    @staticmethod
    def _button(row: QHBoxLayout, text: str, tip: str,
                action: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(lambda _=False: action())
        row.addWidget(button)
        return button

    def fill(self, chosen: int | None = None) -> None:
        """The tree as stored, the subject ``chosen`` (or none) selected."""
        self.tree.clear()
        items: dict[int | None, QTreeWidgetItem] = {}
        for subject in self.services.cases.subjects():
            item = QTreeWidgetItem([subject.name])
            item.setData(0, Qt.ItemDataRole.UserRole, subject)
            parent = items.get(subject.parent_id)
            if parent is None:
                self.tree.addTopLevelItem(item)
            else:
                parent.addChild(item)
            items[subject.id] = item
            if subject.id == chosen:
                self.tree.setCurrentItem(item)
        self.tree.expandAll()
        self._enable()

    def selected(self) -> CaseSubjectRecord | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def _enable(self) -> None:
        chosen = self.selected() is not None
        for button in (self.add_under, self.rename_button, self.delete_button):
            button.setEnabled(chosen)

    def _store(self, change: Callable[[], int | None]) -> None:
        """Make one change; on a refusal say why; then show the tree as stored."""
        try:
            chosen = change()
        except (ServiceError, NotFoundError, StorageError) as exc:
            self.messages.error(self, self.tr("Subjects not changed"), str(exc))
            chosen = None
        else:
            self.changed = True
        self.fill(chosen)

    def add(self, *, under: bool) -> None:
        parent = self.selected() if under else None
        name = self.messages.ask_text(
            self, self.tr("New subject"),
            self.tr("Name of the subject under “%1”:").replace("%1", parent.name)
            if parent is not None else self.tr("Name of the new subject:"))
        if not name:
            return
        siblings = [s for s in self.services.cases.subjects()
                    if s.parent_id == (parent.id if parent else None)]
        record = CaseSubjectRecord(name=name, parent_id=parent.id if parent else None,
                                   position=max((s.position for s in siblings), default=-1) + 1)
        self._store(lambda: self.services.cases.save_subject(record).id)

    def rename(self) -> None:
        subject = self.selected()
        if subject is None:
            return
        name = self.messages.ask_text(self, self.tr("Rename subject"),
                                      self.tr("New name of “%1”:").replace("%1", subject.name))
        if name:
            renamed = replace(subject, name=name)
            self._store(lambda: self.services.cases.save_subject(renamed).id)

    def delete(self) -> None:
        subject = self.selected()
        if subject is None or subject.id is None:
            return
        if not self.messages.confirm(
                self, self.tr("Delete subject"),
                self.tr("Delete “%1” and the subjects under it? Their cases keep no "
                        "subject.").replace("%1", subject.name), self.tr("Delete")):
            return
        subject_id = subject.id

        def delete() -> None:
            self.services.cases.delete_subject(subject_id)

        self._store(delete)
