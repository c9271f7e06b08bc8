"""Create or edit a contact: every field of a person's card, checked before saving."""

from __future__ import annotations

import re

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
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
from crmdesk.ui.parties.form_parts import CategoriesEdit, RelationshipChecks
from crmdesk.ui.parties.party_dialog import PartyDialog
from crmdesk.ui.records.form import error_label, show_error

PHOTO_SIZE = 96


#: strftime directives as Qt's date formats write them (Settings stores strftime).
_QT_DATE = {"%Y": "yyyy", "%y": "yy", "%m": "MM", "%d": "dd", "%b": "MMM", "%B": "MMMM",
            "%a": "ddd", "%A": "dddd", "%e": "d", "%%": "%"}


def qt_date_format(strftime_format: str) -> str:
    """Settings' date format (strftime) as a QDateEdit display format; a directive Qt has
    no word for falls back to ISO, so the field always shows a whole date."""
    parts = re.split(r"(%.)", strftime_format)
    out = []
    for part in parts:
        if part.startswith("%") and len(part) == 2:
            if part not in _QT_DATE:
                return "yyyy-MM-dd"
            out.append(_QT_DATE[part])
        elif part:
            out.append("'" + part.replace("'", "''") + "'" if any(c.isalpha() for c in part)
                       else part)
    return "".join(out)


class ContactDialog(PartyDialog):
    """Opens on a record (new when ``record.id`` is None); ``saved`` holds the result."""

    def __init__(self, services: Services, record: ContactRecord, messages: Messages,
                 parent: QWidget | None = None) -> None:
        super().__init__(services, record, messages, parent)
        self._photo: tuple[bytes, str] | None = (
            (record.photo, record.photo_mime) if record.photo else None)
        self.setWindowTitle("New contact" if record.id is None else
                            f"Edit contact – {record.first_name} {record.last_name}".strip())
        self._build()
        self._load(record)
        self.resize(720, 760)

    # -- layout ----------------------------------------------------------------
    def _build(self) -> None:
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(self._name_section())
        layout.addWidget(self._work_section())
        self.add_channels(layout)
        layout.addWidget(self._more_section())
        self.finish_layout(body)

    def _name_section(self) -> QHBoxLayout:
        row = QHBoxLayout()
        photo_box = QVBoxLayout()
        self.photo_label = QLabel()
        self.photo_label.setFixedSize(PHOTO_SIZE, PHOTO_SIZE)
        self.photo_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo_label.setStyleSheet("border: 1px solid #bbb; background: #f4f4f4;")
        choose = QPushButton("Photo…")
        choose.clicked.connect(self._choose_photo)
        self.remove_photo = QPushButton("Remove")
        self.remove_photo.clicked.connect(lambda: self._set_photo(None))
        for w in (self.photo_label, choose, self.remove_photo):
            photo_box.addWidget(w)
        photo_box.addStretch()
        row.addLayout(photo_box)
        grid = QGridLayout()
        self.fields: dict[str, QLineEdit] = {}
        names = (("prefix", "Prefix", 0, 0), ("first_name", "First name", 0, 1),
                 ("middle_name", "Middle", 0, 2), ("last_name", "Last name", 2, 0),
                 ("suffix", "Suffix", 2, 1), ("nickname", "Nickname", 2, 2))
        for key, label, r, c in names:
            edit = QLineEdit()
            edit.setObjectName(key)
            grid.addWidget(QLabel(label), r, c)
            grid.addWidget(edit, r + 1, c)
            self.fields[key] = edit
        self.name_error = error_label()
        grid.addWidget(self.name_error, 4, 0, 1, 3)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(0, 2)
        row.addLayout(grid, 1)
        return row

    def _work_section(self) -> QGroupBox:
        box = QGroupBox("Work")
        form = QFormLayout(box)
        self.company = CompanyPicker(self.services.accounts)
        self.company_note = QLabel()
        self.company_note.setTextFormat(Qt.TextFormat.PlainText)
        self.company_note.setStyleSheet("color: #555;")
        self.company.textChanged.connect(self._company_changed)
        form.addRow("Company", self.company)
        form.addRow("", self.company_note)
        for key, label in (("job_title", "Job title"), ("department", "Department")):
            self.fields[key] = QLineEdit()
            form.addRow(label, self.fields[key])
        return box

    def _more_section(self) -> QGroupBox:
        box = QGroupBox("More")
        form = QFormLayout(box)
        birthday_row = QHBoxLayout()
        self.has_birthday = QCheckBox("Known")
        self.birthday = QDateEdit()
        self.birthday.setCalendarPopup(True)
        self.birthday.setDisplayFormat(qt_date_format(self.services.settings.date_format))
        self.birthday.setDate(QDate(1980, 1, 1))
        self.has_birthday.toggled.connect(self.birthday.setEnabled)
        self.birthday.setEnabled(False)
        birthday_row.addWidget(self.has_birthday)
        birthday_row.addWidget(self.birthday)
        birthday_row.addStretch()
        form.addRow("Birthday", birthday_row)
        self.fields["website"] = QLineEdit()
        self.fields["website"].setPlaceholderText("www.example.com")
        form.addRow("Website", self.fields["website"])
        self.relationships = RelationshipChecks()
        form.addRow("Relationship", self.relationships)
        self.categories = CategoriesEdit("VIP, Newsletter, …  (comma-separated)")
        form.addRow("Categories", self.categories)
        self.notes = QPlainTextEdit()
        self.notes.setMinimumHeight(90)
        form.addRow("Notes", self.notes)
        return box

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
        if r.birthday:
            self.has_birthday.setChecked(True)
            self.birthday.setDate(QDate(r.birthday.year, r.birthday.month, r.birthday.day))
        self.relationships.set_values(r.relationships)
        self.categories.set_values(r.categories)
        self.notes.setPlainText(r.notes)
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
            birthday=self.birthday.date().toPython() if self.has_birthday.isChecked() else None,
            relationships=self.relationships.values(),
            categories=self.categories.values(),
            notes=self.notes.toPlainText().strip(),
            photo=self._photo[0] if self._photo else None,
            photo_mime=self._photo[1] if self._photo else "",
            custom_fields=list(r.custom_fields),  # not edited here; kept as imported
        )

    def _company_changed(self, text: str) -> None:
        new = self.company.is_new_company()
        self.company_note.setText(f"A new account “{text.strip()}” will be created."
                                  if new else "")
        self.company_note.setVisible(new)

    def _choose_photo(self) -> None:
        path = self.messages.open_file(self, "Choose a photo",
                                       "Images (*.jpg *.jpeg *.png *.gif *.bmp *.webp)")
        if not path or refuse_database_files(self, self.messages, self.services.db.path,
                                             [path]):
            return
        try:
            self._set_photo(load_photo(path))
        except PhotoError as exc:
            self.messages.error(self, "Photo", str(exc))

    def _set_photo(self, photo: tuple[bytes, str] | None) -> None:
        self._photo = photo
        pixmap = QPixmap()
        if photo and pixmap.loadFromData(photo[0]):
            self.photo_label.setPixmap(pixmap.scaled(
                PHOTO_SIZE, PHOTO_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))
        else:
            self.photo_label.setPixmap(QPixmap())
            self.photo_label.setText("No photo")
        self.remove_photo.setEnabled(photo is not None)

    # -- saving ----------------------------------------------------------------
    def show_problems(self, problems: dict[str, str]) -> None:
        show_error(self.name_error, problems.get("name"))
        super().show_problems(problems)

    def check(self, record: ContactRecord, region: str, known: frozenset[str]) -> Problems:
        return check_contact(record, region, known)

    def store(self, record: ContactRecord) -> ContactRecord:
        return self.services.contacts.save(record)

    def gone_texts(self) -> tuple[str, str, str]:
        return (self.tr("This contact was deleted by another program (or window) after you "
                        "opened it; save what you typed as a new contact, or close this "
                        "dialog to discard it."),
                self.tr("Save as new contact"), self.tr("New contact"))
