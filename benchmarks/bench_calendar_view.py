"""Figures for the Calendar view at 200,000 activities, 2,000 of them repeating series.

    QT_QPA_PLATFORM=offscreen PYTHONPATH=. python benchmarks/bench_calendar_view.py [--fresh]

Builds benchmarks/data/calendar-200k.db once (activities spread over three years
around today, in random order on disk, through the service's own range derivation),
then prints the median time of opening each mode of the Calendar view in-process: the
one read of the visible range (the month: each day's first items and its count), the
layout, and one paint, with the CPU time beside it, which other work on a shared
machine disturbs less.  Target for the month: 100 ms.  Run it with the checkout first on
the path (``PYTHONPATH=.``), or it measures the installed crmdesk.  A benchmark, not a
test: it prints, it does not judge.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
ACTIVITIES = 200_000
SERIES = 2_000
RULES = ("FREQ=WEEKLY;BYDAY=MO", "FREQ=DAILY;COUNT=30", "FREQ=MONTHLY;BYDAY=2TU",
         "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH", "FREQ=YEARLY")


def build(path: Path) -> None:
    """Rows made by the service's own ``apply`` (so their range columns are derived as a
    save derives them), written in one insert."""
    from sqlalchemy import insert

    from crmdesk.models.activity import Activity
    from crmdesk.records import ActivityKind, ActivityRecord
    from crmdesk.services.wiring import Services

    services = Services.open(f"sqlite:///{path}")
    rng = random.Random(14)
    first = datetime.combine(date.today() - timedelta(days=540), datetime.min.time())
    kinds = (ActivityKind.APPOINTMENT,) * 5 + (ActivityKind.CALL,) * 3 + (
        ActivityKind.TASK,) * 2 + (ActivityKind.NOTE,)
    columns = [c.key for c in Activity.__table__.columns if c.key != "id"]
    rows = []
    with services.db.sessions() as session:
        for n in range(ACTIVITIES):
            start = first + timedelta(days=rng.randrange(1080), hours=rng.randrange(7, 18),
                                      minutes=rng.choice((0, 15, 30, 45)))
            record = ActivityRecord(
                kind=rng.choice(kinds), subject=f"Activity {n}", tzid="Europe/Copenhagen",
                start=start, end=start + timedelta(minutes=rng.choice((15, 30, 60, 90))),
                uid=f"bench-{n}@crmdesk", rrule=RULES[n % len(RULES)] if n < SERIES else "")
            row = Activity(uid=record.uid)
            services.activities.apply(session, row, record)
            rows.append({key: getattr(row, key) for key in columns})
        session.expunge_all()
    now = datetime.now()
    for row in rows:
        row.update(created=now, modified=now, version=1)
    with services.db.writing() as session:
        session.execute(insert(Activity), rows)
    services.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    scratch = tempfile.mkdtemp(prefix="crmdesk-bench-")  # the window's settings go here
    os.environ["XDG_CONFIG_HOME"] = scratch + "/config"
    os.environ["XDG_DATA_HOME"] = scratch + "/data"
    DATA.mkdir(exist_ok=True)
    path = DATA / "calendar-200k.db"
    if args.fresh or not path.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        began = time.perf_counter()
        build(path)
        print(f"built {path.name}: {ACTIVITIES:,} activities, {SERIES:,} series, "
              f"{time.perf_counter() - began:.1f} s")

    from crmdesk.services.wiring import Services
    from crmdesk.timezones import override
    from crmdesk.ui.app import application
    from crmdesk.ui.calendar.calendar_view import CalendarView, Mode
    from crmdesk.ui.messages import Messages
    from crmdesk.ui.tasks import Tasks

    override("Europe/Copenhagen")
    app = application()
    services = Services.open(f"sqlite:///{path}", create=False)
    reading = [0.0]

    def timed(read):  # noqa: ANN001, ANN202
        def read_timed(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            began = time.perf_counter()
            try:
                return read(*args, **kwargs)
            finally:
                reading[0] += time.perf_counter() - began
        return read_timed

    for name in ("occurrences", "month"):  # the month view reads each day's first items
        setattr(services.activities, name, timed(getattr(services.activities, name)))
    began = time.perf_counter()
    view = CalendarView(services, Messages(), Tasks())
    view.resize(1280, 800)
    view.show()
    app.processEvents()
    print(f"first open (range and {len(view.todo)} open tasks): "
          f"{(time.perf_counter() - began) * 1000:.0f} ms")
    print("mode       median  (service read / layout and paint)   max       CPU   "
          "occurrences")
    for mode in Mode:
        times, reads, cpu, shown = [], [], [], 0
        for run in range(args.runs):
            view.anchor = date.today() + timedelta(days=35 * run)
            reading[0] = 0.0
            began, began_cpu = time.perf_counter(), time.process_time()
            view.set_mode(mode)
            view.grab()
            times.append(time.perf_counter() - began)
            cpu.append(time.process_time() - began_cpu)
            reads.append(reading[0])
            shown = len(view.occurrences)
        total, read = statistics.median(times) * 1000, statistics.median(reads) * 1000
        print(f"{mode.name.lower():10} {total:6.1f} ms ({read:6.1f} / {total - read:6.1f} ms)"
              f"          {max(times) * 1000:6.1f} ms  {statistics.median(cpu) * 1000:6.1f} ms"
              f"  {shown}")
    services.close()
    sys.exit(0)


if __name__ == "__main__":
    main()
