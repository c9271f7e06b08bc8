"""The recurrence editor's choices, as a user picks them in an Outlook-like form, become the
RRULE a calendar program reads, and a stored rule opens as the same choices."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from crmdesk.services import recurrence
from crmdesk.services.repeat_rules import (
    Ending,
    Frequency,
    Repeat,
    default_for,
    from_rule,
    ordinal_of,
    to_rule,
)

TUESDAY = datetime(2026, 12, 8, 9, 0)  # the second Tuesday of December 2026


def test_weekly_on_chosen_days_ending_after_ten_times() -> None:
    repeat = default_for(Frequency.WEEKLY, TUESDAY)
    repeat.weekdays = [1, 3]
    repeat.ending, repeat.count = Ending.AFTER, 10
    assert to_rule(repeat) == "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=10"


def test_monthly_on_the_second_tuesday_every_two_months_until_a_date() -> None:
    repeat = default_for(Frequency.MONTHLY, TUESDAY)
    repeat.by_weekday, repeat.interval = True, 2
    repeat.ending, repeat.until = Ending.ON, date(2027, 6, 30)
    rule = to_rule(repeat)
    assert rule == "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU;UNTIL=20270630T235959"
    starts = recurrence.starts_between(recurrence.series(TUESDAY, rule), TUESDAY,
                                       datetime(2028, 1, 1))
    assert [s.date() for s in starts] == [date(2026, 12, 8), date(2027, 2, 9),
                                          date(2027, 4, 13), date(2027, 6, 8)]


def test_the_last_friday_and_yearly_on_a_date() -> None:
    assert ordinal_of(date(2026, 12, 29)) == -1  # the fifth Tuesday is the last
    last = default_for(Frequency.MONTHLY, datetime(2026, 12, 25, 15))
    last.by_weekday, last.ordinal = True, -1
    assert to_rule(last) == "FREQ=MONTHLY;BYDAY=-1FR"
    yearly = default_for(Frequency.YEARLY, datetime(2026, 12, 24))
    assert to_rule(yearly, all_day=True) == "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24"
    yearly.ending, yearly.until = Ending.ON, date(2030, 12, 24)
    assert to_rule(yearly, all_day=True).endswith(";UNTIL=20301224")


@pytest.mark.parametrize("rule", [
    "FREQ=DAILY",
    "FREQ=DAILY;INTERVAL=3;COUNT=5",
    "FREQ=WEEKLY;BYDAY=MO,WE,FR",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270101T235959",
    "FREQ=MONTHLY;BYMONTHDAY=15",
    "FREQ=MONTHLY;BYDAY=-1FR;COUNT=12",
    "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU",
])
def test_every_rule_the_editor_writes_opens_as_the_same_choices(rule: str) -> None:
    repeat = from_rule(rule, TUESDAY)
    assert repeat.frequency not in (Frequency.NONE, Frequency.CUSTOM)
    assert to_rule(repeat) == rule


def test_a_rule_from_another_program_fills_in_the_start_s_defaults() -> None:
    repeat = from_rule("RRULE:FREQ=WEEKLY", TUESDAY)
    assert repeat.weekdays == [1] and repeat.ending == Ending.NEVER
    assert from_rule("FREQ=MONTHLY;UNTIL=20270101T080000Z", TUESDAY).until == date(2027, 1, 1)


@pytest.mark.parametrize("rule", [
    "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",  # the last working day
    "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13",  # every Friday the 13th
    "FREQ=DAILY;BYHOUR=9,17",
    "FREQ=HOURLY",
    "FREQ=MONTHLY;BYDAY=5MO",
    "nonsense",
])
def test_a_rule_the_editor_cannot_say_is_kept_as_written(rule: str) -> None:
    repeat = from_rule(rule, TUESDAY)
    assert repeat.frequency == Frequency.CUSTOM
    assert to_rule(repeat) == rule


def test_no_repeat_is_no_rule() -> None:
    assert from_rule("", TUESDAY).frequency == Frequency.NONE
    assert to_rule(Repeat()) == ""
