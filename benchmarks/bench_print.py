"""Figures for printing: the phone list of 10,000 contacts written to PDF.

    python benchmarks/bench_print.py [--contacts 10000] [--style phone-list] [--fresh]

Builds (or reuses) ``benchmarks/data/print-N.db`` with demo data, then in a
fresh process times reading the records and painting every page to a PDF, and
prints seconds, pages and peak resident memory. Target for the phone list of
10,000 contacts: at most 10 s and 400 MB. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"

CHILD = r"""
import json, os, resource, sys, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
import psutil
start = time.perf_counter()
from PySide6.QtGui import QGuiApplication
app = QGuiApplication([])
from crmdesk.services.wiring import Services
from crmdesk.services.printing import PrintData, PrintOptions
from crmdesk.ui.printing import prepare, render_pdf
db, style, out = sys.argv[1:4]
services = Services.open(db)
peak = 0
def sample(done, total):
    global peak
    peak = max(peak, psutil.Process().memory_info().rss)
t0 = time.perf_counter()
prepared = prepare(PrintOptions(style=style), PrintData(services), progress=sample)
t1 = time.perf_counter()
pages = render_pdf(prepared, out, progress=sample)
t2 = time.perf_counter()
peak = max(peak, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
print(json.dumps({"records": len(prepared.contacts) or len(prepared.accounts),
                  "pages": pages, "read_s": t1 - t0, "paint_s": t2 - t1,
                  "total_s": t2 - t0, "with_startup_s": t2 - start,
                  "peak_rss_mb": peak / 2**20, "pdf_mb": os.path.getsize(out) / 2**20}))
"""


def make_database(n: int, fresh: bool) -> Path:
    DATA.mkdir(exist_ok=True)
    path = DATA / f"print-{n}.db"
    if path.exists() and not fresh:
        return path
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    subprocess.run([sys.executable, "-m", "crmdesk", "--db", str(path), "demo",
                    "--contacts", str(n)], check=True, stderr=subprocess.DEVNULL)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--style", default="phone-list")
    parser.add_argument("--fresh", action="store_true", help="rebuild the database")
    args = parser.parse_args()
    db = make_database(args.contacts, args.fresh)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, f"{args.style}.pdf")
        result = subprocess.run([sys.executable, "-c", CHILD, f"sqlite:///{db}", args.style,
                                 out], capture_output=True, text=True, check=True)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    print(f"{args.style}: {figures['records']} records, {figures['pages']} pages, "
          f"PDF {figures['pdf_mb']:.1f} MB")
    print(f"  read {figures['read_s']:.2f} s + paint {figures['paint_s']:.2f} s = "
          f"{figures['total_s']:.2f} s (from process start {figures['with_startup_s']:.2f} s; "
          "target <= 10 s)")
    print(f"  peak RSS {figures['peak_rss_mb']:.0f} MB (target <= 400 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
