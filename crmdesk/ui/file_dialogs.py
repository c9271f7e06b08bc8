"""Every file dialog of the window, built here so that none can take the database's locks.

SQLite holds its locks on the database and its ``-shm`` file as POSIX advisory
locks, and POSIX drops all of a process's locks on a file when the process
closes *any* descriptor of that file.  Qt's file dialog opens, reads and closes
each file it lists (QMimeDatabase sniffs the content for the icon and the
"Type" column), so a dialog showing the database's folder released the
window's locks: the next program to open the database took it for unused,
checkpointed and deleted ``-wal`` and ``-shm`` under the window.  So on POSIX
every dialog here is Qt's own with an icon provider that looks at names only;
the platform's dialogs (GTK, KDE) run inside this process and sniff too.  On
Windows a lock belongs to the handle that took it, and closing another handle
leaves it alone, so the native dialog is safe there and looks right.

``tests/ui/test_file_dialogs.py`` fails if another module under ``crmdesk/ui``
builds a file dialog, a file-system model or an icon provider of its own.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication, QFileInfo, QMimeDatabase, QSettings, QStandardPaths
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QDialog, QFileDialog, QFileIconProvider, QFileSystemModel, QWidget

from crmdesk.services.database_files import is_database_file

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

#: Qt's own dialog (with the name-only icons) everywhere but on Windows; see above.
OWN_DIALOG = sys.platform != "win32"


def _tr(text: str) -> str:
    return QCoreApplication.translate("FileDialogs", text)


class NameOnlyIconProvider(QFileIconProvider):
    """Icons and types from a file's name (its extension), never from its content."""

    def __init__(self) -> None:
        super().__init__()
        self._mimes = QMimeDatabase()
        self._icons: dict[str, QIcon] = {}

    def icon(self, what: QAbstractFileIconProvider.IconType | QFileInfo) -> QIcon:
        if isinstance(what, QAbstractFileIconProvider.IconType):
            return super().icon(what)
        kind = self._kind(what)
        if kind is not None:
            return super().icon(kind)
        mime = self._mime(what)
        icon = self._icons.get(mime.name())
        if icon is None:
            generic = QIcon.fromTheme(mime.genericIconName(),
                                      super().icon(QAbstractFileIconProvider.IconType.File))
            icon = self._icons[mime.name()] = QIcon.fromTheme(mime.iconName(), generic)
        return icon

    def type(self, info: QFileInfo) -> str:
        kind = self._kind(info)
        if kind == QAbstractFileIconProvider.IconType.Drive:
            return _tr("Drive")
        if kind == QAbstractFileIconProvider.IconType.Folder:
            return _tr("Folder")
        mime = self._mime(info)
        if not mime.isDefault():
            return mime.comment()
        suffix = info.suffix()
        return _tr("%1 File").replace("%1", suffix) if suffix else _tr("File")

    @staticmethod
    def _kind(info: QFileInfo) -> QAbstractFileIconProvider.IconType | None:
        if info.isRoot():
            return QAbstractFileIconProvider.IconType.Drive
        if info.isDir():
            return QAbstractFileIconProvider.IconType.Folder
        return None

    def _mime(self, info: QFileInfo):  # noqa: ANN205 - QMimeType
        # The bare name: MatchExtension never reads the file, and a name has no file to read.
        return self._mimes.mimeTypeForFile(info.fileName(), QMimeDatabase.MatchMode.MatchExtension)


@functools.cache
def name_only_icons() -> NameOnlyIconProvider:
    """One provider for the process: a model keeps a bare pointer to it, so it must outlive
    every dialog (made on first use, when the QApplication exists)."""
    return NameOnlyIconProvider()


def guard_file_models(widget: QWidget) -> None:
    """Give every file-system model inside a widget Qt built (a completer's) the name-only
    icons, before anything lists a folder with it."""
    for model in widget.findChildren(QFileSystemModel):
        model.setIconProvider(name_only_icons())


_LAST_FOLDER = "files/last_folder"


def start_folder() -> Path:
    """Where a file dialog opens: the folder the user last chose a file in, else their
    Documents folder (else home), never the working directory a launcher happened to
    leave."""
    last = QSettings().value(_LAST_FOLDER)
    if isinstance(last, str) and last and Path(last).is_dir():
        return Path(last)
    documents = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


def remember_folder(paths: list[str]) -> None:
    """The next dialog starts in the folder of the file just chosen."""
    if paths:
        QSettings().setValue(_LAST_FOLDER, str(Path(paths[0]).parent))


def file_dialog(parent: QWidget | None, title: str, filters: str, *, save: bool = False,
                many: bool = False, start: str = "") -> QFileDialog:
    """A dialog to open one file, several (``many``) or to save one (``save``), with the
    ``;;``-separated filters, starting in (or on) ``start``; a bare file name or none
    starts in :func:`start_folder`."""
    dialog = QFileDialog(parent, title)
    if OWN_DIALOG:  # before anything lists a folder
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setIconProvider(name_only_icons())
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles if many
                           else QFileDialog.FileMode.ExistingFile)
    dialog.setNameFilters(filters.split(";;"))
    target = Path(start) if start else start_folder()
    if not target.is_absolute():
        target = start_folder() / target
    if target.is_dir():
        dialog.setDirectory(str(target))
    else:
        dialog.setDirectory(str(target.parent))
        dialog.selectFile(target.name)
    return dialog


def _run(dialog: QFileDialog) -> list[str]:
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return []
        chosen = dialog.selectedFiles()
        remember_folder(chosen)
        return chosen
    finally:
        dialog.deleteLater()


def choose_file(parent: QWidget | None, title: str, filters: str) -> str:
    return next(iter(_run(file_dialog(parent, title, filters))), "")


def choose_files(parent: QWidget | None, title: str, filters: str) -> list[str]:
    return _run(file_dialog(parent, title, filters, many=True))


def choose_save_file(parent: QWidget | None, title: str, suggested: str, filters: str) -> str:
    return next(iter(_run(file_dialog(parent, title, filters, save=True, start=suggested))), "")


def print_dialog(printer: QPrinter, parent: QWidget | None) -> QPrintDialog:
    """The printer dialog without its own "Print to file": File > Print saves a PDF through
    ``choose_save_file`` instead, and Qt's output-file field would browse with a plain
    QFileDialog and complete paths with a content-sniffing model."""
    from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog

    dialog = QPrintDialog(printer, parent)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)
    guard_file_models(dialog)
    return dialog


class _Errors(Protocol):
    def error(self, parent: QWidget | None, title: str, text: str) -> None: ...


def refuse_database_files(parent: QWidget | None, messages: _Errors, database: Path | None,
                          paths: Iterable[str]) -> list[str]:
    """The paths that are crmdesk's own database (or a file SQLite keeps beside it), after
    telling the user: the window must never open those (see the module's docstring)."""
    refused = [p for p in paths if is_database_file(p, database)]
    if refused:
        messages.error(parent, _tr("Choose another file"),
                       _tr("That is crmdesk's own database file (%1); choose another file.")
                       .replace("%1", refused[0]))
    return refused
