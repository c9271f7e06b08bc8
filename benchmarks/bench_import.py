"""Whole-process import timing: `crmdesk import` of generated files, empty and 100k databases.

    python benchmarks/bench_import.py [--n 10000] [--seed 1] [--skip-big]

Generates the same N contacts as Outlook vCard 2.1, vCard 3.0 and Outlook CSV
with ../shared/tools/gen_contacts.py, then times `crmdesk --db X import FILE`
as a child process (start-up included) into an empty database and into a
copy of a cached 100,000-contact demo database (benchmarks/data/, made once
with `crmdesk demo --contacts 100000`, about 40 s).  Peak RSS comes from
getrusage of the child.
"""

from __future__ import annotations

import argparse
import resource
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
    """Seconds and peak RSS (MB) of one crmdesk child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "crmdesk", *args], check=True,
                   stdout=subprocess.DEVNULL)
    took = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return took, max(peak, before) / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip-big", action="store_true")
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


if __name__ == "__main__":
    main()
