"""One window per database: the second start asks the first to come forward."""

from __future__ import annotations

from pathlib import Path

from crmdesk.config import locate_database
from crmdesk.ui.single_instance import SingleInstance
from crmdesk.window_lock import instance_name, window_is_open


def test_second_instance_asks_the_first_to_raise(qtbot, tmp_path: Path) -> None:
    db = locate_database(str(tmp_path / "one.db"))
    first = SingleInstance(db)
    assert first.start()
    try:
        assert window_is_open(db)
        second = SingleInstance(db)
        with qtbot.waitSignal(first.raise_requested, timeout=3000):
            assert not second.start()
        assert second.server is None
    finally:
        first.close()
    assert not window_is_open(db)


def test_other_databases_are_independent(qtbot, tmp_path: Path) -> None:
    first = SingleInstance(locate_database(str(tmp_path / "a.db")))
    other = SingleInstance(locate_database(str(tmp_path / "b.db")))
    try:
        assert first.start()
        with qtbot.assertNotEmitted(first.raise_requested, wait=200):
            assert other.start()
    finally:
        first.close()
        other.close()


def test_a_stale_socket_does_not_block_a_start(qtbot, tmp_path: Path) -> None:
    db = locate_database(str(tmp_path / "crashed.db"))
    crashed = SingleInstance(db)
    assert crashed.start()
    crashed.close()  # like a process that died: nobody answers on the name any more
    again = SingleInstance(db)
    try:
        assert again.start()
    finally:
        again.close()


def test_instance_name_is_short_and_per_path(tmp_path: Path) -> None:
    def name_of(value: Path | str) -> str:
        return instance_name(locate_database(str(value)))

    name = name_of(tmp_path / "x" / ("long" * 40) / "crmdesk.db")
    assert name.startswith("crmdesk-") and len(name) < 40
    assert name == name_of(tmp_path / "x" / ".." / "x" / ("long" * 40) / "crmdesk.db")
    assert name != name_of(tmp_path / "y.db")
    url = "sqlite:///" + str(tmp_path / "x" / ("long" * 40) / "crmdesk.db")
    assert name_of(url) == name  # a path and its URL are the same database


def test_cli_restore_is_refused_while_a_window_has_the_database(qtbot, tmp_path: Path) -> None:
    import subprocess
    import sys

    from crmdesk.services import backups
    from crmdesk.services.wiring import Services

    db = tmp_path / "open.db"
    Services.open("sqlite:///" + str(db)).close()
    copy = backups.backup(db, tmp_path / "copy.db")
    window = SingleInstance(locate_database("sqlite:///" + str(db)))
    assert window.start()
    try:
        result = subprocess.run([sys.executable, "-m", "crmdesk", "--db", str(db), "restore",
                                 str(copy)], capture_output=True, text=True, timeout=120)
    finally:
        window.close()
    assert result.returncode == 2
    assert "close its window first" in result.stderr


def test_cli_restore_asks_without_qt_and_goes_ahead_once_the_window_closed(
        tmp_path: Path) -> None:
    """`crmdesk restore` learns from the window's lock that a window is open: a build (or
    a process) without Qt refuses too, and restores once the window has closed."""
    import subprocess
    import sys

    from crmdesk.services import backups
    from crmdesk.services.wiring import Services
    from crmdesk.window_lock import WindowLock

    db = tmp_path / "open.db"
    Services.open("sqlite:///" + str(db)).close()
    copy = backups.backup(db, tmp_path / "copy.db")
    no_qt = ("import sys; sys.modules['PySide6'] = None; from crmdesk.cli import main; "
             "code = main(sys.argv[1:]); "
             "assert not any(m.startswith('PySide6') and sys.modules[m] for m in sys.modules); "
             "sys.exit(code)")

    def restore() -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", no_qt, "--db", str(db), "restore",
                               str(copy)], capture_output=True, text=True, timeout=120)

    window = WindowLock(locate_database(str(db)))
    assert window.acquire()
    try:
        refused = restore()
    finally:
        window.release()
    assert refused.returncode == 2 and "close its window first" in refused.stderr
    restored = restore()
    assert restored.returncode == 0, restored.stderr
    assert "Restored" in restored.stderr
