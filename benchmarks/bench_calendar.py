"""Figures for the calendar issue, at 100,000 contacts and about 200,000 activities.

    PYTHONPATH=. python benchmarks/bench_calendar.py [--contacts 100000] [--fresh]

The database is made once by ``crmdesk demo --contacts N`` (about two activities a
contact, one series per 50 contacts) in benchmarks/data/.  Prints, in-process: what the
month view reads for its six weeks around today (``services.activities.month``, each
day's first ``MONTH_LINES`` and its count, median of 20), and beside it every occurrence
of those weeks (``occurrences``, what the agenda and printing read); a contact's history
(median over the 50 contacts with the most activities); and ``crmdesk agenda`` for a
week as a whole process (median of 5).  Targets: 100 ms (the month view), 100 ms,
0.5 s.  Each figure comes with the CPU time it took (``_cpu``), which other work on a
shared machine disturbs less than the wall clock.  Run it with the checkout first on
the path (``PYTHONPATH=. python benchmarks/bench_calendar.py``), or the in-process
figures are those of the installed crmdesk.  A benchmark, not a test: it prints, it does
not judge.
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
#: the lines a month day is read for: what a 1280x800 window's month asks on a
#: 1080-line screen (``MonthGrid.most_lines``)
MONTH_LINES = 9


def make_database(n: int, fresh: bool) -> tuple[Path, float | None]:
    """The demo database of ``n`` contacts with its calendar; made again if ``fresh`` or
    if it was made before the demo had a calendar."""
    DATA.mkdir(exist_ok=True)
    path = DATA / f"calendar-{n}.db"
    if path.exists() and not fresh:
        with sqlite3.connect(path) as conn:
            if conn.execute("SELECT count(*) FROM activity").fetchone()[0]:
                return path, None
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "crmdesk", "--db", str(path), "demo",
                    "--contacts", str(n)], check=True, stderr=subprocess.DEVNULL)
    return path, time.perf_counter() - start


def month_grid(today: date) -> tuple[date, date]:
    """The six weeks a month view shows: from the Monday on or before the 1st."""
    first = today.replace(day=1)
    monday = first - timedelta(days=first.weekday())
    return monday, monday + timedelta(days=42)


def busiest_contacts(path: Path, count: int) -> list[int]:
    with sqlite3.connect(path) as conn:
        return [cid for (cid,) in conn.execute(
            "SELECT regarding_id FROM activity WHERE regarding_kind = 'contact' "
            "GROUP BY regarding_id ORDER BY count(*) DESC, regarding_id LIMIT ?", (count,))]


def in_process(path: Path) -> dict[str, float]:
    from crmdesk.kinds import RecordRef
    from crmdesk.services.wiring import Services

    services = Services.open("sqlite:///" + str(path), create=False)
    activities = services.activities
    zone = activities.display_zone()
    low, high = month_grid(datetime.now(zone).date())
    start, end = (datetime.combine(d, clock(), zone) for d in (low, high))
    found = activities.occurrences(start, end)  # warm up: pages in, zones loaded
    month, month_cpu = _timed(lambda: activities.month(low, (high - low).days, MONTH_LINES))
    every, every_cpu = _timed(lambda: activities.occurrences(start, end))
    people = busiest_contacts(path, 50)
    history, history_cpu, entries = [], [], []
    activities.history(RecordRef("contact", people[-1]))
    for cid in people:
        t, c = time.perf_counter(), time.process_time()
        entries.append(len(activities.history(RecordRef("contact", cid))))
        history.append(time.perf_counter() - t)
        history_cpu.append(time.process_time() - c)
    services.close()
    return {"month_ms": statistics.median(month) * 1000,
            "month_cpu_ms": statistics.median(month_cpu) * 1000,
            "six_weeks_ms": statistics.median(every) * 1000,
            "six_weeks_cpu_ms": statistics.median(every_cpu) * 1000,
            "month_occurrences": len(found),
            "month_days": (high - low).days,
            "history_ms": statistics.median(history) * 1000,
            "history_cpu_ms": statistics.median(history_cpu) * 1000,
            "history_max_ms": max(history) * 1000,
            "history_entries": statistics.median(entries)}


def _timed(read: Callable[[], object], runs: int = 20) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of each of ``runs`` reads."""
    wall, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        read()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return wall, cpu


def agenda_process(path: Path) -> dict[str, float]:
    today = date.today()
    args = [sys.executable, "-m", "crmdesk", "--db", str(path), "agenda", "--from",
            today.isoformat(), "--to", (today + timedelta(days=7)).isoformat()]
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)  # warm the OS cache
    runs, cpu = [], []
    for _ in range(5):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        out = subprocess.run(args, check=True, stdout=subprocess.PIPE).stdout
        runs.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return {"agenda_week_s": statistics.median(runs), "agenda_week_cpu_s": statistics.median(cpu),
            "agenda_lines": out.count(b"\n")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--fresh", action="store_true", help="make the database again")
    args = parser.parse_args()
    path, made = make_database(args.contacts, args.fresh)
    with sqlite3.connect(path) as conn:
        activities, series = conn.execute(
            "SELECT count(*), sum(rrule != '') FROM activity").fetchone()
    figures: dict[str, float | int | None] = {
        "contacts": args.contacts, "activities": activities, "series": series,
        "demo_s": made}
    figures |= in_process(path)
    figures |= agenda_process(path)
    print(json.dumps(figures, indent=2))
    print(f"month view ({figures['month_days']} days, {MONTH_LINES} lines a day of "
          f"{figures['month_occurrences']} occurrences): {figures['month_ms']:.1f} ms, CPU "
          f"{figures['month_cpu_ms']:.1f} ms (target 100)\n"
          f"every occurrence of those days: {figures['six_weeks_ms']:.1f} ms, CPU "
          f"{figures['six_weeks_cpu_ms']:.1f} ms\n"
          f"a contact's history (median {figures['history_entries']:.0f} entries): "
          f"{figures['history_ms']:.1f} ms, CPU {figures['history_cpu_ms']:.1f} ms "
          f"(target 100)\n"
          f"crmdesk agenda for a week, whole process: {figures['agenda_week_s']:.2f} s, CPU "
          f"{figures['agenda_week_cpu_s']:.2f} s (target 0.5)")


if __name__ == "__main__":
    main()
