"""The Today page's content: today's appointments, the tasks and calls due by today,
and the reminders pending, for one moment in the display zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from crmdesk.db import Database
from crmdesk.models.activity import Activity
from crmdesk.services import recurrence as rec
from crmdesk.services.activities import ActivityService, Occurrence
from crmdesk.services.reminders import Reminder, ReminderService


@dataclass(frozen=True)
class Today:
    day: date
    now: datetime  # aware, in the display zone
    appointments: list[Occurrence]
    #: open tasks due today or before, the most overdue first
    tasks: list[Occurrence]
    #: open (planned) calls due today or before
    calls: list[Occurrence]
    reminders: list[Reminder]

    def overdue(self, item: Occurrence) -> bool:
        """Due before now (a dated one: before today)."""
        if isinstance(item.start, datetime):
            return item.start < self.now
        return item.start < self.day


class TodayService:
    def __init__(self, db: Database, activities: ActivityService,
                 reminders: ReminderService) -> None:
        self.db = db
        self.activities = activities
        self.reminders = reminders

    def today(self, now: datetime | None = None) -> Today:
        display = self.activities.display_zone()
        now = (now or datetime.now(UTC)).astimezone(display)
        day = now.date()
        begin, end = rec.day_bounds(day, display)
        appointments = self.activities.occurrences(begin, end, kinds=("appointment",))
        due = self._open_due(end, ("task", "call"))
        return Today(day, now, appointments,
                     [o for o in due if o.kind == "task"],
                     [o for o in due if o.kind == "call"], self.reminders.due(now))

    def _open_due(self, end: datetime, kinds: tuple[str, ...]) -> list[Occurrence]:
        """Open items of these kinds due before ``end``, from the oldest open one on: an
        overdue task stays on the page until it is done."""
        with self.db.sessions() as session:
            oldest = session.scalar(select(func.min(Activity.start_utc)).where(
                Activity.kind.in_(kinds), Activity.status == "open"))
        if oldest is None:
            return []
        start = oldest.replace(tzinfo=UTC) - timedelta(days=1)
        if start >= end:
            return []
        items = self.activities.occurrences(start, end, kinds=kinds, statuses=("open",))
        # of a repeating task only its latest occurrence: the earlier ones are past
        latest = {o.series_id: o for o in items if o.series_id is not None}
        return [o for o in items if o.series_id is None or latest[o.series_id] is o]
