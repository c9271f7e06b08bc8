"""A busy March with a daylight-saving change, seen the quick ways: the month view reads
each day's first items and how many it has, and ``crmdesk agenda`` reads through a plain
sqlite3 connection.  Both show exactly what reading every occurrence shows."""

from __future__ import annotations

import random
import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest
from conftest import make_contact

from crmdesk.kinds import RecordRef
from crmdesk.records import ActivityKind, ActivityRecord
from crmdesk.services import occurrences
from crmdesk.sqlite_file import plain_reader
from crmdesk.timezones import override

FIRST = date(2026, 2, 23)  # the Monday before March 2026; Copenhagen moves on the 29th
DAYS = 42
CPH, NYC = "Europe/Copenhagen", "America/New_York"


def at(day: date, hour: float) -> datetime:
    return datetime.combine(day, time()) + timedelta(hours=hour)


@pytest.fixture
def march(services):
    fill_march(services)
    yield services
    override(None)


def fill_march(services) -> None:  # noqa: ANN001 - Services
    """Meetings by the dozen on two days (the same few times and subjects, so a day's
    first ones are decided by ties), all-day and floating items, items across midnight
    and into the month, a ten-day fair, calls and tasks, and series with a moved, a
    cancelled and a skipped occurrence."""
    rng = random.Random(14)
    anna = services.contacts.save(make_contact("Anna", "Berg"))
    save = services.activities.save
    subjects = ("Pipeline review", "Demo", "Pricing call")
    for day in (date(2026, 3, 10), date(2026, 3, 29)):
        for n in range(14):
            start = at(day, rng.choice((9, 9.5, 10, 2.5)))
            save(ActivityRecord(kind=rng.choice((ActivityKind.APPOINTMENT,) * 3
                                                + (ActivityKind.CALL, ActivityKind.TASK)),
                                subject=rng.choice(subjects), start=start,
                                end=start + timedelta(minutes=rng.choice((0, 30, 60))),
                                tzid=rng.choice((CPH, CPH, NYC, "")),
                                regarding=RecordRef("contact", anna.id) if n % 3 else None))
    for letter in "FEDCBA":  # saved in this order: the ids run against the subjects
        save(ActivityRecord(subject=f"{letter} call", start=at(date(2026, 3, 19), 8),
                            end=at(date(2026, 3, 19), 8.5), tzid=CPH))
    for hour in (14, 10, 12, 11, 13):  # and a day of one meeting an hour
        save(ActivityRecord(subject="Training", start=at(date(2026, 3, 24), hour),
                            end=at(date(2026, 3, 24), hour + 1), tzid=CPH))
    for day in range(-5, DAYS + 2, 3):
        start = at(FIRST + timedelta(days=day), rng.randrange(0, 24))
        save(ActivityRecord(subject=f"Visit {day}", start=start,
                            end=start + timedelta(hours=rng.choice((1, 3, 30))),
                            tzid=rng.choice((CPH, NYC, ""))))
    for first, days in ((date(2026, 2, 20), 5), (date(2026, 3, 12), 1), (date(2026, 3, 27), 3),
                        (date(2026, 4, 5), 1), (date(2026, 4, 6), 1), (date(2026, 3, 16), 0)):
        save(ActivityRecord(subject=f"Away {first}", all_day=True, start=at(first, 0),
                            end=at(first, 24 * days)))
    save(ActivityRecord(subject="Fair", start=at(date(2026, 3, 1), 9),
                        end=at(date(2026, 3, 11), 17), tzid=CPH))
    for day, tzid in ((date(2026, 3, 3), CPH), (FIRST, CPH), (FIRST, ""),
                      (FIRST + timedelta(days=DAYS), CPH)):  # no length, at midnight
        save(ActivityRecord(kind=ActivityKind.CALL, subject=f"Midnight call {tzid}",
                            start=at(day, 0), tzid=tzid))
    save(ActivityRecord(subject="Away the day before", all_day=True,
                        start=at(FIRST - timedelta(days=1), 0), end=at(FIRST, 0)))
    save(ActivityRecord(subject="Late", start=at(date(2026, 2, 22), 23),
                        end=at(date(2026, 2, 23), 1), tzid=CPH))
    weekly = save(ActivityRecord(subject="Stand-up", start=at(date(2026, 1, 5), 9),
                                 end=at(date(2026, 1, 5), 9.25), tzid=CPH,
                                 rrule="FREQ=WEEKLY;BYDAY=MO,WE,FR",
                                 exdates=[at(date(2026, 3, 11), 9)]))
    moved = services.activities.occurrence_record(weekly.id, at(date(2026, 3, 9), 9))
    services.activities.change_occurrence(weekly.id, at(date(2026, 3, 9), 9), replace(
        moved, start=at(date(2026, 3, 10), 9), end=at(date(2026, 3, 10), 10)))
    services.activities.cancel_occurrence(weekly.id, at(date(2026, 3, 13), 9))
    save(ActivityRecord(subject="Daily check", start=at(date(2026, 3, 20), 2.5),
                        end=at(date(2026, 3, 20), 3), tzid=CPH, rrule="FREQ=DAILY;COUNT=20"))
    save(ActivityRecord(subject="Board", start=at(date(2025, 11, 11), 14),
                        end=at(date(2025, 11, 11), 16), tzid=NYC,
                        rrule="FREQ=MONTHLY;BYDAY=2TU"))
    save(ActivityRecord(kind=ActivityKind.TASK, subject="Report", all_day=True,
                        start=at(date(2026, 1, 2), 0), end=at(date(2026, 1, 3), 0),
                        rrule="FREQ=WEEKLY;COUNT=30"))


def by_day(services, kinds, shown: int) -> list[occurrences.Day]:
    """What the month shows, worked out from every occurrence of its six weeks."""
    zone = services.activities.display_zone()
    start = datetime.combine(FIRST, time(), zone)
    every = services.activities.occurrences(start, start + timedelta(days=DAYS), kinds=kinds)
    days: list[list[occurrences.Occurrence]] = [[] for _ in range(DAYS)]
    for item in every:
        for index in occurrences.days_shown(item, FIRST, DAYS):
            days[index].append(item)
    return [occurrences.Day(sorted(d, key=occurrences.day_order)[:shown], len(d))
            for d in days]


@pytest.mark.parametrize("zone", [CPH, NYC, "Asia/Tokyo", "America/Santiago"])
@pytest.mark.parametrize("kinds", [None, ("appointment", "call")])
def test_the_month_shows_each_days_first_items_and_counts_as_reading_all_does(
        march, zone, kinds) -> None:
    override(zone)
    for shown in (1, 2, 3, 4, 5, 50):
        month = march.activities.month(FIRST, DAYS, shown, kinds=kinds)
        assert month == by_day(march, kinds, shown), (zone, shown)
    busy = month[(date(2026, 3, 29) - FIRST).days]
    assert busy.total > 4 and len(busy.first) == busy.total  # all 50 fit


def test_a_day_lists_items_at_the_same_time_by_subject(march) -> None:
    override(CPH)
    month = march.activities.month(FIRST, DAYS, 3, kinds=("appointment",))
    day = month[(date(2026, 3, 19) - FIRST).days]
    assert [i.subject for i in day.first] == ["A call", "B call", "C call"]
    assert day.total == 6


@pytest.mark.parametrize("zone", [CPH, NYC])
def test_the_quick_read_of_crmdesk_agenda_lists_what_the_service_lists(march, db_url,
                                                                      zone) -> None:
    override(zone)
    display = march.activities.display_zone()
    conn = plain_reader(db_url)
    assert conn is not None
    try:
        quick = occurrences.sqlite_execute(conn)
        for first, days in ((FIRST, DAYS), (date(2026, 3, 29), 1), (date(2026, 3, 9), 7)):
            start = datetime.combine(first, time(), display)
            end = start + timedelta(days=days)
            for kinds in (None, ["call"], ["appointment", "task"]):
                assert occurrences.read(quick, display, start, end, kinds=kinds) == \
                    march.activities.occurrences(start, end, kinds=kinds)
    finally:
        conn.close()


def test_a_database_of_an_older_crmdesk_is_upgraded_by_agenda_as_before(tmp_path,
                                                                        capsys) -> None:
    """Not read the quick way: the ordinary opening backs it up and upgrades it."""
    from crmdesk import db
    from crmdesk.cli import main

    path = tmp_path / "old.db"
    engine = db.make_engine(f"sqlite:///{path}")
    db.upgrade(engine, "0011")  # before activities
    engine.dispose()
    assert plain_reader(f"sqlite:///{path}") is None
    assert main(["--db", str(path), "agenda", "--from", "2026-03-01"]) == 0
    assert "Nothing in that range." in capsys.readouterr().err
    assert len(list(tmp_path.glob("old.before-*.db"))) == 1
    upgraded = plain_reader(f"sqlite:///{path}")
    assert upgraded is not None
    upgraded.close()
    assert plain_reader("postgresql+psycopg://nobody@localhost/crm") is None


def test_crmdesk_agenda_on_an_up_to_date_database_loads_no_sqlalchemy(march, db_url) -> None:
    code = ("import sys; from crmdesk.cli import main; "
            f"code = main(['--db', {db_url.removeprefix('sqlite:///')!r}, '--tz', {CPH!r}, "
            "'agenda', '--from', '2026-03-29', '--to', '2026-03-30']); "
            "print(code, sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out[-1] == "0 []"
    assert any("Daily check" in line for line in out)
