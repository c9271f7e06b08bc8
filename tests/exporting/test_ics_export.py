"""A salesperson takes their crmdesk calendar to Outlook or Google: the file holds every
series with its exceptions, zones and reminders, other calendar software reads the same
occurrences from it, and importing it back gives the calendar it came from."""

from __future__ import annotations

import collections
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from conftest import make_contact

from crmdesk.records import (
    ActivityKind,
    ActivityRecord,
    ActivityStatus,
    EmailEntry,
    ParticipantEntry,
)
from crmdesk.services.exporting import ExportError, export
from crmdesk.services.importing import ImportSource, services_for
from crmdesk.services.wiring import Services
from crmdesk.settings import Settings
from crmdesk.timezones import override

CPH = ZoneInfo("Europe/Copenhagen")
NY = ZoneInfo("America/New_York")
LOW = datetime(2026, 10, 1, tzinfo=UTC)
HIGH = datetime(2027, 4, 1, tzinfo=UTC)


@pytest.fixture(autouse=True)
def copenhagen():
    override("Europe/Copenhagen")
    yield
    override(None)


def fill(services) -> None:
    """A week's worth of real work: a zoned series with a skipped, an added, a moved and a
    cancelled occurrence; a New York series ending on a date; an all-day day off; a task,
    a call and a note."""
    anna = services.contacts.save(make_contact("Anna", "Berg", emails=[
        EmailEntry("anna@example.com", "work")]))
    acts = services.activities
    series = acts.save(ActivityRecord(
        subject="Pipeline review", start=datetime(2026, 10, 19, 9), tzid="Europe/Copenhagen",
        end=datetime(2026, 10, 19, 10), rrule="FREQ=WEEKLY;BYDAY=MO", reminder_minutes=15,
        exdates=[datetime(2026, 11, 2, 9)], rdates=[datetime(2026, 11, 4, 14)],
        categories=["Sales", "Weekly"], location="Room 2, 3rd floor; east",
        description="Agenda:\n1. Leads\n2. Offers, signed",
        participants=[ParticipantEntry("organizer", name="Me", email="me@example.com"),
                      ParticipantEntry("required", contact_id=anna.id)]))
    moved = acts.occurrence_record(series.id, datetime(2026, 10, 26, 9))
    moved.start, moved.end, moved.subject = (datetime(2026, 10, 27, 13),
                                             datetime(2026, 10, 27, 14), "Review (moved)")
    acts.change_occurrence(series.id, datetime(2026, 10, 26, 9), moved)
    acts.cancel_occurrence(series.id, datetime(2026, 11, 9, 9))
    acts.save(ActivityRecord(
        subject="NY sync", start=datetime(2026, 10, 20, 11), end=datetime(2026, 10, 20, 12),
        tzid="America/New_York", rrule="FREQ=DAILY;UNTIL=20261104T160000Z",
        reminder_minutes=5))
    acts.save(ActivityRecord(subject="Day off", start=datetime(2026, 12, 24),
                             end=datetime(2026, 12, 27), all_day=True))
    acts.save(ActivityRecord(kind=ActivityKind.TASK, subject="Send offer",
                             start=datetime(2026, 10, 22, 12), tzid="Europe/Copenhagen",
                             priority=1, percent_complete=50, reminder_minutes=60))
    acts.save(ActivityRecord(kind=ActivityKind.CALL, subject="Called Anna",
                             start=datetime(2026, 10, 21, 10), tzid="Europe/Copenhagen",
                             end=datetime(2026, 10, 21, 10, 20), direction="out",
                             phone_number="+45 12 34 56 78", duration_minutes=20,
                             outcome="Wants a demo",
                             participants=[ParticipantEntry("called", contact_id=anna.id)]))
    acts.save(ActivityRecord(kind=ActivityKind.NOTE, subject="Visit", all_day=True,
                             start=datetime(2026, 10, 23), status=ActivityStatus.COMPLETED,
                             description="Met the board."))


def seen(occurrences) -> collections.Counter:
    def moment(v):
        return v.astimezone(UTC) if isinstance(v, datetime) else v
    return collections.Counter((o.subject, moment(o.start), moment(o.end), o.status)
                               for o in occurrences)


def written(services, tmp_path: Path) -> Path:
    out = tmp_path / "calendar.ics"
    result = export(services, str(out), "ics", what="activities")
    assert result.activities == 8  # 6 items, and a moved and a cancelled occurrence
    return out


def test_the_file_has_what_outlook_and_google_need(services, tmp_path) -> None:
    fill(services)
    text = written(services, tmp_path).read_bytes().decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    cal = icalendar.Calendar.from_ical(text)
    assert sorted(str(z["TZID"]) for z in cal.walk("VTIMEZONE")) == [
        "America/New_York", "Europe/Copenhagen"]
    events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT") if "RECURRENCE-ID" not in e}
    changed = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT") if "RECURRENCE-ID" in e}
    ny = events["NY sync"]
    assert ny["RRULE"]["UNTIL"] == [datetime(2026, 11, 4, 16, tzinfo=UTC)]
    review = events["Pipeline review"]
    assert review["DTSTART"].dt == datetime(2026, 10, 19, 9, tzinfo=CPH)
    (alarm,) = review.walk("VALARM")
    assert alarm["TRIGGER"].dt == timedelta(minutes=-15)
    assert str(review["ATTENDEE"]) == "mailto:anna@example.com"  # her e-mail, from her card
    assert str(review["ORGANIZER"]) == "mailto:me@example.com"
    assert changed["Review (moved)"]["RECURRENCE-ID"].dt == datetime(2026, 10, 26, 9,
                                                                     tzinfo=CPH)
    assert str(changed["Pipeline review"]["STATUS"]) == "CANCELLED"
    assert [d.dt for d in review["EXDATE"].dts] == [datetime(2026, 11, 2, 9, tzinfo=CPH)]
    assert str(events["Pipeline review"]["LOCATION"]) == "Room 2, 3rd floor; east"
    assert [str(t["SUMMARY"]) for t in cal.walk("VTODO")] == ["Send offer"]
    assert [str(j["SUMMARY"]) for j in cal.walk("VJOURNAL")] == ["Visit"]
    assert str(events["Called Anna"]["X-CRMDESK-KIND"]) == "call"


def test_other_calendar_software_reads_the_same_occurrences(services, tmp_path) -> None:
    fill(services)
    path = written(services, tmp_path)
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    theirs = collections.Counter()
    for o in recurring_ical_events.of(cal).between(LOW, HIGH):
        start, end = o.start, o.end
        theirs[(str(o["SUMMARY"]), start.astimezone(UTC) if isinstance(start, datetime)
                else start, end.astimezone(UTC) if isinstance(end, datetime) else end,
                {"CANCELLED": "cancelled"}.get(str(o.get("STATUS")), "open"))] += 1
    ours = seen(services.activities.occurrences(LOW, HIGH, kinds=("appointment", "call")))
    assert theirs == ours
    assert sum(n for (subject, *_), n in ours.items() if subject == "Pipeline review") > 20


def test_importing_the_export_gives_back_the_same_calendar(services, tmp_path, db_url) -> None:
    fill(services)
    path = written(services, tmp_path)
    other = Services.open("sqlite:///" + str(tmp_path / "other.db"),
                          Settings(default_region="DK"))
    try:
        anna = other.contacts.save(make_contact("Anna", "Berg", emails=[
            EmailEntry("anna@example.com", "work")]))
        importer, _ = services_for(other)
        report = importer.run([ImportSource(str(path))])
        assert (report.activities_created, report.problems) == (8, [])
        assert seen(other.activities.occurrences(LOW, HIGH)) == seen(
            services.activities.occurrences(LOW, HIGH))
        before = {r.subject: r for r in map(services.activities.get, _ids(services))}
        after = {r.subject: r for r in map(other.activities.get, _ids(other))}
        assert before.keys() == after.keys()
        for subject, old in before.items():
            new = after[subject]
            for name in ("kind", "start", "end", "all_day", "tzid", "rrule", "rdates",
                         "exdates", "recurrence_id", "reminder_minutes", "status",
                         "categories", "location", "description", "priority",
                         "percent_complete", "direction", "phone_number", "outcome",
                         "duration_minutes", "uid", "sequence"):
                got, want = getattr(new, name), getattr(old, name)
                if name == "rrule":
                    got, want = got.split(";UNTIL")[0], want.split(";UNTIL")[0]
                assert got == want, (subject, name)
        call = after["Called Anna"]
        assert [(p.role, p.contact_id) for p in call.participants] == [("called", anna.id)]
        assert call.regarding is not None and call.regarding.id == anna.id
        again = importer.run([ImportSource(str(path))])
        assert (again.activities_created, again.activities_unchanged) == (0, 8)
    finally:
        other.close()


def _ids(services) -> list[int]:
    from sqlalchemy import select

    from crmdesk.models import Activity

    with services.db.sessions() as session:
        return list(session.scalars(select(Activity.id)))


def test_ics_holds_activities_only(services, tmp_path) -> None:
    with pytest.raises(ExportError, match="--format ics with --what activities"):
        export(services, str(tmp_path / "x.ics"), "ics", what="contacts")
    with pytest.raises(ExportError, match="--format ics or json with --what activities"):
        export(services, str(tmp_path / "x.vcf"), "vcard", what="activities")


def test_an_all_day_item_ends_the_day_after(services, tmp_path) -> None:
    fill(services)
    cal = icalendar.Calendar.from_ical(written(services, tmp_path).read_bytes())
    (off,) = [e for e in cal.walk("VEVENT") if str(e["SUMMARY"]) == "Day off"]
    assert (off["DTSTART"].dt, off["DTEND"].dt) == (date(2026, 12, 24), date(2026, 12, 27))
    assert timedelta(days=3) == off["DTEND"].dt - off["DTSTART"].dt
