"""Whole-process import timing: `crmdesk import` of generated files, empty and 100k databases.

    python benchmarks/bench_import.py [--n 10000] [--seed 1] [--skip-big]

Generates the same N contacts as Outlook vCard 2.1, vCard 3.0 and Outlook CSV
with ../shared/tools/gen_contacts.py, then times `crmdesk --db X import FILE`
as a child process (start-up included) into an empty database and into a
copy of a cached 100,000-contact demo database (benchmarks/data/, made once
with `crmdesk demo --contacts 100000`, about 40 s).  Peak RSS is the import
process's own (wait4); on the command line a file over 2 MB is read by a
forked child as well, whose memory is not included.  ``--memory-n`` adds a
vCard 2.1 file of that many cards into an empty database.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip-big", action="store_true")
    ap.add_argument("--memory-n", type=int, default=0)
    args = ap.parse_args()
    if not args.skip_big and not BIG.exists():
        BIG.parent.mkdir(parents=True, exist_ok=True)
        print("making the 100,000-contact database once (about 40 s)…", flush=True)
        crmdesk("--db", str(BIG), "demo", "--contacts", "100000")
    with tempfile.TemporaryDirectory() as tmp:
        idle, idle_rss = crmdesk("--db", str(Path(tmp) / "idle.db"), "demo", "--contacts", "0")
        print(f"start-up + empty database: {idle:.2f} s, {idle_rss:.0f} MB peak")
        for fmt in ("vcard21", "vcard3", "outlook-csv"):
            path = Path(tmp) / f"contacts.{fmt}"
            subprocess.run([sys.executable, str(GEN), "--n", str(args.n), "--format", fmt,
                            "--out", str(path), "--seed", str(args.seed)],
                           check=True, capture_output=True)
            empty = Path(tmp) / f"empty-{fmt}.db"
            took, rss = crmdesk("--db", str(empty), "import", str(path))
            line = f"{fmt:12s} {args.n} into empty: {took:5.2f} s ({rss:.0f} MB peak)"
            again, _ = crmdesk("--db", str(empty), "import", str(path))
            line += f"; re-import: {again:5.2f} s"
            if not args.skip_big:
                big = Path(tmp) / "big.db"
                shutil.copy(BIG, big)
                took_big, rss_big = crmdesk("--db", str(big), "import", str(path))
                line += f"; into 100k: {took_big:5.2f} s ({rss_big:.0f} MB peak)"
                big.unlink()
            print(line, flush=True)
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
