"""The activity dialog as a salesperson uses it: a repeat set up as in Outlook, a rule
from another program left alone, a call to a customer's number, the kind's own fields,
and a changed form that asks before it closes."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest

from crmdesk.kinds import RecordRef
from crmdesk.records import ActivityKind, ActivityRecord
from crmdesk.services.listing import ListQuery
from crmdesk.services.repeat_rules import Frequency
from crmdesk.timezones import override
from crmdesk.ui.activities.activity_dialog import ActivityDialog
from crmdesk.ui.activities.recurrence_editor import RecurrenceEditor
from crmdesk.ui.calendar.lanes import Lane, lanes

TUESDAY = datetime(2026, 12, 8, 9, 0)


@pytest.fixture(autouse=True)
def copenhagen():
    override("Europe/Copenhagen")
    yield
    override(None)


@pytest.fixture
def editor(qtbot) -> RecurrenceEditor:
    widget = RecurrenceEditor()
    qtbot.addWidget(widget)
    widget.set_rule("", TUESDAY)
    return widget


def pick(editor: RecurrenceEditor, frequency: Frequency) -> None:
    editor.frequency.setCurrentIndex(editor.frequency.findData(frequency))


@pytest.mark.parametrize("rule", [
    "FREQ=DAILY;INTERVAL=2",
    "FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=12",
    "FREQ=MONTHLY;BYDAY=2TU;UNTIL=20270630T235959",
    "FREQ=MONTHLY;BYMONTHDAY=15",
    "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "FREQ=WEEKLY;UNTIL=20270101T080000Z",  # from Outlook: UTC, kept as it was
    "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",  # no choice says it: kept as written
])
def test_a_rule_opens_and_comes_back_unchanged(editor, rule: str) -> None:
    editor.set_rule(rule, TUESDAY)
    assert editor.rule() == rule


def test_weekly_on_tuesday_and_thursday_ending_after_ten(editor) -> None:
    pick(editor, Frequency.WEEKLY)
    assert editor.weekday_boxes[1].isChecked()  # the start's day, as Outlook does
    editor.weekday_boxes[3].setChecked(True)
    editor.after.setChecked(True)
    editor.count.setValue(10)
    assert editor.rule() == "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=10"


def test_monthly_on_the_second_tuesday_until_june(editor) -> None:
    pick(editor, Frequency.MONTHLY)
    assert editor.monthly.ordinal.currentText() == "second"
    assert editor.monthly.weekday.currentIndex() == 1
    editor.monthly.on_weekday.setChecked(True)
    editor.on.setChecked(True)
    editor.until.setDate(QDate(2027, 6, 30))
    assert editor.rule() == "FREQ=MONTHLY;BYDAY=2TU;UNTIL=20270630T235959"
    editor.monthly.on_date.setChecked(True)
    editor.never.setChecked(True)
    assert editor.rule() == "FREQ=MONTHLY;BYMONTHDAY=8"


def test_yearly_and_no_repeat(editor) -> None:
    pick(editor, Frequency.YEARLY)
    assert editor.rule() == "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=8"
    pick(editor, Frequency.NONE)
    assert editor.rule() == ""
    assert editor.ending_box.isHidden()


@pytest.fixture
def dialog_for(qtbot, services, messages):
    from crmdesk.ui.app import application

    application()

    def make(record: ActivityRecord) -> ActivityDialog:
        dialog = ActivityDialog(services, record, None, messages)
        qtbot.addWidget(dialog)
        return dialog

    return make


def test_a_weekly_meeting_saved_from_the_dialog_repeats(dialog_for, services) -> None:
    dialog = dialog_for(ActivityRecord(start=TUESDAY, end=TUESDAY + timedelta(hours=1)))
    QTest.keyClicks(dialog.subject, "Sales meeting")
    pick(dialog.recurrence, Frequency.WEEKLY)
    dialog.save()
    saved = dialog.saved_record
    assert saved is not None and saved.rrule == "FREQ=WEEKLY;BYDAY=TU"
    assert saved.tzid == "Europe/Copenhagen" and saved.reminder_minutes == 15
    cph = ZoneInfo("Europe/Copenhagen")
    shown = services.activities.occurrences(datetime(2026, 12, 1, tzinfo=cph),
                                            datetime(2027, 1, 1, tzinfo=cph))
    assert [o.start.day for o in shown] == [8, 15, 22, 29]


def test_a_call_to_a_customer_offers_their_numbers(dialog_for, services,
                                                   contact_factory) -> None:
    contact = services.contacts.save(contact_factory("Maria", "Jensen"))
    dialog = dialog_for(ActivityRecord(kind=ActivityKind.CALL, start=TUESDAY))
    dialog.show()
    assert dialog.duration.isVisible() and not dialog.end.isVisible()
    QTest.keyClicks(dialog.regarding, "Maria")
    dialog.regarding.pick_text("Maria Jensen (contact)")
    assert dialog.regarding.ref == RecordRef("contact", contact.id)
    assert dialog.number.currentText() == contact.phones[0].number
    dialog.duration.setValue(12)
    dialog.outcome.setText("Wants a quote")
    dialog.save()
    saved = dialog.saved_record
    assert saved is not None
    assert (saved.kind, saved.phone_number, saved.duration_minutes) == (
        ActivityKind.CALL, contact.phones[0].number, 12)
    assert saved.regarding == RecordRef("contact", contact.id)
    assert saved.regarding_name == "Maria Jensen"
    assert saved.reminder_minutes is None


def test_a_name_typed_but_not_picked_is_refused(dialog_for, services) -> None:
    dialog = dialog_for(ActivityRecord(start=TUESDAY, end=TUESDAY + timedelta(hours=1)))
    QTest.keyClicks(dialog.regarding, "Nobody Known")
    dialog.save()
    assert dialog.saved_record is None
    assert "Nobody Known" in dialog.form_error.text()


def test_participants_come_from_contacts_with_a_role(dialog_for, services,
                                                     contact_factory) -> None:
    services.contacts.save(contact_factory("Ole", "Hansen"))
    contact_id = services.contacts.ids(ListQuery())[0]
    row = services.contacts.rows([contact_id])[0]
    dialog = dialog_for(ActivityRecord(start=TUESDAY, end=TUESDAY + timedelta(hours=1)))
    dialog.person.set_ref(RecordRef("contact", contact_id), row.display_name)
    dialog.role.setCurrentIndex(dialog.role.findData("optional"))
    dialog.add_person.click()
    dialog.save()
    saved = dialog.saved_record
    assert saved is not None
    (person,) = saved.participants
    assert (person.contact_id, person.role, person.name) == (contact_id, "optional",
                                                             row.display_name)


def test_a_task_has_a_due_time_priority_and_percent(dialog_for) -> None:
    dialog = dialog_for(ActivityRecord(kind=ActivityKind.TASK, start=TUESDAY))
    dialog.show()
    assert dialog.when_label.text() == "&Due"
    assert not dialog.end.isVisible() and dialog.priority.isVisible()
    dialog.priority.setCurrentIndex(dialog.priority.findData(1))
    dialog.percent.setValue(40)
    dialog.save()
    saved = dialog.saved_record
    assert saved is not None and (saved.priority, saved.percent_complete, saved.start) == (
        1, 40, TUESDAY)


def test_an_all_day_event_is_stored_as_dates_with_an_exclusive_end(dialog_for) -> None:
    dialog = dialog_for(ActivityRecord(start=TUESDAY, end=TUESDAY + timedelta(hours=1)))
    dialog.subject.setText("Trade fair")
    dialog.all_day.setChecked(True)
    dialog.end.setDateTime(datetime(2026, 12, 9, 0, 0))
    dialog.save()
    saved = dialog.saved_record
    assert saved is not None and saved.all_day and saved.tzid == ""
    assert (saved.start, saved.end) == (datetime(2026, 12, 8), datetime(2026, 12, 10))
    again = dialog_for(saved)
    assert again.end.date().toPython() == date(2026, 12, 9)  # shown as the last day
    assert not again.is_changed()


def test_an_end_before_the_start_is_explained(dialog_for) -> None:
    dialog = dialog_for(ActivityRecord(start=TUESDAY, end=TUESDAY + timedelta(hours=1)))
    dialog.subject.setText("Backwards")
    dialog.end.setDateTime(TUESDAY - timedelta(hours=2))
    dialog.start.setDateTime(TUESDAY)
    dialog.end.setDateTime(TUESDAY - timedelta(hours=2))
    dialog.save()
    assert dialog.saved_record is None
    assert "ends before it starts" in dialog.form_error.text()


def test_escape_on_a_changed_form_asks_first(dialog_for, messages) -> None:
    dialog = dialog_for(ActivityRecord(start=TUESDAY, end=TUESDAY + timedelta(hours=1)))
    dialog.show()
    assert not dialog.is_changed()
    dialog.subject.setText("Half typed")
    messages.choose_answer = -1  # go on editing
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and messages.shown[-1][0] == "choose"


def test_overlapping_items_share_the_width_side_by_side() -> None:
    assert lanes([(9, 10), (9.5, 11), (10, 10.5), (12, 13)]) == [
        Lane(0, 2), Lane(1, 2), Lane(0, 2), Lane(0, 1)]
    assert lanes([(9, 12), (9, 10), (10, 11), (11, 12)]) == [
        Lane(0, 2), Lane(1, 2), Lane(1, 2), Lane(1, 2)]
    assert lanes([(8, 8), (8, 8)]) == [Lane(0, 2), Lane(1, 2)]


def test_an_imported_priority_the_list_rounds_is_kept_unless_changed(dialog_for) -> None:
    dialog = dialog_for(ActivityRecord(kind=ActivityKind.TASK, start=TUESDAY, priority=3,
                                       subject="From Thunderbird"))
    assert dialog.priority.currentText() == "High" and not dialog.is_changed()
    dialog.save()
    assert dialog.saved_record is not None and dialog.saved_record.priority == 3
    again = dialog_for(dialog.saved_record)
    again.priority.setCurrentIndex(again.priority.findData(9))
    again.save()
    assert again.saved_record is not None and again.saved_record.priority == 9


def test_a_meeting_scheduled_from_a_card_shows_whom_it_regards(dialog_for, services,
                                                              contact_factory) -> None:
    contact = services.contacts.save(contact_factory("Ida", "Berg"))
    dialog = dialog_for(ActivityRecord(start=TUESDAY, end=TUESDAY + timedelta(hours=1),
                                       regarding=RecordRef("contact", contact.id)))
    assert dialog.regarding.text() == "Ida Berg" and not dialog.is_changed()
    dialog.subject.setText("Intro")
    dialog.save()
    assert dialog.saved_record is not None
    assert dialog.saved_record.regarding_name == "Ida Berg"
