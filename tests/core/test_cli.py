"""Scripts rely on the command line: demo data, search, version, screenshots."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from crmdesk import __version__
from crmdesk.cli import main


def run(*args: str, capsys) -> tuple[int, str, str]:  # noqa: ANN001
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_demo_zero_creates_an_empty_migrated_database(tmp_path, capsys) -> None:
    db = tmp_path / "empty.db"
    code, _, _ = run("--db", str(db), "demo", "--contacts", "0", capsys=capsys)
    assert code == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM contact").fetchone() == (0,)
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()


def test_demo_is_seeded_and_fills_every_relationship_type(tmp_path, capsys) -> None:
    dumps = []
    for name in ("a.db", "b.db"):
        db = tmp_path / name
        assert run("--db", str(db), "demo", "--contacts", "40", capsys=capsys)[0] == 0
        with sqlite3.connect(db) as conn:
            dumps.append(conn.execute(
                "SELECT first_name, last_name, main_phone, city FROM contact ORDER BY id"
            ).fetchall())
            kinds = {k for (k,) in conn.execute("SELECT relationships FROM contact")}
            accounts = conn.execute("SELECT count(*) FROM account").fetchone()[0]
    assert dumps[0] == dumps[1] and len(dumps[0]) == 40
    assert kinds == {"customer", "prospect", "partner", "vendor", "competitor", "employee",
                     "other"}
    assert accounts == 8


def test_demo_refuses_a_database_that_has_contacts(tmp_path, capsys) -> None:
    db = tmp_path / "full.db"
    run("--db", str(db), "demo", "--contacts", "5", capsys=capsys)
    code, _, err = run("--db", str(db), "demo", "--contacts", "5", capsys=capsys)
    assert code == 2 and "empty database" in err and "Traceback" not in err


def test_search_json_lists_contacts_and_accounts(tmp_path, capsys, monkeypatch) -> None:
    db = tmp_path / "s.db"
    monkeypatch.setenv("CRMDESK_DB", str(db))  # the environment variable chooses the file
    run("demo", "--contacts", "60", capsys=capsys)
    code, out, _ = run("search", "a", "--json", "--limit", "5", capsys=capsys)
    hits = json.loads(out)
    assert code == 0 and 0 < len(hits) <= 5
    for hit in hits:
        assert {"id", "kind", "display_name", "company", "emails", "phones", "city"} <= set(hit)
        assert hit["kind"] in ("contact", "account")


def test_an_unreadable_database_is_one_sentence(tmp_path, capsys) -> None:
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"this is not sqlite" * 100)
    code, _, err = run("--db", str(bogus), "search", "x", capsys=capsys)
    assert code == 2 and err.startswith("crmdesk:") and "Traceback" not in err
    assert "not a crmdesk database" in err and "nothing was changed" in err
    assert "sqlalche.me" not in err  # the driver's words, not the library's wrapping


def test_screenshot_renders_the_window_offscreen(tmp_path) -> None:
    db, png = tmp_path / "shot.db", tmp_path / "out" / "window.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    subprocess.run([sys.executable, "-m", "crmdesk", "--db", str(db), "demo", "--contacts",
                    "20"], check=True, env=env, capture_output=True)
    for view in ("contacts", "accounts", "today", "pipeline", "forecast"):
        done = subprocess.run([sys.executable, "-m", "crmdesk", "--db", str(db),
                               "--screenshot", str(png), "--view", view], env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert Path(png).stat().st_size > 10_000


def test_without_a_display_the_window_command_says_what_to_do(tmp_path, monkeypatch,
                                                               capsys) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    code, _, err = run("--db", str(tmp_path / "x.db"), capsys=capsys)
    assert code == 2 and "--screenshot" in err and "Traceback" not in err


def test_a_command_in_its_own_process_writes_all_its_output(tmp_path) -> None:
    """Commands end without Python's teardown; everything they print must still arrive,
    also through a pipe that fills up many times."""
    db = tmp_path / "c.db"
    exe = [sys.executable, "-m", "crmdesk", "--db", str(db)]
    subprocess.run(exe + ["demo", "--contacts", "300"], check=True, capture_output=True)
    done = subprocess.run(exe + ["export", "--format", "json", "--out", "-"],
                          capture_output=True, check=True)
    exported = json.loads(done.stdout)
    assert len(exported["contacts"]) == 300 and len(done.stdout) > 200_000
    failed = subprocess.run(exe + ["import"], capture_output=True,
                            text=True)
    assert failed.returncode == 2 and failed.stderr.startswith("crmdesk: ")


@pytest.mark.parametrize("command", [["search", "a", "--json", "--limit", "5000"],
                                     ["export", "--format", "json", "--out", "-"]])
def test_a_reader_that_stops_early_ends_the_command_quietly(tmp_path, command) -> None:
    """`crmdesk ... | head`: no traceback when the reader closes the pipe."""
    db = tmp_path / "p.db"
    exe = [sys.executable, "-m", "crmdesk", "--db", str(db)]
    subprocess.run(exe + ["demo", "--contacts", "2000"], check=True, capture_output=True)
    child = subprocess.Popen(exe + command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None and child.stderr is not None
    child.stdout.read(10)
    child.stdout.close()  # like `head -c 10`
    err = child.stderr.read().decode()
    assert child.wait(timeout=60) == 0, err
    assert "Traceback" not in err
