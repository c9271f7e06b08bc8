"""One window per database: the second start asks the first to come forward."""

from __future__ import annotations

from pathlib import Path

from crmdesk.ui.single_instance import SingleInstance, is_running, server_name


def test_second_instance_asks_the_first_to_raise(qtbot, tmp_path: Path) -> None:
    db = tmp_path / "one.db"
    first = SingleInstance(db)
    assert first.start()
    try:
        assert is_running(db)
        second = SingleInstance(db)
        with qtbot.waitSignal(first.raise_requested, timeout=3000):
            assert not second.start()
        assert second.server is None
    finally:
        first.close()
    assert not is_running(db)


def test_other_databases_are_independent(qtbot, tmp_path: Path) -> None:
    first = SingleInstance(tmp_path / "a.db")
    other = SingleInstance(tmp_path / "b.db")
    try:
        assert first.start()
        with qtbot.assertNotEmitted(first.raise_requested, wait=200):
            assert other.start()
    finally:
        first.close()
        other.close()


def test_a_stale_socket_does_not_block_a_start(qtbot, tmp_path: Path) -> None:
    db = tmp_path / "crashed.db"
    crashed = SingleInstance(db)
    assert crashed.start()
    crashed.close()  # like a process that died: nobody answers on the name any more
    again = SingleInstance(db)
    try:
        assert again.start()
    finally:
        again.close()


def test_server_name_is_short_and_per_path(tmp_path: Path) -> None:
    name = server_name(tmp_path / "x" / ("long" * 40) / "crmdesk.db")
    assert name.startswith("crmdesk-") and len(name) < 40
    assert name == server_name(tmp_path / "x" / ".." / "x" / ("long" * 40) / "crmdesk.db")
    assert name != server_name(tmp_path / "y.db")
    url = "sqlite:///" + str(tmp_path / "x" / ("long" * 40) / "crmdesk.db")
    assert server_name(url) == name  # the window keys by URL, `crmdesk restore` by path


def test_cli_restore_is_refused_while_a_window_has_the_database(qtbot, tmp_path: Path) -> None:
    import subprocess
    import sys

    from crmdesk.services import backups
    from crmdesk.services.wiring import Services

    db = tmp_path / "open.db"
    Services.open("sqlite:///" + str(db)).close()
    copy = backups.backup(db, tmp_path / "copy.db")
    window = SingleInstance("sqlite:///" + str(db))
    assert window.start()
    try:
        result = subprocess.run([sys.executable, "-m", "crmdesk", "--db", str(db), "restore",
                                 str(copy)], capture_output=True, text=True, timeout=120)
    finally:
        window.close()
    assert result.returncode == 2
    assert "close its window first" in result.stderr
