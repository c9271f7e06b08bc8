"""Figures for the foundation issue, at 100,000 contacts and 20,000 accounts.

    python benchmarks/bench_foundation.py [--contacts 100000] [--fresh]

Prints: time of `crmdesk demo --contacts N`; median search time for 200
three-letter prefixes in-process, beside the same FTS5 queries run bare through
sqlite3 on the same file; the time from process start to the main window shown
with its first page of contacts; resident memory with the Contacts view open
and scrolled to the end.  A benchmark, not a test: it prints, it does not judge.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"


def make_database(n: int, fresh: bool) -> tuple[Path, float | None]:
    DATA.mkdir(exist_ok=True)
    path = DATA / f"demo-{n}.db"
    if path.exists() and not fresh:
        return path, None
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "crmdesk", "--db", str(path), "demo",
                    "--contacts", str(n)], check=True, stderr=subprocess.DEVNULL)
    return path, time.perf_counter() - start


def prefixes(path: Path, count: int) -> list[str]:
    """Three-letter prefixes of real names and cities in the database (seeded choice)."""
    with sqlite3.connect(path) as conn:
        words = [w for (text,) in conn.execute(
            "SELECT first_name || ' ' || last_name || ' ' || city FROM contact LIMIT 5000")
            for w in text.split() if len(w) >= 3]
    rng = random.Random(7)
    return [rng.choice(words)[:3] for _ in range(count)]


def suffixes(path: Path, count: int) -> list[str]:
    """Four-digit endings of stored numbers, as caller ID or memory gives them (seeded)."""
    with sqlite3.connect(path) as conn:
        numbers = [n for (n,) in conn.execute(
            "SELECT e164 FROM phone WHERE e164 != '' LIMIT 5000")]
    rng = random.Random(11)
    return [rng.choice(numbers)[-4:] for _ in range(count)]


def _time_search(path: Path, queries: list[str]) -> dict[str, float]:
    """The service's search for each query, and the contact list's ids and first page
    for the first 50, as the search box runs them."""
    from crmdesk.services.listing import ListQuery
    from crmdesk.services.wiring import Services

    services = Services.open("sqlite:///" + str(path))
    services.search.search("warm up", limit=50)
    timings, list_timings, hits = [], [], []
    for q in queries:
        t = time.perf_counter()
        hits.append(len(services.search.search(q, limit=50)))
        timings.append(time.perf_counter() - t)
    for q in queries[:50]:
        t = time.perf_counter()
        ids = services.contacts.ids(ListQuery(text=q))
        services.contacts.rows(ids[:200])
        list_timings.append(time.perf_counter() - t)
    services.close()
    return {
        "median_ms": statistics.median(timings) * 1000,
        "p95_ms": sorted(timings)[int(len(timings) * 0.95)] * 1000,
        "list_median_ms": statistics.median(list_timings) * 1000,
        "hits_median": statistics.median(hits),
    }


def bench_search(path: Path, queries: list[str]) -> dict[str, float]:
    """The service's figures beside the same FTS5 queries run bare through sqlite3."""
    from crmdesk.services.search_index import WALK_FROM, Fts5Index, query_terms

    figures = _time_search(path, queries)
    conn = sqlite3.connect(path)
    bare, bare_same_sql = [], []
    for q in queries:
        match = Fts5Index.fts_query(query_terms(q))
        t = time.perf_counter()
        conn.execute("SELECT rowid FROM contact_fts WHERE contact_fts MATCH ? LIMIT 50",
                     (match,)).fetchall()
        bare.append(time.perf_counter() - t)
        t = time.perf_counter()  # as the service: many matches walk the name index
        many = conn.execute("SELECT count(*) FROM (SELECT 1 FROM contact_fts WHERE "
                            "contact_fts MATCH ? LIMIT ?)", (match, WALK_FROM)).fetchone()
        walk = "id + 0 IN" if many[0] == WALK_FROM else "id IN"
        conn.execute(
            f"SELECT id FROM contact WHERE {walk} (SELECT rowid FROM contact_fts WHERE "
            "contact_fts MATCH ?) ORDER BY sort_name, id LIMIT 50", (match,)).fetchall()
        bare_same_sql.append(time.perf_counter() - t)
    conn.close()
    return {
        "search_median_ms": figures["median_ms"],
        "search_p95_ms": figures["p95_ms"],
        "bare_fts_median_ms": statistics.median(bare) * 1000,
        "bare_same_sql_median_ms": statistics.median(bare_same_sql) * 1000,
        "list_ids_plus_first_page_median_ms": figures["list_median_ms"],
    }


def bench_window(path: Path) -> dict:
    out = subprocess.run([sys.executable, str(HERE / "window_probe.py"),
                          "sqlite:///" + str(path)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--fresh", action="store_true", help="rebuild the demo database")
    args = parser.parse_args()
    path, demo_s = make_database(args.contacts, args.fresh)
    print(f"database: {path} ({path.stat().st_size / 1e6:.0f} MB)")
    if demo_s is not None:
        print(f"demo --contacts {args.contacts}: {demo_s:.1f} s (target < 60 s)")
    else:
        print("demo: reused the cached database (pass --fresh to time its creation)")
    figures = bench_search(path, prefixes(path, 200))
    print(f"search, 3-letter prefix, median of 200 (limit 50, with phones/e-mails): "
          f"{figures['search_median_ms']:.2f} ms (p95 {figures['search_p95_ms']:.2f} ms; "
          "target <= 10 ms)")
    print(f"  bare FTS5 MATCH through sqlite3, same queries: {figures['bare_fts_median_ms']:.2f}"
          f" ms; the service's SQL run bare: {figures['bare_same_sql_median_ms']:.2f} ms "
          f"-> ratio {figures['search_median_ms'] / figures['bare_same_sql_median_ms']:.1f}x "
          "(target within 3x)")
    print(f"  list view: all ordered ids + first page of rows, median of 50: "
          f"{figures['list_ids_plus_first_page_median_ms']:.1f} ms")
    ends = _time_search(path, suffixes(path, 200))  # numbers that end so come first
    print(f"search, a number's last 4 digits, median of 200 (limit 50, ending first): "
          f"{ends['median_ms']:.2f} ms (p95 {ends['p95_ms']:.2f} ms; target <= 10 ms; "
          f"median {ends['hits_median']:.0f} hits)")
    print(f"  list view for a 4-digit ending: all ordered ids + first page of rows, median "
          f"of 50: {ends['list_median_ms']:.1f} ms")
    window = [bench_window(path) for _ in range(3)]
    shown = statistics.median(w["shown_s"] for w in window)
    print(f"main window shown with first page, from process start, median of 3: {shown:.2f} s "
          "(target <= 1.5 s)")
    print(f"resident memory, Contacts open and scrolled to the end of {window[0]['rows']:,} "
          f"rows: {max(w['rss_mb'] for w in window):.0f} MB (target <= 300 MB; "
          f"{window[0]['pages_loaded']} pages of rows loaded)")


if __name__ == "__main__":
    main()
