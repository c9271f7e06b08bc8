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
