"""A range far from a series' first start is expanded from a later start of the same
rule (``recurrence._skip_to``): the starts in the range are exactly those the rule gives
from its first start, for every kind of rule, across daylight-saving changes."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest

from crmdesk.services import recurrence as rec

RULES = [
    "FREQ=DAILY", "FREQ=DAILY;INTERVAL=3", "FREQ=DAILY;INTERVAL=2;BYDAY=MO,TH",
    "FREQ=DAILY;BYHOUR=9,15;BYMINUTE=30", "FREQ=WEEKLY", "FREQ=WEEKLY;BYDAY=MO,WE,FR",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SU;WKST=SU", "FREQ=WEEKLY;INTERVAL=3;BYDAY=SA",
    "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "FREQ=WEEKLY;UNTIL=20291231T080000Z",
    "FREQ=MONTHLY;BYMONTHDAY=31", "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=1,15",
    "FREQ=MONTHLY;BYDAY=2TU", "FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;INTERVAL=5;BYDAY=1MO",
    "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "FREQ=MONTHLY;BYMONTH=3,10;BYDAY=-1SU",
    "FREQ=MONTHLY;INTERVAL=7;BYMONTHDAY=29,30", "FREQ=MONTHLY", "FREQ=YEARLY",
    "FREQ=WEEKLY;BYMONTH=1,2", "FREQ=DAILY;BYMONTHDAY=1,2", "FREQ=WEEKLY;COUNT=400",
    "FREQ=DAILY;BYDAY=1MO",
]


@pytest.mark.parametrize("rule", RULES)
def test_a_range_years_after_the_first_start_gets_the_rules_own_starts(rule: str) -> None:
    rng = random.Random(rule)
    for _ in range(25):
        first = datetime(2019, 1, 1, 9, 0) + timedelta(days=rng.randint(0, 900),
                                                       minutes=15 * rng.randint(0, 60))
        low = first + timedelta(days=rng.randint(-30, 2500), hours=rng.randint(0, 23))
        high = low + timedelta(days=rng.choice((1, 7, 42, 400)))
        whole = rec.starts_between(rec.series(first, rule, tzid="Europe/Copenhagen"),
                                   low, high)
        ahead = rec.starts_between(rec.series(first, rule, tzid="Europe/Copenhagen",
                                              wanted_from=low), low, high)
        assert ahead == whole, (rule, first, low)


COUNTED = ["FREQ=DAILY;COUNT=900", "FREQ=WEEKLY;BYDAY=MO;COUNT=150",
           "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=200", "FREQ=MONTHLY;BYDAY=2TU;COUNT=40",
           "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=30", "FREQ=DAILY;BYHOUR=9,10;COUNT=500",
           "FREQ=WEEKLY;BYDAY=SU;COUNT=120", "FREQ=YEARLY;COUNT=6"]


@pytest.mark.parametrize("rule", COUNTED)
@pytest.mark.parametrize("tzid", ["Europe/Copenhagen", "America/Santiago", ""])
def test_a_counted_series_started_later_from_its_stored_end_gets_the_same_starts(
        rule: str, tzid: str) -> None:
    """A COUNT rule is expanded from a later start as the same rule ending at the last
    start its stored range columns give back, even when that last occurrence ends in a
    daylight-saving gap (02:00-03:00 on a Sunday in March in Copenhagen)."""
    rng = random.Random(rule + tzid)
    for n in range(25):
        first = datetime(2019, 1, 6, 1, 30) + timedelta(days=rng.randint(0, 900),
                                                        minutes=15 * rng.randint(0, 90))
        length = timedelta(minutes=rng.choice((0, 30, 60, 90)))
        stored = rec.range_columns(first, first + length, tzid, rule)
        assert stored.last_end_utc is not None
        last = rec.from_utc(stored.last_end_utc, tzid) - length
        low = first + timedelta(days=rng.randint(-30, 2000), hours=rng.randint(0, 23))
        if n % 5 == 0:  # a range around the last occurrence
            low = last - timedelta(days=rng.randint(0, 10), hours=rng.randint(0, 23))
        high = low + timedelta(days=rng.choice((1, 7, 42)))
        whole = rec.starts_between(rec.series(first, rule, tzid=tzid), low, high)
        ahead = rec.starts_between(rec.series(first, rule, tzid=tzid, wanted_from=low,
                                              last_start=last), low, high)
        assert ahead == whole, (rule, first, low)


def test_a_counted_series_ending_in_a_daylight_saving_gap_keeps_its_count() -> None:
    """Its last start comes back an hour late from the stored end; the rule still ends
    with its own last occurrence."""
    first = datetime(2026, 3, 1, 1, 30)  # 01:30-02:30, the last on the 29th, in the gap
    rule = "FREQ=DAILY;COUNT=29"
    stored = rec.range_columns(first, first + timedelta(hours=1), "Europe/Copenhagen", rule)
    last = rec.from_utc(stored.last_end_utc, "Europe/Copenhagen") - timedelta(hours=1)
    assert last == datetime(2026, 3, 29, 2, 30)  # not 01:30: the gap moved it
    starts = rec.starts_between(rec.series(first, rule, tzid="Europe/Copenhagen",
                                           wanted_from=datetime(2026, 3, 20),
                                           last_start=last),
                                datetime(2026, 3, 20), datetime(2026, 4, 5))
    assert starts == [datetime(2026, 3, d, 1, 30) for d in range(20, 30)]
