"""Figures for the service issue, at 100,000 contacts, 50,000 opportunities and 50,000
cases.

    python benchmarks/bench_service.py [--contacts 100000] [--fresh]

The database is made once by ``crmdesk demo --contacts N`` (one opportunity and one case
per two contacts, seven campaigns with their members) in benchmarks/data/.  Times,
in-process and after a warm-up, the median of 20 runs of what the views ask the
services for:

- the dashboard: ``dashboard.dashboard`` (the pipeline, the forecast, won and lost by
  month, open cases by priority and age, every campaign's results), and its parts;
- the cases list as it opens: the Lister's ordered ids and the first page of display
  rows (200), sorted by title, and "my open cases" sorted by priority;
- a campaign's results, the largest campaign's members list.

Targets (issue 16): the dashboard renders in at most 300 ms, the cases list opens in at
most 100 ms; these service calls are the part of that the database and Python spend
before anything is painted (the charts are drawn by the dashboard's widgets).  A
benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
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

from bench_sales import timed  # noqa: E402


def make_database(n: int, fresh: bool) -> tuple[Path, float | None]:
    """The demo database of ``n`` contacts with its cases; made again if ``fresh`` or if
    it was made before the demo had cases."""
    DATA.mkdir(exist_ok=True)
    path = DATA / f"service-{n}.db"
    if path.exists() and not fresh:
        with sqlite3.connect(path) as conn:
            if conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'service_case'"
                            ).fetchone()[0]:
                return path, None
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "crmdesk", "--db", str(path), "demo",
                    "--contacts", str(n)], check=True, stderr=subprocess.DEVNULL,
                   cwd=HERE.parent)
    return path, time.perf_counter() - start


def in_process(path: Path) -> dict[str, Any]:
    from crmdesk.services import dashboard, pipeline
    from crmdesk.services.listing import ListQuery
    from crmdesk.services.wiring import Services

    services = Services.open("sqlite:///" + str(path), create=False)
    today = date.today()
    figures: dict[str, Any] = {}

    def note(name: str, work: Callable[[], Any]) -> Any:
        wall, cpu, result = timed(work)
        figures[f"{name}_ms"], figures[f"{name}_cpu_ms"] = round(wall, 1), round(cpu, 1)
        return result

    board = note("dashboard", lambda: dashboard.dashboard(services, today))
    figures["open_cases"] = board.open_cases.open
    note("dash_pipeline", lambda: pipeline.pipeline(services.db))
    note("dash_forecast", lambda: pipeline.forecast(services.db, today))
    note("dash_won_lost", lambda: dashboard.won_lost(services, today))
    note("dash_open_cases", lambda: dashboard.open_cases(services, today))
    note("dash_campaigns", lambda: services.campaigns.all_results())
    lister = services.cases

    def opening(query: ListQuery) -> Callable[[], int]:
        def work() -> int:
            ids = lister.ids(query)
            lister.rows(ids[:PAGE])
            return len(ids)
        return work

    figures["cases_rows"] = note("cases_by_title", opening(ListQuery()))
    figures["open_rows"] = note("open_by_priority", opening(
        ListQuery(filters=("open",), sort="priority")))
    note("cases_search", opening(ListQuery(text="scanner")))
    biggest = max(board.campaigns, key=lambda r: r.members)
    figures["largest_campaign_members"] = biggest.members
    note("campaign_results", lambda: services.campaigns.results(biggest.id))
    note("campaign_members", lambda: services.campaigns.members(biggest.id))
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
                  for table in ("contact", "account", "lead", "opportunity", "service_case",
                                "campaign", "campaign_member", "campaign_response")}
    figures: dict[str, Any] = {**counts, "demo_s": made} | in_process(path)
    print(json.dumps(figures, indent=2))
    f = figures
    print(f"dashboard: {f['dashboard_ms']} ms, CPU {f['dashboard_cpu_ms']} ms (target 300): "
          f"pipeline {f['dash_pipeline_ms']}, forecast {f['dash_forecast_ms']}, won/lost "
          f"{f['dash_won_lost_ms']}, open cases {f['dash_open_cases_ms']}, campaigns "
          f"{f['dash_campaigns_ms']}\n"
          f"cases list opens ({f['cases_rows']:,} rows): by title {f['cases_by_title_ms']} ms"
          f", open by priority ({f['open_rows']:,}) {f['open_by_priority_ms']} ms, search "
          f"{f['cases_search_ms']} ms (target 100)")


if __name__ == "__main__":
    main()
