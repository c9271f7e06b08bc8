"""File > Import history: undoing an import says what stays because the user changed it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from crmdesk.records import ContactRecord, PhoneEntry
from crmdesk.services.importing import ImportOptions, services_for
from crmdesk.ui.import_history import ImportHistoryDialog


def test_undo_in_the_window_names_what_the_user_changed_since(qtbot, services, messages,
                                                              tmp_path: Path) -> None:
    jens = services.contacts.save(ContactRecord(first_name="Jens", last_name="Hansen",
                                                phones=[PhoneEntry("+45 33 12 34 56", "work")]))
    card = tmp_path / "jens.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jens Hansen\r\nN:Hansen;Jens;;;\r\n"
                    "TEL:+45 33 12 34 56\r\nTITLE:CFO\r\nEND:VCARD\r\n")
    importer, _ = services_for(services)
    assert importer.run([str(card)], ImportOptions(policy="merge")).merged == 1
    merged = services.contacts.get(jens.id)
    assert merged.job_title == "CFO"
    services.contacts.save(replace(merged, job_title="CEO"))  # the user's own change

    history = ImportHistoryDialog(services, messages)
    qtbot.addWidget(history)
    history.table.selectRow(0)
    history.undo_selected()

    confirm = next(text for kind, _, text in messages.shown if kind == "confirm")
    assert "what you changed since stays" in confirm
    kind, title, text = messages.shown[-1]
    assert kind == "info" and "Jens Hansen keeps what you changed" in text
    assert services.contacts.get(jens.id).job_title == "CEO"
