"""Deleting "this and the following" occurrences of a daily stand-up ends the series the
day before, and its changed occurrences from then on go with them."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from crmdesk.records import ActivityRecord

CPH = ZoneInfo("Europe/Copenhagen")


def test_ending_a_series_before_an_occurrence_keeps_only_the_earlier_ones(services) -> None:
    series = services.activities.save(ActivityRecord(
        subject="Stand-up", start=datetime(2026, 12, 7, 8), end=datetime(2026, 12, 7, 8, 15),
        tzid="Europe/Copenhagen", rrule="FREQ=DAILY"))
    later = services.activities.occurrence_record(series.id, datetime(2026, 12, 10, 8))
    services.activities.change_occurrence(series.id, datetime(2026, 12, 10, 8),
                                          replace(later, subject="Long stand-up"))
    services.activities.end_series(series.id, datetime(2026, 12, 9, 8))
    shown = services.activities.occurrences(datetime(2026, 12, 1, tzinfo=CPH),
                                            datetime(2027, 1, 1, tzinfo=CPH))
    assert [(o.start.day, o.subject) for o in shown] == [(7, "Stand-up"), (8, "Stand-up")]


def test_ending_it_at_its_first_occurrence_deletes_it(services) -> None:
    start = datetime(2026, 12, 7, 8)
    series = services.activities.save(ActivityRecord(
        subject="Stand-up", start=start, end=start + timedelta(minutes=15),
        tzid="Europe/Copenhagen", rrule="FREQ=DAILY;COUNT=3"))
    services.activities.end_series(series.id, start)
    assert services.activities.occurrences(datetime(2026, 12, 1, tzinfo=CPH),
                                           datetime(2027, 1, 1, tzinfo=CPH)) == []
