"""Backups: daily at most once, keep the newest N, restore refuses strangers and keeps the old."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from crmdesk.services import backups


def _crmdesk_db(services) -> Path:  # noqa: ANN001 - the conftest fixture
    path = services.db.path
    assert path is not None
    return path


def test_auto_backup_once_a_day(services, contact_factory) -> None:
    services.contacts.save(contact_factory())
    db = _crmdesk_db(services)
    day = date(2026, 11, 26)
    first = backups.auto_backup(db, today=day)
    assert first is not None and first.name == "crmdesk-2026-11-26.db"
    assert backups.auto_backup(db, today=day) is None  # same day: nothing new
    assert backups.dated_backups(db) == [first]
    assert backups.check_crmdesk_file(first)
    assert not Path(str(first) + "-wal").exists()  # one self-contained file


def test_auto_backup_keeps_the_last_seven(services) -> None:
    db = _crmdesk_db(services)
    manual = backups.backup_folder(db) / "my-own-copy.db"
    start = date(2026, 11, 1)
    for n in range(10):
        backups.auto_backup(db, today=start + timedelta(days=n))
    backups.backup(db, manual)
    kept = backups.dated_backups(db)
    assert [p.name for p in kept] == [
        f"crmdesk-{(start + timedelta(days=n)).isoformat()}.db" for n in range(3, 10)]
    assert manual.exists()  # only the automatic copies are ever deleted
    backups.auto_backup(db, today=start + timedelta(days=10), keep=2)
    assert len(backups.dated_backups(db)) == 2


def test_no_backup_of_a_missing_database(tmp_path: Path) -> None:
    assert backups.auto_backup(tmp_path / "none.db") is None


def test_restore_refuses_non_crmdesk_files(services, tmp_path: Path) -> None:
    db = _crmdesk_db(services)
    text = tmp_path / "notes.db"
    text.write_text("hello")
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    future = tmp_path / "future.db"
    backups.backup(db, future)
    with sqlite3.connect(future) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    for bad, words in ((text, "not an SQLite"), (other, "not a crmdesk"),
                       (future, "does not know"), (tmp_path / "missing.db", "does not exist")):
        with pytest.raises(backups.BackupError, match=words):
            backups.restore(bad, db)
    assert not list(db.parent.glob("*.replaced-*"))


def test_restore_keeps_the_replaced_database(services, contact_factory,
                                             tmp_path: Path) -> None:
    db = _crmdesk_db(services)
    services.contacts.save(contact_factory("Åse", "Nielsen"))
    saved = backups.backup(db, tmp_path / "saved.db")
    services.contacts.save(contact_factory("Jens", "Hansen"))
    services.close()
    result = backups.restore(saved, db, now=datetime(2026, 11, 26, 9, 30))
    assert result.replaced == db.with_name("crmdesk.replaced-20261126-093000.db")
    with sqlite3.connect(db) as now, sqlite3.connect(result.replaced) as before:
        assert now.execute("SELECT count(*) FROM contact").fetchone() == (1,)
        assert before.execute("SELECT count(*) FROM contact").fetchone() == (2,)


def test_cli_backup_restore_round_trip(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    out = tmp_path / "copy.db"

    def crmdesk(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "crmdesk", "--db", str(db), *args],
                              capture_output=True, text=True, timeout=120)

    assert crmdesk("demo", "--contacts", "12").returncode == 0
    made = crmdesk("backup", "--out", str(out))
    assert made.returncode == 0, made.stderr
    assert "Backed up" in made.stderr
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM phone")
    conn.close()
    done = crmdesk("restore", str(out))
    assert done.returncode == 0, done.stderr
    assert "previous database is kept" in done.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM phone").fetchone()[0] > 0
    conn.close()
    refused = crmdesk("restore", str(tmp_path / "nothing.db"))
    assert refused.returncode == 2
    assert refused.stderr.startswith("crmdesk: ") and "Traceback" not in refused.stderr
