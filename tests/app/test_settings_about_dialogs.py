"""The settings dialog saves what the user chose; the About dialog lists the licences."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from crmdesk import config
from crmdesk.settings import Settings, declarations
from crmdesk.ui.about_dialog import AboutDialog, shipped_components
from crmdesk.ui.settings_dialog import SettingsDialog


class FakeMessages:
    def __init__(self, open_name: str = "", save_name: str = "") -> None:
        self.open_name, self.save_name = open_name, save_name
        self.errors: list[str] = []

    def open_file(self, *_args: object) -> str:
        return self.open_name

    def save_file(self, *_args: object) -> str:
        return self.save_name

    def error(self, _parent: object, _title: str, text: str) -> None:
        self.errors.append(text)


def test_settings_change_region_and_backups_then_save(qtbot, tmp_path: Path) -> None:
    file = tmp_path / "settings.json"
    settings = Settings(default_region="DK")
    opened: list[Path] = []
    dialog = SettingsDialog(settings, "sqlite:///" + str(tmp_path / "c.db"), FakeMessages(),
                            settings_file=file, open_url=lambda p: opened.append(p) or True)
    qtbot.addWidget(dialog)
    fields = dialog.fields
    for name, value in (("default_region", "DE"), ("paper_size", "Letter"),
                        ("date_format", "%d.%m.%Y")):
        fields[name].setCurrentIndex(fields[name].findData(value))
    fields["auto_backup"].setChecked(False)
    assert not fields["backups_kept"].isEnabled()
    fields["backups_kept"].setValue(3)
    qtbot.mouseClick(dialog.findChild(QPushButton, "openDataFolder"),
                     Qt.MouseButton.LeftButton)
    assert opened == [config.data_dir()]
    assert dialog.data_folder.text() == str(config.data_dir())
    dialog.accept()
    loaded = Settings.load(file)
    assert (loaded.default_region, loaded.paper_size, loaded.date_format) == \
        ("DE", "Letter", "%d.%m.%Y")
    assert loaded.auto_backup is False and loaded.backups_kept == 3
    assert settings.phone_region == "DE"  # the running services see it at once
    assert dialog.chosen_database is None


def test_settings_load_keeps_only_typed_values(tmp_path: Path) -> None:
    file = tmp_path / "settings.json"
    file.write_text('{"default_region": "SE", "auto_backup": "yes", "backups_kept": true,'
                    ' "paper_size": 4, "unknown": 1}')
    loaded = Settings.load(file)
    assert loaded.default_region == "SE"
    assert loaded.auto_backup is True and loaded.backups_kept == 7 and loaded.paper_size == ""


class German(QTranslator):
    """A translation of a few declared settings texts, as a .qm file would give."""

    WORDS = {
        "&Paper size": "&Papierformat",
        "From the default region": "Wie die Standardregion",
        "Back up the database once a day when crmdesk starts":
            "Die Datenbank beim Start einmal am Tag sichern",
        "daily copies": "tägliche Kopien",
        declarations()["default_region"].help: "Telefonnummern ohne Ländervorwahl …",
    }

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        return self.WORDS.get(source) if context == "Settings" else None  # None: untranslated


def test_the_dialog_has_a_field_for_each_declared_setting_in_the_users_language(
        qtbot, tmp_path: Path) -> None:
    german = German()
    QCoreApplication.installTranslator(german)
    try:
        dialog = SettingsDialog(Settings(date_format="%d/%m/%y"),
                                "sqlite:///" + str(tmp_path / "c.db"), FakeMessages(),
                                settings_file=tmp_path / "settings.json")
    finally:
        QCoreApplication.removeTranslator(german)
    qtbot.addWidget(dialog)
    assert sorted(dialog.fields) == sorted(declarations())  # on the tab of its section
    for name, setting in declarations().items():
        assert dialog.findChild(QWidget, name) is dialog.fields[name]
        if name != "default_region":
            assert dialog.fields[name].toolTip() == setting.help
    paper = dialog.fields["paper_size"]
    assert paper.parentWidget().layout().labelForField(paper).text() == "&Papierformat:"
    assert paper.itemText(0) == "Wie die Standardregion"
    assert dialog.fields["auto_backup"].text() == \
        "Die Datenbank beim Start einmal am Tag sichern"
    assert dialog.fields["backups_kept"].suffix() == " tägliche Kopien"
    assert dialog.fields["default_region"].toolTip() == "Telefonnummern ohne Ländervorwahl …"
    own_format = dialog.fields["date_format"]  # hand-written in the file: offered, kept
    assert own_format.currentText() == "31/03/26   (%d/%m/%y)"
    assert dialog.values().date_format == "%d/%m/%y"


def test_regions_are_listed_by_country_name_and_found_in_any_case(qtbot, tmp_path: Path) -> None:
    dialog = SettingsDialog(Settings(default_region="se"), "sqlite:///" + str(tmp_path / "c.db"),
                            FakeMessages(), settings_file=tmp_path / "settings.json")
    qtbot.addWidget(dialog)
    region = dialog.fields["default_region"]
    names = [region.itemText(i) for i in range(region.count())]
    assert names[0].startswith("System default – ")
    assert names[1:] == sorted(names[1:], key=str.casefold) and "Sweden (SE)" in names
    assert region.currentData() == "SE" and names.count("Sweden (SE)") == 1


def test_ok_keeps_what_a_newer_crmdesk_wrote_in_the_file(qtbot, tmp_path: Path) -> None:
    file = tmp_path / "settings.json"
    file.write_text('{"paper_size": "Legal", "theme": "dark"}', encoding="utf-8")
    dialog = SettingsDialog(Settings.load(file), "sqlite:///" + str(tmp_path / "c.db"),
                            FakeMessages(), settings_file=file)
    qtbot.addWidget(dialog)
    assert dialog.fields["paper_size"].currentData() == ""  # "Legal" is no choice: default
    dialog.accept()
    assert '"theme": "dark"' in file.read_text(encoding="utf-8")


def test_choose_new_and_existing_database(qtbot, services, tmp_path: Path) -> None:
    new = tmp_path / "fresh"
    stranger = tmp_path / "notes.db"
    stranger.write_text("not a database")
    messages = FakeMessages(save_name=str(new), open_name=str(stranger))
    dialog = SettingsDialog(services.settings, services.db.url, messages,
                            settings_file=tmp_path / "s.json")
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.new_db, Qt.MouseButton.LeftButton)
    assert dialog.chosen_database == "sqlite:///" + str(new.with_suffix(".db"))
    qtbot.mouseClick(dialog.open_db, Qt.MouseButton.LeftButton)
    assert messages.errors and "not an SQLite database" in messages.errors[0]
    assert dialog.chosen_database.endswith("fresh.db")  # the refused file changed nothing
    messages.open_name = str(services.db.path)
    qtbot.mouseClick(dialog.open_db, Qt.MouseButton.LeftButton)
    assert dialog.chosen_database is None  # the current database: nothing to reopen


def test_about_dialog_lists_versions_and_licences(qtbot) -> None:
    dialog = AboutDialog("/tmp/x.db")
    qtbot.addWidget(dialog)
    names = {dialog.table.item(r, 0).text(): dialog.table.item(r, 2).text()
             for r in range(dialog.table.rowCount())}
    assert names["SQLAlchemy"] == "MIT"
    assert "LGPL" in names["PySide6_Essentials"] and "LGPL" in names["Qt"]
    assert {"alembic", "phonenumbers", "Python", "SQLite"} <= set(names)
    assert all(licence for licence in names.values())
    about = dialog.findChild(QLabel, "aboutText")
    assert "PySide6" in about.text() and "SQLAlchemy" in about.text()
    assert len(shipped_components()) >= 8


def test_backup_now_and_choose_restore(qtbot, services, tmp_path: Path) -> None:
    out = tmp_path / "now.db"
    messages = FakeMessages(save_name=str(out), open_name=str(tmp_path / "missing.db"))
    messages.confirmed = True
    messages.info = lambda *_a: None
    messages.confirm = lambda *_a: messages.confirmed
    dialog = SettingsDialog(services.settings, services.db.url, messages,
                            settings_file=tmp_path / "s.json")
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.backup_now, Qt.MouseButton.LeftButton)
    assert out.is_file()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.restore_from is None and "does not exist" in messages.errors[-1]
    messages.open_name = str(out)
    messages.confirmed = False
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.restore_from is None
    messages.confirmed = True
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.restore_from == out


def test_the_seller_on_quotes_is_typed_on_the_sales_tab(qtbot, tmp_path: Path) -> None:
    file = tmp_path / "settings.json"
    settings = Settings()
    messages = FakeMessages()
    dialog = SettingsDialog(settings, "sqlite:///" + str(tmp_path / "c.db"), messages,
                            settings_file=file)
    qtbot.addWidget(dialog)
    fields = dialog.fields
    assert dialog.tabs.tabText(1) == "Sales"
    assert dialog.sales_page.isAncestorOf(fields["seller_name"])
    qtbot.keyClicks(fields["seller_name"], "Nordlys ApS")
    fields["seller_address"].setPlainText("Nørregade 12\n1165 København K\n")
    qtbot.keyClicks(fields["seller_vat_number"], "DK 12345678")
    fields["quote_valid_days"].setValue(14)
    fields["payment_terms"].setPlainText("x" * 1001)
    dialog.accept()
    assert messages.errors == ["Payment terms is too long: at most 1000 characters."]
    assert dialog.tabs.currentWidget() is dialog.sales_page and not file.exists()
    fields["payment_terms"].setPlainText("Net 14 days.\nBank: 1234 5678901234")
    dialog.accept()
    loaded = Settings.load(file)
    assert (loaded.seller_name, loaded.seller_address, loaded.seller_vat_number) == \
        ("Nordlys ApS", "Nørregade 12\n1165 København K", "DK 12345678")
    assert loaded.payment_terms == "Net 14 days.\nBank: 1234 5678901234"
    assert settings.quote_valid_days == 14
