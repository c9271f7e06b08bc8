"""A salesperson works from the card: logs a call with Ctrl+Shift+P and sees it in the
History, adds a note, schedules a meeting in the full dialog, opens an entry, and is
asked what to do with the activities when deleting a customer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from crmdesk.kinds import RecordRef
from crmdesk.records import ActivityKind, ActivityRecord
from crmdesk.ui.activities.activity_dialog import ActivityDialog
from crmdesk.ui.activities.quick_entry import AddNoteDialog, LogCallDialog

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def in_dialog(use: Callable[[QWidget], None]) -> list[QWidget]:
    """Run ``use`` on the modal dialog that the next action opens."""
    seen: list[QWidget] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None, "a dialog opened"
        seen.append(dialog)
        use(dialog)

    QTimer.singleShot(0, run)
    return seen


def history_lines(detail) -> list[list[str]]:
    model = detail.history.model
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def show_history(qtbot, view) -> None:
    view.detail.tabs.setCurrentWidget(view.detail.history)
    qtbot.waitUntil(view.detail.history.isVisible)


def test_log_a_call_from_a_contact_card_and_see_it_in_the_history(qtbot, main_window) -> None:
    view = main_window.contacts
    view.select_row(0)
    contact = view.services.contacts.get(view.current_id())
    show_history(qtbot, view)
    assert history_lines(view.detail) == []

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, LogCallDialog)
        assert dialog.number.currentText() == contact.phones[0].number
        dialog.outcome.setCurrentText("Left a message")
        qtbot.keyClicks(dialog.notes, "Wants a quote for 40 licences")
        QTest.keyClick(dialog.notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    seen = in_dialog(fill)
    qtbot.keyClick(view.table, Qt.Key.Key_P, CTRL_SHIFT)
    assert seen

    name = view.services.activities.regarded_name(RecordRef("contact", contact.id))
    model = view.detail.history.model
    assert model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole) == "Call"
    assert history_lines(view.detail) == [[
        history_lines(view.detail)[0][0], "✆", f"Call with {name}", "", "Completed"]]
    call, = view.services.activities.history(RecordRef("contact", contact.id))
    stored = view.services.activities.get(call.activity_id)
    assert (stored.kind, stored.outcome, stored.description, stored.phone_number) == (
        "call", "Left a message", "Wants a quote for 40 licences", contact.phones[0].number)
    assert [(p.role, p.contact_id) for p in stored.participants] == [("called", contact.id)]


def test_add_a_note_to_an_account_its_first_line_the_subject(qtbot, main_window) -> None:
    view = main_window.show_view("accounts")
    view.select_row(0)
    account_id = view.current_id()
    show_history(qtbot, view)

    def write(dialog: QWidget) -> None:
        assert isinstance(dialog, AddNoteDialog)
        qtbot.keyClicks(dialog.text, "Budget approved")
        QTest.keyClick(dialog.text, Qt.Key.Key_Return)
        qtbot.keyClicks(dialog.text, "Orders in January.")
        dialog.save()

    seen = in_dialog(write)
    qtbot.keyClick(view.table, Qt.Key.Key_M, CTRL_SHIFT)
    assert seen
    lines = history_lines(view.detail)
    assert [line[1:3] for line in lines] == [["✎", "Budget approved"]]
    note, = view.services.activities.history(RecordRef("account", account_id))
    assert view.services.activities.get(note.activity_id).description == "Orders in January."


def test_an_accounts_history_shows_its_contacts_activities_by_kind(qtbot, main_window) -> None:
    services = main_window.services
    view = main_window.show_view("accounts")
    account_id = None
    for row in range(view.model.rowCount()):
        view.select_row(row)
        if view.detail.people_model.rowCount():
            account_id = view.current_id()
            break
    assert account_id is not None
    person = view.detail.people_model.id_at(0)
    start = datetime(2026, 11, 2, 10)
    services.activities.save(ActivityRecord(kind=ActivityKind.CALL, subject="Intro call",
                                            start=start, regarding=RecordRef("contact", person)))
    services.activities.save(ActivityRecord(
        subject="Kick-off", start=start + timedelta(days=3), end=start + timedelta(days=3, hours=1),
        regarding=RecordRef("account", account_id)))
    show_history(qtbot, view)
    person_name = services.activities.regarded_name(RecordRef("contact", person))
    assert [line[2:4] for line in history_lines(view.detail)] == [
        ["Kick-off", ""], ["Intro call", person_name]]
    view.detail.history.filter.setCurrentText("Calls")
    assert [line[2] for line in history_lines(view.detail)] == ["Intro call"]


def test_schedule_a_meeting_opens_the_full_dialog_with_the_person(qtbot, main_window
                                                                 ) -> None:
    view = main_window.contacts
    view.select_row(1)
    contact_id = view.current_id()
    show_history(qtbot, view)
    menu = view.detail.history.schedule_button.menu()
    assert [a.text() for a in menu.actions()] == ["&Meeting…", "&Call…", "&Task…"]

    def book(dialog: ActivityDialog) -> None:
        assert dialog.regarding.text() == main_window.services.activities.regarded_name(
            RecordRef("contact", contact_id))
        dialog.subject.setText("Kick-off")
        dialog.save()

    opened = in_dialog(book)
    menu.actions()[0].trigger()
    assert isinstance(opened[0], ActivityDialog)
    [entry] = main_window.services.activities.history(RecordRef("contact", contact_id))
    record = main_window.services.activities.get(entry.activity_id)
    assert record.subject == "Kick-off" and record.kind == "appointment"
    assert [(p.role, p.contact_id) for p in record.participants] == [("required", contact_id)]
    assert record.reminder_minutes == main_window.services.settings.reminder_minutes
    assert record.end - record.start == timedelta(hours=1) and record.start.minute == 0
    assert [line[1] for line in history_lines(view.detail)] == ["◷"]


def test_double_click_opens_an_entry_in_the_activity_dialog(qtbot, main_window) -> None:
    services = main_window.services
    view = main_window.contacts
    view.select_row(0)
    ref = RecordRef("contact", view.current_id())
    services.activities.save(ActivityRecord(kind=ActivityKind.NOTE, subject="Likes golf",
                                            description="Plays on Sundays",
                                            start=datetime(2026, 11, 2, 10), regarding=ref))
    show_history(qtbot, view)
    table = view.detail.history.table
    table.setCurrentIndex(table.model().index(0, 2))

    def rename(dialog: ActivityDialog) -> None:
        assert dialog.subject.text() == "Likes golf"
        dialog.subject.setText("Likes golf and sailing")
        dialog.save()

    in_dialog(rename)
    QTest.keyClick(table, Qt.Key.Key_Return)
    assert [line[2] for line in history_lines(view.detail)] == ["Likes golf and sailing"]


def test_deleting_a_contact_asks_what_becomes_of_its_activities(qtbot, main_window,
                                                               messages) -> None:
    services = main_window.services
    view = main_window.contacts
    view.select_row(0)
    first = view.current_id()
    name = services.activities.regarded_name(RecordRef("contact", first))
    call = services.activities.save(ActivityRecord(
        kind=ActivityKind.CALL, subject="Quote", start=datetime(2026, 11, 2, 10),
        regarding=RecordRef("contact", first)))
    messages.choose_answer = 0  # delete, keep the activities
    view.delete_selected()
    kind, _title, text = messages.shown[-1]
    assert kind == "choose" and "1 activities" in text
    assert messages.choices == ["Delete, keep the activities", "Delete with the activities"]
    kept = services.activities.get(call.id)
    assert kept.regarding is None and kept.regarding_name == name

    view.select_row(0)
    second = view.current_id()
    services.activities.save(ActivityRecord(kind=ActivityKind.NOTE, subject="Gone too",
                                            start=datetime(2026, 11, 2, 10),
                                            regarding=RecordRef("contact", second)))
    messages.choose_answer = 1
    view.delete_selected()
    assert services.activities.regarding_count("contact", [second]) == 0
    assert services.contacts.count() == 58

    messages.choose_answer = -1  # Cancel keeps everyone
    view.select_row(0)
    third = view.current_id()
    services.activities.save(ActivityRecord(kind=ActivityKind.NOTE, subject="Stays",
                                            start=datetime(2026, 11, 2, 10),
                                            regarding=RecordRef("contact", third)))
    view.delete_selected()
    assert services.contacts.count() == 58


def test_no_two_entries_of_the_window_share_a_key(qtbot, main_window) -> None:
    keys = [a.shortcut().toString(QKeySequence.SequenceFormat.PortableText)
            for a in main_window.actions() if not a.shortcut().isEmpty()]
    assert len(keys) == len(set(keys)), sorted(keys)
    assert {"Ctrl+Shift+P", "Ctrl+Shift+M", "Ctrl+T"} <= set(keys)


def test_a_long_history_shows_the_newest_lines_first_and_all_on_request(
        qtbot, main_window, monkeypatch) -> None:
    from crmdesk.ui.activities import history

    monkeypatch.setattr(history, "FIRST_LINES", 2)
    services = main_window.services
    view = main_window.contacts
    view.select_row(0)
    ref = RecordRef("contact", view.current_id())
    for day in (1, 2, 3):
        services.activities.save(ActivityRecord(kind=ActivityKind.NOTE, subject=f"Note {day}",
                                                start=datetime(2026, 11, day, 10),
                                                regarding=ref))
    view.select_row(1)
    view.select_row(0)
    show_history(qtbot, view)
    panel = view.detail.history
    assert [line[2] for line in history_lines(view.detail)] == ["Note 3", "Note 2"]
    assert panel.more_button.isVisible() and panel.count.text() == "the newest 2 entries"
    panel.more_button.click()
    assert [line[2] for line in history_lines(view.detail)] == ["Note 3", "Note 2", "Note 1"]
    assert not panel.more_button.isVisible()
