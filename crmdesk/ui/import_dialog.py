"""File > Import: pick files, check format/encoding/mapping and a preview, import, report.

Contact files and iCalendar files come in the same way; for a calendar the preview
lists its first activities instead of contacts.  "Import as: leads" reads a CSV file's
rows as leads (a trade show's badge scans): the mapping offers a lead's fields, and the
preview says which rows duplicate a stored lead or contact, and by what.

The dialog only gathers choices and shows results; detection, preview and
the import itself are Qt-free services, and the import runs on a worker
thread through the window's ``Tasks`` as its one writer (Cancel rolls everything
back; while it runs, no other import, undo or save can start).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.importers import FIXED_KEYS, ImportFileError
from crmdesk.importers.aliases import LEAD_KEYS
from crmdesk.importers.reader import CSV_FORMATS
from crmdesk.services.errors import storage_problem
from crmdesk.services.importing import (
    FORMATS,
    DuplicateMatch,
    ImportCancelled,
    ImportOptions,
    ImportReport,
    ImportSource,
    services_for,
)
from crmdesk.services.importing import preview as previews
from crmdesk.services.money import format_money
from crmdesk.services.names import display_name_of
from crmdesk.services.wiring import Services
from crmdesk.ui.file_dialogs import refuse_database_files
from crmdesk.ui.messages import Messages
from crmdesk.ui.remembering import RememberingDialog
from crmdesk.ui.sales import labels as sales_labels
from crmdesk.ui.tasks import Tasks, WriteRefused

FILTERS = ("Contact and calendar files (*.vcf *.vcard *.csv *.txt *.tab *.ldif *.ldi *.json "
           "*.ics *.ical *.ifb);;Contact files (*.vcf *.vcard *.csv *.txt *.tab *.ldif *.ldi "
           "*.json);;Calendar files (*.ics *.ical *.ifb);;All files (*)")
ENCODINGS = ("", "utf-8", "utf-8-sig", "utf-16", "cp1252", "iso-8859-1", "cp1250", "shift_jis")
POLICY_LABELS = {"merge": "Merge into the existing contact", "skip": "Skip the record",
                 "create": "Create a new contact anyway"}
PREVIEW_COLUMNS = ("Name", "Company", "Job title", "E-mail", "Phone", "City")
#: what the files hold: the kind they are imported as, and its label
IMPORT_AS = (("contact", QT_TRANSLATE_NOOP("ImportDialog", "contacts")),
             ("lead", QT_TRANSLATE_NOOP("ImportDialog", "leads")))
LEAD_POLICY_LABELS = {
    "merge": QT_TRANSLATE_NOOP("ImportDialog", "Merge into the existing lead or contact"),
    "skip": QT_TRANSLATE_NOOP("ImportDialog", "Skip the row"),
    "create": QT_TRANSLATE_NOOP("ImportDialog", "Create a new lead anyway"),
}
LEAD_COLUMNS = (
    QT_TRANSLATE_NOOP("ImportDialog", "Name"),
    QT_TRANSLATE_NOOP("ImportDialog", "Company"),
    QT_TRANSLATE_NOOP("ImportDialog", "Job title"),
    QT_TRANSLATE_NOOP("ImportDialog", "E-mail"),
    QT_TRANSLATE_NOOP("ImportDialog", "Phone"),
    QT_TRANSLATE_NOOP("ImportDialog", "Source"),
    QT_TRANSLATE_NOOP("ImportDialog", "Rating"),
    QT_TRANSLATE_NOOP("ImportDialog", "Est. value"),
    QT_TRANSLATE_NOOP("ImportDialog", "Duplicate of"),
)
LEAD_FIELD_LABELS = {
    "": QT_TRANSLATE_NOOP("ImportDialog", "(keep in notes)"),
    "ignore": QT_TRANSLATE_NOOP("ImportDialog", "(ignore this column)"),
    "first_name": QT_TRANSLATE_NOOP("ImportDialog", "First name"),
    "middle_name": QT_TRANSLATE_NOOP("ImportDialog", "Middle name (added to the first)"),
    "last_name": QT_TRANSLATE_NOOP("ImportDialog", "Last name"),
    "full_name": QT_TRANSLATE_NOOP("ImportDialog", "Full name (split into first and last)"),
    "company": QT_TRANSLATE_NOOP("ImportDialog", "Company"),
    "job_title": QT_TRANSLATE_NOOP("ImportDialog", "Job title"),
    "phone": QT_TRANSLATE_NOOP("ImportDialog", "Phone"),
    "mobile": QT_TRANSLATE_NOOP("ImportDialog", "Mobile"),
    "email": QT_TRANSLATE_NOOP("ImportDialog", "E-mail"),
    "street": QT_TRANSLATE_NOOP("ImportDialog", "Street"),
    "postal_code": QT_TRANSLATE_NOOP("ImportDialog", "Postal code"),
    "city": QT_TRANSLATE_NOOP("ImportDialog", "City"),
    "region": QT_TRANSLATE_NOOP("ImportDialog", "Region"),
    "country": QT_TRANSLATE_NOOP("ImportDialog", "Country"),
    "source": QT_TRANSLATE_NOOP("ImportDialog", "Source"),
    "rating": QT_TRANSLATE_NOOP("ImportDialog", "Rating"),
    "estimated_value": QT_TRANSLATE_NOOP("ImportDialog", "Estimated value"),
    "currency": QT_TRANSLATE_NOOP("ImportDialog", "Currency"),
    "notes": QT_TRANSLATE_NOOP("ImportDialog", "Notes"),
}
MATCH_REASONS = {
    "e-mail": QT_TRANSLATE_NOOP("ImportDialog", "e-mail"),
    "phone": QT_TRANSLATE_NOOP("ImportDialog", "phone"),
    "name and company": QT_TRANSLATE_NOOP("ImportDialog", "name and company"),
    "company": QT_TRANSLATE_NOOP("ImportDialog", "company"),
    "UID": QT_TRANSLATE_NOOP("ImportDialog", "UID"),
}
CALENDAR_COLUMNS = (
    QT_TRANSLATE_NOOP("ImportDialog", "Subject"),
    QT_TRANSLATE_NOOP("ImportDialog", "Kind"),
    QT_TRANSLATE_NOOP("ImportDialog", "When"),
    QT_TRANSLATE_NOOP("ImportDialog", "Zone"),
    QT_TRANSLATE_NOOP("ImportDialog", "Repeats"),
    QT_TRANSLATE_NOOP("ImportDialog", "Invitees"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ImportDialog", text)


def lead_field_label(key: str) -> str:
    """A lead field's name, as the mapping offers it; ``note:Badge ID`` keeps its label."""
    if key.startswith("note:"):
        return _tr("Notes – %1").replace("%1", key[5:])
    return _tr(LEAD_FIELD_LABELS.get(key, key))


def duplicate_text(match: DuplicateMatch) -> str:
    """"Lead Jens Kjær (e-mail)": what a row duplicates, and by what."""
    name = match.existing or _tr("(earlier in this import)")
    what = (_tr("Lead %1 (%2)") if match.existing_kind == "lead" else _tr("Contact %1 (%2)"))
    return what.replace("%1", name).replace("%2", _tr(MATCH_REASONS.get(match.reason,
                                                                         match.reason)))


def field_label(key: str) -> str:
    """``address:home:street`` -> ``Address – home – street``; the key stays the data."""
    if not key:
        return "(keep in notes)"
    if key == "ignore":
        return "(ignore this column)"
    first, *rest = key.replace("_", " ").split(":")
    return " – ".join([first.capitalize(), *rest])


def _compact(table: QTableWidget) -> None:
    """One line per row, as a list should look."""
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(24)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)


class ImportDialog(RememberingDialog):
    """Import contact files; ``show_batch(batch id)`` shows what a successful import
    brought."""

    def __init__(self, services: Services, messages: Messages, paths: list[str] | None = None,
                 parent: QWidget | None = None,
                 show_batch: Callable[..., None] | None = None,
                 tasks: Tasks | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks or Tasks(self)
        self.setWindowTitle("Import contacts")
        self.setObjectName("importDialog")
        self.services = services
        self.messages = messages
        self.show_batch = show_batch
        self.importer, _ = services_for(services)
        self.paths: list[str] = []
        self.header: list[str] | None = None
        self.report: ImportReport | None = None

        self.found = None  # what detection found in the first file
        self.import_as = QComboBox(objectName="importAs")
        for key, label in IMPORT_AS:
            self.import_as.addItem(_tr(label), key)
        self.import_as.currentIndexChanged.connect(self._kind_changed)
        self.files = QLineEdit(readOnly=True, objectName="importFiles")
        browse = QPushButton("Choose…", objectName="chooseFiles")
        browse.clicked.connect(self.choose_files)
        row = QHBoxLayout()
        row.addWidget(self.files, 1)
        row.addWidget(browse)
        self.format = QComboBox(objectName="importFormat")
        self.format.addItems(FORMATS)
        self.encoding = QComboBox(objectName="importEncoding", editable=True)
        self.encoding.addItems(ENCODINGS)
        self.policy = QComboBox(objectName="importPolicy")
        for key, label in POLICY_LABELS.items():
            self.policy.addItem(label, key)
        self.format.currentIndexChanged.connect(self.refresh_preview)
        self.encoding.currentTextChanged.connect(lambda _t: self.refresh_preview())
        form = QFormLayout()
        form.addRow(self.tr("Import as:"), self.import_as)
        form.addRow("Files:", row)
        form.addRow("Format:", self.format)
        form.addRow("Encoding:", self.encoding)
        self.policy_label = QLabel(_tr("If a contact exists:"))
        form.addRow(self.policy_label, self.policy)

        self.mapping = QTableWidget(0, 2, objectName="importMapping")
        self.mapping.setHorizontalHeaderLabels(["Column in the file", "Field"])
        self.mapping.horizontalHeader().setStretchLastSection(True)
        self.preview = QTableWidget(0, len(PREVIEW_COLUMNS), objectName="importPreview")
        self.preview.setHorizontalHeaderLabels(PREVIEW_COLUMNS)
        self.preview.horizontalHeader().setStretchLastSection(True)
        _compact(self.preview)
        _compact(self.mapping)
        self.status = QLabel(objectName="importStatus", wordWrap=True,
                             textFormat=Qt.TextFormat.PlainText)
        self.review = QTableWidget(0, 4, objectName="reviewTable")
        self.review.setHorizontalHeaderLabels(["In the file", "Already stored", "Matched by",
                                               "Do"])
        self.review.horizontalHeader().setStretchLastSection(True)
        _compact(self.review)
        self.review.setVisible(False)
        self.review_keys: list[tuple[int, int]] = []

        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton("Import",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("importButton")
        self.show_button = self.buttons.addButton("Show imported contacts",
                                                  QDialogButtonBox.ButtonRole.ActionRole)
        self.show_button.setObjectName("showImported")
        self.show_button.setVisible(False)
        self.review_button = self.buttons.addButton("Review duplicates…",
                                                    QDialogButtonBox.ButtonRole.ActionRole)
        self.review_button.setObjectName("reviewButton")
        self.review_button.clicked.connect(self.review_duplicates)
        self.policy.currentIndexChanged.connect(self._policy_for_all)
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.reject)
        self.import_button.clicked.connect(self.run_import)
        self.show_button.clicked.connect(self._show_imported)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.mapping_label = QLabel(_tr("Column mapping (CSV):"))
        layout.addWidget(self.mapping_label)
        layout.addWidget(self.mapping, 1)
        layout.addWidget(QLabel("Preview of the first records, as they will be stored:"))
        layout.addWidget(self.preview, 2)
        layout.addWidget(self.review, 2)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(820, 640)
        if paths:
            self.set_paths(paths)

    # -- choosing -----------------------------------------------------------------------
    def choose_files(self) -> None:
        paths = self.messages.open_files(self, "Import contacts", _tr(FILTERS))
        if paths:
            self.set_paths(paths)

    def set_paths(self, paths: list[str]) -> None:
        """Files chosen, dropped or given; crmdesk's own database files are refused."""
        refused = refuse_database_files(self, self.messages, self.services.db.path, paths)
        paths = [p for p in paths if p not in refused]
        if not paths:
            return
        self.paths = list(paths)
        self.files.setText("; ".join(self.paths))
        self.report = None
        self.show_button.setVisible(False)
        self.review_keys = []
        self.review.setRowCount(0)
        self.review.setVisible(False)
        self._detect()

    def kind(self) -> str:
        """What the files are imported as: "contact" or "lead"."""
        return str(self.import_as.currentData())

    def _kind_changed(self) -> None:
        leads = self.kind() == "lead"
        labels = LEAD_POLICY_LABELS if leads else POLICY_LABELS
        for i in range(self.policy.count()):
            self.policy.setItemText(i, _tr(labels[self.policy.itemData(i)]))
        self.policy_label.setText(self.tr("If a lead or contact exists:") if leads
                                  else _tr("If a contact exists:"))
        self.show_button.setText(self.tr("Show imported leads") if leads
                                 else _tr("Show imported contacts"))
        self.review_keys = []
        self.review.setRowCount(0)
        self.review.setVisible(False)
        if self.paths:
            self._detect()

    def _detect(self) -> None:
        """Detect the first file's format, encoding and mapping (to the fields of what it
        is imported as), then preview it."""
        try:
            found = previews.guess(self.paths[0], self.kind())
        except ImportFileError as exc:
            self.status.setText(f"{exc.path}: {exc.reason}")
            self.import_button.setEnabled(False)
            return
        self.import_button.setEnabled(True)
        for combo, value in ((self.format, found.format), (self.encoding, found.encoding)):
            combo.blockSignals(True)
            if combo.findText(value) < 0:
                combo.addItem(value)
            combo.setCurrentText(value)
            combo.blockSignals(False)
        self.header = found.header
        self._fill_mapping(found.header or [], found.mapping or {})
        self.refresh_preview()

    def _fill_mapping(self, header: list[str], mapping: dict[str, str]) -> None:
        self.mapping.setRowCount(len(header))
        leads = self.kind() == "lead"
        keys = ["", *(LEAD_KEYS if leads else FIXED_KEYS)]
        label = lead_field_label if leads else field_label
        for row, column in enumerate(header):
            self.mapping.setItem(row, 0, QTableWidgetItem(column))
            combo = QComboBox()
            key = mapping.get(column, "")
            for choice in (keys if key in keys else [*keys, key]):
                combo.addItem(label(choice), choice)
            combo.setCurrentIndex(combo.findData(key))
            combo.currentIndexChanged.connect(lambda _i: self.refresh_preview())
            self.mapping.setCellWidget(row, 1, combo)
        self.mapping.resizeColumnToContents(0)

    def current_mapping(self) -> dict[str, str] | None:
        if not self.header:
            return None
        out = {}
        for row in range(self.mapping.rowCount()):
            combo = self.mapping.cellWidget(row, 1)
            if isinstance(combo, QComboBox) and combo.currentData():
                out[self.mapping.item(row, 0).text()] = combo.currentData()
        return out

    def sources(self) -> list[ImportSource]:
        fmt = self.format.currentText()
        enc = self.encoding.currentText() or None
        kind = self.kind()
        first = ImportSource(self.paths[0], fmt, enc, self.current_mapping(), kind)
        return [first] + [ImportSource(p, kind=kind) for p in self.paths[1:]]

    def refresh_preview(self) -> None:
        if not self.paths:
            return
        calendar = self.format.currentText() == "ics"
        for widget in (self.mapping_label, self.mapping, self.review_button):
            widget.setVisible(not calendar)  # a calendar has no columns, nor duplicates
        if calendar:
            self._preview_calendar()
            return
        if self.kind() == "lead":
            self._preview_leads()
            return
        self.preview.setColumnCount(len(PREVIEW_COLUMNS))
        self.preview.setHorizontalHeaderLabels([_tr(c) for c in PREVIEW_COLUMNS])
        try:
            records, problems = previews.preview(self.sources()[0])
        except ImportFileError as exc:
            self.preview.setRowCount(0)
            self.status.setText(f"{exc.path}: {exc.reason}")
            return
        self.preview.setRowCount(len(records))
        for row, r in enumerate(records):
            values = (display_name_of(r) or r.company, r.company, r.job_title,
                      r.emails[0].address if r.emails else "",
                      r.phones[0].number if r.phones else "",
                      next((a.city for a in r.addresses if a.city), ""))
            for col, value in enumerate(values):
                self.preview.setItem(row, col, QTableWidgetItem(value))
        self.preview.resizeColumnsToContents()
        self.status.setText("; ".join(problems[:3]))

    def _preview_leads(self) -> None:
        """The first leads of the file as they will be stored, each with the stored lead
        or contact it duplicates."""
        source = self.sources()[0]
        if self.format.currentText() not in ("auto", *CSV_FORMATS):
            self.preview.setRowCount(0)
            self.status.setText(self.tr("Leads are imported from CSV files; this is a %1 "
                                        "file.").replace("%1", self.format.currentText()))
            self.import_button.setEnabled(False)
            return
        try:
            entries, problems = previews.preview_leads(source, self.services.contacts.region())
            matches = self.importer.lead_duplicates(entries)
        except ImportFileError as exc:
            self.preview.setRowCount(0)
            self.status.setText(f"{exc.path}: {exc.reason}")
            self.import_button.setEnabled(False)
            return
        except Exception as exc:  # noqa: BLE001 - a preview: a sentence, never a traceback
            self.preview.setRowCount(0)
            self.status.setText(self.tr("The stored leads and contacts could not be read: "
                                        "%1").replace("%1", self._problem(exc)))
            return
        self.import_button.setEnabled(True)
        self.preview.setColumnCount(len(LEAD_COLUMNS))
        self.preview.setHorizontalHeaderLabels([_tr(c) for c in LEAD_COLUMNS])
        self.preview.setRowCount(len(entries))
        settings = self.services.settings
        for row, (entry, match) in enumerate(zip(entries, matches, strict=True)):
            r = entry.item.record  # type: ignore[union-attr]
            value = format_money(r.estimated_value, r.currency or settings.default_currency,
                                 settings.phone_region) if r.estimated_value is not None else ""
            values = (" ".join(p for p in (r.first_name, r.last_name) if p) or r.company,
                      r.company, r.job_title, r.email, r.phone or r.mobile,
                      sales_labels.label(sales_labels.LEAD_SOURCES, r.source),
                      sales_labels.label(sales_labels.LEAD_RATINGS, r.rating),
                      value, duplicate_text(match) if match is not None else "")
            for col, text in enumerate(values):
                self.preview.setItem(row, col, QTableWidgetItem(text))
        self.preview.resizeColumnsToContents()
        duplicates = sum(m is not None for m in matches)
        lines = [self.tr("%n of the first rows duplicate a stored lead or contact.", "",
                         duplicates)] if duplicates else []
        self.status.setText("\n".join(lines + problems[:3]))

    def _preview_calendar(self) -> None:
        """The first activities of the calendar file, as they will be stored."""
        try:
            records, problems = previews.preview_activities(self.sources()[0])
        except ImportFileError as exc:
            self.preview.setRowCount(0)
            self.status.setText(f"{exc.path}: {exc.reason}")
            return
        self.preview.setColumnCount(len(CALENDAR_COLUMNS))
        self.preview.setHorizontalHeaderLabels([_tr(c) for c in CALENDAR_COLUMNS])
        self.preview.setRowCount(len(records))
        kinds = {"appointment": _tr("Appointment"), "task": _tr("Task"), "call": _tr("Call"),
                 "note": _tr("Note")}
        for row, r in enumerate(records):
            when = r.start.strftime("%Y-%m-%d" if r.all_day else "%Y-%m-%d %H:%M")
            values = (r.subject, kinds.get(r.kind, r.kind), when,
                      _tr("all day") if r.all_day else (r.tzid or _tr("floating")),
                      r.rrule, ", ".join(p.name or p.email for p in r.participants))
            for col, value in enumerate(values):
                self.preview.setItem(row, col, QTableWidgetItem(value))
        self.preview.resizeColumnsToContents()
        self.status.setText("; ".join(problems[:3]))

    # -- importing ----------------------------------------------------------------------
    def run_import(self) -> None:
        if not self.paths:
            self.choose_files()
            if not self.paths:
                return
        sources = self.sources()
        mapping = sources[0].mapping
        if self.header and mapping:
            previews.save_mapping(self.header, mapping, self.kind())
        # parallel=False: never fork a process that runs Qt threads
        options = ImportOptions(policy=self.policy.currentData(),
                                decisions=self.decisions(), parallel=False)
        try:
            report = self._importing(self.tr("Importing leads…") if self.kind() == "lead"
                                     else self.tr("Importing contacts…"), sources, options)
        except WriteRefused as exc:
            self.messages.info(self, self.tr("Import"), str(exc))
            return
        except ImportCancelled as exc:
            self.status.setText(str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - rolled back: a sentence, nothing changed
            self.messages.error(self, "Import", self.tr(
                "The import stopped and nothing was changed: %1").replace(
                "%1", self._problem(exc)))
            return
        self.show_report(report)

    def _importing(self, label: str, sources: list[ImportSource],
                   options: ImportOptions) -> ImportReport:
        """Run the import (or its dry run, which takes the write lock too) as the window's
        one writer, with Import and Review off meanwhile."""
        buttons = (self.import_button, self.review_button)
        enabled = [b.isEnabled() for b in buttons]
        for button in buttons:
            button.setEnabled(False)
        try:
            return self.tasks.wait(
                self, self.tr("Import"), label,
                lambda progress, cancelled: self.importer.run(sources, options, progress,
                                                              cancelled), writes=True)
        finally:
            for button, was in zip(buttons, enabled, strict=True):
                button.setEnabled(was)

    @staticmethod
    def _problem(exc: Exception) -> str:
        """What stopped the import, in words: a database error never shows its SQL."""
        if isinstance(exc, OSError) and exc.strerror:
            return f"{exc.filename}: {exc.strerror}" if exc.filename else exc.strerror
        return storage_problem(exc) or str(exc)

    # -- reviewing duplicates -------------------------------------------------------------
    def review_duplicates(self) -> None:
        """Dry-run the import to list the matches; each row then gets its own choice."""
        if not self.paths:
            return
        sources = self.sources()
        options = ImportOptions(policy="merge", dry_run=True, collect_matches=True,
                                parallel=False)
        try:
            report = self._importing(self.tr("Looking for contacts you already have…"),
                                     sources, options)
        except WriteRefused as exc:
            self.messages.info(self, self.tr("Import"), str(exc))
            return
        except ImportCancelled:
            return
        except Exception as exc:  # noqa: BLE001 - a dry run changes nothing: a sentence
            self.messages.error(self, "Import", self.tr(
                "The files could not be checked: %1").replace("%1", self._problem(exc)))
            return
        self.review.setRowCount(len(report.matches))
        self.review_keys = []
        leads = self.kind() == "lead"
        for row, m in enumerate(report.matches):
            existing = m.existing or "(earlier in this import)"
            if leads:
                existing = (self.tr("Lead: %1") if m.existing_kind == "lead"
                            else self.tr("Contact: %1")).replace("%1", existing)
            for col, value in enumerate((m.incoming, existing, m.reason)):
                self.review.setItem(row, col, QTableWidgetItem(value))
            combo = QComboBox()
            for key, label in POLICY_LABELS.items():
                combo.addItem(_tr(LEAD_POLICY_LABELS[key]) if leads else label, key)
            combo.setCurrentIndex(self.policy.currentIndex())
            self.review.setCellWidget(row, 3, combo)
            self.review_keys.append((m.file_index, m.record_no))
        self.review.setVisible(True)
        self.status.setText(
            self.tr("%n row(s) match leads or contacts you already have; choose what to do "
                    "with each, or for all above.", "", len(report.matches)) if leads else
            f"{len(report.matches)} record(s) match contacts you already "
            "have; choose what to do with each, or for all above.")

    def _policy_for_all(self) -> None:
        for row in range(self.review.rowCount()):
            combo = self.review.cellWidget(row, 3)
            if isinstance(combo, QComboBox):
                combo.setCurrentIndex(self.policy.currentIndex())

    def decisions(self) -> dict[tuple[int, int], str]:
        out = {}
        for row, key in enumerate(self.review_keys):
            combo = self.review.cellWidget(row, 3)
            if isinstance(combo, QComboBox):
                out[key] = combo.currentData()
        return out

    def show_report(self, report: ImportReport) -> None:
        self.report = report
        lines = [report.summary() + "."]
        lines += [f"{p.file}: {'line ' + str(p.line) + ': ' if p.line else ''}{p.reason}"
                  for p in report.problems[:50]]
        if report.repairs:
            lines.append(self.tr("Repaired (imported with what could be read):"))
        lines += [f"{r.file}: {'line ' + str(r.line) + ': ' if r.line else ''}{r.reason}"
                  for r in report.repairs[:50]]
        self.status.setText("\n".join(lines))
        self.show_button.setVisible(bool(report.category))
        self.import_button.setEnabled(False)

    def _show_imported(self) -> None:
        if self.report and self.report.batch_id is not None and self.show_batch:
            if self.report.kind == "lead":
                self.show_batch(self.report.batch_id, "leads")
            else:
                self.show_batch(self.report.batch_id)
        self.accept()
