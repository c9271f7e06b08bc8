"""A salesperson's reminders: a meeting reminds a quarter of an hour before, a reminder that
fell due while crmdesk was closed shows at the next start, Snooze brings it back later,
Dismiss puts it away, and a weekly meeting reminds again the next week."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from crmdesk.records import ActivityKind, ActivityRecord, ActivityStatus
from crmdesk.services.reminders import MISSED_FOR
from crmdesk.timezones import override

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture(autouse=True)
def copenhagen():
    override("Europe/Copenhagen")
    yield
    override(None)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=CPH)


def meeting(**changes) -> ActivityRecord:
    fields = dict(subject="Visit Novo", start=datetime(2026, 12, 7, 10, 0),
                  end=datetime(2026, 12, 7, 11, 0), tzid="Europe/Copenhagen",
                  reminder_minutes=15)
    fields.update(changes)
    return ActivityRecord(**fields)


def subjects(services, now: datetime) -> list[str]:
    return [r.occurrence.subject for r in services.reminders.due(now)]


def test_a_meeting_reminds_fifteen_minutes_before_it_starts(services) -> None:
    services.activities.save(meeting())
    assert subjects(services, at(7, 9, 44)) == []
    due = services.reminders.due(at(7, 9, 45))
    assert [r.occurrence.subject for r in due] == ["Visit Novo"]
    assert due[0].due == at(7, 9, 45).astimezone(UTC)


def test_an_activity_without_reminder_or_completed_never_reminds(services) -> None:
    services.activities.save(meeting(reminder_minutes=None))
    services.activities.save(meeting(subject="Done", status=ActivityStatus.COMPLETED))
    assert subjects(services, at(7, 9, 55)) == []


def test_a_reminder_that_fell_due_while_crmdesk_was_closed_shows_at_the_next_start(
        services) -> None:
    services.activities.save(meeting())
    # crmdesk was closed from Friday to Monday afternoon: the morning's reminder is due
    assert subjects(services, at(7, 16, 0)) == ["Visit Novo"]
    # but not a meeting from longer ago than the missed window
    assert subjects(services, at(7, 10) + MISSED_FOR + timedelta(minutes=1)) == []


def test_snooze_hides_it_for_the_minutes_chosen_then_it_shows_again(services) -> None:
    services.activities.save(meeting())
    reminders = services.reminders
    reminders.snooze(reminders.due(at(7, 9, 45)), 10, now=at(7, 9, 45))
    assert subjects(services, at(7, 9, 54)) == []
    assert subjects(services, at(7, 9, 56)) == ["Visit Novo"]


def test_dismiss_puts_it_away_for_good(services) -> None:
    services.activities.save(meeting())
    reminders = services.reminders
    reminders.dismiss(reminders.due(at(7, 9, 45)))
    assert subjects(services, at(7, 9, 50)) == []
    assert subjects(services, at(8, 9, 0)) == []


def test_a_weekly_meeting_reminds_again_the_next_week_after_a_dismiss(services) -> None:
    services.activities.save(meeting(subject="Pipeline review", rrule="FREQ=WEEKLY"))
    reminders = services.reminders
    first = reminders.due(at(7, 9, 45))
    assert [r.starts for r in first] == [at(7, 10).astimezone(UTC)]
    reminders.dismiss(first)
    assert subjects(services, at(13, 12)) == []
    second = reminders.due(at(14, 9, 46))
    assert [r.starts for r in second] == [at(14, 10).astimezone(UTC)]
    assert second[0].occurrence.recurring


def test_a_series_missed_for_days_shows_one_reminder_its_latest(services) -> None:
    services.activities.save(meeting(subject="Stand-up", rrule="FREQ=DAILY"))
    due = services.reminders.due(at(10, 12))
    assert [r.starts for r in due] == [at(10, 10).astimezone(UTC)]


def test_a_task_reminds_before_it_is_due(services) -> None:
    services.activities.save(ActivityRecord(
        kind=ActivityKind.TASK, subject="Send the offer", start=datetime(2026, 12, 9, 12),
        tzid="Europe/Copenhagen", reminder_minutes=60))
    assert subjects(services, at(9, 10, 59)) == []
    assert subjects(services, at(9, 11, 0)) == ["Send the offer"]
