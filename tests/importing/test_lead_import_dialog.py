"""File > Import with "Import as: leads": the badge scanner's file, its duplicates shown in
the preview, imported, and undone from Import history."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QComboBox
from sqlalchemy import select

from crmdesk.kinds.sales import LEAD
from crmdesk.models import Lead
from crmdesk.records import EmailEntry
from tests.importing.test_import_dialog import FakeMessages

BADGES = str(Path(__file__).resolve().parents[1] / "data" / "leads-badge-scanner-da.csv")


def _lead_names(services) -> set[str]:  # noqa: ANN001
    with services.db.sessions() as session:
        return set(session.scalars(select(Lead.display_name)))


def test_importing_a_badge_scanners_file_as_leads(qtbot, services, contact_factory) -> None:
    from crmdesk.ui.import_dialog import ImportDialog
    from crmdesk.ui.import_history import ImportHistoryDialog

    services.contacts.save(contact_factory("Mette", "Hansen", job_title="",
                                           emails=[EmailEntry("mette@novo.dk")]))
    with services.db.writing() as session:
        row = Lead(first_name="Jens", last_name="Kjær", company="Kjær & Søn ApS",
                   email="jens@kjaer.dk", job_title="", phone="", mobile="", street="",
                   postal_code="", city="", region="", country="", notes="", owner="anna",
                   currency="DKK")
        LEAD.derive_columns(row, "DK")
        session.add(row)
    shown: list[tuple] = []
    dialog = ImportDialog(services, FakeMessages([BADGES]),
                          show_batch=lambda *args: shown.append(args))
    qtbot.addWidget(dialog)
    dialog.import_as.setCurrentIndex(dialog.import_as.findData("lead"))
    dialog.choose_files()
    assert dialog.policy_label.text() == "If a lead or contact exists:"
    source_row = next(r for r in range(dialog.mapping.rowCount())
                      if dialog.mapping.item(r, 0).text() == "Kilde")
    combo = dialog.mapping.cellWidget(source_row, 1)
    assert isinstance(combo, QComboBox)
    assert (combo.currentData(), combo.currentText()) == ("source", "Source")
    headings = [dialog.preview.horizontalHeaderItem(c).text()
                for c in range(dialog.preview.columnCount())]
    assert headings[-1] == "Duplicate of" and "Rating" in headings
    rows = {dialog.preview.item(r, 0).text(): [dialog.preview.item(r, c).text()
                                               for c in range(len(headings))]
            for r in range(dialog.preview.rowCount())}
    assert set(rows) == {"Søren Østergaard", "Mette Hansen", "Jens Kjær", "Åse Ærø",
                         "Ole Berg"}
    assert rows["Søren Østergaard"][5:8] == ["Trade show", "Hot", "125.000,00 DKK"]
    assert rows["Mette Hansen"][-1] == "Contact Mette Hansen (e-mail)"
    assert rows["Jens Kjær"][-1] == "Lead Jens Kjær (e-mail)"
    assert rows["Søren Østergaard"][-1] == ""
    assert "2 of the first rows duplicate" in dialog.status.text()
    assert "line 7" in dialog.status.text()  # the row with only a city

    if path := os.environ.get("CRMDESK_SCREENSHOT_DIR"):
        dialog.resize(1280, 800)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.grab().save(str(Path(path) / "lead-import-preview.png"))

    dialog.run_import()
    assert dialog.report is not None and dialog.report.leads_created == 3
    assert "3 leads created, 2 merged (1 into leads, 1 into contacts)" in dialog.status.text()
    assert "line 8" in dialog.status.text()
    assert _lead_names(services) == {"Søren Østergaard", "Jens Kjær", "Åse Ærø", "Ole Berg"}
    assert dialog.show_button.text() == "Show imported leads"
    dialog.show_button.click()
    assert shown == [(dialog.report.batch_id, "leads")]

    history = ImportHistoryDialog(services, FakeMessages())
    qtbot.addWidget(history)
    history.undo_selected()
    assert _lead_names(services) == {"Jens Kjær"}
