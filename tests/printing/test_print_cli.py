"""``crmdesk print``: writes a PDF without a window, fails with a sentence on bad input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from crmdesk.cli import main
from crmdesk.records import AccountRecord
from crmdesk.services import demo


@pytest.fixture
def demo_db(services, db_url, qapp):
    """A 40-contact database; ``qapp`` first so the command reuses a QApplication."""
    demo.fill(services, 40)
    return db_url


@pytest.mark.parametrize("style", ["phone-list", "address-book", "cards", "labels",
                                   "account-summary"])
def test_print_writes_a_pdf(demo_db, tmp_path, style, capsys):
    out = tmp_path / f"{style}.pdf"
    assert main(["--db", demo_db, "print", style, "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert "page" in capsys.readouterr().err


def test_print_options(demo_db, tmp_path):
    out = tmp_path / "x.pdf"
    assert main(["--db", demo_db, "print", "labels", "--out", str(out), "--sheet", "5160",
                 "--start", "29", "--font-size", "8", "--guides"]) == 0
    assert main(["--db", demo_db, "print", "labels", "--out", str(out), "--paper", "A4",
                 "--sheet", "custom",
                 "--rows", "8", "--cols", "2", "--label-width", "99.1", "--label-height",
                 "33.9", "--top", "12.9", "--left", "4.65", "--pitch-x", "101.6",
                 "--pitch-y", "33.9"]) == 0
    assert main(["--db", demo_db, "print", "phone-list", "--out", str(out), "--paper",
                 "Letter", "--orientation", "landscape", "--search", "a"]) == 0
    assert main(["--db", demo_db, "print", "account-summary", "--out", str(out),
                 "--account", "1"]) == 0


@pytest.mark.parametrize(("args", "message"), [
    (["phone-list", "--out", "{tmp}/missing/x.pdf"], "does not exist"),
    (["phone-list", "--out", "{tmp}/x.txt"], "must be a .pdf"),
    (["labels", "--out", "{tmp}/x.pdf", "--sheet", "L7160", "--start", "22"], "between 1 and 21"),
    (["labels", "--out", "{tmp}/x.pdf", "--sheet", "custom", "--rows", "2"], "--cols"),
    (["labels", "--out", "{tmp}/x.pdf", "--sheet", "custom", "--rows", "20", "--cols", "3",
      "--label-width", "70", "--label-height", "30", "--top", "5", "--left", "5"],
     "do not fit"),
    (["cards", "--out", "{tmp}/x.pdf", "--category", "no such tag"], "no category"),
    (["phone-list", "--out", "{tmp}/x.pdf", "--font-size", "50"], "font size"),
    (["account-summary", "--out", "{tmp}/x.pdf", "--account", "9999"], "9999"),
    (["account-summary", "--out", "{tmp}/x.pdf", "--search", "zzzzqqq"], "No account"),
    (["cards", "--out", "{tmp}/x.pdf", "--account", "1"], "--account only"),
])
def test_bad_input_is_one_sentence(demo_db, tmp_path, capsys, args, message):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    assert main(["--db", demo_db, "print", *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("crmdesk: ") and message in err and "Traceback" not in err


def test_unknown_style_is_a_usage_error(demo_db, tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--db", demo_db, "print", "poster", "--out", str(tmp_path / "x.pdf")])
    assert exc.value.code == 2


def test_runs_headless_in_a_fresh_process(demo_db, tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    out = tmp_path / "phones.pdf"
    result = subprocess.run([sys.executable, "-m", "crmdesk", "--db", demo_db, "print",
                             "phone-list", "--out", str(out)], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert Path(out).stat().st_size > 1000


def test_home_country_decides_the_country_line(demo_db, tmp_path, capsys):
    out = tmp_path / "labels.pdf"
    assert main(["--db", demo_db, "print", "labels", "--out", str(out), "--home-country",
                 "zz1"]) == 2
    assert "two-letter" in capsys.readouterr().err
    assert main(["--db", demo_db, "print", "labels", "--out", str(out), "--home-country",
                 "dk"]) == 0
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "DENMARK" not in text and "GERMANY" in text


def test_account_summary_of_a_search_keeps_to_the_category(services, db_url, qapp, tmp_path,
                                                           capsys):
    """Only the accounts that match the search and sit in the category are printed."""
    for name, categories in (("Fjord Shipping A/S", ["Key account"]), ("Fjord Foods ApS", []),
                             ("Alpine Shipping AG", ["Key account"])):
        services.accounts.save(AccountRecord(name=name, categories=categories))
    out = tmp_path / "key.pdf"
    assert main(["--db", db_url, "print", "account-summary", "--out", str(out),
                 "--search", "fjord", "--category", "key account"]) == 0
    assert capsys.readouterr().err.endswith("1 page, 1 account\n")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "Fjord Shipping A/S" in text and "Fjord Foods" not in text
    assert "Search “fjord”, category key account" in text
