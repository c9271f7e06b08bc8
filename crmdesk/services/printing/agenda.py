"""What an agenda and a history print: days with their items, entries newest first.

Pure Python over the occurrences ``services.activities`` gives, so the layout's rules
(an all-day item on every day it covers, then timed items by time, then the tasks
due) are testable without Qt; the painter in ``crmdesk.ui.printing`` only draws them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from crmdesk.services.activities import Occurrence

#: The longest agenda printed at once (a year; a month is what a wall planner shows)
MAX_DAYS = 366


@dataclass(frozen=True)
class AgendaItem:
    """One line of a day: ``start``/``end`` are None for an all-day item or a task due
    on the day; ``continues`` says it began on an earlier day."""

    subject: str
    kind: str
    status: str
    location: str
    regarding: str
    start: datetime | None = None
    end: datetime | None = None
    continues: bool = False
    priority: int = 0


@dataclass
class AgendaDay:
    day: date
    all_day: list[AgendaItem] = field(default_factory=list)
    timed: list[AgendaItem] = field(default_factory=list)
    tasks: list[AgendaItem] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.all_day or self.timed or self.tasks)


def agenda_days(items: Sequence[Occurrence], first: date, end: date) -> list[AgendaDay]:
    """Every day from ``first`` to before ``end``, each with the occurrences on it: an
    all-day item (or one that spans days) on each day it covers, timed items on the day
    they start (and, marked as continuing, the days they run into), tasks on the day
    they are due."""
    days = {first + timedelta(days=n): AgendaDay(first + timedelta(days=n))
            for n in range((end - first).days)}
    for item in items:
        base = dict(subject=item.subject, kind=item.kind, status=item.status,
                    location=item.location, regarding=item.regarding_name,
                    priority=item.priority)
        if item.kind == "task":
            due = item.start if isinstance(item.start, date) and not isinstance(
                item.start, datetime) else item.start.date()
            if due in days:
                days[due].tasks.append(AgendaItem(**base, start=None if item.all_day
                                                  else item.start))
            continue
        if item.all_day:
            assert not isinstance(item.start, datetime)
            day = item.start
            last = max(item.end, item.start + timedelta(days=1))
            while day < last:
                if day in days:
                    days[day].all_day.append(AgendaItem(**base, continues=day > item.start))
                day += timedelta(days=1)
            continue
        assert isinstance(item.start, datetime) and isinstance(item.end, datetime)
        day = item.start.date()
        last = item.end.date() if item.end.time() != datetime.min.time() or \
            item.end == item.start else item.end.date() - timedelta(days=1)
        while day <= last:
            if day in days:
                days[day].timed.append(AgendaItem(**base, start=item.start, end=item.end,
                                                  continues=day > item.start.date()))
            day += timedelta(days=1)
    return [days[d] for d in sorted(days)]


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a record's history, newest first."""

    when: datetime | date
    all_day: bool
    kind: str
    subject: str
    status: str
    regarding: str
    recurring: bool


def history_entries(items: Sequence[Occurrence]) -> list[HistoryEntry]:
    return [HistoryEntry(o.start, o.all_day, o.kind, o.subject, o.status, o.regarding_name,
                         o.recurring) for o in items]
