"""The window asks "is this crmdesk's own database file?" before it opens a path the user
chose; every name the database goes by must answer yes, and nothing else."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from crmdesk.services.database_files import database_files, is_database_file


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "Sales" / "sales.db"
    path.parent.mkdir()
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE t (x)")
    con.commit()
    yield path
    con.close()


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_the_database_and_each_file_beside_it_by_name(db: Path, suffix: str) -> None:
    assert is_database_file(str(db) + suffix, db)  # -journal does not exist: still refused


def test_any_other_name_for_the_same_file(db: Path, tmp_path: Path, monkeypatch) -> None:
    link = tmp_path / "shortcut.vcf"
    link.symlink_to(db)
    hard = tmp_path / "copy-of-sales.db"
    os.link(db.with_name("sales.db-wal"), hard)
    folder_link = tmp_path / "Work"
    folder_link.symlink_to(db.parent)
    monkeypatch.chdir(db.parent)
    for name in (link, hard, folder_link / "sales.db-shm", "sales.db",
                 db.parent / ".." / "Sales" / "sales.db-journal"):
        assert is_database_file(name, db), name
    monkeypatch.chdir(tmp_path)
    assert is_database_file(Path("Work") / "sales.db", Path("Sales") / "sales.db")


def test_other_files_are_not_the_database(db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "sales-copy.db"
    copy.write_bytes(db.read_bytes())
    for name in (copy, db.with_name("sales.db.bak"), db.with_name("sales.db-wal.vcf"),
                 db.parent, tmp_path / "missing.db", db.with_name("sales.dbx")):
        assert not is_database_file(name, db), name
    assert not is_database_file(db, None)  # a server database has no files here
    assert not is_database_file("", db)


def test_database_files_names_the_four(db: Path) -> None:
    assert [p.name for p in database_files(db)] == [
        "sales.db", "sales.db-wal", "sales.db-shm", "sales.db-journal"]
