"""kill -9 at any moment leaves every file whole: all-old or all-new, never a mix.

Each long command (import, restore, backup, export, demo) is started for real and
killed with SIGKILL in the middle of its writes.  The moments are exact: strace
counts the command's file writes (``pwrite64`` for SQLite, ``write`` for an export,
``rename`` for putting a finished file in place) in an uninterrupted run, and then
kills a fresh run at its N-th such call, for N spread from the first write to the
last.  After each kill the database passes ``PRAGMA integrity_check`` and holds
either what it held before or everything the command was to write; an output file
is the old one or the complete new one; what the killed run left behind is private;
and the next run of the same command works and sweeps it away.
"""

from __future__ import annotations

import json
import os
import re
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
#: Where to kill, as fractions of the uninterrupted run's count of the traced call.
FRACTIONS = (0.02, 0.15, 0.3, 0.45, 0.6, 0.75, 0.9, 0.99)
KILLS: list[str] = []  # what was killed where; conftest.py prints it at the end


def _strace_works() -> bool:
    if shutil.which("strace") is None:
        return False
    probe = subprocess.run(["strace", "-f", "-qq", "-o", os.devnull, "true"],
                           capture_output=True)
    return probe.returncode == 0


if not _strace_works():
    if os.environ.get("CRMDESK_REQUIRE_STRACE"):
        raise RuntimeError("the reliability suite needs strace (apt-get install strace) and "
                           "permission to trace")
    pytest.skip("strace is not installed or may not trace here (scripts/setup.sh installs it)",
                allow_module_level=True)


def crmdesk(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "crmdesk", "--db", str(db), *args]


def calls(argv: list[str], syscall: str, tmp: Path) -> int:
    """Run ``argv`` to the end under strace; how many times it made ``syscall``."""
    log = tmp / "strace.log"
    done = subprocess.run(["strace", "-f", "-qq", "-o", str(log), "-e", f"trace={syscall}",
                           *argv], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    pattern = re.compile(rf"^\d+\s+{syscall}\(", re.MULTILINE)
    return len(pattern.findall(log.read_text(errors="replace")))


def killed_at(argv: list[str], syscall: str, nth: int) -> int:
    """Run ``argv``, killed by SIGKILL as it enters its ``nth`` ``syscall``; its status."""
    done = subprocess.run(["strace", "-f", "-qq", "-o", os.devnull, "-e", f"trace={syscall}",
                           "-e", f"inject={syscall}:signal=SIGKILL:when={nth}", *argv],
                          capture_output=True, text=True, timeout=300)
    return done.returncode


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def count(path: Path, table: str = "contact") -> int:
    """The table's rows; 0 for a new file killed before its schema was written (all old:
    the next run sets it up, which the callers check)."""
    conn = sqlite3.connect(path)
    try:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone():
            return 0
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if ".crmdesk-tmp-" in p.name]


def assert_private(folder: Path) -> None:
    for left in leftovers(folder):
        assert oct(left.stat().st_mode & 0o777) == "0o600", left


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A database of 3,000 demo contacts, copied for every kill."""
    path = tmp_path_factory.mktemp("base") / "sales.db"
    done = subprocess.run(crmdesk(path, "demo", "--contacts", "3000"), capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return path


def fresh_copy(base: Path, folder: Path, name: str = "sales.db") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    shutil.copyfile(base, target)
    return target


def kill_everywhere(label: str, syscall: str, total: int, check: Callable[[int], None],
                    ) -> None:
    """``check(nth)`` kills a fresh run at its nth ``syscall`` and checks what is left,
    for nth spread over the ``total`` an uninterrupted run made."""
    assert total > 0, f"{label} made no {syscall} call"
    for nth in sorted({max(1, round(total * f)) for f in FRACTIONS} if total > 1 else {1}):
        check(nth)
        KILLS.append(f"{label}@{syscall}#{nth}/{total}")


def test_import_killed_anywhere(base: Path, tmp_path: Path) -> None:
    cards = tmp_path / "cards.vcf"
    subprocess.run([sys.executable, str(TOOLS / "gen_contacts.py"), "--n", "4000",
                    "--format", "vcard3", "--out", str(cards)], check=True)
    old = count(base)
    probe = fresh_copy(base, tmp_path / "probe")
    total = calls(crmdesk(probe, "import", str(cards)), "pwrite64", tmp_path)
    new = count(probe)
    assert new > old

    def check(nth: int) -> None:
        db = fresh_copy(base, tmp_path / f"import-{nth}")
        assert killed_at(crmdesk(db, "import", str(cards)), "pwrite64", nth) == -signal.SIGKILL
        assert integrity(db) == "ok"
        assert (count(db), count(db, "import_batch")) in ((old, 0), (new, 1))
        again = subprocess.run(crmdesk(db, "search", "a"), capture_output=True, text=True)
        assert again.returncode == 0, again.stderr

    kill_everywhere("import", "pwrite64", total, check)


@pytest.fixture(scope="module")
def other_page_size(tmp_path_factory) -> Path:
    """A backup of 200 other contacts, with 8 KB pages where the live database has 4 KB:
    the hard case, where SQLite cannot copy page for page."""
    folder = tmp_path_factory.mktemp("other")
    small = folder / "other.db"
    subprocess.run(crmdesk(small, "demo", "--contacts", "200", "--seed", "7"), check=True,
                   capture_output=True)
    saved = folder / "saved.db"
    subprocess.run(crmdesk(small, "backup", "--out", str(saved)), check=True,
                   capture_output=True)
    conn = sqlite3.connect(saved, isolation_level=None)
    conn.execute("PRAGMA page_size=8192")
    conn.execute("VACUUM")
    conn.close()
    return saved


@pytest.mark.parametrize("syscall", ["pwrite64", "rename"])
def test_restore_killed_anywhere(base: Path, other_page_size: Path, tmp_path: Path,
                                 syscall: str) -> None:
    old = count(base)
    total = calls(crmdesk(fresh_copy(base, tmp_path / "probe"), "restore",
                          str(other_page_size)), syscall, tmp_path)

    def check(nth: int) -> None:
        folder = tmp_path / f"restore-{nth}"
        db = fresh_copy(base, folder)
        assert killed_at(crmdesk(db, "restore", str(other_page_size)), syscall,
                         nth) == -signal.SIGKILL
        assert integrity(db) == "ok"
        assert count(db) in (old, 200)
        for kept in folder.glob("sales.replaced-*.db"):
            assert integrity(kept) == "ok" and count(kept) == old
        assert_private(folder)
        time.sleep(1.05)  # the next kept copy gets its own second in its name
        again = subprocess.run(crmdesk(db, "restore", str(other_page_size)),
                               capture_output=True, text=True)
        assert again.returncode == 0, again.stderr
        assert count(db) == 200 and not leftovers(folder)

    kill_everywhere("restore", syscall, total, check)


@pytest.mark.parametrize("syscall", ["pwrite64", "rename"])
def test_backup_killed_anywhere(base: Path, tmp_path: Path, syscall: str) -> None:
    old = count(base)
    db = fresh_copy(base, tmp_path / "live")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "copy.db"
    shutil.copyfile(base, out)  # an older backup under the same name
    total = calls(crmdesk(db, "backup", "--out", str(out_dir / "probe.db")), syscall,
                  tmp_path)

    def check(nth: int) -> None:
        assert killed_at(crmdesk(db, "backup", "--out", str(out)), syscall,
                         nth) == -signal.SIGKILL
        assert integrity(db) == "ok" and count(db) == old
        assert integrity(out) == "ok" and count(out) == old  # the old one or the new one
        assert_private(out_dir)

    kill_everywhere("backup", syscall, total, check)
    again = subprocess.run(crmdesk(db, "backup", "--out", str(out)), capture_output=True)
    assert again.returncode == 0 and not leftovers(out_dir)


@pytest.mark.parametrize("syscall", ["write", "rename"])
def test_export_killed_anywhere(base: Path, tmp_path: Path, syscall: str) -> None:
    old = count(base)
    db = fresh_copy(base, tmp_path / "live")
    out = tmp_path / "out" / "everyone.json"
    out.parent.mkdir()
    previous = '{"format": "crmdesk", "previous": true}'
    out.write_text(previous)
    argv = crmdesk(db, "export", "--format", "json", "--what", "all", "--out", str(out))
    total = calls(argv[:-1] + [str(out.with_name("probe.json"))], syscall, tmp_path)

    def check(nth: int) -> None:
        assert killed_at(argv, syscall, nth) == -signal.SIGKILL
        text = out.read_text()
        if text != previous:  # the complete new file, never half of one
            assert len(json.loads(text)["contacts"]) == old
        assert_private(out.parent)

    kill_everywhere("export", syscall, total, check)
    again = subprocess.run(argv, capture_output=True)
    assert again.returncode == 0 and not leftovers(out.parent)


def test_demo_killed_anywhere(tmp_path: Path) -> None:
    total = calls(crmdesk(tmp_path / "probe.db", "demo", "--contacts", "3000"), "pwrite64",
                  tmp_path)

    def check(nth: int) -> None:
        folder = tmp_path / f"demo-{nth}"
        folder.mkdir()
        db = folder / "demo.db"
        assert killed_at(crmdesk(db, "demo", "--contacts", "3000"), "pwrite64",
                         nth) == -signal.SIGKILL
        assert integrity(db) == "ok"
        assert count(db) in (0, 3000)
        if count(db) == 0:  # all-old: an empty database, and demo can start again
            again = subprocess.run(crmdesk(db, "demo", "--contacts", "50"),
                                   capture_output=True, text=True)
            assert again.returncode == 0, again.stderr
            assert count(db) == 50

    kill_everywhere("demo", "pwrite64", total, check)
