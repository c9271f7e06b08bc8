"""Figures for the sales issue, at 100,000 contacts and 50,000 opportunities.

    python benchmarks/bench_sales.py [--contacts 100000] [--fresh]

The database is made once by ``crmdesk demo --contacts N`` (one opportunity per two
contacts, a tenth as many leads, quotes) in benchmarks/data/.  Times, in-process and
after a warm-up, the median of 20 runs of what each view asks the services for:

- the pipeline board: ``pipeline.pipeline`` (the columns' totals) and ``pipeline.board``
  for every active stage, whole columns and their first 100 cards;
- the forecast: ``pipeline.forecast`` for 12 months;
- the opportunities list as it opens: the Lister's ordered ids (its count) and the first
  page of display rows (``RecordTableModel``: 200), sorted by name, by close date
  descending, and filtered to the open ones closing this quarter.

Targets (issue 15): the board and the forecast render in at most 300 ms, the list opens
in at most 100 ms; these service calls are the part of that the database and Python
spend before anything is painted.  Each figure comes with its CPU time, which other work
on a shared machine disturbs less than the wall clock.  A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
sys.path.insert(0, str(HERE.parent))
PAGE = 200  # ui/records/table_model.PAGE_SIZE


def make_database(n: int, fresh: bool) -> tuple[Path, float | None]:
    """The demo database of ``n`` contacts with its pipeline; made again if ``fresh`` or
    if it was made before the demo had opportunities."""
    DATA.mkdir(exist_ok=True)
    path = DATA / f"sales-{n}.db"
    if path.exists() and not fresh:
        with sqlite3.connect(path) as conn:
            if conn.execute("SELECT count(*) FROM opportunity").fetchone()[0]:
                return path, None
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "crmdesk", "--db", str(path), "demo",
                    "--contacts", str(n)], check=True, stderr=subprocess.DEVNULL,
                   cwd=HERE.parent)
    return path, time.perf_counter() - start


def timed(work: Callable[[], Any], rounds: int = 20) -> tuple[float, float, Any]:
    """Median wall and CPU milliseconds of ``work`` after one warm-up run, and its result."""
    result = work()
    wall, cpu = [], []
    for _ in range(rounds):
        t, c = time.perf_counter(), time.process_time()
        work()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000, result


def in_process(path: Path) -> dict[str, Any]:
    from crmdesk.services import pipeline
    from crmdesk.services.listing import ListQuery
    from crmdesk.services.wiring import Services

    services = Services.open("sqlite:///" + str(path), create=False)
    db = services.db
    stages = [s.key for s in services.stages.list(active_only=True)]
    today = date.today()
    figures: dict[str, Any] = {}

    def note(name: str, work: Callable[[], Any]) -> Any:
        wall, cpu, result = timed(work)
        figures[f"{name}_ms"], figures[f"{name}_cpu_ms"] = round(wall, 1), round(cpu, 1)
        return result

    note("pipeline_totals", lambda: pipeline.pipeline(db))
    columns = note("board_columns", lambda: [pipeline.board(db, s) for s in stages])
    figures["board_cards"] = sum(map(len, columns))
    note("board_first_100", lambda: [pipeline.board(db, s, limit=100) for s in stages])
    figures["board_ms"] = round(figures["pipeline_totals_ms"] + figures["board_columns_ms"], 1)
    months = note("forecast", lambda: pipeline.forecast(db, today))
    figures["forecast_cells"] = len(months)
    lister = services.opportunities

    def opening(query: ListQuery) -> Callable[[], int]:
        def work() -> int:
            ids = lister.ids(query)
            lister.rows(ids[:PAGE])
            return len(ids)
        return work

    figures["list_rows"] = note("list_by_name", opening(ListQuery()))
    note("list_by_close_desc", opening(ListQuery(sort="close", descending=True)))
    figures["list_quarter_rows"] = note("list_open_this_quarter", opening(
        ListQuery(filters=("closing_this_quarter",))))
    services.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--fresh", action="store_true", help="make the database again")
    args = parser.parse_args()
    path, made = make_database(args.contacts, args.fresh)
    with sqlite3.connect(path) as conn:
        counts = {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                  for table in ("contact", "account", "lead", "opportunity", "quote",
                                "quote_line")}
        counts["open"] = conn.execute(
            "SELECT count(*) FROM opportunity WHERE status = 'open'").fetchone()[0]
    figures: dict[str, Any] = {**counts, "demo_s": made} | in_process(path)
    print(json.dumps(figures, indent=2))
    f = figures
    print(f"board: totals {f['pipeline_totals_ms']} ms + {len(f) and f['board_cards']:,} cards "
          f"{f['board_columns_ms']} ms = {f['board_ms']} ms (CPU "
          f"{f['pipeline_totals_cpu_ms'] + f['board_columns_cpu_ms']:.1f}); first 100 a "
          f"column {f['board_first_100_ms']} ms (target 300)\n"
          f"forecast, 12 months: {f['forecast_ms']} ms, CPU {f['forecast_cpu_ms']} ms "
          f"(target 300)\n"
          f"opportunities list opens ({f['list_rows']:,} rows): by name "
          f"{f['list_by_name_ms']} ms, by close date {f['list_by_close_desc_ms']} ms, open "
          f"this quarter ({f['list_quarter_rows']:,}) {f['list_open_this_quarter_ms']} ms "
          f"(target 100)")


if __name__ == "__main__":
    main()
