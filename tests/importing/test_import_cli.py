"""`crmdesk import` end to end: the whole corpus, JSON report, list/undo, and a kill test."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crmdesk.cli import main

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "files"
GEN = CORPUS.parents[1] / "tools" / "gen_contacts.py"
CORPUS_FILES = sorted(p for p in CORPUS.rglob("*") if p.is_file())


def _run(capsys, *argv: str) -> tuple[int, str, str]:  # noqa: ANN001
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_every_corpus_file_imports_with_json(tmp_path, capsys) -> None:
    assert CORPUS_FILES
    db = str(tmp_path / "c.db")
    for path in CORPUS_FILES:
        code, out, err = _run(capsys, "--db", db, "import", str(path), "--json")
        assert "Traceback" not in err
        report = json.loads(out)
        assert set(report) >= {"created", "merged", "skipped", "failed", "problems"}
        assert code in (0, 1), (path, err)
        assert report["created"] + report["merged"] + report["skipped"] >= 1, path
        for problem in report["problems"]:
            assert set(problem) >= {"line", "reason", "file"}


def test_reimport_of_whole_corpus_is_idempotent(tmp_path, capsys) -> None:
    db = str(tmp_path / "c.db")
    files = [str(p) for p in CORPUS_FILES]
    _run(capsys, "--db", db, "import", *files, "--json")
    code, out, _ = _run(capsys, "--db", db, "import", *files, "--json")
    report = json.loads(out)
    assert (report["created"], report["merged"]) == (0, 0)


def test_list_and_undo(tmp_path, capsys) -> None:
    db = str(tmp_path / "c.db")
    vcf = next(p for p in CORPUS_FILES if p.name == "gammu-se3-multi-cyrillic-qp.vcf")
    code, out, _ = _run(capsys, "--db", db, "import", str(vcf), "--json")
    batch = json.loads(out)["batch"]
    code, out, _ = _run(capsys, "--db", db, "import", "--list", "--json")
    assert json.loads(out)[0]["batch"] == batch
    code, out, _ = _run(capsys, "--db", db, "import", "--undo", str(batch))
    assert code == 0 and "undone" in out
    code, _, err = _run(capsys, "--db", db, "import", "--undo", str(batch))
    assert code == 2 and "already undone" in err
    code, _, err = _run(capsys, "--db", db, "import")
    assert code == 2 and "Give the files" in err


def test_duplicates_command(tmp_path, capsys) -> None:
    db = str(tmp_path / "c.db")
    vcf = tmp_path / "d.vcf"
    card = ("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lund;Bo\r\nFN:Bo Lund\r\n"
            "EMAIL:bo@lund.dk\r\nEND:VCARD\r\n")
    vcf.write_text(card * 2)
    _run(capsys, "--db", db, "import", str(vcf), "--on-duplicate", "create")
    code, out, _ = _run(capsys, "--db", db, "duplicates", "--json")
    groups = json.loads(out)
    assert code == 0 and len(groups) == 1 and len(groups[0]["ids"]) == 2


@pytest.mark.slow
def test_killed_import_leaves_database_unchanged(tmp_path) -> None:
    big = tmp_path / "big.vcf"
    subprocess.run([sys.executable, str(GEN), "--n", "20000", "--format", "vcard3",
                    "--out", str(big), "--seed", "3"], check=True, capture_output=True)
    db = tmp_path / "k.db"
    exe = [sys.executable, "-m", "crmdesk", "--db", str(db)]
    subprocess.run(exe + ["demo", "--contacts", "50"], check=True, capture_output=True)
    child = subprocess.Popen(exe + ["import", str(big)], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
    wal = Path(f"{db}-wal")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and child.poll() is None:  # until rows are written
        if wal.exists() and wal.stat().st_size > 2_000_000:
            break
        time.sleep(0.02)
    assert child.poll() is None, "the import finished before it could be killed"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    _assert_no_process_left(child.pid)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM contact").fetchone()[0] == 50
        assert conn.execute("SELECT count(*) FROM import_batch").fetchone()[0] == 0


def _assert_no_process_left(group: int) -> None:
    """The reading process of an import must not outlive the import's own."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.killpg(group, signal.SIGKILL)
    raise AssertionError("a process of the import was left running")


def test_database_that_cannot_open_stops_the_reading_too(tmp_path) -> None:
    """The reading starts before the database opens; when it cannot open, both end."""
    big = tmp_path / "big.csv"
    subprocess.run([sys.executable, str(GEN), "--n", "5000", "--format", "outlook-csv",
                    "--out", str(big), "--seed", "4"], check=True, capture_output=True)
    not_db = tmp_path / "notes.txt"
    not_db.write_text("my notes, not a database\n" * 100)
    child = subprocess.Popen([sys.executable, "-m", "crmdesk", "--db", str(not_db), "import",
                              str(big)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, start_new_session=True)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 2
    assert err.startswith("crmdesk: ") and "Traceback" not in err
    assert not_db.read_text().startswith("my notes")
    _assert_no_process_left(child.pid)


def test_the_reading_side_loads_without_the_database_layer() -> None:
    """What the reading process runs must not import SQLAlchemy (a third of a second)."""
    code = ("import sys, crmdesk.services.importing.prepare as p, crmdesk.settings;"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
