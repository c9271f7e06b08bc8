"""Whole-process import timing: `crmdesk import` of generated files, empty and 100k databases.

    python benchmarks/bench_import.py [--n 10000] [--seed 1] [--runs 3] [--skip-big]

Generates the same N contacts as Outlook vCard 2.1, vCard 3.0 and Outlook CSV
with ../shared/tools/gen_contacts.py, then times `crmdesk --db X import FILE`
as a child process (start-up included) into an empty database and into a
copy of a cached 100,000-contact demo database (benchmarks/data/, made once
with `crmdesk demo --contacts 100000`, about 40 s, and again after a schema
change).  Peak RSS is the import process's own (wait4); on the command line a
file over 2 MB is read by a forked child as well, whose memory is not
included.  ``--memory-n`` adds a vCard 2.1 file of that many cards into an
empty database.

The package is byte-compiled first, as an installed one is (with
PYTHONDONTWRITEBYTECODE set, every run would compile the edited modules
again).  Each timing is the best of ``--runs`` runs, as the median is shown
too: on a shared 2-core machine the same run varies by 10-20 %.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from crmdesk.migrations import HEAD

HERE = Path(__file__).resolve().parent
GEN = HERE.parents[0].parent / "shared" / "tools" / "gen_contacts.py"
BIG = HERE / "data" / "demo-100k.db"


def crmdesk(*args: str) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one crmdesk process (wait4 gives that child's own)."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "crmdesk", *args],
                             stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    took = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"crmdesk {' '.join(args)} failed ({child.returncode})")
    return took, usage.ru_maxrss / 1024


def best(runs: int, make: Callable[[], Path], *args: str) -> tuple[str, float, float]:
    """Best-of-runs of one import (``make`` prepares a fresh target database each time)."""
    times, peaks = [], []
    for _ in range(runs):
        db = make()
        took, rss = crmdesk("--db", str(db), *args)
        times.append(took)
        peaks.append(rss)
    text = f"{min(times):5.2f} s (median {statistics.median(times):.2f}, {max(peaks):.0f} MB)"
    return text, min(times), max(peaks)


def _revision(path: Path) -> str | None:
    """The schema revision a database file was made with (None if there is no file)."""
    if not path.exists():
        return None
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def machine_speed(processes: int) -> float:
    """Best of five runs of a fixed pure-Python loop in ``processes`` processes at once
    (start-up included): a yardstick that does not use crmdesk.  On this shared 2-core
    machine one takes 0.17 s at best, and two at once anything from 0.18 to 0.29 s: how
    much its two cores slow each other down changes over the day, and an import's two
    processes feel it the same way."""
    code = "sum(i * i for i in range(3_000_000))"
    times = []
    for _ in range(5):
        start = time.perf_counter()
        running = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(processes)]
        for child in running:
            child.wait()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--skip-big", action="store_true")
    ap.add_argument("--memory-n", type=int, default=0)
    args = ap.parse_args()
    if not args.skip_big and _revision(BIG) != HEAD:
        BIG.unlink(missing_ok=True)  # an older schema: the copies would time a migration
        BIG.parent.mkdir(parents=True, exist_ok=True)
        print("making the 100,000-contact database once (about 40 s)…", flush=True)
        crmdesk("--db", str(BIG), "demo", "--contacts", "100000")
    compileall.compile_dir(HERE.parent / "crmdesk", quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        idle, idle_rss = crmdesk("--db", str(Path(tmp) / "idle.db"), "demo", "--contacts", "0")
        print(f"start-up + empty database: {idle:.2f} s, {idle_rss:.0f} MB peak")
        for fmt in ("vcard21", "vcard3", "outlook-csv"):
            path = Path(tmp) / f"contacts.{fmt}"
            subprocess.run([sys.executable, str(GEN), "--n", str(args.n), "--format", fmt,
                            "--out", str(path), "--seed", str(args.seed)],
                           check=True, capture_output=True)
            empty = Path(tmp) / f"empty-{fmt}.db"

            def fresh(target: Path = empty) -> Path:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{target}{suffix}").unlink(missing_ok=True)
                return target

            text, took, _ = best(args.runs, fresh, "import", str(path))
            line = f"{fmt:12s} {args.n} into empty: {text}"
            again, _ = crmdesk("--db", str(empty), "import", str(path))
            line += f"; re-import: {again:5.2f} s"
            if not args.skip_big:
                big = Path(tmp) / "big.db"

                def copy_big(target: Path = big) -> Path:
                    fresh(target)
                    shutil.copy(BIG, target)
                    return target

                text_big, took_big, _ = best(args.runs, copy_big, "import", str(path))
                line += f"; into 100k: {text_big} = {took_big / took:.1f}x"
                fresh(big)
            print(line, flush=True)
            print(f"machine speed: {machine_speed(1):.2f} s, two at once "
                  f"{machine_speed(2):.2f} s (at best 0.17 and 0.18 s)", flush=True)
        if args.memory_n:
            path = Path(tmp) / "many.vcf"
            subprocess.run([sys.executable, str(GEN), "--n", str(args.memory_n), "--format",
                            "vcard21", "--out", str(path), "--seed", str(args.seed)],
                           check=True, capture_output=True)
            took, rss = crmdesk("--db", str(Path(tmp) / "many.db"), "import", str(path))
            print(f"vcard21 {args.memory_n} into empty: {took:.1f} s, {rss:.0f} MB peak "
                  f"({rss - idle_rss:.0f} MB above the idle process)")


if __name__ == "__main__":
    main()
