"""kill -9 at any moment leaves every file whole: all-old or all-new, never a mix.

Each long command (import, restore, backup, export, demo) is started for real and
killed with SIGKILL at moments spread over its whole run, from Python's start-up to
its last write.  After each kill the database passes ``PRAGMA integrity_check`` and
holds either what it held before or everything the command was to write; an output
file is either absent (or the old one) or complete; and the next run of the same
command, into the same folder, works and sweeps what the killed one left behind.
"""

from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

TOOLS = Path(__file__).resolve().parents[2].parent / "shared" / "tools"
#: Moments to kill at, as fractions of an uninterrupted run (start-up included).
MOMENTS = (0.15, 0.3, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95)
KILLS: list[str] = []  # what was killed where; conftest.py prints it at the end


def crmdesk(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "crmdesk", "--db", str(db), *args]


def timed(argv: list[str]) -> float:
    started = time.monotonic()
    done = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return time.monotonic() - started


def kill_after(argv: list[str], seconds: float) -> int | None:
    """Run ``argv`` and SIGKILL it after ``seconds``; its exit status if it ended first."""
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        return proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return None


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def count(path: Path, table: str = "contact") -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if ".crmdesk-tmp-" in p.name]


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A database of 3,000 demo contacts, copied for every kill."""
    path = tmp_path_factory.mktemp("base") / "sales.db"
    timed(crmdesk(path, "demo", "--contacts", "3000"))
    return path


def fresh_copy(base: Path, folder: Path, name: str = "sales.db") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    shutil.copyfile(base, target)
    return target


def each_moment(label: str, run: Callable[[float], int | None], total: float) -> None:
    """Kill at each of MOMENTS; ``run`` returns what ``kill_after`` did."""
    hit = 0
    for fraction in MOMENTS:
        ended = run(total * fraction)
        hit += ended is None
        KILLS.append(f"{label}@{fraction:.2f}" + ("" if ended is None else " (ended first)"))
    assert hit >= len(MOMENTS) - 3, f"most kills must hit a running {label}: {KILLS}"


def test_import_killed_anywhere(base: Path, tmp_path: Path) -> None:
    cards = tmp_path / "cards.vcf"
    subprocess.run([sys.executable, str(TOOLS / "gen_contacts.py"), "--n", "4000",
                    "--format", "vcard3", "--out", str(cards)], check=True)
    old = count(base)
    probe = fresh_copy(base, tmp_path / "probe")
    total = timed(crmdesk(probe, "import", str(cards)))
    new = count(probe)
    assert new > old

    def once(delay: float) -> int | None:
        db = fresh_copy(base, tmp_path / f"import-{delay:.3f}")
        ended = kill_after(crmdesk(db, "import", str(cards)), delay)
        assert integrity(db) == "ok"
        assert (count(db), count(db, "import_batch")) in ((old, 0), (new, 1))
        assert subprocess.run(crmdesk(db, "search", "a"), capture_output=True).returncode == 0
        return ended

    each_moment("import", once, total)


def test_restore_killed_anywhere(base: Path, tmp_path: Path) -> None:
    small = tmp_path / "small" / "other.db"
    small.parent.mkdir()
    timed(crmdesk(small, "demo", "--contacts", "200", "--seed", "7"))
    saved = tmp_path / "saved.db"
    timed(crmdesk(small, "backup", "--out", str(saved)))
    conn = sqlite3.connect(saved, isolation_level=None)
    conn.execute("PRAGMA page_size=8192")  # the hard case: SQLite must change page size
    conn.execute("VACUUM")
    conn.close()
    old = count(base)
    total = timed(crmdesk(fresh_copy(base, tmp_path / "probe"), "restore", str(saved)))

    def once(delay: float) -> int | None:
        folder = tmp_path / f"restore-{delay:.3f}"
        db = fresh_copy(base, folder)
        ended = kill_after(crmdesk(db, "restore", str(saved)), delay)
        assert integrity(db) == "ok"
        assert count(db) in (old, 200)
        for kept in folder.glob("sales.replaced-*.db"):
            assert integrity(kept) == "ok" and count(kept) == old
        assert all(oct(p.stat().st_mode & 0o777) == "0o600" for p in leftovers(folder))
        time.sleep(1.1)  # the next kept copy gets its own second in its name
        again = subprocess.run(crmdesk(db, "restore", str(saved)), capture_output=True,
                               text=True)
        assert again.returncode == 0, again.stderr
        assert count(db) == 200 and not leftovers(folder)
        return ended

    each_moment("restore", once, total)


def test_backup_killed_anywhere(base: Path, tmp_path: Path) -> None:
    old = count(base)
    db = fresh_copy(base, tmp_path / "live")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    total = timed(crmdesk(db, "backup", "--out", str(out_dir / "probe.db")))

    def once(delay: float) -> int | None:
        out = out_dir / f"copy-{delay:.3f}.db"
        ended = kill_after(crmdesk(db, "backup", "--out", str(out)), delay)
        assert integrity(db) == "ok" and count(db) == old
        if out.exists():
            assert integrity(out) == "ok" and count(out) == old
        for left in leftovers(out_dir):
            assert oct(left.stat().st_mode & 0o777) == "0o600"
        return ended

    each_moment("backup", once, total)
    timed(crmdesk(db, "backup", "--out", str(out_dir / "last.db")))
    assert not leftovers(out_dir)


def test_export_killed_anywhere(base: Path, tmp_path: Path) -> None:
    old = count(base)
    db = fresh_copy(base, tmp_path / "live")
    out = tmp_path / "out" / "everyone.json"
    out.parent.mkdir()
    out.write_text('{"format": "crmdesk", "previous": true}')
    previous = out.read_text()
    total = timed(crmdesk(db, "export", "--format", "json", "--what", "all", "--out",
                          str(out.with_name("probe.json"))))

    def once(delay: float) -> int | None:
        ended = kill_after(crmdesk(db, "export", "--format", "json", "--what", "all",
                                   "--out", str(out)), delay)
        text = out.read_text()
        if text != previous:  # the complete new file, never half of one
            assert len(json.loads(text)["contacts"]) == old
        for left in leftovers(out.parent):
            assert oct(left.stat().st_mode & 0o777) == "0o600"
        return ended

    each_moment("export", once, total)
    timed(crmdesk(db, "export", "--format", "csv", "--out", str(out.with_name("last.csv"))))
    assert not leftovers(out.parent)


def test_demo_killed_anywhere(tmp_path: Path) -> None:
    total = timed(crmdesk(tmp_path / "probe.db", "demo", "--contacts", "4000"))

    def once(delay: float) -> int | None:
        folder = tmp_path / f"demo-{delay:.3f}"
        folder.mkdir()
        db = folder / "demo.db"
        ended = kill_after(crmdesk(db, "demo", "--contacts", "4000"), delay)
        if db.exists() and db.stat().st_size:
            assert integrity(db) == "ok"
            assert count(db) in (0, 4000)
            if count(db) == 0:  # all-old: an empty database, and demo can start again
                timed(crmdesk(db, "demo", "--contacts", "50"))
                assert count(db) == 50
        return ended

    each_moment("demo", once, total)
