"""Create or edit a contact: every field of a person's card, checked before saving."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk.records import ContactRecord
from crmdesk.services.photos import PhotoError, load_photo
from crmdesk.services.validation import Problems, check_contact
from crmdesk.services.wiring import Services
from crmdesk.ui.file_dialogs import refuse_database_files
from crmdesk.ui.messages import Messages
from crmdesk.ui.parties.company_picker import CompanyPicker
from crmdesk.ui.parties.entry_lists import CustomFieldList
from crmdesk.ui.parties.form_parts import RelationshipChecks
from crmdesk.ui.parties.party_dialog import PartyDialog
from crmdesk.ui.records.form import DateField, error_label, show_error

PHOTO_SIZE = 96


class ContactDialog(PartyDialog):
    """Opens on a record (new when ``record.id`` is None); ``saved`` holds the result.

    Laid out as the cards people know from Outlook: General (name, company, phones,
    e-mails, address: what fits a 1280x800 screen without scrolling) and Details
    (birthday, relationship, categories, "More fields", notes)."""

    def __init__(self, services: Services, record: ContactRecord, messages: Messages,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, record, messages, parent)
        self._photo: tuple[bytes, str] | None = (
            (record.photo, record.photo_mime) if record.photo else None)
        name = f"{record.first_name} {record.last_name}".strip()
        self.setWindowTitle(self.tr("New contact") if record.id is None else
                            self.tr("Edit contact – %1").replace("%1", name))
        self.more_fields = CustomFieldList()
        self.more_fields.set_labels(services.contacts.custom_field_labels())
        self.more_fields.changed.connect(self.edited)
        general, details = self._general_page(), self._details_page()
        self._load(record)
        self.finish_layout(pages=[(self.tr("&General"), general),
                                  (self.tr("&Details"), details)])
        self.resize(940, 680)

    # -- layout ----------------------------------------------------------------
    def _general_page(self) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        grid.addLayout(self._name_section(), 0, 0, 1, 2)
        left = QVBoxLayout()
        left.addWidget(self._work_section())
        left.addStretch()
        grid.addLayout(left, 1, 0, 2, 1)
        grid.addWidget(self.channel_box(self.phones), 1, 1)
        grid.addWidget(self.channel_box(self.emails), 2, 1)
        grid.addWidget(self.channel_box(self.addresses), 3, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(4, 1)
        return page

    def _name_section(self) -> QHBoxLayout:
        """The photo, and the name as people write it: first, middle and last in a row."""
        row = QHBoxLayout()
        photo_box = QVBoxLayout()
        self.photo_label = QLabel()
        self.photo_label.setFixedSize(PHOTO_SIZE, PHOTO_SIZE)
        self.photo_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo_label.setStyleSheet("border: 1px solid #bbb; background: #f4f4f4;")
        buttons = QHBoxLayout()
        choose = QPushButton(self.tr("Photo…"))
        choose.clicked.connect(self._choose_photo)
        self.remove_photo = QPushButton(self.tr("Remove"))
        self.remove_photo.clicked.connect(lambda: self._set_photo(None))
        photo_box.addWidget(self.photo_label)
        row.addLayout(photo_box)
        grid = QGridLayout()
        self.fields: dict[str, QLineEdit] = {}
        names = (("prefix", self.tr("Prefix"), 0, 0),
                 ("first_name", self.tr("First name"), 0, 1),
                 ("middle_name", self.tr("Middle"), 0, 2),
                 ("last_name", self.tr("Last name"), 0, 3),
                 ("suffix", self.tr("Suffix"), 2, 0), ("nickname", self.tr("Nickname"), 2, 1))
        for key, label, r, c in names:
            edit = QLineEdit()
            edit.setObjectName(key)
            grid.addWidget(QLabel(label), r, c)
            grid.addWidget(edit, r + 1, c)
            self.fields[key] = edit
        for w in (choose, self.remove_photo):
            buttons.addWidget(w)
        buttons.addStretch()
        grid.addLayout(buttons, 3, 2, 1, 2)
        self.name_error = error_label()
        grid.addWidget(self.name_error, 4, 0, 1, 4)
        for column, stretch in enumerate((1, 3, 2, 3)):
            grid.setColumnStretch(column, stretch)
        row.addLayout(grid, 1)
        return row

    def _work_section(self) -> QGroupBox:
        box = QGroupBox(self.tr("Work"))
        form = QFormLayout(box)
        self.company = CompanyPicker(self.services.accounts)
        self.company_note = QLabel()
        self.company_note.setTextFormat(Qt.TextFormat.PlainText)
        self.company_note.setStyleSheet("color: #555;")
        self.company_note.hide()
        self.company.textChanged.connect(self._company_changed)
        form.addRow(self.tr("Company"), self.company)
        form.addRow("", self.company_note)
        for key, label in (("job_title", self.tr("Job title")),
                           ("department", self.tr("Department")),
                           ("website", self.tr("Website"))):
            self.fields[key] = QLineEdit()
            self.fields[key].setObjectName(key)
            form.addRow(label, self.fields[key])
        self.fields["website"].setPlaceholderText("www.example.com")
        return box

    def _details_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.birthday = DateField(self.services.settings.date_format)
        self.birthday.setObjectName("birthday")
        self.birthday_error = error_label()
        form.addRow(self.tr("Birthday"), self.birthday)
        form.addRow("", self.birthday_error)
        self.relationships = RelationshipChecks()
        form.addRow(self.tr("Relationship"), self.relationships)
        self.categories = self.categories_edit()
        form.addRow(self.tr("Categories"), self.categories)
        more = QGroupBox(self.tr("More fields"))
        more.setObjectName("moreFields")
        layout = QVBoxLayout(more)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.more_fields)
        form.addRow(more)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setMinimumHeight(200)
        form.addRow(self.tr("Notes"), self.notes)
        return page

    # -- data in and out -------------------------------------------------------
    def _load(self, r: ContactRecord) -> None:
        for key, edit in self.fields.items():
            edit.setText(getattr(r, key))
        self.company.setText(r.company)
        self.phones.set_entries(r.phones or [])
        self.emails.set_entries(r.emails or [])
        self.addresses.set_entries(r.addresses or [])
        for editor in (self.phones, self.emails):
            if not editor.rows():
                editor.add_row()
        self.birthday.set_date(r.birthday)
        self.relationships.set_values(r.relationships)
        self.categories.set_values(r.categories)
        self.notes.setPlainText(r.notes)
        self.more_fields.set_entries(r.custom_fields)
        self._set_photo(self._photo)
        self._company_changed(r.company)

    def current_record(self) -> ContactRecord:
        r = self.record
        company = self.company.text().strip()
        keeps_account = r.account_id is not None and company == r.company
        return ContactRecord(
            id=r.id, version=r.version, uid=r.uid,
            **{key: edit.text().strip() for key, edit in self.fields.items()},
            company=company, account_id=r.account_id if keeps_account else None,
            phones=self.phones.entries(), emails=self.emails.entries(),
            addresses=self.addresses.entries(),
            birthday=self.birthday.date(),
            relationships=self.relationships.values(),
            categories=self.categories.values(),
            notes=self.notes.toPlainText().strip(),
            photo=self._photo[0] if self._photo else None,
            photo_mime=self._photo[1] if self._photo else "",
            custom_fields=self.more_fields.entries(),
        )

    def _company_changed(self, text: str) -> None:
        new = self.company.is_new_company()
        self.company_note.setText(self.tr("A new account “%1” will be created.").replace(
            "%1", text.strip()) if new else "")
        self.company_note.setVisible(new)

    def _choose_photo(self) -> None:
        path = self.messages.open_file(self, self.tr("Choose a photo"), self.tr(
            "Images (*.jpg *.jpeg *.png *.gif *.bmp *.webp)"))
        if not path or refuse_database_files(self, self.messages, self.services.db.path,
                                             [path]):
            return
        try:
            self._set_photo(load_photo(path))
        except PhotoError as exc:
            self.messages.error(self, self.tr("Photo"), str(exc))

    def _set_photo(self, photo: tuple[bytes, str] | None) -> None:
        self._photo = photo
        pixmap = QPixmap()
        if photo and pixmap.loadFromData(photo[0]):
            self.photo_label.setPixmap(pixmap.scaled(
                PHOTO_SIZE, PHOTO_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))
        else:
            self.photo_label.setPixmap(QPixmap())
            self.photo_label.setText(self.tr("No photo"))
        self.remove_photo.setEnabled(photo is not None)

    # -- saving ----------------------------------------------------------------
    def show_problems(self, problems: dict[str, str]) -> None:
        show_error(self.name_error, problems.get("name"))
        show_error(self.birthday_error, problems.get("birthday"))
        self.more_fields.show_errors("custom_fields", problems)
        super().show_problems(problems)

    def check(self, record: ContactRecord, region: str, known: frozenset[str]) -> Problems:
        problems = check_contact(record, region, known)
        if (birthday := self.birthday.problem()) is not None:
            problems["birthday"] = birthday
        return problems

    def store(self, record: ContactRecord) -> ContactRecord:
        return self.services.contacts.save(record)

    def gone_texts(self) -> tuple[str, str, str]:
        return (self.tr("This contact was deleted by another program (or window) after you "
                        "opened it; save what you typed as a new contact, or close this "
                        "dialog to discard it."),
                self.tr("Save as new contact"), self.tr("New contact"))
