"""Add members to a campaign from a search: which kind (contacts, accounts or leads), the
search text and the category, and how many that adds before the user says so.

The search is the one the kind's list runs (the same index and category filter), so
"Add members…" with "Aarhus" adds what the Contacts tab shows for "Aarhus"; those
already members stay as they are, and the count says how many are new.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from crmdesk.kinds.registry import kind_named
from crmdesk.records import MEMBER_KINDS, CampaignRecord
from crmdesk.services.errors import NotFoundError, ServiceError, StorageError
from crmdesk.services.listing import Lister, ListQuery
from crmdesk.services.wiring import Services
from crmdesk.ui.messages import Messages
from crmdesk.ui.records.form import error_label, show_error
from crmdesk.ui.remembering import RememberingDialog
from crmdesk.ui.service.labels import MEMBER_KIND_NAMES, label

COUNT_DELAY_MS = 150  # the count follows typing without a query per key


class AddMembersDialog(RememberingDialog):
    """``added`` is how many members the campaign gained, once stored."""

    def __init__(self, services: Services, campaign: CampaignRecord, messages: Messages,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert campaign.id is not None
        self.services = services
        self.messages = messages
        self.campaign = campaign
        self.added: int | None = None
        self.setObjectName("addMembersDialog")
        self.setWindowTitle(self.tr("Add members to %1").replace("%1", campaign.name))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.member_kind = QComboBox()
        self.member_kind.setObjectName("memberKind")
        for kind in MEMBER_KINDS:
            self.member_kind.addItem(label(MEMBER_KIND_NAMES, kind), kind)
        form.addRow(self.tr("&From"), self.member_kind)
        self.text = QLineEdit()
        self.text.setObjectName("searchText")
        self.text.setClearButtonEnabled(True)
        form.addRow(self.tr("&Search"), self.text)
        self.category = QComboBox()
        self.category.setObjectName("category")
        form.addRow(self.tr("&Category"), self.category)
        layout.addLayout(form)
        hint = QLabel(self.tr("Empty search and All categories: every one of them."))
        hint.setStyleSheet("color: #555;")
        layout.addWidget(hint)
        self.count_label = QLabel()
        self.count_label.setObjectName("memberCount")
        layout.addWidget(self.count_label)
        self.error = error_label()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.addButton(self.tr("&Add"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("addMembers")
        self.ok.setDefault(True)
        buttons.accepted.connect(self.run)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._timer = QTimer(self, singleShot=True, interval=COUNT_DELAY_MS)
        self._timer.timeout.connect(self.show_count)
        self.member_kind.currentIndexChanged.connect(lambda _: self._kind_changed())
        self.text.textChanged.connect(lambda _: self._timer.start())
        self.category.currentIndexChanged.connect(lambda _: self._timer.start())
        self._kind_changed()
        self.resize(460, 0)

    def _lister(self) -> Lister[Any]:
        return getattr(self.services, kind_named(self.kind()).service)

    def kind(self) -> str:
        return str(self.member_kind.currentData())

    def _kind_changed(self) -> None:
        """The categories of the kind chosen (leads have none), then the count."""
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItem(self.tr("All categories"), "")
        for name, count in self._lister().categories():
            self.category.addItem(f"{name} ({count:,})", name)
        self.category.blockSignals(False)
        self.category.setEnabled(self.category.count() > 1)
        self.show_count()

    def query(self) -> ListQuery:
        return ListQuery(text=self.text.text().strip(),
                         category=str(self.category.currentData() or ""))

    def show_count(self) -> None:
        """How many the search finds that are not members yet (what Add adds)."""
        self._timer.stop()
        assert self.campaign.id is not None
        kind = self.kind()
        found = set(self._lister().ids(self.query()))
        already = {m.ref.id for m in self.services.campaigns.members(self.campaign.id)
                   if m.ref.kind == kind}
        new, members = len(found - already), len(found & already)
        noun = label(MEMBER_KIND_NAMES, kind).lower()
        text = self.tr("This adds %1 %2.").replace("%1", f"{new:,}").replace("%2", noun)
        if members:
            text += " " + self.tr("(%1 found are members already.)").replace(
                "%1", f"{members:,}")
        self.count_label.setText(text)
        self.ok.setEnabled(new > 0)

    def run(self) -> None:
        """Add them in one change; on a refusal say why and stay open."""
        assert self.campaign.id is not None
        try:
            self.added = self.services.campaigns.add_members_from(
                self.campaign.id, self.kind(), self.query())
        except (ServiceError, NotFoundError, StorageError) as exc:
            show_error(self.error, str(exc))
            self.messages.error(self, self.tr("No members added"), str(exc))
            return
        self.accept()
