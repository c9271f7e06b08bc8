"""The import dialog shows what was mended apart from what was left out."""

from __future__ import annotations

CARDS = ("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Berg;Anna\r\nEND:VCARD\r\n"
         "BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n"
         "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lund;Bo\r\n")


class _Messages:
    def __init__(self, files: list[str]) -> None:
        self.files = files
        self.shown: list[str] = []

    def open_files(self, parent, title, filters):  # noqa: ANN001, ANN201
        return self.files

    def error(self, parent, title, text):  # noqa: ANN001, ANN201
        self.shown.append(text)


def test_dialog_report_and_preview_list_repairs_apart(qtbot, services, tmp_path) -> None:
    from crmdesk.ui.import_dialog import ImportDialog

    path = tmp_path / "cut.vcf"
    path.write_text(CARDS, encoding="utf-8")
    dialog = ImportDialog(services, _Messages([str(path)]))
    qtbot.addWidget(dialog)
    dialog.choose_files()
    assert dialog.preview.rowCount() == 2
    assert "line 5: record 2 is empty" in dialog.status.text()
    assert "line 8 (repaired): card 3 has no END:VCARD" in dialog.status.text()
    dialog.run_import()
    lines = dialog.status.text().splitlines()
    assert lines[0].startswith("2 created, 0 merged, 0 skipped, 1 failed; 1 repaired")
    cut = lines.index("Repaired (imported with what could be read):")
    assert "is empty" in lines[1] and cut == 2 and "cut off" in lines[3]
