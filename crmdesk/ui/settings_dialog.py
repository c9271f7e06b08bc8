"""File > Settings: phone region, paper, date format, calendar, database file and
backups; and on a Sales tab the currency, the pipeline's stages and what a printed
quote says about the seller.

The values live in ``crmdesk.settings.Settings`` (JSON in the config folder),
which the Qt-free core reads too; each setting's field here is built from its
declaration there (label, help, allowed values), so a new setting needs no code
in this dialog.  OK writes them and updates the running ``Settings`` object in
place, so the services see a new phone region at once.

Choosing another database (open an existing one, or create a new one) does
not swap it under the open window: the dialog records the choice in
``chosen_database`` and the main window closes and reopens on it, which
takes the single-instance lock, the daily backup and the migrations of the
new file exactly as a fresh start would.  The choice lasts for this session:
the default database stays the one ``--db`` / ``CRMDESK_DB`` / the data folder
name, so scripts and the window never silently disagree about which file is
"the" database.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crmdesk import config
from crmdesk.services import backups
from crmdesk.services.errors import SalesError, StorageError
from crmdesk.settings import (
    BACKUPS,
    CALENDAR,
    DATE_SAMPLE,
    GENERAL,
    QUOTES,
    SALES,
    Choice,
    Setting,
    Settings,
    Value,
    declarations,
    system_region,
)
from crmdesk.ui.file_dialogs import refuse_database_files
from crmdesk.ui.messages import Messages

if TYPE_CHECKING:
    from crmdesk.records import StageRecord
    from crmdesk.services.stages import SalesStages

DB_FILTER = "crmdesk databases (*.db *.sqlite *.sqlite3);;All files (*)"


def translated(text: str) -> str:
    """A declaration's English text in the user's language (context "Settings")."""
    return QCoreApplication.translate("Settings", text)


def region_name(code: str) -> str:
    territory = QLocale.codeToTerritory(code)
    name = "" if territory.name == "AnyTerritory" else QLocale.territoryToString(territory)
    return f"{name} ({code})" if name else code


def region_label(code: Value) -> str:
    if code == "":
        return translated("System default – %1").replace("%1", region_name(system_region()))
    return region_name(str(code))


def date_format_label(fmt: Value) -> str:
    return f"{DATE_SAMPLE.strftime(str(fmt))}   ({fmt})"


#: Values Qt or the sample date names better than the declaration's English does.
VALUE_NAMES: dict[str, Callable[[Value], str]] = {
    "default_region": region_label,
    "date_format": date_format_label,
}

SettingField = QCheckBox | QSpinBox | QComboBox | QLineEdit | QPlainTextEdit


def open_folder(path: Path) -> bool:
    """Show a folder in the desktop's file manager."""
    path.mkdir(parents=True, exist_ok=True)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class SettingsDialog(QDialog):
    """Edits a ``Settings``; ``chosen_database`` is an SQLAlchemy URL to reopen on, or None.
    With ``stages`` (the database's, ``Services.stages``) the Sales tab edits them too."""

    def __init__(self, settings: Settings, db_url: str, messages: Messages | None = None,
                 parent: QWidget | None = None, *, settings_file: Path | None = None,
                 open_url: Callable[[Path], bool] = open_folder,
                 stages: SalesStages | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setObjectName("settingsDialog")
        self.settings = settings
        self.db_url = db_url
        self.messages = messages or Messages()
        self.settings_file = settings_file
        self.open_url = open_url
        self.chosen_database: str | None = None
        #: The field editing each setting, by the setting's name.
        self.fields: dict[str, SettingField] = {}
        #: A backup file to put in place of the database; the window reopens after it.
        self.restore_from: Path | None = None
        self.stages = stages

        general = QWidget()
        general_layout = QVBoxLayout(general)
        general_layout.addWidget(self._general_box())
        general_layout.addWidget(self._calendar_box())
        general_layout.addWidget(self._database_box())
        general_layout.addWidget(self._backup_box())
        #: The Sales tab: what a quote says about the seller (more sales settings join it)
        self.sales_page = QWidget()
        self.sales_page.setObjectName("salesSettings")
        self.sales_layout = QVBoxLayout(self.sales_page)
        self.sales_layout.addWidget(self._sales_box())
        self.sales_layout.addWidget(self._quotes_box())
        self.sales_layout.addStretch(1)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settingsTabs")
        self.tabs.addTab(general, translated(GENERAL))
        self.tabs.addTab(self.sales_page, self.tr("Sales"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout.addWidget(buttons)

    # -- building --------------------------------------------------------------------------
    def _general_box(self) -> QGroupBox:
        box = QGroupBox(translated(GENERAL))
        self._add_settings(QFormLayout(box), GENERAL)
        return box

    def _calendar_box(self) -> QGroupBox:
        box = QGroupBox(translated(CALENDAR))
        self._add_settings(QFormLayout(box), CALENDAR)
        return box

    def _sales_box(self) -> QGroupBox:
        """The currency of new records, and the pipeline's stages."""
        from crmdesk.ui.sales.stages_editor import StagesEditor

        box = QGroupBox(translated(SALES))
        form = QFormLayout(box)
        self._add_settings(form, SALES)
        self.stages_editor: StagesEditor | None = None
        self._stages_loaded: list[StageRecord] = []
        if self.stages is not None:
            self.stages_editor = StagesEditor()
            self._stages_loaded = self.stages.list()
            self.stages_editor.set_stages(self._stages_loaded)
            form.addRow(QLabel(self.tr("The stages of the pipeline, in order, each with the "
                                       "probability an opportunity in it takes (unless set "
                                       "by hand):"), wordWrap=True))
            form.addRow(self.stages_editor)
        return box

    def _quotes_box(self) -> QGroupBox:
        box = QGroupBox(translated(QUOTES))
        self._add_settings(QFormLayout(box), QUOTES)
        return box

    def _add_settings(self, form: QFormLayout, section: str) -> None:
        """One field per setting declared for ``section``, in declaration order."""
        for name, setting in declarations().items():
            if setting.section != section:
                continue
            value = setting.cleaned(getattr(self.settings, name))
            widget = self._field(name, setting, setting.default if value is None else value)
            widget.setObjectName(name)
            widget.setToolTip(translated(setting.help))
            self.fields[name] = widget
            if isinstance(widget, QCheckBox):
                form.addRow(widget)
            else:
                form.addRow(translated(setting.label) + ":", widget)
            if setting.needs:
                needed = self.fields[setting.needs]
                assert isinstance(needed, QCheckBox), f"{name} needs a yes/no setting"
                needed.toggled.connect(widget.setEnabled)
                widget.setEnabled(needed.isChecked())

    def _field(self, name: str, setting: Setting, value: Value) -> SettingField:
        if setting.value_type is bool:
            box = QCheckBox(translated(setting.label))
            box.setChecked(bool(value))
            return box
        if setting.value_type is int:
            spin = QSpinBox()
            spin.setRange(setting.minimum if setting.minimum is not None else 0,
                          setting.maximum if setting.maximum is not None else 2**31 - 1)
            if setting.unit:
                spin.setSuffix(" " + translated(setting.unit))
            spin.setValue(int(value))
            return spin
        choices = setting.allowed_choices()
        if not choices:
            return self._text_field(setting, str(value))
        name_of = VALUE_NAMES.get(name)

        def shown_as(choice: Choice) -> tuple[str, Value]:
            return (name_of(choice.value) if name_of else translated(choice.label),
                    choice.value)

        shown = [shown_as(c) for c in choices]
        if setting.sort_choices:
            shown[1:] = sorted(shown[1:], key=lambda item: item[0].casefold())
        if all(c.value != value for c in choices):
            shown.insert(0, shown_as(Choice(value, str(value))))  # allowed, though not listed
        combo = QComboBox()
        for text, choice_value in shown:
            combo.addItem(text, choice_value)
        combo.setCurrentIndex(max(0, combo.findData(value)))
        return combo

    @staticmethod
    def _text_field(setting: Setting, value: str) -> QLineEdit | QPlainTextEdit:
        """Free text: a line, or a box of a few lines (an address)."""
        if setting.lines:
            box = QPlainTextEdit(value)
            box.setTabChangesFocus(True)
            box.setFixedHeight(box.fontMetrics().lineSpacing() * 4 + 12)
            return box
        line = QLineEdit(value)
        if setting.max_length:
            line.setMaxLength(setting.max_length)
        return line

    def _database_box(self) -> QGroupBox:
        box = QGroupBox("Database")
        form = QFormLayout(box)
        folder_row = QHBoxLayout()
        self.data_folder = QLabel(str(config.data_dir()), textFormat=Qt.TextFormat.PlainText)
        self.data_folder.setObjectName("dataFolder")
        open_button = QPushButton("&Open")
        open_button.setObjectName("openDataFolder")
        open_button.setToolTip("Show the data folder in the file manager")
        open_button.clicked.connect(lambda: self.open_url(config.data_dir()))
        folder_row.addWidget(self.data_folder, 1)
        folder_row.addWidget(open_button)
        form.addRow("Data folder:", folder_row)

        path = config.sqlite_path(self.db_url)
        self.db_label = QLabel(escape(str(path) if path else self.db_url),
                               textFormat=Qt.TextFormat.RichText)
        self.db_label.setObjectName("databaseFile")
        self.db_label.setWordWrap(True)
        form.addRow("Database file:", self.db_label)
        row = QHBoxLayout()
        self.open_db = QPushButton("Open &another…")
        self.open_db.setObjectName("openDatabase")
        self.open_db.clicked.connect(self.choose_existing)
        self.new_db = QPushButton("Create &new…")
        self.new_db.setObjectName("newDatabase")
        self.new_db.clicked.connect(self.choose_new)
        row.addWidget(self.open_db)
        row.addWidget(self.new_db)
        row.addStretch(1)
        form.addRow("", row)
        return box

    def _backup_box(self) -> QGroupBox:
        box = QGroupBox(translated(BACKUPS))
        form = QFormLayout(box)
        self._add_settings(form, BACKUPS)
        path = config.sqlite_path(self.db_url)
        if path is not None:
            folder = backups.backup_folder(path)
            row = QHBoxLayout()
            label = QLabel(str(folder), textFormat=Qt.TextFormat.PlainText)
            label.setObjectName("backupFolder")
            show = QPushButton("Sh&ow")
            show.clicked.connect(lambda: self.open_url(folder))
            row.addWidget(label, 1)
            row.addWidget(show)
            form.addRow("Backup folder:", row)
            actions = QHBoxLayout()
            self.backup_now = QPushButton("&Back up now…")
            self.backup_now.setObjectName("backupNow")
            self.backup_now.clicked.connect(self.make_backup)
            self.restore_button = QPushButton("&Restore from a backup…")
            self.restore_button.setObjectName("restoreBackup")
            self.restore_button.clicked.connect(self.choose_restore)
            actions.addWidget(self.backup_now)
            actions.addWidget(self.restore_button)
            actions.addStretch(1)
            form.addRow("", actions)
        else:
            self.fields["auto_backup"].setEnabled(False)
            form.addRow(QLabel("A server database is backed up with the server's own tools."))
        return box

    # -- database choice -------------------------------------------------------------------
    def choose_existing(self) -> None:
        name = self.messages.open_file(self, "Open a crmdesk database", DB_FILTER)
        if not name:
            return
        path = Path(name)
        current = config.sqlite_path(self.db_url)
        if current is not None and current.exists() and path.exists() and path.samefile(current):
            self.chosen_database = self.restore_from = None  # the open one: nothing changes
            self.db_label.setText(escape(str(current)))
            return
        if self._refused(name):
            return
        if path.stat().st_size:  # an empty file is as good as a new database
            try:
                backups.check_crmdesk_file(path)
            except backups.BackupError as exc:
                self.messages.error(self, "Not a crmdesk database", str(exc))
                return
        self._choose(path)

    def choose_new(self) -> None:
        name = self.messages.save_file(self, "Create a new crmdesk database",
                                       str(config.data_dir() / "crmdesk-new.db"), DB_FILTER)
        if not name:
            return
        path = Path(name)
        if not path.suffix:
            path = path.with_suffix(".db")
        if self._refused(str(path)):
            return
        if path.exists():
            self.messages.error(self, "The file exists",
                                f"{path} exists already. To use it, choose Open another; "
                                "to start afresh, give a new name.")
            return
        self._choose(path)

    def _choose(self, path: Path) -> None:
        url = config.resolve_db_url(str(path))
        self.restore_from = None
        if url == self.db_url:
            self.chosen_database = None
            self.db_label.setText(escape(str(path)))
            return
        self.chosen_database = url
        self.db_label.setText(f"<b>{escape(str(path))}</b><br>crmdesk reopens on this file "
                              "when you press OK. The next start opens the default database "
                              "again (or this one with <tt>crmdesk --db FILE</tt>).")

    def _refused(self, name: str) -> bool:
        """Never open (or write over) the open database's files: see ``file_dialogs``."""
        return bool(refuse_database_files(self, self.messages,
                                          config.sqlite_path(self.db_url), [name]))

    # -- backups ---------------------------------------------------------------------------
    def make_backup(self) -> None:
        """A copy of the open database now (safe while it is in use)."""
        path = config.sqlite_path(self.db_url)
        assert path is not None
        name = self.messages.save_file(
            self, "Back up the database",
            str(Path.home() / f"{path.stem}-backup-{date.today().isoformat()}.db"), DB_FILTER)
        if not name or self._refused(name):
            return
        try:
            out = backups.backup(path, Path(name))
        except backups.BackupError as exc:
            self.messages.error(self, "Backup failed", str(exc))
            return
        self.messages.info(self, "Backup made", f"The database was copied to {out}.")

    def choose_restore(self) -> None:
        """Pick and check a backup; the restore itself runs when the window has closed."""
        path = config.sqlite_path(self.db_url)
        assert path is not None
        name = self.messages.open_file(self, "Restore from a backup", DB_FILTER)
        if not name or self._refused(name):
            return
        try:
            revision = backups.check_crmdesk_file(Path(name))
        except backups.BackupError as exc:
            self.messages.error(self, "Not a crmdesk backup", str(exc))
            return
        if not self.messages.confirm(
                self, "Restore from a backup",
                f"Replace the database {path} with the backup {name} (schema {revision})?"
                "\n\nThe current database is kept beside it as "
                f"{path.stem}.replaced-<date-time>{path.suffix}. crmdesk closes the window, "
                "restores, and opens it again when you press OK.", "Restore"):
            return
        self.restore_from = Path(name)
        self.chosen_database = None

    def _show_field(self, widget: QWidget) -> None:
        """Bring the tab holding ``widget`` to the front and put the cursor there."""
        for index in range(self.tabs.count()):
            if self.tabs.widget(index).isAncestorOf(widget):
                self.tabs.setCurrentIndex(index)
        widget.setFocus()

    # -- saving ----------------------------------------------------------------------------
    def values(self) -> Settings:
        """The settings as edited (a new object; the original is untouched until OK)."""
        edited: dict[str, Value] = {}
        for name, widget in self.fields.items():
            if isinstance(widget, QCheckBox):
                edited[name] = widget.isChecked()
            elif isinstance(widget, QSpinBox):
                edited[name] = widget.value()
            elif isinstance(widget, QLineEdit):
                edited[name] = widget.text().strip()
            elif isinstance(widget, QPlainTextEdit):
                edited[name] = widget.toPlainText().strip()
            else:
                edited[name] = widget.currentData()
        return Settings(**edited, unknown=dict(self.settings.unknown))

    def accept(self) -> None:
        """Check the settings, store the stages (if changed), then the settings; a refusal
        says why and keeps the dialog open (stages refused: nothing is stored)."""
        edited = self.values()
        for name, setting in declarations().items():
            if setting.max_length and len(getattr(edited, name)) > setting.max_length:
                label = translated(setting.label).replace("&", "")
                self.messages.error(self, self.tr("Settings not saved"), self.tr(
                    "%1 is too long: at most %2 characters.").replace("%1", label).replace(
                        "%2", str(setting.max_length)))
                self._show_field(self.fields[name])
                return
        if not self._save_stages():
            return
        try:
            edited.save(self.settings_file)
        except OSError as exc:
            self.messages.error(self, self.tr("Settings not saved"),
                                self.tr("Cannot write the settings file: %1").replace(
                                    "%1", str(exc)))
            return
        for name in declarations():  # in place: the services hold this very object
            setattr(self.settings, name, getattr(edited, name))
        super().accept()

    def _save_stages(self) -> bool:
        if self.stages is None or self.stages_editor is None:
            return True
        edited = self.stages_editor.stages()
        if edited == self._stages_loaded:
            return True
        try:
            self._stages_loaded = self.stages.save(edited)
        except (SalesError, StorageError) as exc:
            self._show_field(self.stages_editor)
            self.messages.error(self, self.tr("Stages not saved"),
                                self.tr("Nothing was saved. %1").replace("%1", str(exc)))
            return False
        self.stages_editor.set_stages(self._stages_loaded)
        return True
