"""The import, history and export dialogs, driven through a fake Messages helper."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from crmdesk.services.importing import services_for
from crmdesk.services.listing import ListQuery

CSV = ('"First Name","Last Name","Company","E-mail Address","Business Phone"\r\n'
       '"Mette","Hansen","Novo Nordisk","mette@novo.dk","+45 33 12 34 56"\r\n'
       '"Ole","Berg","Berg ApS","ole@berg.dk","+45 20 30 40 50"\r\n')


class FakeMessages:
    def __init__(self, files: list[str] | None = None, save: str = "") -> None:
        self.files = files or []
        self.save = save
        self.shown: list[str] = []

    def open_files(self, parent, title, filters):  # noqa: ANN001, ANN201
        return self.files

    def save_file(self, parent, title, suggested, filters):  # noqa: ANN001, ANN201
        return self.save

    def confirm(self, parent, title, text, action):  # noqa: ANN001, ANN201
        self.shown.append(text)
        return True

    def info(self, parent, title, text):  # noqa: ANN001, ANN201
        self.shown.append(text)

    def error(self, parent, title, text):  # noqa: ANN001, ANN201
        self.shown.append(text)


def test_import_dialog_preview_mapping_import_and_undo(qtbot, services, tmp_path) -> None:
    from crmdesk.ui.import_dialog import ImportDialog
    from crmdesk.ui.import_history import ImportHistoryDialog

    path = tmp_path / "people.csv"
    path.write_text(CSV, encoding="utf-8")
    shown: list[int] = []
    dialog = ImportDialog(services, FakeMessages([str(path)]), show_batch=shown.append)
    qtbot.addWidget(dialog)
    dialog.choose_files()
    assert dialog.format.currentText() == "outlook-csv"
    assert dialog.preview.rowCount() == 2
    assert dialog.preview.item(0, 1).text() == "Novo Nordisk"
    company_row = next(r for r in range(dialog.mapping.rowCount())
                       if dialog.mapping.item(r, 0).text() == "Company")
    combo = dialog.mapping.cellWidget(company_row, 1)
    assert isinstance(combo, QComboBox) and combo.currentData() == "company"
    assert combo.currentText() == "Company"  # a person reads labels, the mapping keeps keys
    combo.setCurrentIndex(combo.findData("department"))
    assert dialog.preview.item(0, 1).text() == ""
    dialog.run_import()
    assert dialog.report is not None and dialog.report.created == 2
    assert "2 created" in dialog.status.text()
    assert services.contacts.get(services.contacts.ids(ListQuery(text="mette"))[0]
                                 ).department == "Novo Nordisk"
    qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
    assert shown == [dialog.report.batch_id]

    again = ImportDialog(services, FakeMessages(), [str(path)])
    qtbot.addWidget(again)
    row = next(r for r in range(again.mapping.rowCount())
               if again.mapping.item(r, 0).text() == "Company")
    assert again.mapping.cellWidget(row, 1).currentData() == "department"  # mapping reused

    messages = FakeMessages()
    history = ImportHistoryDialog(services, messages)
    qtbot.addWidget(history)
    assert history.table.rowCount() == 1 and history.table.item(0, 3).text() == "2"
    history.undo_selected()
    assert messages.shown and services.contacts.count() == 0
    assert history.table.item(0, 7).text().startswith("undone")


def test_export_dialog_writes_the_selection(qtbot, services, contact_factory,
                                            tmp_path) -> None:
    from crmdesk.ui.export_dialog import ExportDialog

    a = services.contacts.save(contact_factory("Mette", "Hansen"))
    services.contacts.save(contact_factory("Ole", "Berg"))
    out = tmp_path / "out.vcf"
    dialog = ExportDialog(services, FakeMessages(save=str(out)), ListQuery(), [a.id])
    qtbot.addWidget(dialog)
    dialog.selected.setChecked(True)
    dialog.run_export()
    text = Path(out).read_text(encoding="utf-8")
    assert text.count("BEGIN:VCARD") == 1 and "Hansen" in text


def test_review_step_lets_one_record_be_created_anyway(qtbot, services, contact_factory,
                                                       tmp_path) -> None:
    from crmdesk.records import EmailEntry
    from crmdesk.ui.import_dialog import ImportDialog

    services.contacts.save(contact_factory("Mette", "Hansen",
                                           emails=[EmailEntry("mette@novo.dk")]))
    path = tmp_path / "people.csv"
    path.write_text(CSV, encoding="utf-8")
    dialog = ImportDialog(services, FakeMessages(), [str(path)])
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.review_button, Qt.MouseButton.LeftButton)
    assert dialog.review.rowCount() == 1
    assert dialog.review.item(0, 0).text() == "Mette Hansen"
    assert dialog.review.item(0, 2).text() == "e-mail"
    combo = dialog.review.cellWidget(0, 3)
    combo.setCurrentIndex(combo.findData("create"))
    assert services.contacts.count() == 1  # the review was a dry run
    dialog.run_import()
    assert dialog.report.created == 2 and services.contacts.count() == 3


def test_main_window_has_import_export_actions_and_accepts_drops(qtbot, services,
                                                                 contact_factory,
                                                                 tmp_path) -> None:
    from crmdesk.ui.main_window import MainWindow

    window = MainWindow(services, FakeMessages())
    qtbot.addWidget(window)
    texts = [a.text() for a in window.file_menu.actions()]
    assert {"&Import…", "&Export…", "Import &history…"} <= set(texts)
    assert window.acceptDrops()
    services.contacts.save(contact_factory("Ole", "Berg", categories=["VIP"]))
    path = tmp_path / "one.vcf"
    path.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Hansen;Mette;;;\r\n"
                    "EMAIL:mette@novo.dk\r\nEND:VCARD\r\n", encoding="utf-8")
    report = services_for(services)[0].run([str(path)])
    window.show_imported(report.batch_id)
    combo = window.contacts.category
    assert combo.currentData() == report.batch_id
    assert combo.currentText() == f"{report.category} (1)"
    assert window.contacts.model.rowCount() == 1
    # the user's tags first, then the imports under a heading of their own
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert texts[:2] == ["All categories", "VIP (1)"] and "Imported" in texts
    assert texts.index("Imported") < texts.index(f"{report.category} (1)")


def test_a_failing_import_is_a_message_not_a_crash(qtbot, services, tmp_path,
                                                   monkeypatch) -> None:
    from crmdesk.ui.import_dialog import ImportDialog

    path = tmp_path / "people.csv"
    path.write_text(CSV, encoding="utf-8")
    messages = FakeMessages()
    dialog = ImportDialog(services, messages, [str(path)])
    qtbot.addWidget(dialog)

    def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise RuntimeError("database is locked")

    monkeypatch.setattr(dialog.importer, "run", broken)
    dialog.run_import()
    assert messages.shown and "database is locked" in messages.shown[-1]
    assert dialog.report is None and services.contacts.count() == 0
