"""Every error on the command line is a sentence: no traceback, no SQL, no records."""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from crmdesk import config, db, errorlog
from crmdesk.cli import main


@pytest.fixture
def demo_db(tmp_path: Path, capsys) -> Path:
    path = tmp_path / "sales.db"
    assert main(["--db", str(path), "demo", "--contacts", "10"]) == 0
    capsys.readouterr()
    return path


def run(capsys, *argv: str) -> tuple[int, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's usage errors
        code = int(exc.code or 0)
    return code, capsys.readouterr().err


@pytest.mark.parametrize("argv", [
    ["search", "x", "--limit", "99999999999999999999"],
    ["search", "x", "--limit", "0"],
    ["import", "--undo", "99999999999999999999999"],
    ["import", "--undo", "1" * 5000],
    ["demo", "--contacts", "1000000000000"],
    ["print", "labels", "--out", "x.pdf", "--font-size", "nan"],
    ["print", "labels", "--out", "x.pdf", "--start", "-3"],
], ids=lambda a: " ".join(x[:12] for x in a))
def test_numbers_out_of_range_are_a_usage_sentence(demo_db, capsys, argv) -> None:
    code, err = run(capsys, "--db", str(demo_db), *argv)
    assert code == 2
    assert "Traceback" not in err and ("give a number" in err or "not a" in err), err


def test_an_unexpected_error_is_a_sentence_and_its_details_are_logged(
        demo_db, capsys, monkeypatch) -> None:
    from crmdesk.services.search import SearchService

    def broken(self, text, limit=50):  # noqa: ANN001, ANN202
        raise KeyError("internal detail")

    monkeypatch.setattr(SearchService, "search", broken)
    code, err = run(capsys, "--db", str(demo_db), "search", "jens")
    assert code == 1
    assert "did not expect" in err and "Traceback" not in err and "internal detail" not in err
    log = errorlog.log_path()
    assert str(log) in err and log.parent == config.data_dir()
    assert "KeyError: 'internal detail'" in log.read_text()
    assert oct(log.stat().st_mode & 0o777) == "0o600"


def test_a_database_error_never_shows_the_sql_or_the_records(demo_db, capsys,
                                                            monkeypatch) -> None:
    from crmdesk.services.search import SearchService

    def failing(self, text, limit=50):  # noqa: ANN001, ANN202
        driver = sqlite3.OperationalError("disk I/O error")
        driver.sqlite_errorcode = 10  # SQLITE_IOERR, as the driver sets it
        raise OperationalError("SELECT * FROM contact WHERE notes = ?", ("Jens owes 5000",),
                               driver)

    monkeypatch.setattr(SearchService, "search", failing)
    code, err = run(capsys, "--db", str(demo_db), "search", "jens")
    assert code == 1
    assert "disk reported an error" in err
    assert "SELECT" not in err and "Jens owes" not in err and "Traceback" not in err


HOLDER = textwrap.dedent("""
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    conn.execute("ROLLBACK")
""")


@contextlib.contextmanager
def another_program_writing(path: Path, monkeypatch) -> Iterator[None]:  # noqa: ANN001
    """Another process holds the write lock; crmdesk waits 1 s in all instead of 30."""
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 300)
    monkeypatch.setattr(db, "WRITE_WAIT_S", 1.0)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path), "20"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield
    finally:
        holder.kill()
        holder.wait()


def test_a_locked_database_is_waited_for_then_one_sentence(tmp_path, capsys,
                                                           monkeypatch) -> None:
    path = tmp_path / "busy.db"
    assert main(["--db", str(path), "demo", "--contacts", "0"]) == 0
    capsys.readouterr()
    with another_program_writing(path, monkeypatch):
        code, err = run(capsys, "--db", str(path), "demo", "--contacts", "5")
    assert code == 2
    assert "waiting for the database" in err
    assert "is busy" in err and "try again" in err
    assert "database is locked" not in err
    assert "Traceback" not in err and "INSERT" not in err
    assert main(["--db", str(path), "demo", "--contacts", "5"]) == 0  # free again: it works


def test_undo_while_another_program_writes_waits_then_says_so(tmp_path, capsys,
                                                              monkeypatch) -> None:
    """Undoing an import while another undo (or any writer) holds the database."""
    path = tmp_path / "undo.db"
    card = tmp_path / "jens.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jens Hansen\r\nN:Hansen;Jens;;;\r\n"
                    "TEL:+45 33 12 34 56\r\nEND:VCARD\r\n")
    assert main(["--db", str(path), "import", str(card)]) == 0
    capsys.readouterr()
    with another_program_writing(path, monkeypatch):
        code, err = run(capsys, "--db", str(path), "import", "--undo", "1")
    assert code == 2 and "is busy" in err and "waiting for the database" in err
    assert "database is locked" not in err and "Traceback" not in err and "SQL" not in err
    code, err = run(capsys, "--db", str(path), "import", "--undo", "1")
    assert code == 0, err
