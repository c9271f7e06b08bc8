"""Every real calendar file of the corpus, imported, shows in the agenda exactly the
occurrences ``recurring-ical-events`` computes from the same file: the same start and end
moments, as many times, per UID, over two years from its first event.

The corpus is ``../shared/corpus/calendars/files`` (read only; origins and licences in
its MANIFEST.tsv).  Where crmdesk shows something else on purpose, the difference is in
``DIFFERENT`` with the reason, and the test checks it is exactly that difference.
"""

from __future__ import annotations

import collections
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from crmdesk.services.importing import ImportSource, services_for
from crmdesk.timezones import override

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "calendars" / "files"
FILES = sorted(CORPUS.glob("*/*.ics"))
SHOWN = ZoneInfo("Europe/Copenhagen")

Moment = datetime | date
Seen = collections.Counter[tuple[str, Moment, Moment]]


@pytest.fixture(autouse=True)
def copenhagen():
    override("Europe/Copenhagen")
    yield
    override(None)


def moment(value: Moment) -> Moment:
    """A timed value as a UTC moment (a floating one read in the display zone); a date
    as it is."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=SHOWN)).astimezone(UTC)
    return value


def window(path: Path) -> tuple[datetime, datetime]:
    """Two years from a day before the file's first event."""
    firsts = []
    for calendar in icalendar.Calendar.from_ical(path.read_bytes(), multiple=True):
        for event in calendar.walk("VEVENT"):
            start = event.get("DTSTART")
            if start is None:
                continue
            value = start.dt
            if not isinstance(value, datetime):
                value = datetime.combine(value, datetime.min.time())
            firsts.append(moment(value))
    if not firsts:  # tasks only: the agenda of appointments is empty
        return datetime(1990, 1, 1, tzinfo=UTC), datetime(2040, 1, 1, tzinfo=UTC)
    first = min(firsts)
    assert isinstance(first, datetime)
    return first - timedelta(days=1), first + timedelta(days=730)


def oracle(path: Path, low: datetime, high: datetime) -> Seen:
    """What ``recurring-ical-events`` shows; events without DTSTART (replies, which it
    cannot expand) left out: crmdesk reports each of them."""
    seen: Seen = collections.Counter()
    for calendar in icalendar.Calendar.from_ical(path.read_bytes(), multiple=True):
        calendar.subcomponents = [c for c in calendar.subcomponents
                                  if c.name != "VEVENT" or "DTSTART" in c]
        for event in recurring_ical_events.of(calendar).between(low, high):
            start = event.start
            seen[(str(event.get("UID", "")), moment(start), moment(event.end))] += 1
    return seen


def shown(services, low: datetime, high: datetime) -> Seen:
    seen: Seen = collections.Counter()
    for o in services.activities.occurrences(low, high, kinds=("appointment", "call")):
        seen[(o.uid, moment(o.start), moment(o.end))] += 1
    return seen


def imported(services, path: Path):
    importer, _ = services_for(services)
    return importer.run([ImportSource(str(path))])


#: file -> (why crmdesk shows something else, the UIDs whose occurrences differ)
DIFFERENT: dict[str, tuple[str, set[str]]] = {
    "ical4j/incoming.ics": (
        "iTIP messages about one meeting (REQUEST, its updates and a COUNTER, with one "
        "UID): crmdesk keeps one activity per UID, the copy with the highest SEQUENCE "
        "(a later one on a tie), as a calendar does; the oracle expands every copy",
        {"calsrv.example.com-873970198738777@example.com"}),
    "recurring/end_before_start_event.ics": (
        "DTEND before DTSTART: crmdesk keeps DTSTART (the series and its RECURRENCE-IDs "
        "hang on it) with no length and reports it; the oracle swaps start and end",
        {"UYDQSG9TH4DE0WM3QFL2J"}),
    "recurring/issue_201_mixed_datetime_and_date.ics": (
        "DTSTART a date, DTEND a time: crmdesk makes an all-day item over the days "
        "written; the oracle turns the dates into midnights in UTC",
        {"19970901T130000Z-123403@example.com"}),
    "recurring/issue_201_test_matrix.ics": (
        "the same, for every mix of DATE, floating and UTC; and a floating start with a "
        "UTC end: crmdesk reads both in the display zone, the oracle reads the start in "
        "UTC",
        {"VEVENT-DATE-DATETIME", "VEVENT-DATE-HOURS", "VEVENT-DATE-UTC",
         "VEVENT-DATETIME-UTC"}),
}


def _made_uids_blank(seen: Seen) -> Seen:
    """The UIDs crmdesk made for events without one, blank as the oracle has them."""
    out: Seen = collections.Counter()
    for (uid, start, end), n in seen.items():
        out[("" if uid.endswith("@crmdesk-import") else uid, start, end)] += n
    return out


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_agenda_shows_the_occurrences_the_file_defines(services, path: Path) -> None:
    report = imported(services, path)
    assert not report.unreadable_files
    low, high = window(path)
    expected = oracle(path, low, high)
    got = shown(services, low, high)
    got = _made_uids_blank(got)
    differ = {uid for uid, *_ in (expected - got) + (got - expected)}
    name = f"{path.parent.name}/{path.name}"
    reason, uids = DIFFERENT.get(name, ("", set()))
    assert differ == uids, (
        f"{reason or 'no difference expected'}; missing "
        f"{sorted((expected - got).items(), key=str)[:5]}; extra "
        f"{sorted((got - expected).items(), key=str)[:5]}")


def test_the_deliberate_differences_are_what_they_say(services) -> None:
    """Each difference above, as a user would see it."""
    files = {f"{p.parent.name}/{p.name}": p for p in FILES}
    report = imported(services, files["recurring/end_before_start_event.ics"])
    assert any("ends" in r.reason and "before it starts" in r.reason for r in report.repairs)
    low, high = window(files["recurring/end_before_start_event.ics"])
    first = min(services.activities.occurrences(low, high), key=lambda o: o.start)
    assert first.start == first.end == datetime(2019, 3, 4, 8, 30, tzinfo=SHOWN)
    imported(services, files["recurring/issue_201_mixed_datetime_and_date.ics"])
    mixed = [o for o in services.activities.occurrences(
        datetime(2023, 7, 1, tzinfo=UTC), datetime(2023, 9, 1, tzinfo=UTC))]
    assert [(o.all_day, o.start, o.end) for o in mixed] == [
        (True, date(2023, 7, 24), date(2023, 8, 17))]
    report = imported(services, files["ical4j/incoming.ics"])
    meeting = [o for o in services.activities.occurrences(
        datetime(1996, 1, 1, tzinfo=UTC), datetime(1998, 1, 1, tzinfo=UTC))
        if o.uid == "calsrv.example.com-873970198738777@example.com"]
    assert len(meeting) == 1
    assert sum("no start" in p.reason for p in report.problems) == 5
