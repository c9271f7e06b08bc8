"""A salesperson browses the database's own folder in a file dialog, and the window stays
on its database: another program run afterwards neither deletes its -wal and -shm nor
loses sight of the window's writes.

SQLite's locks are POSIX advisory locks, dropped when the process closes any descriptor
of the file; Qt's stock file dialog opens every file it lists to sniff its type.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFileSystemModel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from crmdesk.settings import Settings

#: Asks, from another process, who holds SQLite's WAL-mode read locks: the SHARED range
#: of the database file and the "DMS" byte of -shm.  F_GETLK reports a conflicting lock
#: and its owner's pid (a process never conflicts with itself, hence another process).
LOCK_PROBE = r"""
import fcntl, os, struct, sys
def holder(path, start, length):
    fd = os.open(path, os.O_RDWR)
    try:
        lk = struct.pack("hhqqi", fcntl.F_WRLCK, 0, start, length, 0)
        kind, _, _, _, pid = struct.unpack("hhqqi", fcntl.fcntl(fd, fcntl.F_GETLK, lk))
        return 0 if kind == fcntl.F_UNLCK else pid
    finally:
        os.close(fd)
db = sys.argv[1]
print(holder(db, 0x40000002, 510), holder(db + "-shm", 128, 1))
"""

RAW_WRITER = r"""
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], timeout=5)
con.execute("UPDATE contact SET job_title = 'Set by sqlite3' WHERE id = ?", (int(sys.argv[2]),))
con.commit()
print(con.execute("SELECT job_title FROM contact WHERE id = ?", (int(sys.argv[3]),)).fetchone()[0])
print(con.execute("PRAGMA integrity_check").fetchone()[0])
con.close()
"""

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX advisory locks")


def lock_holders(db: Path) -> tuple[int, int]:
    out = subprocess.run([sys.executable, "-c", LOCK_PROBE, str(db)], check=True,
                         capture_output=True, text=True).stdout.split()
    return int(out[0]), int(out[1])


def modal(kind: type) -> QWidget:
    widget = QApplication.activeModalWidget()
    assert isinstance(widget, kind), widget
    return widget


def later(qtbot, step: Callable[[], None], close: Callable[[], None]) -> None:
    """Run ``step`` inside the next modal dialog's event loop; close that dialog whatever
    happens, so a failed assertion cannot leave the test waiting on it."""
    def run() -> None:
        try:
            step()
        finally:
            close()
    QTimer.singleShot(0, run)


@pytest.fixture
def sales(qtbot, tmp_path: Path):
    """A real window (real message boxes and file dialogs) on ``sales.db`` in a folder
    holding other files too."""
    from crmdesk.services import demo
    from crmdesk.services.wiring import Services
    from crmdesk.ui.app import application
    from crmdesk.ui.main_window import MainWindow
    from crmdesk.ui.messages import Messages

    folder = tmp_path / "Sales"
    folder.mkdir()
    (folder / "leads.vcf").write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Holm\r\n"
                                      "N:Holm;Bo;;;\r\nEND:VCARD\r\n")
    (folder / "notes.txt").write_text("call Bo\n")
    application()
    services = Services.open("sqlite:///" + str(folder / "sales.db"),
                             Settings(default_region="DK"))
    demo.fill(services, 12)
    window = MainWindow(services, Messages())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    services.close()


def browse_the_folder(qtbot, dialog: QFileDialog, folder: Path) -> None:
    """What a user does: go to the folder by typing it, show every file in the detail
    view, then type the start of a name so the completer lists the folder."""
    edit = dialog.findChild(QLineEdit, "fileNameEdit")
    model = dialog.findChild(QFileSystemModel)
    edit.setText(str(folder))
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: Path(dialog.directory().absolutePath()) == folder)
    dialog.selectNameFilter("All files (*)")
    dialog.findChild(QWidget, "detailModeButton").click()
    listed = {"sales.db", "sales.db-wal", "sales.db-shm", "leads.vcf", "notes.txt"}
    root = model.index(str(folder))
    qtbot.waitUntil(lambda: {model.index(r, 0, root).data()
                             for r in range(model.rowCount(root))} >= listed)
    for row in range(model.rowCount(root)):  # what painting the list asks for
        model.index(row, 0, root).data(Qt.ItemDataRole.DecorationRole)
        model.index(row, 2, root).data()
    dialog.grab()
    edit.clear()
    qtbot.keyClicks(edit, str(folder / "sa"))
    completer = edit.completer()
    qtbot.waitUntil(lambda: completer.completionCount() >= 3 and completer.popup().isVisible())
    popup = completer.popup()
    for row in range(popup.model().rowCount()):
        popup.model().index(row, 0).data(Qt.ItemDataRole.DecorationRole)
    popup.grab()
    qtbot.keyClick(popup, Qt.Key.Key_Escape)


def test_a_file_dialog_over_the_database_folder_leaves_the_window_on_its_database(
        qtbot, sales) -> None:
    window = sales
    services = window.services
    db = services.db.path
    folder = db.parent
    assert lock_holders(db) == (os.getpid(), os.getpid())
    browsed: list[bool] = []

    def in_file_dialog() -> None:
        browse_the_folder(qtbot, modal(QFileDialog), folder)
        browsed.append(True)

    def in_import_dialog() -> None:
        importing = QApplication.activeModalWidget()
        later(qtbot, in_file_dialog, lambda: modal(QFileDialog).reject())
        qtbot.mouseClick(importing.findChild(QPushButton, "chooseFiles"),
                         Qt.MouseButton.LeftButton)

    later(qtbot, in_import_dialog, lambda: QApplication.activeModalWidget().reject())
    next(a for a in window.actions() if a.text() == "&Import…").trigger()
    assert browsed == [True]

    search = subprocess.run([sys.executable, "-m", "crmdesk", "--db", str(db), "search", "x"],
                            capture_output=True, text=True, timeout=60)
    assert search.returncode == 0, search.stderr
    assert (folder / "sales.db-wal").exists() and (folder / "sales.db-shm").exists()
    assert lock_holders(db) == (os.getpid(), os.getpid())
    first, second = sorted(window.contacts.model.id_at(r) for r in range(2))
    mine = services.contacts.get(second)
    mine.job_title = "Set by the window"
    services.contacts.save(mine)
    raw = subprocess.run([sys.executable, "-c", RAW_WRITER, str(db), str(first), str(second)],
                         capture_output=True, text=True, timeout=60)
    assert raw.returncode == 0, raw.stderr
    assert raw.stdout.split("\n")[:2] == ["Set by the window", "ok"]
    assert (folder / "sales.db-wal").exists() and (folder / "sales.db-shm").exists()
    assert lock_holders(db) == (os.getpid(), os.getpid())
    assert services.contacts.get(first).job_title == "Set by sqlite3"
    window.close()
    services.close()
    with sqlite3.connect(db) as check:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert check.execute("SELECT job_title FROM contact WHERE id = ?",
                             (second,)).fetchone()[0] == "Set by the window"


# -- every other way a path reaches the window -------------------------------------------
OWN_FILE = "crmdesk's own database file"


def other_names(db: Path) -> dict[str, Path]:
    """The database under every name a user could pick it by."""
    folder = db.parent
    link = folder / "contacts.vcf"
    link.symlink_to(db)
    hard = folder / "backup-copy.db"
    os.link(db, hard)
    return {"itself": db, "-wal": Path(f"{db}-wal"), "-shm": Path(f"{db}-shm"),
            "-journal": Path(f"{db}-journal"), "symlink": link, "hard link": hard}


@pytest.fixture
def names(main_window) -> dict[str, Path]:
    return other_names(main_window.services.db.path)


def assert_untouched(window, messages) -> None:
    """The user was told, and the window still holds its database (nothing opened it)."""
    assert messages.shown and messages.shown[-1][0] == "error"
    assert OWN_FILE in messages.shown[-1][2]
    db = window.services.db.path
    assert lock_holders(db) == (os.getpid(), os.getpid())
    assert window.services.contacts.count() == 60


@pytest.mark.parametrize("name", ["itself", "-wal", "symlink", "hard link"])
def test_import_refuses_the_database_chosen_in_the_dialog(qtbot, main_window, messages,
                                                          names, name: str) -> None:
    from crmdesk.ui.import_dialog import ImportDialog

    messages.files_to_open = [str(names[name])]
    dialog = ImportDialog(main_window.services, messages, parent=main_window)
    qtbot.addWidget(dialog)
    dialog.choose_files()
    assert dialog.paths == [] and not dialog.files.text()
    assert_untouched(main_window, messages)


def drop(window, paths: list[Path]) -> None:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(40, 40), Qt.DropAction.CopyAction, data,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)


@pytest.mark.parametrize("name", ["itself", "-shm", "symlink"])
def test_dropping_the_database_on_the_window_imports_nothing(qtbot, main_window, messages,
                                                             names, name: str) -> None:
    opened: list[object] = []
    main_window.open_import_dialog = opened.append
    drop(main_window, [names[name]])
    assert opened == []
    assert_untouched(main_window, messages)


def test_dropping_it_with_a_real_card_imports_only_the_card(qtbot, main_window, messages,
                                                            names, tmp_path: Path) -> None:
    card = tmp_path / "bo.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Holm\r\nN:Holm;Bo;;;\r\nEND:VCARD\r\n")
    seen: list[list[str]] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        seen.append(list(dialog.paths))
        dialog.reject()

    QTimer.singleShot(0, look)
    drop(main_window, [names["hard link"], card])
    assert seen == [[str(card)]]
    assert_untouched(main_window, messages)


@pytest.mark.parametrize("name", ["itself", "symlink", "-wal"])
def test_the_database_is_no_photo(qtbot, main_window, messages, names, name: str) -> None:
    from crmdesk.ui.parties.contact_dialog import ContactDialog

    services = main_window.services
    dialog = ContactDialog(services, services.contacts.get(main_window.contacts.current_id()),
                           messages, main_window)
    qtbot.addWidget(dialog)
    messages.file_to_open = str(names[name])
    before = dialog.current_record().photo
    next(b for b in dialog.findChildren(QPushButton) if b.text() == "Photo…").click()
    assert dialog.current_record().photo == before
    assert_untouched(main_window, messages)


@pytest.mark.parametrize("name", ["itself", "hard link", "-journal"])
def test_an_export_never_writes_over_the_database(qtbot, main_window, messages, names,
                                                  name: str) -> None:
    from crmdesk.ui.export_dialog import ExportDialog

    messages.file_to_save = str(names[name])
    dialog = ExportDialog(main_window.services, messages, main_window.contacts.current_query(),
                          [], main_window)
    qtbot.addWidget(dialog)
    dialog.run_export()
    assert not Path(f"{main_window.services.db.path}-journal").exists()
    assert_untouched(main_window, messages)


def test_a_pdf_is_never_written_over_the_database(qtbot, main_window, messages) -> None:
    from crmdesk.ui.printing import PrintDialog

    db = main_window.services.db.path
    report = db.parent / "report.pdf"
    report.symlink_to(db)
    messages.file_to_save = str(report)
    dialog = PrintDialog(main_window.services, messages=messages, parent=main_window)
    qtbot.addWidget(dialog)
    dialog.refresh()
    assert dialog.save_pdf() == ""
    assert_untouched(main_window, messages)


@pytest.mark.parametrize("name", ["itself", "-shm", "symlink"])
def test_backup_and_restore_refuse_the_open_database(qtbot, main_window, messages, names,
                                                     name: str, tmp_path: Path) -> None:
    from crmdesk.ui.settings_dialog import SettingsDialog

    services = main_window.services
    dialog = SettingsDialog(services.settings, services.db.url, messages, main_window,
                            settings_file=tmp_path / "settings.json")
    qtbot.addWidget(dialog)
    messages.file_to_save = str(names[name])
    dialog.make_backup()
    assert_untouched(main_window, messages)
    messages.file_to_open = str(names[name])
    messages.shown.clear()
    dialog.choose_restore()
    assert dialog.restore_from is None
    assert_untouched(main_window, messages)


def test_open_another_database_tells_its_files_from_itself(qtbot, main_window, messages,
                                                           names, tmp_path: Path) -> None:
    from crmdesk.ui.settings_dialog import SettingsDialog

    services = main_window.services
    dialog = SettingsDialog(services.settings, services.db.url, messages, main_window,
                            settings_file=tmp_path / "settings.json")
    qtbot.addWidget(dialog)
    messages.file_to_open = str(names["-wal"])
    dialog.choose_existing()
    assert dialog.chosen_database is None
    assert_untouched(main_window, messages)
    messages.shown.clear()
    messages.file_to_open = str(names["hard link"])  # the open database: nothing to do
    dialog.choose_existing()
    assert dialog.chosen_database is None and messages.shown == []
    assert lock_holders(services.db.path) == (os.getpid(), os.getpid())
    messages.file_to_save = str(names["-journal"])
    dialog.choose_new()
    assert dialog.chosen_database is None
    assert_untouched(main_window, messages)


def test_a_name_that_is_markup_naming_the_database_stays_text(qtbot, main_window,
                                                              messages) -> None:
    """Imported or typed text such as ``<img src="…/crmdesk.db">`` is shown as text: Qt's
    rich text would open the file to draw the image, and drop the database's locks."""
    from PySide6.QtGui import QCursor
    from PySide6.QtWidgets import QToolTip

    from crmdesk.ui.messages import Messages
    from crmdesk.ui.parties.contact_dialog import ContactDialog

    db = main_window.services.db.path
    trap = f'<img src="{db}">'
    services = main_window.services
    record = services.contacts.get(main_window.contacts.current_id())
    record.first_name, record.notes = trap, trap
    saved = services.contacts.save(record)
    view = main_window.contacts
    view.apply_search()
    view.select_id(saved.id)
    row = view.model.row_of(saved.id)
    QToolTip.showText(QCursor.pos(), view.model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole),
                      view.table)
    qtbot.wait(50)
    QToolTip.hideText()

    dialog = ContactDialog(services, saved, messages, main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    type_in = dialog.emails.rows()[0]["value"]
    type_in.setText(trap)
    dialog.company.setText(f'<img src="{db}-shm">')
    dialog.save()  # the e-mail is refused, quoting what was typed
    dialog.grab()
    dialog.reject()

    view.messages = Messages()
    QTimer.singleShot(0, lambda: (QApplication.activeModalWidget().grab(),
                                  QApplication.activeModalWidget().reject()))
    view.delete_selected()  # "Delete <img …>?" in a real message box
    assert lock_holders(db) == (os.getpid(), os.getpid())


def test_backing_up_now_to_another_file_keeps_the_locks(qtbot, main_window, messages,
                                                        tmp_path: Path) -> None:
    from crmdesk.ui.settings_dialog import SettingsDialog

    services = main_window.services
    dialog = SettingsDialog(services.settings, services.db.url, messages, main_window,
                            settings_file=tmp_path / "settings.json")
    qtbot.addWidget(dialog)
    messages.file_to_save = str(tmp_path / "copy.db")
    dialog.make_backup()
    assert messages.shown[-1][0] == "info" and (tmp_path / "copy.db").is_file()
    assert lock_holders(services.db.path) == (os.getpid(), os.getpid())
