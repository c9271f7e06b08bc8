"""Create or edit an account (a company): its details, parent and primary contact."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from crmdesk.kinds import RecordRef
from crmdesk.records import AccountRecord
from crmdesk.services.listing import ListQuery
from crmdesk.services.validation import Problems, check_account
from crmdesk.services.wiring import Services
from crmdesk.ui.messages import Messages
from crmdesk.ui.parties.company_picker import CompanyPicker
from crmdesk.ui.parties.form_parts import RelationshipChecks
from crmdesk.ui.parties.party_dialog import PartyDialog
from crmdesk.ui.records.form import error_label, show_error

MAX_PRIMARY_CHOICES = 1000


class AccountDialog(PartyDialog):
    """General (the company, its phones, e-mails and addresses) and Details (relationship,
    categories, notes); a new account named as one that exists asks first."""

    def __init__(self, services: Services, record: AccountRecord, messages: Messages,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, record, messages, parent)
        self.setWindowTitle(self.tr("New account") if record.id is None else
                            self.tr("Edit account – %1").replace("%1", record.name))
        general, details = self._general_page(), self._details_page()
        self._load(record)
        self.finish_layout(pages=[(self.tr("&General"), general),
                                  (self.tr("&Details"), details)])
        self.resize(940, 640)

    def _general_page(self) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        details = QGroupBox(self.tr("Company"))
        form = QFormLayout(details)
        self.fields: dict[str, QLineEdit] = {}
        for key, label in (("name", self.tr("Name")),
                           ("account_number", self.tr("Account number")),
                           ("industry", self.tr("Industry")), ("website", self.tr("Website"))):
            self.fields[key] = QLineEdit()
            self.fields[key].setObjectName(key)
            form.addRow(label, self.fields[key])
            if key == "name":
                self.name_error = error_label()
                form.addRow("", self.name_error)
        self.parent_picker = CompanyPicker(self.services.accounts)
        self.parent_picker.setPlaceholderText(self.tr("Parent company (optional)"))
        self.parent_error = error_label()
        form.addRow(self.tr("Parent account"), self.parent_picker)
        form.addRow("", self.parent_error)
        self.primary = QComboBox()
        form.addRow(self.tr("Primary contact"), self.primary)
        grid.addWidget(details, 0, 0, 2, 1)
        grid.addWidget(self.channel_box(self.phones), 0, 1)
        grid.addWidget(self.channel_box(self.emails), 1, 1)
        grid.addWidget(self.channel_box(self.addresses), 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(3, 1)
        return page

    def _details_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.relationships = RelationshipChecks()
        form.addRow(self.tr("Relationship"), self.relationships)
        self.categories = self.categories_edit()
        form.addRow(self.tr("Categories"), self.categories)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setMinimumHeight(200)
        form.addRow(self.tr("Notes"), self.notes)
        return page

    def _load(self, r: AccountRecord) -> None:
        for key, edit in self.fields.items():
            edit.setText(getattr(r, key))
        self.parent_picker.setText(self.services.accounts.name_of(r.parent_id))
        self.primary.addItem(self.tr("(none)"), None)
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
            problems["parent"] = self.tr(
                "There is no account named “%1”; pick one from the suggestions or leave the "
                "field empty.").replace("%1", parent_text)
        return problems

    def may_store(self, record: AccountRecord) -> bool:
        """A new account named as one that exists (in any case or spelling, with or without
        its legal form: "ACME A/S" for "Acme ApS") asks first, and may open that one."""
        if record.id is not None:
            return True
        same = self.services.accounts.same_company(record.name)
        if not same:
            return True
        existing_id, existing = same[0]
        answer = self.messages.choose(
            self, self.tr("The account exists"),
            self.tr("There is already an account named “%1”. Open it instead (what you typed "
                    "here is not saved), or save this one as another account?").replace(
                "%1", existing),
            [self.tr("Open “%1”").replace("%1", existing), self.tr("Save as new account")])
        if answer == 0:
            self.open_instead = RecordRef("account", existing_id)
            self.done(QDialog.DialogCode.Rejected)
            return False
        return answer == 1

    def store(self, record: AccountRecord) -> AccountRecord:
        return self.services.accounts.save(record)

    def gone_texts(self) -> tuple[str, str, str]:
        return (self.tr("This account was deleted by another program (or window) after you "
                        "opened it; save what you typed as a new account, or close this "
                        "dialog to discard it."),
                self.tr("Save as new account"), self.tr("New account"))
