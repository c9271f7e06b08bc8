"""The app bootstrap: daily backup on start, one window per database, reopen on another."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from crmdesk.config import locate_database
from crmdesk.services import backups
from crmdesk.settings import Settings
from crmdesk.ui import app as app_module
from crmdesk.ui.main_window import MainWindow
from crmdesk.ui.single_instance import SingleInstance


class QuietMessages:
    """Says no to the demo offer and records anything shown."""

    def __init__(self) -> None:
        self.shown: list[str] = []

    def ask(self, *_args: object) -> bool:
        return False

    def error(self, _parent: object, _title: str, text: str) -> None:
        self.shown.append(text)

    info = error


def _windows() -> list[MainWindow]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and w.isVisible()]


def test_run_backs_up_and_reopens_on_the_chosen_database(qtbot, services,
                                                          tmp_path: Path) -> None:
    first_url = services.db.url
    services.close()
    second = tmp_path / "second.db"
    second_url = "sqlite:///" + str(second)
    titles: list[str] = []

    def step() -> None:
        windows = _windows()
        if not windows:
            return
        window = windows[0]
        if window.windowTitle() in titles:
            return
        titles.append(window.windowTitle())
        if len(titles) == 1:
            window.open_database(second_url)  # what File > Settings does on OK
        else:
            window.close()

    timer = QTimer()
    timer.timeout.connect(step)
    timer.start(50)
    status = app_module.run(locate_database(first_url), messages=QuietMessages())
    timer.stop()
    assert status == 0
    assert titles == ["crmdesk – crmdesk.db", "crmdesk – second.db"]
    assert second.exists()
    first_path = services.db.path
    assert first_path is not None and len(backups.dated_backups(first_path)) == 1


def test_second_start_on_an_open_database_exits_zero(qtbot, db_url: str, capsys) -> None:
    running = SingleInstance(locate_database(db_url))
    assert running.start()
    try:
        with qtbot.waitSignal(running.raise_requested, timeout=3000):
            assert app_module.run(locate_database(db_url), messages=QuietMessages()) == 0
    finally:
        running.close()
    assert "already open" in capsys.readouterr().err


def test_take_daily_backup_respects_the_setting(services) -> None:
    database = locate_database(services.db.url)
    assert app_module.take_daily_backup(database, Settings(auto_backup=False)) is None
    assert app_module.take_daily_backup(database, Settings()) is not None


def test_menus_have_settings_and_about(qtbot, services) -> None:
    window = MainWindow(services, QuietMessages())
    qtbot.addWidget(window)
    actions = {a.text(): a for a in window.actions()}
    assert actions["&Settings…"].shortcut() == QKeySequence("Ctrl+,")
    assert "&About crmdesk" in actions
    assert "crmdesk.db" in window.windowTitle()
    assert not app_module.app_icon().isNull()


def test_restore_from_settings_reopens_on_the_restored_database(qtbot, services,
                                                                 contact_factory,
                                                                 tmp_path: Path) -> None:
    url, path = services.db.url, services.db.path
    assert path is not None
    services.contacts.save(contact_factory("Åse", "Nielsen"))
    saved = backups.backup(path, tmp_path / "saved.db")
    services.contacts.save(contact_factory("Jens", "Hansen"))
    services.close()
    counts: list[int] = []
    messages = QuietMessages()

    def step() -> None:
        windows = _windows()
        if not windows or len(counts) == 2:
            return
        window = windows[0]
        if counts and getattr(window, "_seen", False):
            return
        window._seen = True  # type: ignore[attr-defined]
        counts.append(window.services.contacts.count())
        if len(counts) == 1:
            window.pending_restore = saved  # what Settings > Restore does on OK
            window.open_database(url)
        else:
            window.close()

    timer = QTimer()
    timer.timeout.connect(step)
    timer.start(50)
    assert app_module.run(locate_database(url), messages=messages) == 0
    timer.stop()
    assert counts == [2, 1]
    assert any("previous database is kept" in text for text in messages.shown)
    assert list(path.parent.glob("crmdesk.replaced-*.db"))
