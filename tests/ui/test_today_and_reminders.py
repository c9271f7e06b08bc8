"""The morning in the window: the Today page lists the day, flags what is overdue and opens
an entry; a reminder shows in its window, snoozes for five minutes and comes back, and
Dismiss puts it away."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from crmdesk.records import ActivityKind, ActivityRecord
from crmdesk.timezones import override
from crmdesk.ui.activities.activity_dialog import ActivityDialog


@pytest.fixture(autouse=True)
def copenhagen():
    override("Europe/Copenhagen")
    yield
    override(None)


def lines(tree) -> list[list[str]]:
    return [[tree.topLevelItem(r).text(c) for c in range(tree.columnCount())]
            for r in range(tree.topLevelItemCount())]


def test_the_today_page_shows_the_day_and_flags_overdue_tasks(qtbot, main_window) -> None:
    services = main_window.services
    now = datetime.now(UTC).astimezone(services.activities.display_zone())
    here = now.replace(tzinfo=None, second=0, microsecond=0)
    services.activities.save(ActivityRecord(
        subject="Visit Novo", start=here.replace(hour=23, minute=0),
        end=here.replace(hour=23, minute=30), tzid="Europe/Copenhagen"))
    services.activities.save(ActivityRecord(kind=ActivityKind.TASK, subject="Chase invoice",
                                            start=here - timedelta(days=3),
                                            tzid="Europe/Copenhagen"))
    services.activities.save(ActivityRecord(kind=ActivityKind.CALL, subject="Call back Anna",
                                            start=here - timedelta(hours=1),
                                            tzid="Europe/Copenhagen"))
    main_window.show_view("today")
    page = main_window.today
    qtbot.waitUntil(page.isVisible)

    assert [line[1] for line in lines(page.appointments)] == ["Visit Novo"]
    assert lines(page.tasks)[0][0].startswith("Overdue: ")
    assert lines(page.tasks)[0][1] == "Chase invoice"
    assert page.tasks.topLevelItem(0).foreground(1).color().name() == "#b3261e"
    assert [line[1] for line in lines(page.calls)] == ["Call back Anna"]
    assert lines(page.reminders) == [["", "No reminders waiting.", ""]]

    opened: list[str] = []

    def look(dialog: QWidget) -> None:
        assert isinstance(dialog, ActivityDialog)
        opened.append(dialog.subject.text())
        dialog.reject()

    page.tasks.setCurrentItem(page.tasks.topLevelItem(0))
    QTimer.singleShot(0, lambda: look(QApplication.activeModalWidget()))
    QTest.keyClick(page.tasks, Qt.Key.Key_Return)
    assert opened == ["Chase invoice"]
    assert page.midnight.isActive()


def test_a_reminder_shows_and_snoozes(qtbot, main_window) -> None:
    services = main_window.services
    now = datetime(2026, 12, 7, 8, 50, tzinfo=UTC)
    services.activities.save(ActivityRecord(
        subject="Pipeline review", start=datetime(2026, 12, 7, 9, 0),
        end=datetime(2026, 12, 7, 10, 0), tzid="UTC", reminder_minutes=15))
    watch = main_window.reminders
    watch.clock = services.reminders.clock = lambda: now
    watch.check()
    window = watch.window
    qtbot.waitUntil(window.isVisible)
    assert [line[0] for line in lines(window.list)] == ["Appointment: Pipeline review"]
    assert lines(window.list)[0][2] == "10 min"

    assert window.snooze_choice.count() == 4  # 5, 10, 15 minutes and an hour
    window.snooze_choice.setCurrentIndex(window.snooze_choice.findData(5))
    window.snooze_button.click()
    assert not window.isVisible()

    watch.clock = lambda: now + timedelta(minutes=4)
    watch.check()
    assert not window.isVisible()
    watch.clock = lambda: now + timedelta(minutes=6)
    watch.check()
    assert window.isVisible()

    window.dismiss_button.click()
    assert not window.isVisible()
    watch.clock = lambda: now + timedelta(minutes=30)
    assert watch.check() == []
