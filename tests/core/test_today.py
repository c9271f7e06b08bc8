"""A salesperson's morning: today's meetings, the tasks due today and those overdue, the
calls still to make, and the reminders waiting."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from crmdesk.records import ActivityKind, ActivityRecord, ActivityStatus
from crmdesk.services.today import TodayService
from crmdesk.timezones import override

CPH = ZoneInfo("Europe/Copenhagen")
MORNING = datetime(2026, 12, 3, 8, 30, tzinfo=CPH)


@pytest.fixture(autouse=True)
def copenhagen():
    override("Europe/Copenhagen")
    yield
    override(None)


def add(services, kind: ActivityKind, subject: str, start: datetime, **fields) -> None:
    services.activities.save(ActivityRecord(kind=kind, subject=subject, start=start,
                                            tzid="Europe/Copenhagen", **fields))


def test_the_today_page_lists_the_day_the_due_tasks_and_the_calls_to_make(services) -> None:
    appointment, task, call = ActivityKind.APPOINTMENT, ActivityKind.TASK, ActivityKind.CALL
    add(services, appointment, "Visit Novo", datetime(2026, 12, 3, 10),
        end=datetime(2026, 12, 3, 11), reminder_minutes=120)
    add(services, appointment, "Tomorrow's demo", datetime(2026, 12, 4, 10),
        end=datetime(2026, 12, 4, 11))
    add(services, appointment, "Stand-up", datetime(2026, 11, 2, 9),
        end=datetime(2026, 11, 2, 9, 15), rrule="FREQ=DAILY")
    add(services, task, "Send the offer", datetime(2026, 12, 3, 16))
    add(services, task, "Chase the invoice", datetime(2026, 6, 1, 12))
    add(services, task, "Done already", datetime(2026, 12, 1, 12),
        status=ActivityStatus.COMPLETED)
    add(services, task, "Next week", datetime(2026, 12, 10, 12))
    add(services, task, "Weekly report", datetime(2026, 11, 6, 15), rrule="FREQ=WEEKLY")
    add(services, call, "Call back Anna", datetime(2026, 12, 2, 14))
    add(services, call, "Logged yesterday", datetime(2026, 12, 2, 9),
        status=ActivityStatus.COMPLETED)

    today = TodayService(services.db, services.activities, services.reminders).today(MORNING)

    assert today.day == MORNING.date()
    assert [o.subject for o in today.appointments] == ["Stand-up", "Visit Novo"]
    assert [o.subject for o in today.tasks] == ["Chase the invoice", "Weekly report",
                                                "Send the offer"]
    assert [today.overdue(o) for o in today.tasks] == [True, True, False]
    assert today.tasks[1].start.day == 27  # a repeating task: its latest occurrence only
    assert [o.subject for o in today.calls] == ["Call back Anna"]
    assert [r.occurrence.subject for r in today.reminders] == ["Visit Novo"]
