"""Occurrences of a date range, worked out from plain rows: the one read behind the
calendar, Today, reminders, printing and ``crmdesk agenda``.

Rows are picked through two indexes (short items by their start, series and long items
apart, as few) and series are expanded in Python (``services.recurrence``); nothing
stores one row per occurrence.  The queries are SQL text with named parameters, run by
an ``Execute`` the caller gives: ``ActivityService`` runs them through a session (SQLite
or PostgreSQL), ``crmdesk agenda`` through a plain ``sqlite3`` connection
(``sqlite_execute``), so this module imports no SQLAlchemy, whose import was most of
that command's time.

A month view shows a few lines a day and "+N more": ``month`` places the plain items of
each day from a narrow read of their times and reads whole only the first ones, not
the ten thousand occurrences six weeks of a large calendar hold.
"""

from __future__ import annotations

import contextlib
import gc
import sqlite3
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any, NamedTuple

from crmdesk.kinds import RecordRef
from crmdesk.services import recurrence as rec

#: ids per ``IN (...)``, below every SQLite build's parameter limit
_IN_CHUNK = 512
_INSTANT, _DAY = timedelta(microseconds=1), timedelta(days=1)


class Query(NamedTuple):
    """One statement: SQL with ``:name`` parameters, and the result columns that hold
    datetimes and booleans (SQLite gives them as text and 0/1)."""

    sql: str
    params: dict[str, Any]
    datetimes: tuple[str, ...] = ()
    booleans: tuple[str, ...] = ()


#: Runs a Query (all of one read in one transaction) and gives its rows, typed.
Execute = Callable[[Query], Iterable[Sequence[Any]]]


class Row(NamedTuple):
    """What an occurrence shows of an activity row, read as a plain tuple: a month of a
    large calendar is ten thousand rows and more, and as ORM objects (or SQLAlchemy
    rows, whose attributes are looked up by name) they took most of its time."""

    id: int
    series_id: int | None
    kind: str
    subject: str
    start_local: datetime
    end_local: datetime
    all_day: bool
    tzid: str
    rrule: str
    rdates: str
    exdates: str
    recurrence_id: datetime | None
    uid: str
    status: str
    location: str
    regarding_kind: str
    regarding_id: int | None
    regarding_name: str
    priority: int
    percent_complete: int
    last_end_utc: datetime | None


_ROW_TYPES: dict[str, Any] = {
    "datetimes": ("start_local", "end_local", "recurrence_id", "last_end_utc", "start_utc"),
    "booleans": ("all_day",)}
#: what ``month`` reads of a short item to place it on its day
_PLACING = ("id", "series_id", "tzid", "all_day", "start_utc", "last_end_utc")


class Occurrence(NamedTuple):
    """One occurrence in a range, as the calendar, the agenda and ``crmdesk agenda`` show it
    (a tuple: a month view makes thousands, and a frozen dataclass costs three times as
    much to build).

    ``start``/``end`` are aware datetimes in the display zone, or dates for an all-day
    one (``end`` exclusive).  ``recurrence_id`` is the start it has in its series (None
    for a single item); ``activity_id`` is the row to open: the series, or its changed
    occurrence."""

    activity_id: int
    series_id: int | None
    kind: str
    subject: str
    start: datetime | date
    end: datetime | date
    all_day: bool
    recurring: bool
    recurrence_id: datetime | date | None
    uid: str
    status: str
    location: str
    regarding: RecordRef | None
    regarding_name: str
    regarding_kind: str = ""  # kept when the record regarded is deleted
    priority: int = 0
    percent_complete: int = 0

    @property
    def ref(self) -> RecordRef:
        return RecordRef("activity", self.activity_id)

    def as_json(self) -> dict[str, Any]:
        regarding = None
        if self.regarding_kind:
            regarding = {"kind": self.regarding_kind,
                         "id": self.regarding.id if self.regarding else None,
                         "name": self.regarding_name}
        return {
            "activity_id": self.activity_id, "kind": self.kind, "subject": self.subject,
            "start": self.start.isoformat(), "end": self.end.isoformat(),
            "all_day": self.all_day, "recurring": self.recurring,
            "recurrence_id": (self.recurrence_id.isoformat()
                              if self.recurrence_id is not None else None),
            "uid": self.uid, "status": self.status, "location": self.location,
            "regarding": regarding,
        }


def sort_key(item: Occurrence) -> tuple[datetime, int, str, int]:
    """All-day items first on their day, then by time and subject; the id settles the
    rest, so the order never depends on the order the database gave the rows in."""
    start = item.start
    moment = (start if isinstance(start, datetime)  # aware ones compare as moments
              else datetime.combine(start, datetime.min.time(), UTC))
    return (moment, 0 if item.all_day else 1, item.subject.casefold(), item.activity_id)


class Day(NamedTuple):
    """What a month view shows of one day: its first occurrences in ``day_order``, and how
    many overlap the day in all."""

    first: list[Occurrence]
    total: int


def day_order(item: Occurrence) -> tuple[bool, datetime | date, str, int]:
    """How a month's day lists its items: all-day ones first, then by start (one that
    began the day before comes first), then by subject; the id settles the rest."""
    return (not item.all_day, item.start, item.subject, item.activity_id)


def days_shown(item: Occurrence, first: date, count: int) -> range:
    """The indexes of the days (``count`` of them from ``first``) an item shows on: each
    day it overlaps, and the day of a moment without length."""
    start, end = item.start, item.end
    if isinstance(start, datetime):
        day = start.date()
        last = (end - _INSTANT).date() if end > start else day
    else:
        day = start
        last = end - _DAY if end > start else day
    return range(max(0, (day - first).days), min(count, (last - first).days + 1))


# -- reading a range ----------------------------------------------------------------------

#: A piece of SQL and the values of its parameters
Sql = tuple[str, dict[str, Any]]


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection during a read: it builds tens of thousands of small
    acyclic objects (rows, tuples, datetimes), which set the collector off fifty times
    over everything the window holds during one month's read (a quarter of its time).
    Reference counting frees them; collections resume after."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


@_collector_paused()
def read(execute: Execute, display: tzinfo, start: datetime, end: datetime, *,
         kinds: Iterable[str] | None = None, regarding: RecordRef | None = None,
         statuses: Iterable[str] | None = None) -> list[Occurrence]:
    """Every occurrence overlapping ``[start, end)`` (aware datetimes), series expanded,
    in start order."""
    where = _filters(kinds, statuses, regarding)
    rows = list(map(Row._make, execute(_range(start, end, where))))
    return sorted(_built(execute, display, start, end, rows, where), key=sort_key)


@_collector_paused()
def month(execute: Execute, display: tzinfo, first: date, count: int, shown: int, *,
          kinds: Iterable[str] | None = None) -> list[Day]:
    """For each of ``count`` days from ``first``: its first ``shown`` occurrences in
    ``day_order`` and how many it has, as ``read`` of those days would give them.

    Plain items (no series, no changed occurrence, not floating, a week or less long)
    that begin and end on one day of the range are placed from a narrow read of their
    times, and only the first of each day are read whole; the rest of the range goes
    as ``read`` takes it.  A day is ranked by (all day, start) and keeps every item tied
    with its last kept one, so whichever the subject puts first is there."""
    start = datetime.combine(first, time(), display)
    end = datetime.combine(first + timedelta(days=count), time(), display)
    where = _filters(kinds, None, None)
    walls = [datetime.combine(first + timedelta(days=n), time()) for n in range(count + 1)]
    moments = [_naive_utc(wall.replace(tzinfo=display)) for wall in walls]
    plain: list[list[tuple[bool, datetime, int]]] = [[] for _ in range(count)]
    others: list[int] = []
    for ident, series_id, tzid, all_day, begins, ends in execute(
            _range(start, end, where, long=False, columns=_PLACING)):
        bounds = moments if tzid else walls  # all-day dates are kept as read in UTC
        if begins >= bounds[count] or ends < bounds[0] or begins < ends == bounds[0]:
            continue  # the margin around the range: it begins after it, or ends before
        day = bisect_right(bounds, begins) - 1
        if (series_id is None and (tzid or all_day) and 0 <= day < count
                and ends <= bounds[day + 1]):
            plain[day].append((not all_day, begins, ident))
        else:
            others.append(ident)
    totals = [len(items) for items in plain]
    for items in plain:
        items.sort()
        if len(items) > shown:
            last = items[max(0, shown - 1)][:2]
            del items[bisect_right(items, last, key=lambda i: i[:2]):]
    rows = {row.id: row for chunk in _chunks(others + [i for items in plain for *_, i in items])
            for row in map(Row._make, execute(_by_ids(chunk)))}
    lists = [[single(rows[ident], display) for *_, ident in items] for items in plain]
    rest = [rows[ident] for ident in others]
    rest += map(Row._make, execute(_range(start, end, where, short=False)))
    for item in _built(execute, display, start, end, rest, where):
        for index in days_shown(item, first, count):
            lists[index].append(item)
            totals[index] += 1
    return [Day(sorted(items, key=day_order)[:shown], total)
            for items, total in zip(lists, totals, strict=True)]


def _filters(kinds: Iterable[str] | None, statuses: Iterable[str] | None,
             regarding: RecordRef | None) -> Sql:
    """The conditions a read adds, each as `` AND ...``."""
    where, params = "", {}
    if kinds is not None:
        where += " AND " + _one_of("kind", kinds, params)
    if statuses is not None:
        where += " AND " + _one_of("status", statuses, params)
    if regarding is not None:
        where += " AND regarding_kind = :regarding_kind AND regarding_id = :regarding_id"
        params.update(regarding_kind=regarding.kind, regarding_id=regarding.id)
    return where, params


def _one_of(column: str, values: Iterable[Any], params: dict[str, Any]) -> str:
    names = []
    for n, value in enumerate(values):
        params[f"{column}_{n}"] = value
        names.append(f":{column}_{n}")
    return f"{column} IN ({', '.join(names)})" if names else "1 = 0"


def _range(start: datetime, end: datetime, where: Sql, *, short: bool = True,
           long: bool = True, columns: Sequence[str] = Row._fields) -> Query:
    """The rows that may have an occurrence in the range: a ``short`` item by its start
    (within ``SHORT`` before the range), a series or a ``long`` item by the small index
    of long ones; ``MARGIN`` wider, for the all-day and floating ones read in UTC."""
    low, high = _naive_utc(start - rec.MARGIN), _naive_utc(end + rec.MARGIN)
    parts = []
    if short:
        parts.append("(long_range = :no AND start_utc >= :low_short AND start_utc < :high"
                     " AND last_end_utc >= :low)")
    if long:
        parts.append("(long_range = :yes AND start_utc < :high"
                     " AND (last_end_utc IS NULL OR last_end_utc >= :low))")
    return Query(
        f"SELECT {', '.join(columns)} FROM activity WHERE ({' OR '.join(parts)}){where[0]}",
        {"no": False, "yes": True, "low": low, "high": high, "low_short": low - rec.SHORT,
         **where[1]}, **_ROW_TYPES)


def _built(execute: Execute, display: tzinfo, start: datetime, end: datetime,
           rows: list[Row], where: Sql) -> Iterator[Occurrence]:
    """The occurrences of ``rows`` in the range: single items, and each series expanded
    with its changed occurrences (read here when the range holds only their series);
    ``where`` as the rows were read with."""
    masters = [r for r in rows if r.series_id is None and (r.rrule or r.rdates)]
    changed: dict[int, dict[datetime | None, Row]] = {}
    if masters:
        for o in map(Row._make, execute(_changed(start, end, where))):
            assert o.series_id is not None
            changed.setdefault(o.series_id, {})[o.recurrence_id] = o
    for r in rows:
        if r.series_id is not None:
            changed.setdefault(r.series_id, {})[r.recurrence_id] = r
    skipped = _skipped(execute, masters, changed)
    found: dict[tuple[int, Any], Occurrence] = {}
    for r in rows:
        if r.series_id is None and not (r.rrule or r.rdates):
            item = single(r, display)
            if _in_range(item, start, end, display):
                found[(r.id, None)] = item
    for m in masters:
        try:
            items = _expand(m, changed.get(m.id, {}), start, end, display)
        except (rec.RecurrenceError, ValueError):
            items = [single(m, display)]
        for item in items:
            found[(item.activity_id, item.recurrence_id)] = item
    for series_id, overrides in changed.items():
        for o in overrides.values():
            if o.recurrence_id in skipped.get(series_id, ()):
                continue
            item = single(o, display, series_of=o.series_id)
            if _in_range(item, start, end, display):
                found[(o.id, item.recurrence_id)] = item
    return iter(found.values())


def _changed(start: datetime, end: datetime, where: Sql) -> Query:
    """The changed occurrences of the series ``_range`` reads, through the index of
    ``series_id`` (not a list of the series' ids: a thousand parameters cost more)."""
    series = _range(start, end, where, short=False, columns=("id",))
    return Query(f"SELECT {', '.join(Row._fields)} FROM activity WHERE series_id IN "
                 f"({series.sql} AND series_id IS NULL AND (rrule <> '' OR rdates <> ''))",
                 series.params, **_ROW_TYPES)


def _by_ids(ids: list[int], columns: Sequence[str] = Row._fields) -> Query:
    """The rows of these ids; the list padded (with its last id) to a power of two, so
    a driver or SQLAlchemy that keeps statements finds few different ones."""
    size = 1 << max(3, (len(ids) - 1).bit_length())
    params = {f"id_{n}": value for n, value in enumerate(ids + ids[-1:] * (size - len(ids)))}
    return Query(f"SELECT {', '.join(columns)} FROM activity WHERE id IN "
                 f"({', '.join(':' + name for name in params)})", params, **_ROW_TYPES)


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for n in range(0, len(ids), _IN_CHUNK):
        yield ids[n:n + _IN_CHUNK]


def _skipped(execute: Execute, masters: list[Row], changed: dict[int, dict[Any, Row]]
             ) -> dict[int, set[datetime]]:
    """The EXDATEs of the series with changed occurrences: an occurrence its series
    skips is not shown, changed or not (an .ics file can hold both)."""
    found = {m.id: m.exdates for m in masters if m.id in changed}
    rest = [sid for sid in changed if sid not in found]
    for chunk in _chunks(rest):
        found.update(execute(_by_ids(chunk, ("id", "exdates"))))
    return {sid: set(rec.read_stamps(text)) for sid, text in found.items() if text}


def _expand(row: Row, changed: dict[Any, Row], start: datetime, end: datetime,
            display: tzinfo) -> list[Occurrence]:
    length = row.end_local - row.start_local
    low, high = rec.window_in(row.tzid, display, start, end, length)
    last = (rec.from_utc(row.last_end_utc, row.tzid) - length  # for a COUNT to skip ahead
            if row.last_end_utc is not None and "COUNT" in row.rrule.upper() else None)
    starts = rec.series(row.start_local, row.rrule, rec.read_stamps(row.rdates),
                        rec.read_stamps(row.exdates), row.tzid, row.all_day,
                        wanted_from=low, last_start=last)
    where = rec.zone(row.tzid) if row.tzid else display
    fixed = _fixed(row, row.id, True)
    items = []
    for begin in rec.starts_between(starts, low, high):
        if begin in changed:
            continue
        if row.all_day:
            first = begin.date()
            item = _at(fixed, first, max((begin + length).date(), first), first)
        else:
            moment = begin.replace(tzinfo=where).astimezone(display)
            item = _at(fixed, moment, (begin + length).replace(tzinfo=where).astimezone(display),
                       moment)
        if _in_range(item, start, end, display):
            items.append(item)
    return items


def single(row: Any, display: tzinfo, series_of: int | None = None) -> Occurrence:
    """A row shown once, at its own times: a single item, a changed occurrence, a series
    in a history.  ``row`` is a ``Row`` or the ORM object with the same attributes."""
    recurrence: datetime | None = row.recurrence_id
    fixed = _fixed(row, series_of or (row.id if recurrence is not None else None),
                   recurrence is not None)
    if row.all_day:
        first = row.start_local.date()
        return _at(fixed, first, max(row.end_local.date(), first),
                   recurrence.date() if recurrence else None)
    where = rec.zone(row.tzid) if row.tzid else display
    return _at(fixed, row.start_local.replace(tzinfo=where).astimezone(display),
               row.end_local.replace(tzinfo=where).astimezone(display),
               recurrence.replace(tzinfo=where).astimezone(display) if recurrence else None)


def _fixed(row: Any, series_id: int | None, recurring: bool
           ) -> tuple[tuple[Any, ...], tuple[Any, ...], tuple[Any, ...]]:
    """The fields every occurrence of a row shares, around its start and end and its
    recurrence id (``_at`` puts them together): a series' thousands of occurrences in a
    month are built without naming each field again (7 % of a month's read)."""
    return ((row.id, series_id, row.kind, row.subject), (row.all_day, recurring),
            (row.uid, row.status, row.location, _regarding(row), row.regarding_name,
             row.regarding_kind, row.priority, row.percent_complete))


def _at(fixed: tuple[tuple[Any, ...], tuple[Any, ...], tuple[Any, ...]],
        start: datetime | date, end: datetime | date,
        recurrence_id: datetime | date | None) -> Occurrence:
    head, middle, tail = fixed
    return Occurrence._make(head + (start, end) + middle + (recurrence_id,) + tail)


def _regarding(row: Any) -> RecordRef | None:
    return (RecordRef(row.regarding_kind, row.regarding_id)
            if row.regarding_kind and row.regarding_id is not None else None)


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def _in_range(item: Occurrence, start: datetime, end: datetime, display: tzinfo) -> bool:
    if item.all_day:
        assert isinstance(item.start, date) and isinstance(item.end, date)
        begin = rec.day_bounds(item.start, display)[0]
        finish = rec.day_bounds(item.end, display)[0] if item.end > item.start else begin
        return rec.overlaps(begin, finish, start, end)
    assert isinstance(item.start, datetime) and isinstance(item.end, datetime)
    return rec.overlaps(item.start, item.end, start, end)


# -- running the queries on a plain sqlite3 connection ------------------------------------

def sqlite_execute(conn: sqlite3.Connection) -> Execute:
    """An Execute on a plain ``sqlite3`` connection (``sqlite_file.plain_reader``): values
    bound and read as SQLAlchemy stores them in SQLite (a datetime as
    "2026-12-07 09:00:00.000000", a boolean as 0 or 1)."""
    def execute(query: Query) -> list[Sequence[Any]]:
        params = {name: value.isoformat(" ", "microseconds") if isinstance(value, datetime)
                  else value for name, value in query.params.items()}
        cursor = conn.execute(query.sql, params)
        names = [d[0] for d in cursor.description]
        moments = [n for n, name in enumerate(names) if name in query.datetimes]
        flags = [n for n, name in enumerate(names) if name in query.booleans]
        rows = []
        for found in cursor:
            row = list(found)
            for n in moments:
                if row[n] is not None:
                    row[n] = datetime.fromisoformat(row[n])
            for n in flags:
                row[n] = bool(row[n])
            rows.append(row)
        return rows
    return execute
