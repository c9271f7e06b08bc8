"""What the contact and account dialogs share: the phone, e-mail and address editors.

A subclass builds its own fields, then calls ``add_channels`` and
``finish_layout`` (from ``RecordDialog``, which holds the save flow).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QGroupBox, QVBoxLayout, QWidget

from crmdesk.services.validation import Problems
from crmdesk.services.wiring import Services
from crmdesk.ui.messages import Messages
from crmdesk.ui.parties.entry_lists import AddressList, EmailList, PhoneList
from crmdesk.ui.records.dialog import RecordDialog


class PartyDialog(RecordDialog):
    def __init__(self, services: Services, record: Any, messages: Messages,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, record, messages, parent)
        self.phones, self.emails, self.addresses = PhoneList(), EmailList(), AddressList()

    def add_channels(self, layout: QVBoxLayout) -> None:
        for title, editor in ((self.tr("Phones"), self.phones), (self.tr("E-mail"), self.emails),
                              (self.tr("Addresses"), self.addresses)):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(editor)
            layout.addWidget(box)

    def show_problems(self, problems: Problems) -> None:
        self.phones.show_errors("phones", problems)
        self.emails.show_errors("emails", problems)
        super().show_problems(problems)
