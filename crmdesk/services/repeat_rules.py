"""The repeat choices of an Outlook-like recurrence editor, to and from RFC 5545 RRULE text.

The editor offers what Outlook and Thunderbird offer: daily, weekly on chosen days,
monthly on a date or on a weekday of the month ("the second Tuesday", "the last
Friday"), yearly on a date or a weekday of a month, every N of them, ending after a
number of times, on a date, or never.  A rule written elsewhere that these choices
cannot say (BYSETPOS, several BYMONTHDAY values, BYHOUR...) reads as ``custom``:
the editor then keeps the text as it was instead of rewriting it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

#: RFC 5545 weekday codes, Monday first (``datetime.weekday()`` order).
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
#: The week of the month a monthly or yearly rule by weekday can name; -1 is "last".
ORDINALS = (1, 2, 3, 4, -1)


class Frequency(StrEnum):
    NONE = "none"
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    YEARLY = "yearly"
    CUSTOM = "custom"


class Ending(StrEnum):
    NEVER = "never"
    AFTER = "after"  # COUNT
    ON = "on"  # UNTIL


@dataclass
class Repeat:
    """What the editor shows; ``by_weekday`` says a monthly/yearly rule is "the Nth
    weekday", else it falls on ``month_day`` (of ``month``, for a yearly one)."""

    frequency: Frequency = Frequency.NONE
    interval: int = 1
    weekdays: list[int] = field(default_factory=list)  # 0 = Monday
    by_weekday: bool = False
    month_day: int = 1
    ordinal: int = 1  # one of ORDINALS
    weekday: int = 0
    month: int = 1
    ending: Ending = Ending.NEVER
    count: int = 10
    until: date | None = None
    text: str = ""  # the rule as read, for a custom one


def default_for(frequency: Frequency, start: datetime) -> Repeat:
    """The choices the editor starts a frequency with, taken from the start: weekly on its
    weekday, monthly on its date, yearly on its day and month."""
    return Repeat(frequency=frequency, weekdays=[start.weekday()], month_day=start.day,
                  ordinal=ordinal_of(start), weekday=start.weekday(), month=start.month)


def ordinal_of(day: date) -> int:
    """Which of its weekday in the month ``day`` is: 1..4, or -1 for the fifth (the last)."""
    number = (day.day - 1) // 7 + 1
    return -1 if number == 5 else number


def to_rule(repeat: Repeat, all_day: bool = False) -> str:
    """The RRULE text (without ``RRULE:``); "" for no repeat.  An UNTIL is the end date's
    last moment in the series' own wall-clock time (a date for an all-day series)."""
    if repeat.frequency == Frequency.NONE:
        return ""
    if repeat.frequency == Frequency.CUSTOM:
        return repeat.text.strip().removeprefix("RRULE:")
    parts = [f"FREQ={repeat.frequency.value.upper()}"]
    if repeat.interval > 1:
        parts.append(f"INTERVAL={repeat.interval}")
    if repeat.frequency == Frequency.WEEKLY:
        days = sorted(set(repeat.weekdays)) or [0]
        parts.append("BYDAY=" + ",".join(WEEKDAYS[d] for d in days))
    elif repeat.frequency in (Frequency.MONTHLY, Frequency.YEARLY):
        if repeat.frequency == Frequency.YEARLY:
            parts.append(f"BYMONTH={repeat.month}")
        if repeat.by_weekday:
            parts.append(f"BYDAY={repeat.ordinal}{WEEKDAYS[repeat.weekday]}")
        else:
            parts.append(f"BYMONTHDAY={repeat.month_day}")
    if repeat.ending == Ending.AFTER:
        parts.append(f"COUNT={max(1, repeat.count)}")
    elif repeat.ending == Ending.ON and repeat.until is not None:
        stamp = repeat.until.strftime("%Y%m%d")
        parts.append(f"UNTIL={stamp}" if all_day else f"UNTIL={stamp}T235959")
    return ";".join(parts)


def from_rule(rule: str, start: datetime) -> Repeat:
    """The editor's choices for a stored rule; ``custom`` (keeping the text) for one they
    cannot say exactly, so opening and saving a series never changes its rule."""
    text = rule.strip().removeprefix("RRULE:")
    if not text:
        return default_for(Frequency.NONE, start)
    custom = Repeat(frequency=Frequency.CUSTOM, text=text)
    try:
        values = dict(part.split("=", 1) for part in text.upper().split(";") if part)
    except ValueError:
        return custom
    frequency = {"DAILY": Frequency.DAILY, "WEEKLY": Frequency.WEEKLY,
                 "MONTHLY": Frequency.MONTHLY, "YEARLY": Frequency.YEARLY}.get(
        values.pop("FREQ", ""))
    if frequency is None:
        return custom
    repeat = default_for(frequency, start)
    try:
        repeat.interval = int(values.pop("INTERVAL", "1"))
        _read_ending(repeat, values.pop("COUNT", None), values.pop("UNTIL", None))
        values.pop("WKST", None)
        if frequency == Frequency.YEARLY and "BYMONTH" in values:
            repeat.month = int(values.pop("BYMONTH"))
        if frequency in (Frequency.MONTHLY, Frequency.YEARLY) and "BYMONTHDAY" in values:
            repeat.month_day = int(values.pop("BYMONTHDAY"))
        byday = values.pop("BYDAY", None)
    except ValueError:
        return custom
    had_month_day = "BYMONTHDAY" in text.upper()
    if values or repeat.interval < 1 or not _read_days(repeat, byday):
        return custom
    if repeat.by_weekday and had_month_day:  # "Friday the 13th" is no choice of the editor
        return custom
    return repeat


def _read_ending(repeat: Repeat, count: str | None, until: str | None) -> None:
    if count is not None:
        repeat.ending, repeat.count = Ending.AFTER, int(count)
    elif until is not None:
        repeat.ending = Ending.ON
        repeat.until = datetime.strptime(until[:8], "%Y%m%d").date()


def _read_days(repeat: Repeat, byday: str | None) -> bool:
    """BYDAY into the choices; False when they cannot say it."""
    if byday is None:
        return True
    days = byday.split(",")
    if repeat.frequency == Frequency.WEEKLY:
        if any(d not in WEEKDAYS for d in days):
            return False
        repeat.weekdays = sorted(WEEKDAYS.index(d) for d in days)
        return True
    if repeat.frequency == Frequency.DAILY or len(days) != 1:
        return False
    code, number = days[0][-2:], days[0][:-2]
    if code not in WEEKDAYS:
        return False
    try:
        ordinal = int(number)
    except ValueError:
        return False
    if ordinal not in ORDINALS:
        return False
    repeat.by_weekday, repeat.ordinal, repeat.weekday = True, ordinal, WEEKDAYS.index(code)
    return True
