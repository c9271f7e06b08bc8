"""File > Import and File > Export with a calendar: the user picks an .ics file, sees its
first appointments, imports them and reads what came in; and exports every activity, as
iCalendar or with the whole database as JSON."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from test_import_dialog import FakeMessages

from crmdesk.records import ActivityRecord
from crmdesk.services.listing import ListQuery
from crmdesk.timezones import override

CALENDAR = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n"
            "BEGIN:VEVENT\r\nUID:kick-off\r\nDTSTART;TZID=Europe/Copenhagen:20261207T090000\r\n"
            "DTEND;TZID=Europe/Copenhagen:20261207T100000\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\n"
            "SUMMARY:Kick-off\r\nATTENDEE;CN=Anna:mailto:anna@example.com\r\nEND:VEVENT\r\n"
            "BEGIN:VEVENT\r\nUID:broken\r\nSUMMARY:No date\r\nEND:VEVENT\r\n"
            "END:VCALENDAR\r\n")


def test_the_import_dialog_takes_a_calendar(qtbot, services, tmp_path) -> None:
    from crmdesk.ui.import_dialog import FILTERS, ImportDialog

    assert "*.ics" in FILTERS
    path = tmp_path / "outlook.ics"
    path.write_bytes(CALENDAR.encode())
    dialog = ImportDialog(services, FakeMessages([str(path)]))
    qtbot.addWidget(dialog)
    dialog.choose_files()
    assert dialog.format.currentText() == "ics"
    assert dialog.preview.horizontalHeaderItem(0).text() == "Subject"
    assert dialog.mapping.isHidden() and dialog.review_button.isHidden()  # no columns
    assert dialog.preview.rowCount() == 1
    assert [dialog.preview.item(0, c).text() for c in range(6)] == [
        "Kick-off", "Appointment", "2026-12-07 09:00", "Europe/Copenhagen",
        "FREQ=WEEKLY;COUNT=4", "Anna"]
    assert "no start" in dialog.status.text()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    report = dialog.status.text()
    assert report.startswith("activities: 1 created, 0 updated, 0 already there, 1 failed.")
    assert "line 12: the event “No date” was not imported: it has no start" in report
    assert services.activities.get(1).subject == "Kick-off"


def test_the_export_dialog_writes_every_activity_as_icalendar(qtbot, services,
                                                             tmp_path) -> None:
    from crmdesk.ui.export_dialog import ExportDialog

    override("Europe/Copenhagen")
    try:
        services.activities.save(ActivityRecord(
            subject="Kick-off", start=datetime(2026, 12, 7, 9), end=datetime(2026, 12, 7, 10),
            tzid="Europe/Copenhagen"))
        out = Path(tmp_path / "calendar.ics")
        messages = FakeMessages(save=str(out))
        dialog = ExportDialog(services, messages, ListQuery(), [])
        qtbot.addWidget(dialog)
        dialog.format.setCurrentIndex(dialog.format.findData("iCalendar, every activity (.ics)"))
        assert not dialog.all.isEnabled() and not dialog.search.isEnabled()
        assert not dialog.calendar_note.isHidden()
        qtbot.mouseClick(dialog.findChild(QPushButton, "exportButton"),
                         Qt.MouseButton.LeftButton)
        assert messages.shown == [f"1 activity written to {out}."]
        text = out.read_bytes().decode()
        assert "SUMMARY:Kick-off" in text and "BEGIN:VTIMEZONE" in text
    finally:
        override(None)


def test_the_json_export_names_every_kind_it_wrote(qtbot, services, tmp_path) -> None:
    from crmdesk.records import AccountRecord, ContactRecord, LeadRecord
    from crmdesk.ui.export_dialog import ExportDialog

    services.contacts.save(ContactRecord(first_name="Anna", last_name="Berg"))
    services.accounts.save(AccountRecord(name="Berg ApS"))
    services.leads.save(LeadRecord(first_name="Per", last_name="Holm"))
    for day in (7, 8):
        services.activities.save(ActivityRecord(subject="Call", start=datetime(2026, 12, day)))
    out = Path(tmp_path / "crmdesk.json")
    messages = FakeMessages(save=str(out))
    dialog = ExportDialog(services, messages, ListQuery(), [])
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("crmdesk JSON, every field (.json)"))
    qtbot.mouseClick(dialog.findChild(QPushButton, "exportButton"), Qt.MouseButton.LeftButton)
    assert messages.shown == [f"1 contact, 1 account, 1 lead and 2 activities written to "
                              f"{out}."]
