"""File > Export: format, scope (all / current search / selection), file, progress.

iCalendar holds every activity (the contact scope does not apply to it); JSON of all
contacts is the whole database, every kind; the message after it counts each kind
written."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk.services.exporting import ExportCancelled, ExportError, ExportResult, export
from crmdesk.services.listing import ListQuery
from crmdesk.services.wiring import Services
from crmdesk.ui.file_dialogs import refuse_database_files
from crmdesk.ui.messages import Messages
from crmdesk.ui.remembering import RememberingDialog
from crmdesk.ui.tasks import Tasks

#: label -> (format, vCard version, suggested file name, file filter)
CHOICES = {
    "vCard 3.0 (.vcf)": ("vcard", "3.0", "contacts.vcf", "vCard (*.vcf)"),
    "vCard 2.1 for old Outlook (.vcf)": ("vcard", "2.1", "contacts.vcf", "vCard (*.vcf)"),
    "Outlook CSV (.csv)": ("csv", "3.0", "contacts.csv", "CSV (*.csv)"),
    "crmdesk JSON, every field (.json)": ("json", "3.0", "crmdesk.json", "JSON (*.json)"),
    "iCalendar, every activity (.ics)": ("ics", "", "calendar.ics", "iCalendar (*.ics)"),
}

#: what an export counts (``ExportResult``'s fields), as the message names one and many
WRITTEN = {
    "contacts": (QT_TRANSLATE_NOOP("ExportDialog", "1 contact"),
                 QT_TRANSLATE_NOOP("ExportDialog", "%1 contacts")),
    "accounts": (QT_TRANSLATE_NOOP("ExportDialog", "1 account"),
                 QT_TRANSLATE_NOOP("ExportDialog", "%1 accounts")),
    "leads": (QT_TRANSLATE_NOOP("ExportDialog", "1 lead"),
              QT_TRANSLATE_NOOP("ExportDialog", "%1 leads")),
    "opportunities": (QT_TRANSLATE_NOOP("ExportDialog", "1 opportunity"),
                      QT_TRANSLATE_NOOP("ExportDialog", "%1 opportunities")),
    "quotes": (QT_TRANSLATE_NOOP("ExportDialog", "1 quote"),
               QT_TRANSLATE_NOOP("ExportDialog", "%1 quotes")),
    "activities": (QT_TRANSLATE_NOOP("ExportDialog", "1 activity"),
                   QT_TRANSLATE_NOOP("ExportDialog", "%1 activities")),
}


def written_text(result: ExportResult) -> str:
    """"2 contacts, 1 account and 7 activities written to F.", in the user's language."""
    def tr(text: str) -> str:
        return QCoreApplication.translate("ExportDialog", text)

    parts = [tr(one) if n == 1 else tr(many).replace("%1", str(n))
             for name, (one, many) in WRITTEN.items() if (n := getattr(result, name))]
    if not parts:
        return tr("Nothing was written to %1.").replace("%1", result.path)
    listed = parts[0] if len(parts) == 1 else tr("%1 and %2").replace(
        "%1", ", ".join(parts[:-1])).replace("%2", parts[-1])
    return tr("%1 written to %2.").replace("%1", listed).replace("%2", result.path)


class ExportDialog(RememberingDialog):
    def __init__(self, services: Services, messages: Messages, query: ListQuery,
                 selection: list[int], parent: QWidget | None = None,
                 tasks: Tasks | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks or Tasks(self)
        self.setWindowTitle("Export contacts")
        self.setObjectName("exportDialog")
        self.services = services
        self.messages = messages
        self.query = query
        self.selection = selection
        self.format = QComboBox(objectName="exportFormat")
        for label in CHOICES:
            self.format.addItem(self.tr(label), label)
        self.format.currentIndexChanged.connect(self._scope_applies)
        self.scope = QButtonGroup(self)
        self.all = QRadioButton("All contacts", checked=True, objectName="scopeAll")
        self.search = QRadioButton("The current search result", objectName="scopeSearch")
        self.selected = QRadioButton(f"The selected contacts ({len(selection)})",
                                     objectName="scopeSelection")
        self.selected.setEnabled(bool(selection))
        for button in (self.all, self.search, self.selected):
            self.scope.addButton(button)
        form = QFormLayout()
        form.addRow("Format:", self.format)
        form.addRow("Contacts:", self.all)
        form.addRow("", self.search)
        form.addRow("", self.selected)
        self.calendar_note = QLabel(self.tr(
            "Every appointment, task, call and note is written, with its repeats, "
            "exceptions, time zones and reminders."), objectName="calendarNote",
            wordWrap=True)
        self.calendar_note.setVisible(False)
        form.addRow("", self.calendar_note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        go = buttons.addButton("Export…", QDialogButtonBox.ButtonRole.AcceptRole)
        go.setObjectName("exportButton")
        go.clicked.connect(self.run_export)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _scope_applies(self) -> None:
        """The contact scope means nothing for a calendar: every activity goes."""
        contacts = CHOICES[self.format.currentData()][0] != "ics"
        self.all.setEnabled(contacts)
        self.search.setEnabled(contacts)
        self.selected.setEnabled(contacts and bool(self.selection))
        self.calendar_note.setVisible(not contacts)

    def run_export(self) -> None:
        fmt, version, suggested, filters = CHOICES[self.format.currentData()]
        path = self.messages.save_file(self, "Export contacts", suggested, self.tr(filters))
        if not path or refuse_database_files(self, self.messages, self.services.db.path,
                                             [path]):
            return
        what = "all" if fmt == "json" and self.all.isChecked() else "contacts"
        if fmt == "ics":
            what = "activities"
        query = self.query if self.search.isChecked() and fmt != "ics" else None
        ids = self.selection if self.selected.isChecked() and fmt != "ics" else None
        try:
            result = self.tasks.wait(
                self, self.tr("Export"), self.tr("Exporting…"),
                lambda progress, cancelled: export(
                    self.services, path, fmt, what=what, vcard_version=version, query=query,
                    contact_ids=ids, progress=progress, cancelled=cancelled), writes=False)
        except ExportCancelled:
            return
        except (ExportError, OSError) as exc:
            self.messages.error(self, "Export", f"The export failed: {exc}")
            return
        self.messages.info(self, self.tr("Export"), written_text(result))
        self.accept()
