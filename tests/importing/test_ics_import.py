"""A salesperson brings their calendar over from Outlook, Google or Thunderbird: meetings
keep their hours and zones, invitees become the contacts they are, importing twice adds
nothing, and a broken event is reported while the rest comes in."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import make_contact
from sqlalchemy import select

from crmdesk.importers import ImportFileError, detect
from crmdesk.kinds import RecordRef
from crmdesk.models.activity import Activity
from crmdesk.records import ActivityRecord, EmailEntry
from crmdesk.services.activities import ActivityService, own_columns
from crmdesk.services.importing import ImportCancelled, ImportSource, services_for
from crmdesk.timezones import override

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "calendars" / "files"
CPH = ZoneInfo("Europe/Copenhagen")
PARIS = ZoneInfo("Europe/Paris")

OUTLOOK_ZONE = """BEGIN:VTIMEZONE
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
END:VTIMEZONE
"""


@pytest.fixture(autouse=True)
def copenhagen():
    override("Europe/Copenhagen")
    yield
    override(None)


def calendar(tmp_path: Path, body: str, head: str = "", name: str = "cal.ics") -> Path:
    path = tmp_path / name
    text = ("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Test//EN\n" + head + body
            + "END:VCALENDAR\n")
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    return path


def event(uid: str, start: str, end: str = "", *lines: str) -> str:
    body = [f"UID:{uid}", start] + ([end] if end else []) + list(lines)
    return "BEGIN:VEVENT\n" + "\n".join(body) + "\nEND:VEVENT\n"


def run(services, *paths: Path, **options):
    importer, _ = services_for(services)
    return importer.run([ImportSource(str(p)) for p in paths], **options)


def stored(services) -> list[Activity]:
    with services.db.sessions() as session:
        return list(session.scalars(select(Activity).order_by(Activity.id)))


def week(services, first: date):
    start = datetime.combine(first, datetime.min.time(), CPH)
    return services.activities.occurrences(start, start + timedelta(days=7))


def test_an_ics_file_is_detected_as_a_calendar(tmp_path) -> None:
    path = calendar(tmp_path, event("a", "DTSTART:20261207T090000Z"))
    assert detect(path).format == "ics"


def test_a_file_that_is_not_icalendar_is_refused_with_a_sentence(services, tmp_path) -> None:
    path = tmp_path / "notes.ics"
    path.write_text("Meeting with Søren on Monday\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        detect(path)
    assert "BEGIN:VCALENDAR" in caught.value.reason
    report = run(services, path)
    assert report.unreadable_files == 1 and not stored(services)


def test_an_outlook_series_in_a_windows_zone_stays_at_nine_across_summer_time(
        services, tmp_path) -> None:
    path = calendar(tmp_path, OUTLOOK_ZONE + event(
        "weekly@outlook", "DTSTART;TZID=Romance Standard Time:20261019T090000",
        "DTEND;TZID=Romance Standard Time:20261019T100000",
        "RRULE:FREQ=WEEKLY;BYDAY=MO", "SUMMARY:Pipeline review"))
    report = run(services, path)
    assert report.activities_created == 1
    (row,) = stored(services)
    assert row.tzid == "Europe/Paris" and row.rrule == "FREQ=WEEKLY;BYDAY=MO"
    starts = [o.start for o in week(services, date(2026, 10, 19))
              + week(services, date(2026, 10, 26))]
    assert [s.astimezone(PARIS).hour for s in starts] == [9, 9]
    assert [s.utcoffset() for s in starts] == [timedelta(hours=2), timedelta(hours=1)]


def test_a_custom_zone_becomes_the_iana_zone_with_its_offsets(services, tmp_path) -> None:
    zone = OUTLOOK_ZONE.replace("Romance Standard Time", "Our office")
    path = calendar(tmp_path, zone + event(
        "custom", "DTSTART;TZID=Our office:20260706T140000",
        "DTEND;TZID=Our office:20260706T150000", "SUMMARY:Visit"))
    run(services, path)
    (row,) = stored(services)
    assert row.tzid and ZoneInfo(row.tzid).utcoffset(datetime(2026, 7, 6)) == timedelta(hours=2)
    assert ZoneInfo(row.tzid).utcoffset(datetime(2026, 1, 6)) == timedelta(hours=1)
    (visit,) = week(services, date(2026, 7, 6))
    assert visit.start == datetime(2026, 7, 6, 14, tzinfo=CPH)


def test_a_custom_zone_like_no_other_is_converted_to_utc(services, tmp_path) -> None:
    zone = ("BEGIN:VTIMEZONE\nTZID:Nowhere\nBEGIN:STANDARD\nDTSTART:19700101T000000\n"
            "TZOFFSETFROM:+0317\nTZOFFSETTO:+0317\nEND:STANDARD\nEND:VTIMEZONE\n")
    path = calendar(tmp_path, zone + event(
        "odd", "DTSTART;TZID=Nowhere:20260706T120000", "DTEND;TZID=Nowhere:20260706T130000",
        "SUMMARY:Odd"))
    report = run(services, path)
    (row,) = stored(services)
    assert row.tzid == "UTC" and row.start_local == datetime(2026, 7, 6, 8, 43)
    assert any("converted to UTC" in r.reason for r in report.repairs)


def test_google_x_wr_timezone_puts_utc_times_in_the_calendars_zone(services, tmp_path) -> None:
    path = calendar(tmp_path, event(
        "g", "DTSTART:20261207T080000Z", "DTEND:20261207T090000Z",
        "RRULE:FREQ=WEEKLY;COUNT=3", "SUMMARY:Stand-up"),
        head="X-WR-TIMEZONE:Europe/Copenhagen\n")
    run(services, path)
    (row,) = stored(services)
    assert (row.tzid, row.start_local) == ("Europe/Copenhagen", datetime(2026, 12, 7, 9))


def test_floating_and_all_day_times(services, tmp_path) -> None:
    path = calendar(tmp_path, event("f", "DTSTART:20261207T090000", "DTEND:20261207T100000",
                                    "SUMMARY:Floating")
                    + event("d", "DTSTART;VALUE=DATE:20261224", "", "SUMMARY:Christmas Eve"))
    run(services, path)
    floating, eve = stored(services)
    assert floating.tzid == "" and not floating.all_day
    assert eve.all_day and eve.end_local == datetime(2026, 12, 25)
    shown = week(services, date(2026, 12, 21))
    assert [(o.subject, o.start, o.end) for o in shown] == [
        ("Christmas Eve", date(2026, 12, 24), date(2026, 12, 25))]


def test_importing_the_same_file_twice_creates_nothing_new(services, tmp_path) -> None:
    body = event("once", "DTSTART:20261207T090000Z", "DTEND:20261207T100000Z",
                 "SEQUENCE:1", "SUMMARY:Kick-off")
    path = calendar(tmp_path, body)
    run(services, path)
    again = run(services, path)
    assert (again.activities_created, again.activities_unchanged) == (0, 1)
    assert len(stored(services)) == 1


def test_a_higher_sequence_updates_the_stored_activity(services, tmp_path) -> None:
    run(services, calendar(tmp_path, event(
        "moved", "DTSTART:20261207T090000Z", "DTEND:20261207T100000Z", "SEQUENCE:1",
        "SUMMARY:Kick-off"), name="first.ics"))
    report = run(services, calendar(tmp_path, event(
        "moved", "DTSTART:20261208T130000Z", "DTEND:20261208T140000Z", "SEQUENCE:2",
        "SUMMARY:Kick-off (moved)"), name="second.ics"))
    assert report.activities_updated == 1
    (row,) = stored(services)
    assert (row.subject, row.start_local, row.sequence) == (
        "Kick-off (moved)", datetime(2026, 12, 8, 13), 2)


def test_invitees_are_matched_to_contacts_by_e_mail(services, tmp_path) -> None:
    anna = services.contacts.save(make_contact("Anna", "Berg", emails=[
        EmailEntry("Anna.Berg@example.com", "work")]))
    path = calendar(tmp_path, event(
        "inv", "DTSTART:20261207T090000Z", "DTEND:20261207T100000Z", "SUMMARY:Demo",
        "ORGANIZER;CN=Me:mailto:me@example.com",
        "ATTENDEE;CN=Anna;ROLE=REQ-PARTICIPANT:mailto:anna.berg@example.com",
        "ATTENDEE;CN=Guest;ROLE=OPT-PARTICIPANT:mailto:guest@example.org"))
    run(services, path)
    (row,) = stored(services)
    record = services.activities.get(row.id)
    assert [(p.role, p.email, p.contact_id) for p in record.participants] == [
        ("organizer", "me@example.com", None),
        ("required", "anna.berg@example.com", anna.id),
        ("optional", "guest@example.org", None)]
    assert record.regarding == RecordRef("contact", anna.id)
    assert record.regarding_name == "Anna Berg"
    assert [o.subject for o in services.activities.history(RecordRef("contact", anna.id))] == [
        "Demo"]


def test_a_changed_occurrence_moves_only_that_one(services, tmp_path) -> None:
    path = calendar(tmp_path, event(
        "series", "DTSTART;TZID=Europe/Copenhagen:20261207T090000",
        "DTEND;TZID=Europe/Copenhagen:20261207T100000", "RRULE:FREQ=DAILY;COUNT=5",
        "EXDATE;TZID=Europe/Copenhagen:20261210T090000", "SUMMARY:Daily")
        + event("series", "DTSTART;TZID=Europe/Copenhagen:20261208T150000",
                "DTEND;TZID=Europe/Copenhagen:20261208T160000",
                "RECURRENCE-ID;TZID=Europe/Copenhagen:20261208T090000", "SUMMARY:Daily (late)"))
    run(services, path)
    shown = [(o.start.day, o.start.hour, o.subject) for o in week(services, date(2026, 12, 7))]
    assert shown == [(7, 9, "Daily"), (8, 15, "Daily (late)"), (9, 9, "Daily"),
                     (11, 9, "Daily")]
    series, changed = stored(services)
    assert changed.series_id == series.id
    assert changed.recurrence_id == datetime(2026, 12, 8, 9)


def test_tasks_notes_and_reminders(services, tmp_path) -> None:
    path = calendar(tmp_path, (
        "BEGIN:VTODO\nUID:t\nDUE;VALUE=DATE:20261211\nSUMMARY:Send offer\nPRIORITY:1\n"
        "PERCENT-COMPLETE:40\nSTATUS:IN-PROCESS\nEND:VTODO\n"
        "BEGIN:VTODO\nUID:done\nDUE:20261201T120000Z\nSUMMARY:Call back\nSTATUS:COMPLETED\n"
        "COMPLETED:20261201T101500Z\nEND:VTODO\n"
        "BEGIN:VJOURNAL\nUID:n\nDTSTART;VALUE=DATE:20261203\nSUMMARY:Visit notes\n"
        "DESCRIPTION:Wants 20 seats\\, maybe 30.\\nCall in January.\nEND:VJOURNAL\n")
        + event("r", "DTSTART:20261207T090000Z", "DTEND:20261207T100000Z", "SUMMARY:Alarm",
                "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-PT30M", "END:VALARM"))
    run(services, path)
    task, done, note, alarm = stored(services)
    assert (task.kind, task.priority, task.percent_complete, task.status, task.all_day) == (
        "task", 1, 40, "open", True)
    assert (done.status, done.percent_complete, done.completed_utc) == (
        "completed", 100, datetime(2026, 12, 1, 10, 15))
    assert note.kind == "note" and note.description == "Wants 20 seats, maybe 30.\nCall in January."
    assert alarm.reminder_minutes == 30


def test_bad_events_are_reported_with_their_line_and_the_rest_comes_in(
        services, tmp_path) -> None:
    path = calendar(tmp_path, (
        event("good", "DTSTART:20261207T090000Z", "DTEND:20261207T100000Z", "SUMMARY:Good")
        + event("rule", "DTSTART:20261207T090000Z", "DTEND:20261207T100000Z",
                "RRULE:FREQ=SOMETIMES;BYDAY=XX", "SUMMARY:Odd rule")
        + event("back", "DTSTART:20261207T090000Z", "DTEND:20261207T080000Z",
                "SUMMARY:Backwards")
        + event("zone", "DTSTART;TZID=Mars/Olympus:20261207T090000", "", "SUMMARY:Mars")
        + event("nostart", "DTEND:20261207T080000Z", "", "SUMMARY:No start")))
    report = run(services, path)
    assert report.activities_created == 3
    problems = {p.line: p.reason for p in report.problems}
    assert set(problems) == {23, 28}  # the BEGIN:VEVENT lines of the two left out
    assert "Mars/Olympus" in problems[23] and "no start" in problems[28]
    repairs = " ".join(r.reason for r in report.repairs)
    assert "cannot be read; it was imported as a single occurrence" in repairs
    assert "before it starts" in repairs
    rule = next(r for r in stored(services) if r.uid == "rule")
    assert rule.rrule == ""


def test_several_calendars_in_one_file_and_lines_folded_badly(services, tmp_path) -> None:
    path = tmp_path / "two.ics"
    path.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:one\r\n"
        b"DTSTART:20261207T090000Z\r\nSUMMARY:A long subject that a program folded\r\n"
        b" without care\r\nDESCRIPTION:first half\r\nsecond half lost its blank\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:two\r\n"
        b"DTSTART\r\n ;VALUE=DATE\r\n :20261208\r\nSUMMARY:Second calendar\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n")
    report = run(services, path)
    one, two = stored(services)
    assert one.subject == "A long subject that a program foldedwithout care"
    assert one.description == "first halfsecond half lost its blank"
    assert two.all_day and two.start_local == datetime(2026, 12, 8)
    assert any(r.line == 9 and "without the leading blank" in r.reason
               for r in report.repairs)


def test_an_imported_activity_is_stored_as_saving_it_would(services) -> None:
    run(services, CORPUS / "recurring" / "issue_173_only_modifications_error.ics",
        CORPUS / "ical4j" / "calconnect.ics", CORPUS / "recurring" / "fablab_cottbus.ics")
    with services.db.sessions() as session:
        rows = list(session.scalars(select(Activity)))
        assert len(rows) > 600
        for row in rows:
            record = ActivityService.record_of(row)
            saved = own_columns(record, row.completed_utc or datetime.now(UTC))
            assert {k: getattr(row, k) for k in saved} == saved, row.uid


def test_cancel_leaves_the_database_as_it_was(services) -> None:
    with pytest.raises(ImportCancelled):
        run(services, CORPUS / "recurring" / "issue_173_only_modifications_error.ics",
            cancelled=lambda: True)
    assert not stored(services)


def test_undoing_the_import_takes_its_activities_back(services, tmp_path) -> None:
    kept = services.activities.save(ActivityRecord(
        subject="Mine", start=datetime(2026, 12, 1, 9), end=datetime(2026, 12, 1, 10)))
    path = calendar(tmp_path, event(
        "series", "DTSTART;TZID=Europe/Copenhagen:20261207T090000",
        "DTEND;TZID=Europe/Copenhagen:20261207T100000", "RRULE:FREQ=DAILY;COUNT=5",
        "SUMMARY:Daily")
        + event("series", "DTSTART;TZID=Europe/Copenhagen:20261208T150000",
                "DTEND;TZID=Europe/Copenhagen:20261208T160000",
                "RECURRENCE-ID;TZID=Europe/Copenhagen:20261208T090000", "SUMMARY:Late"))
    report = run(services, path)
    _, batches = services_for(services)
    result = batches.undo(report.batch_id)
    assert result.activities_removed == 2
    assert [a.id for a in stored(services)] == [kept.id]


def test_the_command_line_imports_exports_and_shows_a_calendar(tmp_path, capsys) -> None:
    from crmdesk.cli import main

    db = str(tmp_path / "cli.db")
    path = calendar(tmp_path, event(
        "cli", "DTSTART;TZID=Europe/Copenhagen:20261207T090000",
        "DTEND;TZID=Europe/Copenhagen:20261207T100000", "RRULE:FREQ=WEEKLY;COUNT=3",
        "SUMMARY:Weekly"))
    assert main(["--db", db, "import", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["activities"] == {"created": 1, "updated": 0, "unchanged": 0}
    out = tmp_path / "back.ics"
    assert main(["--db", db, "export", "--format", "ics", "--what", "activities",
                 "--out", str(out)]) == 0
    assert "1 activity written" in capsys.readouterr().err
    assert b"RRULE:FREQ=WEEKLY;COUNT=3" in out.read_bytes()
    assert main(["--db", db, "--tz", "Europe/Copenhagen", "agenda", "--from", "2026-12-01",
                 "--to", "2027-01-01", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [o["start"] for o in shown] == ["2026-12-07T09:00:00+01:00",
                                           "2026-12-14T09:00:00+01:00",
                                           "2026-12-21T09:00:00+01:00"]
    assert main(["--db", db, "export", "--format", "ics", "--out", str(out)]) == 2
    assert "--what activities" in capsys.readouterr().err
