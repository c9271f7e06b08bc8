"""File > Print: choose a style and the records, see a live preview, print or save a PDF.

The records are loaded once per choice of "which records" and kept as plain
print records; changing the style, paper or font size only lays them out
again. The preview paints at most ``PREVIEW_PAGES`` pages so a 10,000-contact
list stays responsive; printing and PDF export paint everything, page by
page on a worker thread (``ui/tasks``), behind a progress dialog with Cancel.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QTimer, Signal
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from crmdesk.kinds import RecordRef
from crmdesk.kinds.registry import KINDS
from crmdesk.services.listing import ListQuery
from crmdesk.services.printing import (
    ACTIVITY_STYLES,
    CARD_SIZES,
    DOCUMENT_STYLES,
    SHEETS,
    STYLES,
    LabelSheet,
    PrintData,
    PrintOptions,
    Selection,
    custom_sheet,
    default_paper,
)
from crmdesk.ui.file_dialogs import print_dialog, refuse_database_files
from crmdesk.ui.messages import Messages
from crmdesk.ui.printing.render import (
    Prepared,
    PrintCancelled,
    PrintError,
    page_layout,
    prepare,
    render,
    render_pdf,
)
from crmdesk.ui.tasks import Tasks

PREVIEW_PAGES = 12
#: An agenda's spans: a day, the week (from its Monday), the month
SPANS = ("day", "week", "month")


def agenda_range(span: str, day: date) -> tuple[date, date]:
    """The first day and the day after the last of the day, week or month around ``day``."""
    if span == "day":
        return day, day + timedelta(days=1)
    if span == "week":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=7)
    first = day.replace(day=1)
    return first, (first + timedelta(days=32)).replace(day=1)


class PrintDialog(QDialog):
    """Print or save as PDF the contacts (or accounts) a view shows.

    ``query`` is the view's current search, ``selected_ids`` its selection;
    ``kind`` says whether those ids are contacts or accounts. ``messages`` is
    the injectable helper for file choosers and error boxes. With ``quote_id`` it
    prints that quote and nothing else.
    """

    preview_updated = Signal(int)  # page count of the job now previewed
    pdf_saved = Signal(str)

    def __init__(self, services, *, query: ListQuery | None = None,  # noqa: ANN001
                 selected_ids: Sequence[int] = (), kind: str = "contacts",
                 messages: Messages | None = None, tasks: Tasks | None = None,
                 parent: QWidget | None = None, quote_id: int | None = None) -> None:
        super().__init__(parent)
        self.quote_id = quote_id
        self.tasks = tasks or Tasks(self)
        self.setWindowTitle("Print")
        self.services = services
        self.data = PrintData(services)
        self.query = query or ListQuery()
        self.selected_ids = tuple(selected_ids)
        self.kind = kind
        self.messages = messages or Messages()
        self.prepared: Prepared | None = None
        self._prepared_key: tuple | None = None
        self._loading = False
        self._load_again = False
        self.page_count = 0
        self.preview_pages = 0
        settings = services.settings
        self.home_country = settings.phone_region
        # the region setting, as the command line: Qt reads a C/POSIX locale as en_US,
        # which gave Letter to everyone whose system locale was left unset
        self.default_paper = settings.paper_size or default_paper(self.home_country)
        self._timer = QTimer(self, singleShot=True, interval=120)
        self._timer.timeout.connect(self.refresh)
        self._build()
        self._connect()
        self.resize(1100, 760)
        self.refresh()

    # -- widgets -------------------------------------------------------------------
    def _build(self) -> None:
        form = QFormLayout()
        self.style_box = QComboBox()
        for key, label in STYLES.items():
            if (key in DOCUMENT_STYLES) != (self.quote_id is not None):
                continue  # a quote prints from its own dialog, and only itself
            if self.kind == "accounts" and key not in ("account-summary", *ACTIVITY_STYLES):
                continue
            if key == "history" and self.history_of() is None:
                continue
            self.style_box.addItem(QCoreApplication.translate("PrintStyles", label), key)
        form.addRow("&Style:", self.style_box)
        self.span_box = QComboBox()
        for key, label in zip(SPANS, (self.tr("Day"), self.tr("Week"), self.tr("Month")),
                              strict=True):
            self.span_box.addItem(label, key)
        self.span_box.setCurrentIndex(1)
        form.addRow(self.tr("&Agenda of:"), self.span_box)
        self.day_box = QDateEdit(QDate.currentDate(), calendarPopup=True)
        self.day_box.setToolTip(self.tr("The agenda shows the day, week or month with this "
                                        "day in it."))
        form.addRow(self.tr("Da&y:"), self.day_box)

        self.scope_box = QComboBox()
        noun = "accounts" if self.kind == "accounts" else "contacts"
        self.scope_box.addItem(f"All {noun}", "all")
        if self.query.text or self.query.letter or self.query.category:
            self.scope_box.addItem("Current search", "search")
        if self.selected_ids:
            self.scope_box.addItem(f"Selected ({len(self.selected_ids)})", "selection")
        categories = self.data.categories()
        if categories:
            self.scope_box.addItem("Category", "category")
        self.scope_box.setCurrentIndex(self.scope_box.findData(
            "selection" if len(self.selected_ids) > 1
            else "search" if self.query.text or self.query.letter or self.query.category
            else "all"))
        form.addRow("&Records:", self.scope_box)
        self.category_box = QComboBox()
        self.category_box.addItems(categories)
        form.addRow("&Category:", self.category_box)

        self.paper_box = QComboBox()
        self.paper_box.addItems(["A4", "Letter"])
        self.paper_box.setCurrentText(self.default_paper)
        form.addRow("&Paper:", self.paper_box)
        self.orientation_box = QComboBox()
        self.orientation_box.addItem("Portrait", False)
        self.orientation_box.addItem("Landscape", True)
        form.addRow("&Orientation:", self.orientation_box)
        self.font_box = QDoubleSpinBox(decimals=1, minimum=6.0, maximum=16.0, singleStep=0.5,
                                       value=9.0, suffix=" pt")
        form.addRow("&Font size:", self.font_box)
        self.card_box = QComboBox()
        for key, card in CARD_SIZES.items():
            self.card_box.addItem(card.label, key)
        form.addRow("Car&d size:", self.card_box)

        self.sheet_box = QComboBox()
        self.sheet_box.addItem("Avery L7160 (A4, 3 × 7)", "L7160")
        self.sheet_box.addItem("Avery 5160 (Letter, 3 × 10)", "5160")
        self.sheet_box.addItem("Custom…", "custom")
        if self.default_paper == "Letter":
            self.sheet_box.setCurrentIndex(1)
        form.addRow("Label s&heet:", self.sheet_box)
        self.start_box = QSpinBox(minimum=1, maximum=21, value=1)
        self.start_box.setToolTip("The first unused label on a partly used sheet, counted "
                                  "left to right, top to bottom.")
        form.addRow("S&tart at label:", self.start_box)

        self.custom_group = QGroupBox("Custom sheet (mm)")
        custom = QFormLayout(self.custom_group)
        self.rows_box = QSpinBox(minimum=1, maximum=40, value=8)
        self.cols_box = QSpinBox(minimum=1, maximum=10, value=2)
        self.custom_fields: dict[str, QDoubleSpinBox] = {}
        defaults = {"label_w": 99.1, "label_h": 33.9, "top": 12.9, "left": 4.65,
                    "pitch_x": 101.6, "pitch_y": 33.9}
        labels = {"label_w": "Label width:", "label_h": "Label height:", "top": "Top margin:",
                  "left": "Left margin:", "pitch_x": "Across pitch:", "pitch_y": "Down pitch:"}
        custom.addRow("Rows:", self.rows_box)
        custom.addRow("Columns:", self.cols_box)
        for key, value in defaults.items():
            box = QDoubleSpinBox(decimals=2, minimum=0.0, maximum=400.0, value=value)
            self.custom_fields[key] = box
            custom.addRow(labels[key], box)
        self.status = QLabel()
        self.status.setWordWrap(True)

        self.print_button = QPushButton("&Print…")
        self.pdf_button = QPushButton("Save as P&DF…")
        self.close_button = QPushButton("Close")
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        side = QVBoxLayout()
        side.addLayout(form)
        side.addWidget(self.custom_group)
        side.addWidget(self.status)
        side.addStretch(1)
        side.addLayout(buttons)
        side_widget = QWidget()
        side_widget.setLayout(side)
        side_widget.setMaximumWidth(360)

        self.preview_printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        self.preview = QPrintPreviewWidget(self.preview_printer, self)
        self.preview.setZoomMode(QPrintPreviewWidget.ZoomMode.FitInView)
        layout = QHBoxLayout(self)
        layout.addWidget(side_widget)
        layout.addWidget(self.preview, 1)

    def _connect(self) -> None:
        for box in (self.style_box, self.scope_box, self.category_box, self.paper_box,
                    self.orientation_box, self.card_box, self.sheet_box, self.span_box):
            box.currentIndexChanged.connect(self._changed)
        self.day_box.dateChanged.connect(self._changed)
        for spin in (self.font_box, self.start_box, self.rows_box, self.cols_box,
                     *self.custom_fields.values()):
            spin.valueChanged.connect(self._changed)
        self.preview.paintRequested.connect(self._paint_preview)
        self.print_button.clicked.connect(self.print_to_printer)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.close_button.clicked.connect(self.reject)

    def _changed(self) -> None:
        self._timer.start()

    # -- options -------------------------------------------------------------------
    def selection(self) -> Selection:
        scope = self.scope_box.currentData() or "all"
        if scope == "search":
            return Selection("search", self.query)
        if scope == "selection":
            return Selection("selection", ids=self.selected_ids)
        if scope == "category":
            return Selection("category", category=self.category_box.currentText())
        return Selection()

    def sheet(self) -> LabelSheet:
        key = self.sheet_box.currentData()
        if key != "custom":
            return SHEETS[key]
        f = {k: box.value() for k, box in self.custom_fields.items()}
        return custom_sheet(self.paper_box.currentText(), self.rows_box.value(),
                            self.cols_box.value(), top=f["top"], left=f["left"],
                            label_w=f["label_w"], label_h=f["label_h"], pitch_x=f["pitch_x"],
                            pitch_y=f["pitch_y"])

    def history_of(self) -> RecordRef | None:
        """The one selected record, whose history the History style prints."""
        if len(self.selected_ids) != 1:
            return None
        kind = next((k for k in KINDS if k.plural == self.kind), None)
        return RecordRef(kind.name, self.selected_ids[0]) if kind else None

    def agenda_days(self) -> tuple[date, date]:
        return agenda_range(self.span_box.currentData(), self.day_box.date().toPython())

    def options(self) -> PrintOptions:
        selection = self.selection()
        style = self.style_box.currentData()
        account_id = None
        if style == "account-summary" and self.kind == "contacts" and \
                selection.scope == "selection":
            selection = Selection()
        if style == "account-summary" and self.kind == "accounts" and \
                selection.scope == "selection" and len(self.selected_ids) == 1:
            account_id = self.selected_ids[0]
        if style == "account-summary" and self.kind == "contacts" and selection.scope == "search":
            selection = Selection("search", ListQuery(text=self.query.text,
                                                      category=self.query.category))
        return PrintOptions(
            style=style, selection=selection, paper=self.paper_box.currentText(),
            landscape=bool(self.orientation_box.currentData()), font_size=self.font_box.value(),
            sheet=self.sheet(), start=self.start_box.value(), card=self.card_box.currentData(),
            home_country=self.home_country, account_id=account_id,
            date_format=self.services.settings.date_format,
            first_day=self.agenda_days()[0] if style == "agenda" else None,
            end_day=self.agenda_days()[1] if style == "agenda" else None,
            record=self.history_of() if style == "history" else None,
            quote_id=self.quote_id if style == "quote" else None)

    def _update_visibility(self, style: str) -> None:
        labels = style == "labels"
        self.sheet_box.setEnabled(labels)
        self.start_box.setEnabled(labels)
        self.custom_group.setVisible(labels and self.sheet_box.currentData() == "custom")
        self.card_box.setEnabled(style == "cards")
        self.orientation_box.setEnabled(not labels)
        self.paper_box.setEnabled(not labels or self.sheet_box.currentData() == "custom")
        activities = style in (*ACTIVITY_STYLES, *DOCUMENT_STYLES)
        self.scope_box.setEnabled(not activities)
        self.category_box.setEnabled(not activities and
                                     self.scope_box.currentData() == "category")
        self.span_box.setEnabled(style == "agenda")
        self.day_box.setEnabled(style == "agenda")
        sheet = SHEETS.get(self.sheet_box.currentData())
        per_sheet = sheet.per_sheet if sheet else self.rows_box.value() * self.cols_box.value()
        self.start_box.setMaximum(max(1, per_sheet))

    # -- preview -------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload records if "which records" changed, then repaint the preview."""
        style = self.style_box.currentData()
        self._update_visibility(style)
        try:
            options = self.options()
            if problems := options.problems():
                raise PrintError(problems[0])
            family = options.style if options.style in (
                "account-summary", *ACTIVITY_STYLES, *DOCUMENT_STYLES) else "contacts"
            key = (family, options.selection, options.account_id, options.first_day,
                   options.end_day, options.record, options.quote_id)
            if self.prepared is None or key != self._prepared_key:
                if self._loading:  # a change while the records load: redo it after
                    self._load_again = True
                    return
                self.prepared = None
                self.prepared = self._load(options)
                self._prepared_key = key
            else:
                self.prepared = replace(self.prepared, options=options)
        except PrintCancelled:
            self.status.setText(self.tr("Loading was cancelled; choose the records again to "
                                        "see a preview."))
            self.print_button.setEnabled(False)
            self.pdf_button.setEnabled(False)
            return
        except (PrintError, ValueError) as exc:
            self.status.setText(str(exc))
            self.print_button.setEnabled(False)
            self.pdf_button.setEnabled(False)
            return
        self.print_button.setEnabled(True)
        self.pdf_button.setEnabled(True)
        self._setup_printer(self.preview_printer)
        self.preview.updatePreview()

    def _load(self, options: PrintOptions) -> Prepared:
        """Load the chosen records off the GUI thread (100,000 contacts take seconds),
        behind a progress dialog with Cancel that shows if it takes longer than a moment;
        a change of the options meanwhile loads again once this load has ended."""
        def job(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Prepared:
            def step(done: int, total: int) -> None:
                if cancelled():
                    raise PrintCancelled()
                progress(done, total)
            return prepare(options, self.data, step)

        self._loading = True
        try:
            return self.tasks.wait(self, self.tr("Print"),
                                   self.tr("Loading the records to print…"), job, writes=False)
        finally:
            self._loading = False
            if self._load_again:
                self._load_again = False
                QTimer.singleShot(0, self, self.refresh)

    def _setup_printer(self, printer: QPrinter) -> None:
        assert self.prepared is not None
        printer.setFullPage(True)
        printer.setPageLayout(page_layout(self.prepared.options))
        printer.setDocName(self.prepared.options.heading)

    def _paint_preview(self, printer: QPrinter) -> None:
        if self.prepared is None:
            return
        pages = render(self.prepared, printer, guides=True, max_pages=PREVIEW_PAGES)
        self.page_count = pages
        self.preview_pages = min(pages, PREVIEW_PAGES)
        records, noun = self.prepared.count
        text = f"{records} {noun}, {pages} page{'s' if pages != 1 else ''}."
        if pages > PREVIEW_PAGES:
            text += f" The preview shows the first {PREVIEW_PAGES}."
        self.status.setText(text)
        self.preview_updated.emit(pages)

    # -- output --------------------------------------------------------------------
    def _run_with_progress(self, text: str, job) -> int | None:  # noqa: ANN001
        """Run ``job(progress, cancelled)`` off the GUI thread (the preview stays live); the
        progress advances once per page. Print and PDF are off meanwhile: one job at a time."""
        self.print_button.setEnabled(False)
        self.pdf_button.setEnabled(False)
        try:
            return self.tasks.wait(self, self.tr("Print"), text, job, writes=False)
        except PrintCancelled:
            return None
        except PrintError as exc:
            self.messages.error(self, "Printing failed", str(exc))
            return None
        finally:
            self.print_button.setEnabled(self.prepared is not None)
            self.pdf_button.setEnabled(self.prepared is not None)

    def save_pdf(self) -> str:
        """Ask for a file name and write the whole job there; return the path or ""."""
        if self.prepared is None:
            return ""
        name = (self.prepared.quote.number if self.prepared.quote
                else self.prepared.options.style)
        suggested = str(Path.home() / f"{name}.pdf")
        path = self.messages.save_file(self, "Save as PDF", suggested, "PDF files (*.pdf)")
        if not path:
            return ""
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        if refuse_database_files(self, self.messages, self.services.db.path, [path]):
            return ""
        pages = self._run_with_progress(
            "Writing the PDF…",
            lambda progress, cancelled: render_pdf(self.prepared, path, progress=progress,
                                                   cancelled=cancelled))
        if pages is None:
            return ""
        self.pdf_saved.emit(path)
        return path

    def print_to_printer(self) -> None:
        if self.prepared is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self._setup_printer(printer)
        if print_dialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return
        self._run_with_progress(
            "Printing…",
            lambda progress, cancelled: render(self.prepared, printer, progress=progress,
                                               cancelled=cancelled))


def save_quote_pdf(parent: QWidget, services, messages: Messages,  # noqa: ANN001
                   quote_id: int, number: str) -> str:
    """Ask where, and write the quote there as a PDF (a page or two: no progress dialog);
    the path, or "" if the user cancelled or it could not be written (they were told)."""
    path = messages.save_file(parent, QCoreApplication.translate("PrintDialog", "Save as PDF"),
                              str(Path.home() / f"{number or 'quote'}.pdf"),
                              QCoreApplication.translate("PrintDialog", "PDF files (*.pdf)"))
    if not path:
        return ""
    if not path.lower().endswith(".pdf"):
        path += ".pdf"
    if refuse_database_files(parent, messages, services.db.path, [path]):
        return ""
    settings = services.settings
    options = PrintOptions(style="quote", quote_id=quote_id,
                           paper=settings.paper_size or default_paper(settings.phone_region),
                           home_country=settings.phone_region,
                           date_format=settings.date_format)
    try:
        render_pdf(prepare(options, PrintData(services)), path)
    except PrintError as exc:
        messages.error(parent, QCoreApplication.translate("PrintDialog", "Printing failed"),
                       str(exc))
        return ""
    return path
