"""Whole-process timing of `crmdesk import FILE.ics`: a generated calendar into a new database.

    python benchmarks/bench_ics_import.py [--events 10000] [--seed 1] [--runs 3]

The file is made here, seeded: appointments over two years in a handful of zones
(Outlook's Windows names among them, with their VTIMEZONE blocks), a few floating and
all-day ones, about 5 % weekly or monthly series with an EXDATE and a changed
occurrence, tasks, attendees, categories and alarms, folded as Outlook folds.  The
timing is the child process's, start-up included, best of ``--runs`` (the median is
shown too: on a shared 2-core machine runs vary by 10-20 %); a second import of the
same file (everything found, nothing new) is timed as well.  The target: a 10,000-event
file in at most 5 s.
"""

from __future__ import annotations

import argparse
import compileall
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ZONES = ["Europe/Copenhagen", "Europe/Berlin", "America/New_York", "Asia/Tokyo",
         "Romance Standard Time", "UTC", ""]
ROMANCE = """BEGIN:VTIMEZONE
TZID:Romance Standard Time
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE"""
WORDS = ("pipeline review offer demo workshop kick-off follow-up contract renewal budget "
         "planning visit lunch board call training").split()


def fold(line: str) -> str:
    data = line.encode()
    out = [data[:75]]
    data = data[75:]
    while data:
        out.append(b" " + data[:74])
        data = data[74:]
    return b"\r\n".join(out).decode("utf-8", errors="ignore")


def when(name: str, moment: datetime, zone: str) -> str:
    if zone == "UTC":
        return f"{name}:{moment:%Y%m%dT%H%M%S}Z"
    if zone:
        return f"{name};TZID={zone}:{moment:%Y%m%dT%H%M%S}"
    return f"{name}:{moment:%Y%m%dT%H%M%S}"


def generate(path: Path, events: int, seed: int) -> None:
    rng = random.Random(seed)
    first = datetime(2026, 1, 5, 8)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//crmdesk ics//EN", ROMANCE]
    made = 0
    while made < events:
        made += 1
        uid = f"bench-{made}@example.com"
        start = first + timedelta(days=rng.randrange(730), hours=rng.randrange(10),
                                  minutes=rng.choice((0, 15, 30, 45)))
        zone = rng.choice(ZONES)
        subject = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5))).capitalize()
        body = [f"UID:{uid}", "DTSTAMP:20260101T000000Z", f"SUMMARY:{subject}",
                f"SEQUENCE:{rng.randrange(3)}"]
        if rng.random() < 0.08:  # a task
            kind = "VTODO"
            body += [when("DUE", start, zone), f"PRIORITY:{rng.choice((1, 5, 9))}",
                     f"PERCENT-COMPLETE:{rng.choice((0, 25, 50))}"]
        elif rng.random() < 0.05:  # all day
            kind = "VEVENT"
            body += [f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
                     f"DTEND;VALUE=DATE:{start + timedelta(days=rng.randint(1, 3)):%Y%m%d}"]
        else:
            kind = "VEVENT"
            body += [when("DTSTART", start, zone),
                     when("DTEND", start + timedelta(minutes=rng.choice((30, 60, 90))), zone)]
        body.append(f"LOCATION:Room {rng.randint(1, 40)}\\, building {rng.choice('ABC')}")
        body.append("DESCRIPTION:" + " ".join(rng.choice(WORDS) for _ in range(30)))
        body.append(f"CATEGORIES:{rng.choice(('Sales', 'Support', 'Internal'))}")
        body.append(f"ORGANIZER;CN=Owner:mailto:owner{rng.randrange(20)}@example.com")
        for n in range(rng.randint(0, 3)):
            body.append(f"ATTENDEE;CN=Guest {n};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION"
                        f":mailto:guest{rng.randrange(5000)}@example.org")
        if rng.random() < 0.5:
            body += ["BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:Reminder",
                     f"TRIGGER:-PT{rng.choice((5, 15, 30))}M", "END:VALARM"]
        series = kind == "VEVENT" and zone != "" and rng.random() < 0.05
        if series:
            body.append(rng.choice(("RRULE:FREQ=WEEKLY;BYDAY=MO,WE",
                                    "RRULE:FREQ=MONTHLY;BYDAY=2TU;COUNT=24",
                                    "RRULE:FREQ=WEEKLY;INTERVAL=2")))
            body.append(when("EXDATE", start + timedelta(days=14), zone))
        lines += [f"BEGIN:{kind}", *map(fold, body), f"END:{kind}"]
        if series and made < events:  # one occurrence moved an hour
            made += 1
            rid = start + timedelta(days=7)
            lines += ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20260101T000000Z",
                      when("RECURRENCE-ID", rid, zone),
                      when("DTSTART", rid + timedelta(hours=1), zone),
                      when("DTEND", rid + timedelta(hours=2), zone),
                      f"SUMMARY:{subject} (moved)", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))


def crmdesk(*args: str) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "crmdesk", *args], stdout=subprocess.PIPE,
                          check=False)
    took = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"crmdesk {' '.join(args)} failed ({done.returncode})")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    compileall.compile_dir(str(Path(__file__).resolve().parents[1] / "crmdesk"), quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "calendar.ics"
        generate(source, args.events, args.seed)
        size = os.path.getsize(source) / 1e6
        first, again = [], []
        for run in range(args.runs):
            db = Path(tmp) / f"run{run}.db"
            first.append(crmdesk("--db", str(db), "import", str(source)))
            again.append(crmdesk("--db", str(db), "import", str(source)))
        print(f"{args.events:,} events ({size:.1f} MB), whole process, best of {args.runs}:")
        print(f"  into a new database: {min(first):.2f} s (median "
              f"{statistics.median(first):.2f} s)")
        print(f"  the same file again (nothing new): {min(again):.2f} s (median "
              f"{statistics.median(again):.2f} s)")


if __name__ == "__main__":
    main()
