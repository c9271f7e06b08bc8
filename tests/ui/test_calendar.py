"""A salesperson plans the week in the Calendar tab: double-clicks a free hour to book a
meeting, drags it to another day or makes it longer, moves one Monday of a weekly
review without touching the others, sees the series in the month, and ticks off tasks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from crmdesk.records import ActivityKind, ActivityRecord, ActivityStatus
from crmdesk.timezones import override
from crmdesk.ui.activities.activity_dialog import ActivityDialog
from crmdesk.ui.calendar.calendar_view import CalendarView, Mode
from crmdesk.ui.calendar.surfaces import GUTTER, HOUR
from crmdesk.ui.tasks import Tasks

CPH = ZoneInfo("Europe/Copenhagen")
MONDAY = date(2026, 12, 7)
THIS_OCCURRENCE, THIS_AND_FOLLOWING, WHOLE_SERIES = 0, 1, 2


@pytest.fixture(autouse=True)
def copenhagen():
    override("Europe/Copenhagen")
    yield
    override(None)


@pytest.fixture
def calendar(qtbot, services, messages) -> CalendarView:
    from crmdesk.ui.app import application

    application()
    view = CalendarView(services, messages, Tasks())
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.anchor = MONDAY
    view.set_mode(Mode.WEEK)
    view.show()
    qtbot.waitExposed(view)
    return view


def in_dialog(act: Callable[[ActivityDialog], None]) -> None:
    """What the user does in the activity dialog the next step opens."""
    def run() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ActivityDialog), "the activity dialog opened"
        act(dialog)

    QTimer.singleShot(0, run)


def slot(view: CalendarView, day: date, hour: float) -> QPoint:
    """The middle of ``day``'s column at ``hour`` in the time grid."""
    column = view.days().index(day)
    width = view.grid.column_width()
    return QPoint(int(GUTTER + (column + 0.5) * width), int(hour * HOUR) + 3)


def meeting(subject: str, day: date, hour: int, **fields) -> ActivityRecord:
    start = datetime.combine(day, datetime.min.time()) + timedelta(hours=hour)
    return ActivityRecord(subject=subject, start=start, end=start + timedelta(hours=1),
                          tzid="Europe/Copenhagen", **fields)


def drawn(view: CalendarView, subject: str) -> list[tuple[date, int]]:
    """(day, hour) of each box the time grid draws for ``subject``."""
    width = view.grid.column_width()
    return sorted((view.days()[int((rect.center().x() - GUTTER) // width)],
                   int(rect.top() // HOUR))
                  for rect, item in view.grid.boxes if item.subject == subject)


def drag(widget, start: QPoint, end: QPoint) -> None:
    QTest.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    middle = (start + end) / 2
    QTest.mouseMove(widget, middle)
    QTest.mouseMove(widget, end)
    QTest.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=end)


def test_double_click_on_a_free_hour_books_a_meeting_there(qtbot, calendar, services) -> None:
    wednesday = MONDAY + timedelta(days=2)

    def book(dialog: ActivityDialog) -> None:
        assert dialog.start.dateTime().toPython() == datetime(2026, 12, 9, 14, 0)
        assert dialog.end.dateTime().toPython() == datetime(2026, 12, 9, 14, 30)
        assert dialog.reminder.value() == services.settings.reminder_minutes
        QTest.keyClicks(dialog.subject, "Quote review with Novo")
        dialog.save()

    in_dialog(book)
    QTest.mouseDClick(calendar.grid, Qt.MouseButton.LeftButton, pos=slot(calendar, wednesday,
                                                                         14.2))
    assert drawn(calendar, "Quote review with Novo") == [(wednesday, 14)]
    (stored,) = services.activities.occurrences(datetime(2026, 12, 9, tzinfo=CPH),
                                                datetime(2026, 12, 10, tzinfo=CPH))
    assert stored.start == datetime(2026, 12, 9, 14, 0, tzinfo=CPH)
    assert stored.kind == "appointment"


def test_dragging_a_meeting_to_the_next_day_moves_it_there(qtbot, calendar, services) -> None:
    saved = services.activities.save(meeting("Visit Maersk", MONDAY, 10))
    calendar.refresh()
    drag(calendar.grid, slot(calendar, MONDAY, 10.3),
         slot(calendar, MONDAY + timedelta(days=1), 10.3))
    moved = services.activities.get(saved.id)
    assert (moved.start, moved.end) == (datetime(2026, 12, 8, 10), datetime(2026, 12, 8, 11))
    assert drawn(calendar, "Visit Maersk") == [(MONDAY + timedelta(days=1), 10)]


def test_dragging_the_lower_edge_makes_a_meeting_longer(qtbot, calendar, services) -> None:
    saved = services.activities.save(meeting("Workshop", MONDAY, 13))
    calendar.refresh()
    box = calendar.grid.box_of(calendar.occurrences[0])
    assert box is not None
    edge = QPointF(box.center().x(), box.bottom() - 2).toPoint()
    drag(calendar.grid, edge, edge + QPoint(0, HOUR))
    longer = services.activities.get(saved.id)
    assert (longer.start, longer.end) == (datetime(2026, 12, 7, 13), datetime(2026, 12, 7, 15))


def test_editing_one_monday_of_a_weekly_review_moves_only_that_one(
        qtbot, calendar, services, messages) -> None:
    services.activities.save(meeting("Pipeline review", MONDAY - timedelta(days=14), 9,
                                     rrule="FREQ=WEEKLY;BYDAY=MO"))
    calendar.refresh()
    assert drawn(calendar, "Pipeline review") == [(MONDAY, 9)]
    messages.choose_answer = THIS_OCCURRENCE

    def later(dialog: ActivityDialog) -> None:
        assert "occurrence" in dialog.windowTitle()
        dialog.start.setDateTime(datetime(2026, 12, 7, 11, 0))
        dialog.save()

    in_dialog(later)
    QTest.mouseDClick(calendar.grid, Qt.MouseButton.LeftButton,
                      pos=slot(calendar, MONDAY, 9.3))
    assert messages.choices == ["This occurrence", "This and following", "The whole series"]
    assert drawn(calendar, "Pipeline review") == [(MONDAY, 11)]
    calendar.step(1)
    assert drawn(calendar, "Pipeline review") == [(MONDAY + timedelta(days=7), 9)]
    calendar.step(-2)
    assert drawn(calendar, "Pipeline review") == [(MONDAY - timedelta(days=7), 9)]


def test_dragging_one_occurrence_asks_and_makes_an_exception(
        qtbot, calendar, services, messages) -> None:
    series = services.activities.save(meeting("Stand-up", MONDAY, 8, rrule="FREQ=DAILY"))
    calendar.refresh()
    messages.choose_answer = THIS_OCCURRENCE
    tuesday = MONDAY + timedelta(days=1)
    drag(calendar.grid, slot(calendar, tuesday, 8.3), slot(calendar, tuesday, 9.3))
    assert messages.shown[-1][0] == "choose"
    hours = {day: hour for day, hour in drawn(calendar, "Stand-up")}
    assert hours[tuesday] == 9 and hours[MONDAY] == hours[tuesday + timedelta(days=1)] == 8
    assert services.activities.get(series.id).rrule == "FREQ=DAILY"


def test_deleting_one_occurrence_skips_only_it(qtbot, calendar, services, messages) -> None:
    services.activities.save(meeting("Stand-up", MONDAY, 8, rrule="FREQ=DAILY;COUNT=5"))
    calendar.refresh()
    QTest.mouseClick(calendar.grid, Qt.MouseButton.LeftButton,
                     pos=slot(calendar, MONDAY + timedelta(days=2), 8.3))
    messages.choose_answer = THIS_OCCURRENCE
    calendar.delete_selected()
    days = [day for day, _ in drawn(calendar, "Stand-up")]
    assert days == [MONDAY + timedelta(days=n) for n in (0, 1, 3, 4)]


def test_the_month_shows_every_monday_of_a_weekly_series_from_one_read(
        qtbot, calendar, services) -> None:
    services.activities.save(meeting("Pipeline review", date(2026, 11, 2), 9,
                                     rrule="FREQ=WEEKLY;BYDAY=MO"))
    before = calendar.loads
    calendar.set_mode(Mode.MONTH)
    assert calendar.loads == before + 1
    days = calendar.month.days
    assert days[0] <= date(2026, 12, 1) and days[-1] >= date(2026, 12, 31)
    mondays = sorted(item.start.date() for _, item in calendar.month.boxes)
    assert mondays == [d for d in days if d.weekday() == 0]
    assert calendar.title.text() == "December 2026"


def test_keys_page_through_weeks_and_back_to_today(qtbot, calendar) -> None:
    calendar.setFocus()
    first = calendar.days()[0]
    QTest.keyClick(calendar, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert calendar.days()[0] == first + timedelta(days=7)
    QTest.keyClick(calendar, Qt.Key.Key_PageUp)
    QTest.keyClick(calendar, Qt.Key.Key_PageUp)
    assert calendar.days()[0] == first - timedelta(days=7)
    QTest.keyClick(calendar, Qt.Key.Key_T)
    assert calendar.today in calendar.days()


def test_the_mode_is_remembered(qtbot, calendar, services, messages) -> None:
    calendar.set_mode(Mode.WORK_WEEK)
    again = CalendarView(services, messages, Tasks())
    qtbot.addWidget(again)
    assert again.mode == Mode.WORK_WEEK and len(again.days()) == 5


def test_all_day_items_lie_in_the_band_and_cancelled_ones_are_struck_through(
        qtbot, calendar, services) -> None:
    start = datetime.combine(MONDAY + timedelta(days=3), datetime.min.time())
    services.activities.save(ActivityRecord(subject="Trade fair", start=start,
                                            end=start + timedelta(days=2), all_day=True))
    services.activities.save(meeting("Called off", MONDAY, 15,
                                     status=ActivityStatus.CANCELLED))
    calendar.refresh()
    assert [i.subject for _, i in calendar.band.boxes] == ["Trade fair"]
    (box,) = [r for r, _ in calendar.band.boxes]
    assert box.width() == pytest.approx(2 * calendar.band.column_width() - 3)
    assert drawn(calendar, "Trade fair") == []
    calendar.set_mode(Mode.AGENDA)
    calendar.anchor = MONDAY
    calendar.refresh()
    row = calendar.agenda.findItems("Called off", Qt.MatchFlag.MatchExactly, 1)[0]
    assert row.font(1).strikeOut()


def test_the_to_do_pane_flags_overdue_tasks_and_a_tick_completes_one(
        qtbot, calendar, services) -> None:
    now = datetime.now(CPH).replace(tzinfo=None, second=0, microsecond=0)
    late = services.activities.save(ActivityRecord(
        kind=ActivityKind.TASK, subject="Send the quote", start=now - timedelta(days=2),
        tzid="Europe/Copenhagen"))
    services.activities.save(ActivityRecord(
        kind=ActivityKind.TASK, subject="Book the fair stand", start=now + timedelta(days=3),
        tzid="Europe/Copenhagen"))
    calendar.refresh()
    items = [calendar.todo_list.item(i) for i in range(calendar.todo_list.count())]
    assert [i.text().split("\n")[0] for i in items] == ["Send the quote", "Book the fair stand"]
    assert "overdue" in items[0].text() and "overdue" not in items[1].text()
    assert items[0].foreground().color().name() == "#b00020"
    items[0].setCheckState(Qt.CheckState.Checked)
    assert services.activities.get(late.id).status == ActivityStatus.COMPLETED
    assert calendar.todo_list.count() == 1


def test_the_window_has_the_calendar_and_file_new_appointment(qtbot, main_window) -> None:
    main_window.show_view("calendar")
    assert main_window.tabs.currentWidget() is main_window.calendar
    new = next(a for a in main_window.file_menu.actions() if a.text() == "New a&ppointment…")
    assert new.shortcut().toString() == "Ctrl+Shift+A"

    def book(dialog: ActivityDialog) -> None:
        dialog.subject.setText("Call about the renewal")
        dialog.save()

    in_dialog(book)
    new.trigger()
    assert any(o.subject == "Call about the renewal" for o in main_window.calendar.occurrences)


def test_in_the_month_a_meeting_is_dragged_to_another_week(qtbot, calendar, services) -> None:
    saved = services.activities.save(meeting("Board meeting", MONDAY, 15))
    calendar.set_mode(Mode.MONTH)
    box = calendar.month.box_of(calendar.occurrences[0])
    assert box is not None
    below = box.center() + QPointF(0, calendar.month.row_height())
    drag(calendar.month, box.center().toPoint(), below.toPoint())
    moved = services.activities.get(saved.id)
    assert moved.start == datetime(2026, 12, 14, 15) and moved.end == datetime(2026, 12, 14, 16)


def test_an_all_day_event_is_dragged_along_the_band(qtbot, calendar, services) -> None:
    start = datetime.combine(MONDAY, datetime.min.time())
    saved = services.activities.save(ActivityRecord(subject="Holiday", start=start,
                                                    end=start + timedelta(days=1),
                                                    all_day=True))
    calendar.refresh()
    (box,) = [r for r, _ in calendar.band.boxes]
    target = box.center() + QPointF(2 * calendar.band.column_width(), 0)
    drag(calendar.band, box.center().toPoint(), target.toPoint())
    moved = services.activities.get(saved.id)
    assert (moved.start, moved.end) == (start + timedelta(days=2), start + timedelta(days=3))


def test_this_and_following_moves_the_rest_of_the_series_only(
        qtbot, calendar, services, messages) -> None:
    services.activities.save(meeting("Pipeline review", MONDAY - timedelta(days=7), 9,
                                     rrule="FREQ=WEEKLY;BYDAY=MO"))
    calendar.refresh()
    messages.choose_answer = THIS_AND_FOLLOWING

    def later(dialog: ActivityDialog) -> None:
        assert dialog.start.dateTime().toPython() == datetime(2026, 12, 7, 9, 0)
        dialog.start.setDateTime(datetime(2026, 12, 7, 10, 0))
        dialog.save()

    in_dialog(later)
    QTest.mouseDClick(calendar.grid, Qt.MouseButton.LeftButton,
                      pos=slot(calendar, MONDAY, 9.3))
    assert drawn(calendar, "Pipeline review") == [(MONDAY, 10)]
    calendar.step(1)
    assert drawn(calendar, "Pipeline review") == [(MONDAY + timedelta(days=7), 10)]
    calendar.step(-2)
    assert drawn(calendar, "Pipeline review") == [(MONDAY - timedelta(days=7), 9)]


def test_dragging_with_the_whole_series_moves_every_occurrence(
        qtbot, calendar, services, messages) -> None:
    series = services.activities.save(meeting("Pipeline review", MONDAY - timedelta(days=7),
                                              9, rrule="FREQ=WEEKLY;BYDAY=MO"))
    calendar.refresh()
    messages.choose_answer = WHOLE_SERIES
    drag(calendar.grid, slot(calendar, MONDAY, 9.3), slot(calendar, MONDAY, 11.3))
    stored = services.activities.get(series.id)
    assert stored.start == datetime(2026, 11, 30, 11) and stored.rrule == "FREQ=WEEKLY;BYDAY=MO"
    calendar.step(-1)
    assert drawn(calendar, "Pipeline review") == [(MONDAY - timedelta(days=7), 11)]


def test_deleting_this_and_following_ends_the_series(qtbot, calendar, services,
                                                     messages) -> None:
    services.activities.save(meeting("Stand-up", MONDAY, 8, rrule="FREQ=DAILY"))
    calendar.refresh()
    QTest.mouseClick(calendar.grid, Qt.MouseButton.LeftButton,
                     pos=slot(calendar, MONDAY + timedelta(days=3), 8.3))
    messages.choose_answer = THIS_AND_FOLLOWING
    calendar.delete_selected()
    assert [day for day, _ in drawn(calendar, "Stand-up")] == [
        MONDAY + timedelta(days=n) for n in range(3)]
    calendar.step(1)
    assert drawn(calendar, "Stand-up") == []


def test_a_busy_day_in_the_month_lists_its_first_meetings_and_how_many_more(
        qtbot, calendar, services) -> None:
    wednesday = MONDAY + timedelta(days=2)
    for hour in range(8, 18):
        services.activities.save(meeting(f"Meeting at {hour}", wednesday, hour))
    services.activities.save(ActivityRecord(subject="Trade fair", all_day=True,
                                            start=datetime.combine(wednesday, datetime.min.time()),
                                            end=datetime.combine(wednesday, datetime.min.time())
                                            + timedelta(days=2)))
    calendar.set_mode(Mode.MONTH)
    index = calendar.month.days.index(wednesday)
    cell = calendar.month.cell(index)
    lines = [item.subject for rect, item in calendar.month.boxes if cell.contains(rect.center())]
    assert 1 < len(lines) < 11
    assert lines == ["Trade fair"] + [f"Meeting at {h}" for h in range(8, 8 + len(lines) - 1)]
    assert calendar.month.more[wednesday] == 11 - len(lines)
    assert wednesday + timedelta(days=1) not in calendar.month.more  # the fair's second day


def test_clicking_a_day_number_in_the_month_opens_that_day(qtbot, calendar) -> None:
    calendar.set_mode(Mode.MONTH)
    index = calendar.month.days.index(date(2026, 12, 16))
    cell = calendar.month.cell(index)
    QTest.mouseClick(calendar.month, Qt.MouseButton.LeftButton,
                     pos=QPointF(cell.right() - 8, cell.top() + 6).toPoint())
    assert calendar.mode == Mode.DAY and calendar.days() == [date(2026, 12, 16)]


def test_a_link_to_an_activity_opens_it_in_its_dialog(qtbot, main_window, services) -> None:
    from crmdesk.kinds import RecordRef

    saved = services.activities.save(meeting("Contract talk", MONDAY, 11))
    seen: list[str] = []

    def look(dialog: ActivityDialog) -> None:
        seen.append(dialog.subject.text())
        dialog.reject()

    in_dialog(look)
    assert main_window.navigate(RecordRef("activity", saved.id))
    assert seen == ["Contract talk"]
    assert not main_window.navigate(RecordRef("activity", saved.id + 99))
