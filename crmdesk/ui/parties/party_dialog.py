"""What the contact and account dialogs share: the phone, e-mail and address editors, the
categories field, and the General / Details pages they are laid out on.

A subclass builds its fields, places the editors (``channel_box``) on its pages,
loads the record and calls ``finish_layout`` (from ``RecordDialog``, which holds the
save flow and the question on closing a changed form).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QGroupBox, QVBoxLayout, QWidget

from crmdesk.services.validation import Problems
from crmdesk.services.wiring import Services
from crmdesk.ui.messages import Messages
from crmdesk.ui.parties.entry_lists import AddressList, EmailList, PhoneList
from crmdesk.ui.parties.form_parts import CategoriesEdit
from crmdesk.ui.records.dialog import RecordDialog


class PartyDialog(RecordDialog):
    def __init__(self, services: Services, record: Any, messages: Messages,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, record, messages, parent)
        self.phones, self.emails, self.addresses = PhoneList(), EmailList(), AddressList()
        for editor in (self.phones, self.emails, self.addresses):
            editor.changed.connect(self.edited)

    def channel_box(self, editor: QWidget) -> QGroupBox:
        """One of the editors in its titled box."""
        titles = {id(self.phones): self.tr("Phones"), id(self.emails): self.tr("E-mail"),
                  id(self.addresses): self.tr("Addresses")}
        box = QGroupBox(titles[id(editor)])
        layout = QVBoxLayout(box)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(editor)
        return box

    def categories_edit(self) -> CategoriesEdit:
        """The categories field, offering every category in use on contacts or accounts."""
        edit = CategoriesEdit(self.tr("Pick or type, comma-separated: VIP, Newsletter, …"))
        edit.setObjectName("categories")
        edit.set_choices([name for lister in (self.services.contacts, self.services.accounts)
                          for name, _ in lister.categories()])
        return edit

    def show_problems(self, problems: Problems) -> None:
        self.phones.show_errors("phones", problems)
        self.emails.show_errors("emails", problems)
        super().show_problems(problems)
