"""`--db` never changes a file crmdesk did not create, and a read never creates one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from crmdesk.cli import main

READS = (["search", "x"], ["export", "--format", "json", "--out", "-"],
         ["duplicates"], ["import", "--list"], ["backup", "--out", "OUT"])


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().err


@pytest.mark.parametrize("command", READS, ids=lambda c: c[0] + (c[1] if c[1:2] == ["--list"]
                                                                 else ""))
def test_a_read_on_a_missing_database_creates_nothing(tmp_path: Path, capsys, command) -> None:
    target = tmp_path / "typo.db"
    argv = [a.replace("OUT", str(tmp_path / "copy.db")) for a in command]
    code, err = run(capsys, "--db", str(target), *argv)
    assert code == 2
    assert "no crmdesk database" in err.lower() or "no database" in err.lower()
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_a_mistyped_folder_is_an_error_not_a_new_tree(tmp_path: Path, capsys) -> None:
    target = tmp_path / "no" / "such" / "folder" / "crm.db"
    code, err = run(capsys, "--db", str(target), "demo", "--contacts", "0")
    assert code == 2 and "does not exist" in err
    assert list(tmp_path.iterdir()) == []


def test_a_folder_given_as_database_keeps_its_permissions(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "home"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    for command in (["search", "x"], ["demo", "--contacts", "0"]):
        code, err = run(capsys, "--db", str(folder), *command)
        assert code == 2 and "is a folder" in err
    assert oct(folder.stat().st_mode & 0o777) == "0o755"
    assert list(folder.iterdir()) == []


def test_a_text_file_given_as_database_is_left_as_it_was(tmp_path: Path, capsys) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("call Jens on Monday\n")
    os.chmod(notes, 0o644)
    for command in (["search", "x"], ["demo", "--contacts", "5"]):
        code, err = run(capsys, "--db", str(notes), *command)
        assert code == 2 and "not a crmdesk database" in err
    assert notes.read_text() == "call Jens on Monday\n"
    assert oct(notes.stat().st_mode & 0o777) == "0o644"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_what_writes_creates_a_private_database(tmp_path: Path, capsys) -> None:
    target = tmp_path / "new.db"
    code, err = run(capsys, "--db", str(target), "demo", "--contacts", "3")
    assert code == 0, err
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    code, err = run(capsys, "--db", str(target), "search", "x")
    assert code == 0, err


def test_an_existing_database_keeps_the_mode_its_owner_gave_it(tmp_path: Path, capsys) -> None:
    target = tmp_path / "shared.db"
    assert run(capsys, "--db", str(target), "demo", "--contacts", "3")[0] == 0
    os.chmod(target, 0o640)
    assert run(capsys, "--db", str(target), "search", "x")[0] == 0
    assert oct(target.stat().st_mode & 0o777) == "0o640"
