"""Files holding the customer base are private from the first byte, never written through
a link or into a device, and a killed write leaves nothing behind for long."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from crmdesk import files
from crmdesk.cli import main
from crmdesk.services import backups


@pytest.fixture
def demo_db(tmp_path: Path, capsys, qapp) -> Path:
    """``qapp`` first: `print` then paints with the tests' QApplication, not a bare
    QGuiApplication that would outlive this test and break every later widget."""
    path = tmp_path / "sales.db"
    assert main(["--db", str(path), "demo", "--contacts", "20"]) == 0
    capsys.readouterr()
    return path


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().err


OUTPUTS = {
    "export": lambda out: ["export", "--format", "csv", "--out", out],
    "backup": lambda out: ["backup", "--out", out],
    "print": lambda out: ["print", "phone-list", "--out", out],
}


@pytest.mark.parametrize("command", sorted(OUTPUTS))
def test_a_symbolic_link_is_refused_and_its_target_untouched(demo_db, tmp_path, capsys,
                                                              command) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("mine")
    link = tmp_path / "out.pdf"
    link.symlink_to(elsewhere)
    code, err = run(capsys, "--db", str(demo_db), *OUTPUTS[command](str(link)))
    assert code == 2 and "symbolic link" in err and "Traceback" not in err
    assert link.is_symlink() and elsewhere.read_text() == "mine"


@pytest.mark.parametrize("command", sorted(OUTPUTS))
def test_a_pipe_or_device_is_refused(demo_db, tmp_path, capsys, command) -> None:
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    for target in (fifo, Path("/dev/null")) if command != "print" else (fifo,):
        code, err = run(capsys, "--db", str(demo_db), *OUTPUTS[command](str(target)))
        assert code == 2 and "not a regular file" in err, err
    assert fifo.is_fifo()


@pytest.mark.parametrize("command", sorted(OUTPUTS))
def test_outputs_are_private_even_with_a_permissive_umask(demo_db, tmp_path, capsys,
                                                         command) -> None:
    out = tmp_path / ("x" * 240 + ".pdf")  # a long name still fits its temporary name
    old = os.umask(0)
    try:
        code, err = run(capsys, "--db", str(demo_db), *OUTPUTS[command](str(out)))
    finally:
        os.umask(old)
    assert code == 0, err
    assert oct(out.stat().st_mode & 0o777) == "0o600"


def test_the_temporary_file_is_private_while_it_is_written(tmp_path) -> None:
    old = os.umask(0)
    try:
        with files.replacing(tmp_path / "customers.csv") as tmp:
            assert oct(tmp.stat().st_mode & 0o777) == "0o600"
            tmp.write_text("Name\nJens\n")
    finally:
        os.umask(old)
    assert (tmp_path / "customers.csv").read_text() == "Name\nJens\n"


def test_a_name_too_long_for_the_disk_is_a_sentence(demo_db, tmp_path, capsys) -> None:
    code, err = run(capsys, "--db", str(demo_db), "backup", "--out", str(tmp_path / ("y" * 300)))
    assert code == 2 and "too long" in err and "Traceback" not in err


def test_a_killed_write_leaves_a_leftover_the_next_write_removes(demo_db, tmp_path,
                                                                  capsys) -> None:
    """A process killed mid-export cannot clean up: its private temporary file stays
    until the next write into that folder notices its process is gone."""
    code = ("import os, sys; from pathlib import Path; from crmdesk import files\n"
            "with files.replacing(Path(sys.argv[1])) as tmp:\n"
            "    tmp.write_text('half of the customer base')\n"
            "    os._exit(9)\n")
    subprocess.run([sys.executable, "-c", code, str(tmp_path / "export.csv")])
    leftovers = [p for p in tmp_path.iterdir() if ".crmdesk-tmp-" in p.name]
    assert len(leftovers) == 1 and oct(leftovers[0].stat().st_mode & 0o777) == "0o600"
    assert run(capsys, "--db", str(demo_db), "export", "--format", "csv", "--out",
               str(tmp_path / "export.csv"))[0] == 0
    assert not [p for p in tmp_path.iterdir() if ".crmdesk-tmp-" in p.name]


def test_the_daily_backup_does_not_follow_a_planted_link(demo_db, tmp_path) -> None:
    folder = backups.backup_folder(demo_db)
    folder.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("not a backup")
    today = date(2026, 12, 3)
    planted = folder / "sales-2026-12-03.db"
    planted.symlink_to(victim)
    made = backups.auto_backup(demo_db, today=today)
    assert made == planted and not planted.is_symlink()
    assert victim.read_text() == "not a backup"
    assert oct(planted.stat().st_mode & 0o777) == "0o600"
    assert backups.check_crmdesk_file(planted)


def test_export_never_overwrites_the_database(demo_db, capsys) -> None:
    before = demo_db.read_bytes()
    for target in (demo_db, Path(str(demo_db) + "-wal")):
        code, err = run(capsys, "--db", str(demo_db), "export", "--format", "csv", "--out",
                        str(target))
        assert code == 2, err
    assert demo_db.read_bytes() == before
