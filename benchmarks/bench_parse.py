"""Parse speed of the contact readers (parsing only, no database).

    python benchmarks/bench_parse.py [--n 10000] [--seed 1]

Generates the same N contacts as Outlook vCard 2.1, vCard 3.0 and Outlook CSV
with ../shared/tools/gen_contacts.py and prints cards/s for each.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from crmdesk.importers import ParsedContact, read_contacts

GEN = Path(__file__).resolve().parents[1].parent / "shared" / "tools" / "gen_contacts.py"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("vcard21", "vcard3", "outlook-csv"):
            path = Path(tmp) / f"contacts.{fmt}"
            subprocess.run([sys.executable, str(GEN), "--n", str(args.n), "--format", fmt,
                            "--out", str(path), "--seed", str(args.seed)],
                           check=True, capture_output=True)
            start = time.perf_counter()
            count = sum(isinstance(i, ParsedContact) for i in read_contacts(path))
            took = time.perf_counter() - start
            print(f"{fmt:12s} {count:7d} contacts  {took:6.3f} s  {count / took:9.0f} cards/s")


if __name__ == "__main__":
    main()
