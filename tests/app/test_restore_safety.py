"""Restore is atomic, loses no concurrent write, and lets no foreign SQL in.

A backup mailed by someone else is a file full of SQL as well as data: a trigger in it
would run inside crmdesk for every phone number saved after the restore.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from crmdesk import db as dbmod
from crmdesk.services import backups
from crmdesk.services.wiring import Services
from crmdesk.settings import Settings


def _count(path: Path, table: str = "contact") -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def _names(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT display_name FROM contact")}
    finally:
        conn.close()


@pytest.fixture
def live_and_backup(services, contact_factory, tmp_path: Path) -> tuple[Path, Path]:
    """A live database with Jens and Åse in it, and a backup holding only Åse."""
    services.contacts.save(contact_factory("Åse", "Nielsen"))
    backup = backups.backup(services.db.path, tmp_path / "saved.db")
    services.contacts.save(contact_factory("Jens", "Hansen"))
    services.close()
    return services.db.path, backup


def _hostile(backup: Path, sql: str) -> Path:
    conn = sqlite3.connect(backup)
    conn.executescript(sql)
    conn.close()
    return backup


HOSTILE = {
    "a trigger rewriting every new phone number": """
        CREATE TRIGGER steal AFTER INSERT ON phone BEGIN
          UPDATE phone SET number = '+44 20 7946 0000' WHERE rowid = new.rowid; END;""",
    "a trigger multiplying rows": """
        CREATE TRIGGER grow AFTER INSERT ON category BEGIN
          INSERT INTO category (name, key) SELECT new.name || 'x', new.key || 'x'; END;""",
    "a view in place of a table": """
        ALTER TABLE email RENAME TO email_real;
        CREATE VIEW email AS SELECT * FROM email_real;""",
    "a hidden table": "CREATE TABLE stash (payload BLOB);",
    "an extra index": "CREATE INDEX ix_sneaky ON contact (notes);",
    "a changed column default": """
        ALTER TABLE contact ADD COLUMN spy TEXT DEFAULT 'x';""",
}


@pytest.mark.parametrize("what", sorted(HOSTILE))
def test_a_backup_with_foreign_sql_is_refused_and_nothing_changes(live_and_backup, what):
    live, backup = live_and_backup
    _hostile(backup, HOSTILE[what])
    with pytest.raises(backups.BackupError, match="changed outside crmdesk"):
        backups.restore(backup, live)
    assert _names(live) == {"Åse Nielsen", "Jens Hansen"}
    assert not list(live.parent.glob("*.replaced-*"))


@pytest.mark.parametrize("what", sorted(HOSTILE))
def test_a_database_with_foreign_sql_is_not_opened(live_and_backup, what):
    _, backup = live_and_backup
    _hostile(backup, HOSTILE[what])
    before = backup.read_bytes()
    with pytest.raises(dbmod.DatabaseError, match="runs no SQL it did not write"):
        Services.open("sqlite:///" + str(backup), Settings(default_region="DK"))
    assert backup.read_bytes() == before


def test_a_database_from_a_newer_crmdesk_is_left_untouched(services, tmp_path: Path):
    path = services.db.path
    services.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '0999'")
    conn.commit()
    conn.close()
    before = sorted(p.name for p in path.parent.iterdir())
    for _ in range(2):
        with pytest.raises(dbmod.DatabaseError, match="made by a newer crmdesk"):
            Services.open("sqlite:///" + str(path), Settings(default_region="DK"))
    assert sorted(p.name for p in path.parent.iterdir()) == before  # no "backup" copies


def test_restore_across_page_sizes_keeps_wal_and_the_data(live_and_backup):
    live, backup = live_and_backup
    conn = sqlite3.connect(backup, isolation_level=None)
    conn.execute("PRAGMA page_size=8192")
    conn.execute("VACUUM")
    conn.close()
    result = backups.restore(backup, live)
    assert _names(live) == {"Åse Nielsen"}
    assert _names(result.replaced) == {"Åse Nielsen", "Jens Hansen"}
    conn = sqlite3.connect(live)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    services = Services.open("sqlite:///" + str(live), Settings(default_region="DK"))
    assert [h.display_name for h in services.search.search("aase")] == ["Åse Nielsen"]
    services.close()


WRITER = textwrap.dedent("""
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO category (name, key) VALUES ('Written meanwhile', "
                 "'written meanwhile')")
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    conn.execute("COMMIT")
""")


def test_a_write_committed_while_restore_waits_is_kept(live_and_backup):
    """Another process is in the middle of a write when restore starts: restore waits
    for it, and its write is in the kept copy of the replaced database."""
    live, backup = live_and_backup
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(live), "1.5"],
                              stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline().strip() == "locked"
    waited: list[bool] = []
    result = backups.restore(backup, live, on_wait=lambda: waited.append(True))
    assert writer.wait(timeout=30) == 0
    conn = sqlite3.connect(result.replaced)
    kept = {r[0] for r in conn.execute("SELECT name FROM category")}
    conn.close()
    assert "Written meanwhile" in kept
    assert _names(live) == {"Åse Nielsen"}


def test_restore_gives_up_with_a_sentence_when_a_writer_does_not_finish(live_and_backup):
    live, backup = live_and_backup
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(live), "8"],
                              stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline().strip() == "locked"
    started = time.monotonic()
    with pytest.raises(backups.BackupError, match="nothing was restored"):
        backups.restore(backup, live, wait=1.0)
    assert time.monotonic() - started < 8
    writer.wait(timeout=30)
    assert _names(live) == {"Åse Nielsen", "Jens Hansen"}


def test_a_damaged_backup_is_refused(live_and_backup):
    live, backup = live_and_backup
    data = bytearray(backup.read_bytes())
    data[8192:8192 + 512] = b"\xff" * 512  # a page in the middle of the file
    backup.write_bytes(bytes(data))
    with pytest.raises(backups.BackupError):
        backups.restore(backup, live)
    assert _names(live) == {"Åse Nielsen", "Jens Hansen"}
    assert not [p for p in live.parent.iterdir() if ".crmdesk-tmp-" in p.name]


def test_restore_into_a_new_place_then_again(live_and_backup, tmp_path: Path):
    """The first restore makes the database (there was none); a second replaces it."""
    _, backup = live_and_backup
    target = tmp_path / "laptop" / "crmdesk.db"
    target.parent.mkdir()
    first = backups.restore(backup, target)
    assert first.replaced is None and _names(target) == {"Åse Nielsen"}
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA journal_mode=DELETE")  # as another program might leave it
    conn.close()
    second = backups.restore(backup, target)
    assert second.replaced is not None and _names(second.replaced) == {"Åse Nielsen"}
    assert oct(target.stat().st_mode & 0o777) == "0o600"
