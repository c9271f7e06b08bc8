"""A salesperson's calendar: appointments at the right hour across daylight saving, series
that repeat for ever without a row per occurrence, one occurrence moved or cancelled,
"this and following" split off, and a customer's history."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from conftest import make_contact

from crmdesk.kinds import RecordRef
from crmdesk.models import Activity
from crmdesk.records import ActivityKind, ActivityRecord, ActivityStatus, ParticipantEntry
from crmdesk.services.activities import ActivityError
from crmdesk.timezones import override

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture(autouse=True)
def copenhagen():
    override("Europe/Copenhagen")
    yield
    override(None)


def week(services, first: date, days: int = 7):
    start = datetime.combine(first, datetime.min.time(), CPH)
    return services.activities.occurrences(start, start + timedelta(days=days))


def weekly_meeting(**changes) -> ActivityRecord:
    fields = dict(subject="Pipeline review", start=datetime(2026, 10, 19, 9, 0),
                  end=datetime(2026, 10, 19, 10, 0), tzid="Europe/Copenhagen",
                  rrule="FREQ=WEEKLY;BYDAY=MO")
    fields.update(changes)
    return ActivityRecord(**fields)


def test_a_weekly_meeting_stays_at_nine_across_the_change_to_winter_time(services) -> None:
    services.activities.save(weekly_meeting())
    before = week(services, date(2026, 10, 19))
    after = week(services, date(2026, 10, 26))  # summer time ended on 25 October
    assert [o.start.hour for o in before + after] == [9, 9]
    assert before[0].start.utcoffset() == timedelta(hours=2)
    assert after[0].start.utcoffset() == timedelta(hours=1)
    assert after[0].recurring and after[0].recurrence_id == after[0].start


def test_a_series_without_end_is_one_row_and_runs_for_ever(services) -> None:
    services.activities.save(weekly_meeting())
    far = week(services, date(2126, 10, 18))
    assert len(far) == 1 and far[0].start.hour == 9
    with services.db.sessions() as session:
        assert session.query(Activity).count() == 1


def test_exdate_and_rdate(services) -> None:
    services.activities.save(weekly_meeting(
        exdates=[datetime(2026, 10, 26, 9, 0)], rdates=[datetime(2026, 10, 28, 14, 0)]))
    starts = [o.start for o in week(services, date(2026, 10, 26))]
    assert starts == [datetime(2026, 10, 28, 14, 0, tzinfo=CPH)]


def test_one_occurrence_moved_and_one_cancelled(services) -> None:
    series = services.activities.save(weekly_meeting())
    moved = services.activities.occurrence_record(series.id, datetime(2026, 10, 26, 9))
    moved.start, moved.end = datetime(2026, 10, 27, 13), datetime(2026, 10, 27, 14)
    services.activities.change_occurrence(series.id, datetime(2026, 10, 26, 9), moved)
    services.activities.cancel_occurrence(series.id, datetime(2026, 11, 2, 9))

    shown = week(services, date(2026, 10, 26), days=14)
    assert [(o.start.day, o.start.hour, o.status) for o in shown] == [
        (27, 13, "open"), (2, 9, "cancelled")]
    assert shown[0].recurrence_id == datetime(2026, 10, 26, 9, tzinfo=CPH)
    assert shown[0].series_id == series.id != shown[0].activity_id


def test_skipping_an_occurrence_removes_it_and_its_change(services) -> None:
    series = services.activities.save(weekly_meeting())
    services.activities.cancel_occurrence(series.id, datetime(2026, 10, 26, 9))
    services.activities.skip_occurrence(series.id, datetime(2026, 10, 26, 9))
    assert week(services, date(2026, 10, 26)) == []
    assert len(week(services, date(2026, 11, 2))) == 1


def test_this_and_following_splits_the_series(services) -> None:
    series = services.activities.save(weekly_meeting())
    later = services.activities.occurrence_record(series.id, datetime(2026, 11, 9, 9))
    later.rrule = "FREQ=WEEKLY;BYDAY=TU"
    later.start, later.end = datetime(2026, 11, 10, 11), datetime(2026, 11, 10, 12)
    new = services.activities.split_series(series.id, datetime(2026, 11, 9, 9), later)
    shown = week(services, date(2026, 11, 2), days=14)
    assert [(o.start.day, o.start.hour) for o in shown] == [(2, 9), (10, 11)]
    assert shown[0].activity_id == series.id and shown[1].activity_id == new.id
    assert new.uid != series.uid


def test_an_all_day_item_is_a_date_and_its_end_is_exclusive(services) -> None:
    services.activities.save(ActivityRecord(subject="Trade fair", all_day=True,
                                            start=datetime(2026, 12, 24),
                                            end=datetime(2026, 12, 26)))
    [item] = week(services, date(2026, 12, 21))
    assert (item.start, item.end, item.all_day) == (date(2026, 12, 24), date(2026, 12, 26), True)
    assert item.as_json()["start"] == "2026-12-24"
    assert week(services, date(2026, 12, 26)) == []


def test_a_floating_time_is_read_in_the_display_zone(services) -> None:
    services.activities.save(ActivityRecord(subject="Call back", start=datetime(2026, 12, 3, 15),
                                            end=datetime(2026, 12, 3, 15, 30)))
    override("America/New_York")
    [item] = services.activities.occurrences(datetime(2026, 12, 3, tzinfo=UTC),
                                             datetime(2026, 12, 4, tzinfo=UTC) + timedelta(hours=8))
    assert item.start.hour == 15 and item.start.utcoffset() == timedelta(hours=-5)


def test_a_zero_length_item_at_the_start_of_a_range_counts(services) -> None:
    services.activities.save(ActivityRecord(kind=ActivityKind.TASK, subject="Send quote",
                                            start=datetime(2026, 12, 7, 0, 0),
                                            tzid="Europe/Copenhagen"))
    assert [o.subject for o in week(services, date(2026, 12, 7))] == ["Send quote"]
    assert week(services, date(2026, 11, 30)) == []


def test_an_end_before_the_start_and_a_bad_rule_are_refused_in_a_sentence(services) -> None:
    with pytest.raises(ActivityError, match="ends before it starts"):
        services.activities.save(weekly_meeting(end=datetime(2026, 10, 19, 8)))
    with pytest.raises(ValueError, match="repeat rule .* cannot be read"):
        services.activities.save(weekly_meeting(rrule="FREQ=SOMETIMES"))
    with pytest.raises(ValueError, match="not a time zone"):
        services.activities.save(weekly_meeting(tzid="Mars/Olympus"))


def test_history_of_a_customer_newest_first_and_an_accounts_includes_its_people(
        services) -> None:
    anna = services.contacts.save(make_contact("Anna", "Berg", company="Berg ApS"))
    account = RecordRef("account", anna.account_id)
    for day, kind, subject in [(1, ActivityKind.CALL, "Intro call"),
                               (5, ActivityKind.NOTE, "Wants a quote"),
                               (9, ActivityKind.APPOINTMENT, "Demo")]:
        services.activities.save(ActivityRecord(kind=kind, subject=subject,
                                                start=datetime(2026, 11, day, 10),
                                                regarding=RecordRef("contact", anna.id)))
    services.activities.save(ActivityRecord(subject="Contract", start=datetime(2026, 11, 20),
                                            regarding=account))
    history = services.activities.history(RecordRef("contact", anna.id))
    assert [h.subject for h in history] == ["Demo", "Wants a quote", "Intro call"]
    assert history[0].regarding_name == "Anna Berg"
    assert [h.subject for h in services.activities.history(account)] == [
        "Contract", "Demo", "Wants a quote", "Intro call"]
    assert [h.subject for h in services.activities.history(
        account, kinds=["call"])] == ["Intro call"]


def test_a_participant_sees_the_meeting_in_their_history(services) -> None:
    bo = services.contacts.save(make_contact("Bo", "Holm"))
    services.activities.save(weekly_meeting(participants=[
        ParticipantEntry("required", contact_id=bo.id, name="Bo Holm")]))
    [entry] = services.activities.history(RecordRef("contact", bo.id))
    assert entry.recurring and entry.subject == "Pipeline review"


def test_regarding_a_record_that_is_not_there_is_refused(services) -> None:
    with pytest.raises(ActivityError, match="There is no contact 999"):
        services.activities.save(ActivityRecord(subject="x", start=datetime(2026, 1, 1),
                                                regarding=RecordRef("contact", 999)))


def test_completing_a_task_sets_it_to_100_percent(services) -> None:
    task = services.activities.save(ActivityRecord(kind=ActivityKind.TASK, subject="Quote",
                                                   start=datetime(2026, 12, 8, 12),
                                                   status=ActivityStatus.COMPLETED))
    assert task.percent_complete == 100


def test_deleting_a_customer_keeps_its_history_under_the_name_it_had(services) -> None:
    anna = services.contacts.save(make_contact("Anna", "Berg"))
    services.activities.save(ActivityRecord(subject="Intro call", start=datetime(2026, 11, 1),
                                            regarding=RecordRef("contact", anna.id)))
    assert services.activities.regarding_count("contact", [anna.id]) == 1
    services.contacts.discard([anna.id])
    [kept] = week(services, date(2026, 10, 30))
    assert kept.regarding is None and kept.regarding_name == "Anna Berg"
    assert kept.as_json()["regarding"] == {"kind": "contact", "id": None, "name": "Anna Berg"}


def test_deleting_a_customer_with_its_activities(services) -> None:
    bo = services.contacts.save(make_contact("Bo", "Holm", company="Holm A/S"))
    services.activities.save(ActivityRecord(subject="Visit", start=datetime(2026, 11, 2),
                                            regarding=RecordRef("account", bo.account_id),
                                            participants=[ParticipantEntry(
                                                "required", contact_id=bo.id)]))
    services.accounts.discard([bo.account_id], with_activities=True)
    assert week(services, date(2026, 10, 30)) == []
    services.contacts.discard([bo.id])  # a participant's link goes NULL, not dangling
