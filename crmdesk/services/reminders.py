"""Reminders: which are due at a moment, and dismissing or snoozing one.

A reminder belongs to one occurrence: it falls due ``reminder_minutes`` before the
occurrence starts (a task: before it is due).  Dismissing it stores that start in
``reminded_until_utc``, so the next occurrence of a series reminds again; snoozing
stores the moment it shows again in ``snoozed_until_utc``.  Nothing else is kept,
so a reminder that fell due while crmdesk was closed is simply due at the next
start.  Only occurrences that started at most ``MISSED_FOR`` ago still remind: an
imported calendar or the demo data brings years of past items with alarms, and a
thousand of those would bury the ones that matter today.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import DBAPIError

from crmdesk.db import Database
from crmdesk.errors import DatabaseBusy
from crmdesk.models.activity import Activity
from crmdesk.services import recurrence as rec
from crmdesk.services.activities import ActivityService, Occurrence
from crmdesk.services.errors import storage_error

MISSED_FOR = timedelta(days=7)
#: what Snooze offers, in minutes
SNOOZE_MINUTES = (5, 10, 15, 60)


@dataclass(frozen=True)
class Reminder:
    """A due reminder: the occurrence it is for, and when it fell due (aware UTC)."""

    occurrence: Occurrence
    due: datetime
    starts: datetime  # the occurrence's start, aware UTC

    @property
    def activity_id(self) -> int:
        return self.occurrence.activity_id


def _moment(value: datetime | date, activities: ActivityService) -> datetime:
    """An occurrence's start as an aware UTC moment (an all-day one: its midnight in the
    display zone)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return rec.day_bounds(value, activities.display_zone())[0].astimezone(UTC)


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


class ReminderService:
    """Due reminders over the activities; ``clock`` gives now (tests pass their own)."""

    def __init__(self, db: Database, activities: ActivityService,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.db = db
        self.activities = activities
        self.clock = clock

    def due(self, now: datetime | None = None) -> list[Reminder]:
        """The reminders due at ``now``, not dismissed and not snoozed, the earliest
        first; of a series only its latest due occurrence (the earlier ones are over)."""
        now = now or self.clock()
        with self.db.sessions() as session:
            lead = session.scalar(select(func.max(Activity.reminder_minutes)).where(
                Activity.reminder_minutes.is_not(None), Activity.status == "open"))
        if lead is None:
            return []
        window = self.activities.occurrences(now - MISSED_FOR,
                                             now + timedelta(minutes=lead + 1),
                                             statuses=("open",))
        ids = list({o.activity_id for o in window})
        marks: dict[int, tuple[int, datetime | None, datetime | None]] = {}
        with self.db.sessions() as session:
            for start in range(0, len(ids), 500):
                for aid, minutes, until, snoozed in session.execute(
                        select(Activity.id, Activity.reminder_minutes,
                               Activity.reminded_until_utc, Activity.snoozed_until_utc)
                        .where(Activity.id.in_(ids[start:start + 500]),
                               Activity.reminder_minutes.is_not(None))):
                    marks[aid] = (minutes, until, snoozed)
        latest: dict[int, Reminder] = {}
        naive_now = _naive(now)
        for item in window:
            if item.activity_id not in marks:
                continue
            minutes, until, snoozed = marks[item.activity_id]
            starts = _moment(item.start, self.activities)
            due = starts - timedelta(minutes=minutes)
            if due > now or starts < now - MISSED_FOR:
                continue
            if until is not None and until >= _naive(starts):
                continue
            if snoozed is not None and snoozed > naive_now:
                continue
            found = latest.get(item.activity_id)
            if found is None or found.starts < starts:
                latest[item.activity_id] = Reminder(item, due, starts)
        return sorted(latest.values(), key=lambda r: (r.due, r.occurrence.subject))

    def dismiss(self, reminders: Sequence[Reminder]) -> None:
        """These reminders are done: their occurrences (and earlier ones) remind no more."""
        self._write([(r.activity_id, {"reminded_until_utc": _naive(r.starts),
                                      "snoozed_until_utc": None}) for r in reminders])

    def snooze(self, reminders: Sequence[Reminder], minutes: int,
               now: datetime | None = None) -> None:
        """Show these reminders again in ``minutes``."""
        again = _naive((now or self.clock()) + timedelta(minutes=minutes))
        self._write([(r.activity_id, {"snoozed_until_utc": again}) for r in reminders])

    def _write(self, changes: list[tuple[int, dict[str, datetime | None]]]) -> None:
        if not changes:
            return
        try:
            with self.db.writing() as session:
                for activity_id, values in changes:
                    session.execute(update(Activity).where(Activity.id == activity_id)
                                    .values(**values))
        except (DBAPIError, DatabaseBusy) as exc:
            raise storage_error(exc) from exc
