"""Every file dialog the window shows is Qt's own, with icons chosen by file name only, so
listing a folder never opens the files in it (see crmdesk/ui/file_dialogs.py for why)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QFileInfo, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QFileIconProvider, QFileSystemModel

from crmdesk.ui import file_dialogs
from crmdesk.ui.messages import Messages

UI = Path(file_dialogs.__file__).parent
#: What lists folders or reads files to name their type; only file_dialogs.py may use it.
FILE_LISTING = re.compile(r"\b(QFileDialog|QFileSystemModel|QAbstractFileIconProvider|"
                          r"QFileIconProvider|QMimeDatabase|QPrintDialog|QPageSetupDialog)\b")
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


def test_no_other_module_of_the_window_builds_a_file_dialog_or_sniffs_files() -> None:
    offenders = [f"{path.relative_to(UI)}:{n}: {line.strip()}"
                 for path in sorted(UI.rglob("*.py")) if path.name != "file_dialogs.py"
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if FILE_LISTING.search(line)]
    assert offenders == []


def test_the_icons_and_types_come_from_the_name_not_the_content(qtbot, tmp_path: Path) -> None:
    from crmdesk.ui.app import application

    application()
    disguised = tmp_path / "scan0001"  # a PNG without an extension: only reading tells
    disguised.write_bytes(PNG)
    named = tmp_path / "logo.png"
    named.write_bytes(b"not an image at all")
    provider = file_dialogs.name_only_icons()
    assert "PNG" in QFileIconProvider().type(QFileInfo(str(disguised)))  # Qt's reads it
    assert provider.type(QFileInfo(str(disguised))) == "File"
    assert "PNG" in provider.type(QFileInfo(str(named)))
    assert provider.type(QFileInfo(str(tmp_path))) == "Folder"
    assert not provider.icon(QFileInfo(str(named))).isNull()
    assert not provider.icon(QFileInfo(str(tmp_path))).isNull()


@pytest.mark.parametrize("ask", ["open_file", "open_files", "save_file"])
def test_every_file_dialog_is_qt_own_with_the_name_only_icons(qtbot, tmp_path: Path,
                                                               ask: str) -> None:
    from crmdesk.ui.app import application

    application()
    seen: list[QFileDialog] = []

    def inspect() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            assert isinstance(dialog, QFileDialog)
            seen.append(dialog)
            if sys.platform != "win32":
                assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
                assert dialog.iconProvider() is file_dialogs.name_only_icons()
                for model in dialog.findChildren(QFileSystemModel):  # the completer's too
                    assert model.iconProvider() is file_dialogs.name_only_icons()
            assert dialog.nameFilters() == ["vCard (*.vcf)", "All files (*)"]
        finally:
            dialog.reject()

    QTimer.singleShot(0, inspect)
    args = ["Pick", "vCard (*.vcf);;All files (*)"]
    if ask == "save_file":
        args.insert(1, str(tmp_path / "out.vcf"))
    assert getattr(Messages(), ask)(None, *args) in ("", [])
    assert len(seen) == 1


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="the native print dialog")
def test_the_printer_dialog_has_no_file_field_of_its_own(qtbot) -> None:
    from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrinter

    from crmdesk.ui.app import application

    application()
    printer = QPrinter()
    dialog = file_dialogs.print_dialog(printer, None)
    qtbot.addWidget(dialog)
    assert not dialog.testOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile)
    models = dialog.findChildren(QFileSystemModel)
    assert all(m.iconProvider() is file_dialogs.name_only_icons() for m in models)


def test_a_dialog_starts_in_documents_then_where_the_user_last_chose_a_file(
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not in the working directory a launcher left (often / or the program's folder)."""
    from crmdesk.ui.app import application

    application()
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "Documents").mkdir()
    monkeypatch.chdir(tmp_path.anchor)
    first = file_dialogs.file_dialog(None, "Save", "vCard (*.vcf)", save=True,
                                     start="contacts.vcf")
    qtbot.addWidget(first)
    assert Path(first.directory().absolutePath()) == tmp_path / "Documents"
    elsewhere = tmp_path / "exports"
    elsewhere.mkdir()
    (elsewhere / "old.vcf").write_text("BEGIN:VCARD\r\nEND:VCARD\r\n")

    def choose() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QFileDialog)
        dialog.selectFile(str(elsewhere / "old.vcf"))
        dialog.accept()

    QTimer.singleShot(0, choose)
    assert Messages().open_file(None, "Open", "vCard (*.vcf)") == str(elsewhere / "old.vcf")
    again = file_dialogs.file_dialog(None, "Open", "vCard (*.vcf)")
    qtbot.addWidget(again)
    assert Path(again.directory().absolutePath()) == elsewhere
