"""No traceback reaches the user: an error nothing caught is a sentence in a box, saying
where its details were logged (a private, size-bounded crmdesk.log in the data folder)."""

from __future__ import annotations

import re
import sqlite3
import stat
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from crmdesk import __version__, config, errorlog
from crmdesk.ui.error_reports import ErrorReporter


@pytest.fixture
def log(tmp_path: Path) -> Path:
    return tmp_path / "data" / "crmdesk.log"


@pytest.fixture
def reporter(qtbot, messages, log: Path):
    from crmdesk.ui.app import application

    application()
    reporter = ErrorReporter(messages, log)
    with reporter.installed():
        yield reporter


def boom() -> None:
    raise KeyError("photo_mime")


def errors(messages) -> list[str]:
    return [text for kind, _title, text in messages.shown if kind == "error"]


def test_an_error_in_a_slot_is_a_sentence_and_its_traceback_is_logged(
        qtbot, reporter, messages, log: Path, capfd) -> None:
    QTimer.singleShot(0, boom)
    qtbot.waitUntil(lambda: bool(messages.shown))
    [text] = errors(messages)
    assert "did not expect" in text and str(log) in text
    assert "Traceback" not in text and "KeyError" not in text
    assert "Traceback" not in capfd.readouterr().err
    written = log.read_text(encoding="utf-8")
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ERROR crmdesk " + __version__,
                    written)
    assert "Traceback (most recent call last)" in written and "in boom" in written
    assert "KeyError: 'photo_mime'" in written and "thread MainThread" in written
    assert stat.S_IMODE(log.stat().st_mode) == 0o600


def test_an_error_in_a_background_thread_is_shown_on_the_window_thread(
        qtbot, reporter, messages, log: Path) -> None:
    shown_on: list[bool] = []
    messages.error = lambda *_a: shown_on.append(
        threading.current_thread() is threading.main_thread())
    worker = threading.Thread(target=boom, name="exporter")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(shown_on))
    assert shown_on == [True]
    assert "thread exporter" in log.read_text(encoding="utf-8")


def test_a_second_error_while_the_box_is_open_is_only_logged(qtbot, reporter, messages,
                                                             log: Path) -> None:
    opened: list[str] = []

    def box_that_sees_more_errors(_parent, _title, text) -> None:  # noqa: ANN001
        opened.append(text)
        for _ in range(5):  # e.g. a paint event that keeps failing behind the box
            reporter.report(ValueError("again"))

    messages.error = box_that_sees_more_errors
    reporter.report(RuntimeError("first"))
    assert len(opened) == 1
    written = log.read_text(encoding="utf-8")
    assert written.count("RuntimeError: first") == 1
    assert written.count("ValueError: again") == 5
    reporter.report(ValueError("again"))  # the box is closed: a new kind of error shows
    assert len(opened) == 2


def test_the_same_error_again_and_again_shows_one_box(qtbot, reporter, messages) -> None:
    for _ in range(3):
        QTimer.singleShot(0, boom)
    qtbot.wait(50)
    assert len(errors(messages)) == 1


def test_a_database_error_says_what_to_do_without_sql(qtbot, reporter, messages,
                                                      tmp_path: Path) -> None:
    from sqlalchemy import create_engine, text

    db = tmp_path / "x.db"
    holder = sqlite3.connect(db)
    holder.execute("CREATE TABLE t (x)")
    holder.commit()
    holder.execute("BEGIN IMMEDIATE")
    engine = create_engine(f"sqlite:///{db}", connect_args={"timeout": 0})
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO t VALUES (:secret)"), {"secret": "Søren's note"})
    except Exception as exc:  # noqa: BLE001 - what reaches the hook
        reporter.report(exc)
    finally:
        holder.rollback()
        holder.close()
        engine.dispose()
    [shown] = errors(messages)
    assert shown.startswith("The database is busy")
    assert "INSERT" not in shown and "Søren" not in shown and "[SQL" not in shown


def test_the_log_is_bounded_and_private(qtbot, messages, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(errorlog, "LOG_BYTES", 4000)
    log = tmp_path / "logs" / "crmdesk.log"
    reporter = ErrorReporter(messages, log)
    for n in range(200):
        reporter.report(RuntimeError(f"failure number {n}"))
    reporter.handler.close()
    files = sorted(log.parent.iterdir())
    assert [f.name for f in files] == ["crmdesk.log", "crmdesk.log.1", "crmdesk.log.2",
                                       "crmdesk.log.3"]
    assert all(f.stat().st_size <= 4000 + 2000 for f in files)
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
    assert "failure number 199" in log.read_text(encoding="utf-8")


def test_an_unwritable_log_is_said_in_the_sentence(qtbot, messages, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    reporter = ErrorReporter(messages, blocker / "crmdesk.log")
    reporter.report(RuntimeError("x"))
    [text] = errors(messages)
    assert "could not be written" in text


def test_the_window_installs_the_hooks_and_puts_them_back(qtbot, services, messages, capfd,
                                                          monkeypatch) -> None:
    """The real bootstrap: an error in a menu action of the running window is a box."""
    from crmdesk.ui import app as app_module
    from crmdesk.ui.main_window import MainWindow

    url = services.db.url
    services.close()
    before = sys.excepthook, threading.excepthook

    def about_fails(self) -> None:  # noqa: ANN001
        raise RuntimeError("the licence file is gone")

    monkeypatch.setattr(MainWindow, "show_about", about_fails)

    def drive() -> None:
        window = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, MainWindow) and w.isVisible())
        next(a for a in window.actions() if a.text() == "&About crmdesk").trigger()
        window.close()

    QTimer.singleShot(200, drive)
    assert app_module.run(config.locate_database(url), messages=messages) == 0
    assert (sys.excepthook, threading.excepthook) == before
    [text] = errors(messages)
    log = config.data_dir() / "crmdesk.log"
    assert str(log) in text
    assert "the licence file is gone" in log.read_text(encoding="utf-8")
    assert "Traceback" not in capfd.readouterr().err


def test_an_unexpected_error_in_a_background_task_ends_as_a_sentence(
        qtbot, reporter, services, messages, log: Path, tmp_path: Path, monkeypatch,
        capfd) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    from crmdesk.services.listing import ListQuery
    from crmdesk.ui import export_dialog

    ran_on: list[str] = []

    def export_with_a_bug(*_args, **_kwargs) -> None:  # noqa: ANN002, ANN003
        ran_on.append(threading.current_thread().name)
        raise KeyError("vcard_version")

    monkeypatch.setattr(export_dialog, "export", export_with_a_bug)
    messages.file_to_save = str(tmp_path / "contacts.vcf")
    dialog = export_dialog.ExportDialog(services, messages, ListQuery(), [])
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.findChild(QPushButton, "exportButton"), Qt.MouseButton.LeftButton)
    assert ran_on and ran_on[0] != threading.main_thread().name  # it ran on the worker
    [text] = errors(messages)
    assert "did not expect" in text and str(log) in text
    written = log.read_text(encoding="utf-8")
    assert "in export_with_a_bug" in written and "KeyError: 'vcard_version'" in written
    assert "Traceback" not in capfd.readouterr().err
