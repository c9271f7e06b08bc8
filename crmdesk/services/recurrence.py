"""Occurrences of an activity in a date range: RFC 5545 recurrence, expanded on read.

A series is expanded in its own wall-clock time (python-dateutil's rrule over a
naive start), and each occurrence is then placed in the series' IANA zone, so a
weekly 09:00 meeting in Europe/Copenhagen stays at 09:00 across daylight-saving
changes; a floating time (no zone) is read in the display zone; an all-day one
is a date.  Nothing here touches the database: ``services.activities`` gives it
the stored values and the changed occurrences.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache
from typing import NamedTuple

from dateutil.rrule import rrule, rrulebase, rruleset, rrulestr

from crmdesk.timezones import named as zone

#: How far outside a range to look before filtering exactly: an all-day or floating
#: occurrence is placed in the display zone, which is at most 14 hours from UTC.
MARGIN = timedelta(days=1)
#: An item lasting longer than this, or a series, is found through the small index of
#: long items; every other one by its start, within this much before a range.
SHORT = timedelta(days=7)
_UNTIL = re.compile(r"UNTIL=(\d{8})(T\d{6})?Z?", re.IGNORECASE)
_COUNT = re.compile(r"COUNT=(\d+)", re.IGNORECASE)
#: an UNTIL as ``_local_until`` leaves it, a wall-clock date or time
_PLAIN_UNTIL = re.compile(r";?UNTIL=(\d{8}(?:T\d{6})?)(?=;|$)", re.IGNORECASE)
_STAMP = "%Y%m%dT%H%M%S"


class RecurrenceError(ValueError):
    """A rule that cannot be read; the message is one sentence for the user."""


def aware(local: datetime, tzid: str, display: tzinfo) -> datetime:
    """A stored wall-clock time as a moment: in its zone, or in ``display`` if floating."""
    return local.replace(tzinfo=zone(tzid) if tzid else display)


def as_utc(local: datetime, tzid: str, display: tzinfo = UTC) -> datetime:
    """A stored wall-clock time in naive UTC, as the range columns keep it."""
    return aware(local, tzid, display).astimezone(UTC).replace(tzinfo=None)


def from_utc(utc: datetime, tzid: str) -> datetime:
    """A naive UTC time of the range columns as wall-clock time in ``tzid``: the inverse of
    ``as_utc`` (floating and all-day times are kept as read in UTC)."""
    if not tzid:
        return utc
    return utc.replace(tzinfo=UTC).astimezone(zone(tzid)).replace(tzinfo=None)


def stamp(value: datetime, all_day: bool) -> str:
    """How RDATE and EXDATE values are stored: "20261207T090000", or "20261207"."""
    return value.strftime("%Y%m%d" if all_day else _STAMP)


def read_stamps(text: str) -> tuple[datetime, ...]:
    """The stored RDATE or EXDATE values as naive wall-clock times."""
    if not text:
        return ()
    values = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        values.append(datetime.strptime(part, _STAMP if "T" in part else "%Y%m%d"))
    return tuple(values)


def _local_until(rule: str, tzid: str) -> str:
    """The rule with a UTC UNTIL (as iCalendar writes it beside a zoned start) turned into
    wall-clock time in the series' zone: dateutil expands a naive start only against a
    naive UNTIL."""
    def local(found: re.Match[str]) -> str:
        day, time = found[1], found[2]
        if not time:
            return f"UNTIL={day}"
        moment = datetime.strptime(day + time, _STAMP)
        if found[0].upper().endswith("Z") and tzid:
            moment = moment.replace(tzinfo=UTC).astimezone(zone(tzid)).replace(tzinfo=None)
        return "UNTIL=" + moment.strftime(_STAMP)

    return _UNTIL.sub(local, rule)


@lru_cache(maxsize=4096)
def _rule(rule: str, start: datetime, tzid: str, all_day: bool) -> rrule:
    """The parsed rule, kept: a read keeps the starts it has given (``Kept``), so showing a
    series again, a week on in the calendar, does not step from its first start anew."""
    text = _local_until(rule.strip().removeprefix("RRULE:"), tzid)
    if all_day:  # a date-only UNTIL against a midnight start: keep the last day
        text = re.sub(r"UNTIL=(\d{8})(?!T)", r"UNTIL=\1T235959", text)
    until = _PLAIN_UNTIL.search(text)  # read here: dateutil's date parser is slow
    if until is not None:
        text = (text[:until.start()] + text[until.end():]).strip(";")
    try:
        parsed = rrulestr(text, dtstart=start, forceset=False, ignoretz=True)
        if until is not None and isinstance(parsed, rrule):
            parsed = parsed.replace(until=datetime.strptime(
                until[1], _STAMP if "T" in until[1].upper() else "%Y%m%d"))
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:
        raise RecurrenceError(f"The repeat rule “{rule}” cannot be read "
                              f"({exc}).") from exc
    if not isinstance(parsed, rrule):  # pragma: no cover - forceset=False gives one rule
        raise RecurrenceError(f"The repeat rule “{rule}” cannot be read.")
    return parsed


#: Rule parts under which a daily or weekly rule repeats itself every INTERVAL days or
#: weeks of wall-clock time, and a monthly one every INTERVAL months
_DAY_PERIODIC = {"FREQ", "INTERVAL", "BYDAY", "WKST", "UNTIL", "BYHOUR", "BYMINUTE",
                 "BYSECOND", "BYSETPOS"}
_MONTH_PERIODIC = _DAY_PERIODIC | {"BYMONTHDAY", "BYMONTH"}


def _skip_to(parsed: rrule, freq: str, wanted: datetime) -> rrule:
    """The same rule started a whole number of its periods later, a period or more before
    ``wanted``: its starts from ``wanted`` on are the rule's own, without stepping from a
    first start years back (dateutil walks every period from DTSTART).  Only where the
    pattern repeats exactly each period: no COUNT (it counts from the first start), and
    none of the parts that tie a daily or weekly rule to the calendar's months or a
    monthly one to weeks of the year; a monthly rule needs its days given (else DTSTART's
    day is the rule's); ``freq`` is what ``_periodic`` says of the rule."""
    every = parsed._interval
    first: datetime = parsed._dtstart
    if freq in ("DAILY", "WEEKLY"):
        period = timedelta(days=every * (7 if freq == "WEEKLY" else 1))
        skip = _rounded((wanted - first) // period - 1)
        if skip > 0:
            return _started(parsed, first + skip * period)
    elif freq == "MONTHLY":
        months = (wanted.year - first.year) * 12 + wanted.month - first.month
        skip = _rounded(months // every - 1)
        if skip > 0:
            index = first.month - 1 + skip * every
            return _started(parsed, first.replace(year=first.year + index // 12,
                                                  month=index % 12 + 1, day=1))
    return parsed


@lru_cache(maxsize=4096)
def _periodic(rule: str) -> str:
    """The rule's FREQ if ``_skip_to`` may start it later, else ""."""
    text = rule.upper().removeprefix("RRULE:")
    values = dict(p.strip().split("=", 1) for p in text.split(";") if "=" in p)
    parts, freq = set(values), values.get("FREQ", "")
    if freq in ("DAILY", "WEEKLY") and parts <= _DAY_PERIODIC and not re.search(
            r"\d", values.get("BYDAY", "")):
        return freq
    if freq == "MONTHLY" and parts <= _MONTH_PERIODIC and parts & {"BYDAY", "BYMONTHDAY"}:
        return freq
    return ""


#: Skips go in steps of this many periods, so the next week or month shown finds the
#: same later-started rule, with the starts it gave kept (``Kept``)
_SKIP_STEP = 16


def _rounded(skip: int) -> int:
    return skip - skip % _SKIP_STEP


@lru_cache(maxsize=4096)
def _started(parsed: rrule, start: datetime) -> rrule:
    return parsed.replace(dtstart=start)


def check_rule(rule: str, start: datetime, tzid: str = "", all_day: bool = False) -> None:
    """Raise a RecurrenceError sentence if ``rule`` is not a rule dateutil can expand."""
    _rule(rule, start, tzid, all_day)


@lru_cache(maxsize=4096)
def _counted(rule: str) -> str:
    """The FREQ under which a COUNT rule, as the same rule ending at its last start (an
    UNTIL), may be started later by ``_skip_to`` (a COUNT counts from the first start);
    "" if it may not.  The last start comes from the stored end of the last occurrence,
    and a daylight-saving gap can have moved that by an hour or two, so only a rule whose
    starts are a day or more apart (no BYHOUR, BYMINUTE, BYSECOND) is rewritten: no other
    start of it lies that close to the last."""
    text = rule.strip().removeprefix("RRULE:")
    if _COUNT.search(text) is None or re.search(r"UNTIL=|BYHOUR=|BYMINUTE=|BYSECOND=", text,
                                                re.IGNORECASE):
        return ""
    return _periodic(_COUNT.sub("UNTIL=", text))


@lru_cache(maxsize=4096)
def _ended(parsed: rrule, last_start: datetime) -> rrule:
    return parsed.replace(count=None, until=last_start)


def series(start: datetime, rule: str, rdates: Sequence[datetime] = (),
           exdates: Sequence[datetime] = (), tzid: str = "",
           all_day: bool = False, wanted_from: datetime | None = None,
           last_start: datetime | None = None) -> rrulebase | Kept | Dated:
    """The series' starts as naive wall-clock times, RDATEs in and EXDATEs out; with
    ``wanted_from``, only those from then on are sure to be there (``_skip_to``), and
    with the series' ``last_start`` as stored (``from_utc``) a COUNT rule skips ahead too;
    a rule's starts are then kept for the next read (``Kept``, ``Dated``).

    DTSTART is always the first occurrence, as RFC 2445 said and Outlook, Google and
    ``recurring-ical-events`` keep it, even when the rule would not give it (a monthly
    "third Monday" starting on the second): dateutil leaves it out.  A rule ending
    before its DTSTART gives no occurrence at all, as ``recurring-ical-events`` reads it."""
    parsed = None
    first = False  # DTSTART to add beside the rule
    if rule:
        parsed = _rule(rule, start, tzid, all_day)
        freq = _periodic(rule)
        if (wanted_from is not None and last_start is not None and last_start >= start
                and parsed._count and not rdates and _counted(rule)):
            parsed, freq = _ended(parsed, last_start), _counted(rule)
        first = (parsed._until is None or parsed._until >= start) and (
            wanted_from is None or wanted_from <= start)
        if wanted_from is not None:
            parsed = _skip_to(parsed, freq, wanted_from)
        if not (rdates or exdates or first):
            return parsed if wanted_from is None else _kept(parsed)
    if wanted_from is not None:
        extra = (start,) if first or parsed is None else ()
        return Dated(_kept(parsed) if parsed is not None else None, (*extra, *rdates),
                     frozenset(exdates))
    starts = rruleset()
    if parsed is not None:
        starts.rrule(parsed)
        if first:
            starts.rdate(start)  # the first occurrence, even where the rule does not give it
    else:
        starts.rdate(start)
    for extra in rdates:
        starts.rdate(extra)
    for gone in exdates:
        starts.exdate(gone)
    return starts


class Kept:
    """A rule's starts, made only as far as reads have needed them (one past the last
    wanted) and kept, so the next read of the same weeks takes a slice of them.  What
    dateutil's own cache replaces: it made ten at a time, and walked all it had kept
    from the first on every read."""

    def __init__(self, rule: rrule) -> None:
        self._known: list[datetime] = []
        self._more: Iterator[datetime] | None = iter(rule)
        self._lock = threading.Lock()  # an import's worker thread reads rules too

    def between(self, after: datetime, before: datetime, inc: bool = True) -> list[datetime]:
        """The starts with ``after <= start <= before`` (always inclusive)."""
        with self._lock:
            known = self._known
            while self._more is not None and (not known or known[-1] <= before):
                found = next(self._more, None)
                if found is None:
                    self._more = None
                else:
                    known.append(found)
            return known[bisect_left(known, after):bisect_right(known, before)]


@lru_cache(maxsize=4096)
def _kept(rule: rrule) -> Kept:
    return Kept(rule)


class Dated(NamedTuple):
    """A kept rule's starts (or none) with RDATEs added and EXDATEs taken out, as
    dateutil's rruleset gives them."""

    rule: Kept | None
    extra: tuple[datetime, ...]
    gone: frozenset[datetime]

    def between(self, after: datetime, before: datetime, inc: bool = True) -> list[datetime]:
        """The starts with ``after <= start <= before`` (always inclusive)."""
        found = set(self.rule.between(after, before)) if self.rule is not None else set()
        found.update(d for d in self.extra if after <= d <= before)
        return sorted(found - self.gone)


def starts_between(starts: rrulebase | Kept | Dated, after: datetime, before: datetime
                   ) -> list[datetime]:
    """Wall-clock starts with ``after <= start <= before`` (both naive, in the series' zone)."""
    return starts.between(after, before, inc=True)


def last_start(starts: rrulebase, rule: str) -> datetime | None:
    """The series' last start, or None for a series without end."""
    if rule and "COUNT=" not in rule.upper() and "UNTIL=" not in rule.upper():
        return None
    found = None
    for found in starts:  # noqa: B007 - the last one is wanted; COUNT/UNTIL bound it
        pass
    return found


@lru_cache(maxsize=1024)  # a read asks it of every series, most in one zone and length
def window_in(tzid: str, display: tzinfo, start_utc: datetime, end_utc: datetime,
              duration: timedelta) -> tuple[datetime, datetime]:
    """A range of moments (aware) as naive wall-clock times in the series' zone, widened
    by the occurrence's length and ``MARGIN`` so no overlapping occurrence is missed."""
    where = zone(tzid) if tzid else display
    low = (start_utc - duration - MARGIN).astimezone(where).replace(tzinfo=None)
    high = (end_utc + MARGIN).astimezone(where).replace(tzinfo=None)
    return low, high


def overlaps(start: datetime, end: datetime, low: datetime, high: datetime) -> bool:
    """RFC-style overlap of an occurrence with a range: start < high and end > low; an
    occurrence without length counts when it starts at ``low``."""
    if start == end:
        return low <= start < high
    return start < high and end > low


def day_bounds(day: date, where: tzinfo) -> tuple[datetime, datetime]:
    """The moments a calendar day begins and ends in ``where``."""
    start = datetime.combine(day, datetime.min.time(), where)
    return start, datetime.combine(day + timedelta(days=1), datetime.min.time(), where)



class RangeColumns(NamedTuple):
    """What an activity row keeps only so a range query finds it through an index."""

    start_utc: datetime
    last_end_utc: datetime | None  # None: a series without end
    long_range: bool


def range_columns(start_local: datetime, end_local: datetime, tzid: str, rrule: str = "",
                  rdates: Sequence[datetime] = (), all_day: bool = False) -> RangeColumns:
    """The range columns of an activity from its stored values: the first start and the
    end of the last occurrence in naive UTC (floating and all-day ones read in UTC; a
    range query widens by ``MARGIN`` for them).  A save and the demo's bulk rows both
    call this."""
    length = end_local - start_local
    if not (rrule or rdates):
        last_end: datetime | None = as_utc(end_local, tzid)
    else:
        last = last_start(series(start_local, rrule, rdates, (), tzid, all_day), rrule)
        last_end = None if last is None else as_utc(last + length, tzid)
    return RangeColumns(as_utc(start_local, tzid), last_end,
                        bool(rrule or rdates) or length > SHORT)
