"""Create or edit an account (a company): its details, parent and primary contact."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from crmdesk.kinds import RecordRef
from crmdesk.records import AccountRecord
from crmdesk.services.listing import ListQuery
from crmdesk.services.validation import Problems, check_account
from crmdesk.services.wiring import Services
from crmdesk.ui.messages import Messages
from crmdesk.ui.parties.company_picker import CompanyPicker
from crmdesk.ui.parties.form_parts import CategoriesEdit, RelationshipChecks
from crmdesk.ui.parties.party_dialog import PartyDialog
from crmdesk.ui.records.form import error_label, show_error

MAX_PRIMARY_CHOICES = 1000


class AccountDialog(PartyDialog):
    def __init__(self, services: Services, record: AccountRecord, messages: Messages,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, record, messages, parent)
        self.setWindowTitle("New account" if record.id is None else f"Edit account – {record.name}")
        self._build()
        self._load(record)
        self.resize(680, 720)

    def _build(self) -> None:
        body = QWidget()
        layout = QVBoxLayout(body)
        details = QGroupBox("Company")
        form = QFormLayout(details)
        self.fields: dict[str, QLineEdit] = {}
        for key, label in (("name", "Name"), ("account_number", "Account number"),
                           ("industry", "Industry"), ("website", "Website")):
            self.fields[key] = QLineEdit()
            self.fields[key].setObjectName(key)
            form.addRow(label, self.fields[key])
            if key == "name":
                self.name_error = error_label()
                form.addRow("", self.name_error)
        self.parent_picker = CompanyPicker(self.services.accounts)
        self.parent_picker.setPlaceholderText("Parent company (optional)")
        self.parent_error = error_label()
        form.addRow("Parent account", self.parent_picker)
        form.addRow("", self.parent_error)
        self.primary = QComboBox()
        form.addRow("Primary contact", self.primary)
        self.relationships = RelationshipChecks()
        form.addRow("Relationship", self.relationships)
        self.categories = CategoriesEdit("Key account, Newsletter, …  (comma-separated)")
        form.addRow("Categories", self.categories)
        layout.addWidget(details)
        self.add_channels(layout)
        notes_box = QGroupBox("Notes")
        self.notes = QPlainTextEdit()
        QVBoxLayout(notes_box).addWidget(self.notes)
        layout.addWidget(notes_box)
        self.finish_layout(body)

    def _load(self, r: AccountRecord) -> None:
        for key, edit in self.fields.items():
            edit.setText(getattr(r, key))
        self.parent_picker.setText(self.services.accounts.name_of(r.parent_id))
        self.primary.addItem("(none)", None)
        if r.id is not None:
            contacts = self.services.contacts
            ids = contacts.ids(ListQuery(within=RecordRef("account", r.id)),
                                limit=MAX_PRIMARY_CHOICES)
            for row in contacts.rows(ids):
                self.primary.addItem(row.display_name, row.id)
        index = self.primary.findData(r.primary_contact_id)
        self.primary.setCurrentIndex(max(index, 0))
        self.phones.set_entries(r.phones)
        self.emails.set_entries(r.emails)
        self.addresses.set_entries(r.addresses)
        for editor in (self.phones, self.emails, self.addresses):
            if not editor.rows():
                editor.add_row()
        self.relationships.set_values(r.relationships)
        self.categories.set_values(r.categories)
        self.notes.setPlainText(r.notes)

    def current_record(self) -> AccountRecord:
        r = self.record
        return AccountRecord(
            id=r.id, version=r.version,
            **{key: edit.text().strip() for key, edit in self.fields.items()},
            phones=self.phones.entries(), emails=self.emails.entries(),
            addresses=self.addresses.entries(),
            relationships=self.relationships.values(),
            categories=self.categories.values(),
            notes=self.notes.toPlainText().strip(),
            parent_id=self.services.accounts.id_by_name(self.parent_picker.text()),
            primary_contact_id=self.primary.currentData(),
        )

    def show_problems(self, problems: dict[str, str]) -> None:
        show_error(self.name_error, problems.get("name"))
        show_error(self.parent_error, problems.get("parent"))
        super().show_problems(problems)

    def check(self, record: AccountRecord, region: str, known: frozenset[str]) -> Problems:
        problems = check_account(record, region, known)
        parent_text = self.parent_picker.text().strip()
        if parent_text and record.parent_id is None:
            problems["parent"] = (f"There is no account named “{parent_text}”; pick one from "
                                  "the suggestions or leave the field empty.")
        return problems

    def store(self, record: AccountRecord) -> AccountRecord:
        return self.services.accounts.save(record)

    def gone_texts(self) -> tuple[str, str, str]:
        return (self.tr("This account was deleted by another program (or window) after you "
                        "opened it; save what you typed as a new account, or close this "
                        "dialog to discard it."),
                self.tr("Save as new account"), self.tr("New account"))
