"""Series as calendar files have them: a first date off the rule, and an occurrence both
skipped and changed (found in the corpus, checked there against recurring-ical-events)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from crmdesk.models import Activity
from crmdesk.records import ActivityRecord
from crmdesk.services import recurrence
from crmdesk.timezones import override

BRISBANE = ZoneInfo("Australia/Brisbane")


@pytest.fixture(autouse=True)
def brisbane():
    override("Australia/Brisbane")
    yield
    override(None)


def test_the_first_date_counts_even_when_the_rule_would_not_give_it(services) -> None:
    """A "third Monday of the month" series created on the second Monday (14 March 2005)
    starts on that day, as Outlook, Google and RFC 2445 have it."""
    services.activities.save(ActivityRecord(
        subject="User group", start=datetime(2005, 3, 14, 9, 30),
        end=datetime(2005, 3, 14, 11, 30), tzid="Australia/Brisbane",
        rrule="FREQ=MONTHLY;BYDAY=3MO;UNTIL=20050515T135959Z"))
    start = datetime(2005, 3, 1, tzinfo=BRISBANE)
    shown = services.activities.occurrences(start, start + timedelta(days=90))
    assert [o.start.date() for o in shown] == [
        date(2005, 3, 14), date(2005, 3, 21), date(2005, 4, 18)]


def test_a_rule_ending_before_its_start_gives_nothing() -> None:
    starts = recurrence.series(datetime(2004, 3, 18), "FREQ=YEARLY;UNTIL=20030317;BYMONTH=3",
                               all_day=True)
    assert list(starts) == []


def test_an_occurrence_its_series_skips_is_not_shown_even_if_changed(services) -> None:
    series = services.activities.save(ActivityRecord(
        subject="Sprint", start=datetime(2024, 7, 29), end=datetime(2024, 8, 5), all_day=True,
        rrule="FREQ=WEEKLY;INTERVAL=3;BYDAY=MO"))
    services.activities.change_occurrence(series.id, datetime(2024, 8, 19), ActivityRecord(
        subject="Sprint (short)", start=datetime(2024, 8, 19), end=datetime(2024, 8, 22),
        all_day=True))
    with services.db.writing() as session:  # an .ics file may hold both
        session.get(Activity, series.id).exdates = "20240819"
    start = datetime(2024, 8, 1, tzinfo=BRISBANE)
    shown = services.activities.occurrences(start, start + timedelta(days=60))
    assert [(o.subject, o.start) for o in shown] == [("Sprint", date(2024, 7, 29)),
                                                     ("Sprint", date(2024, 9, 9))]
