"""Settings: each declared once; any settings file loads, and keeps what it cannot use."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

import pytest

from crmdesk.settings import Settings, declarations

BEFORE = {"default_region": "SE", "paper_size": "Letter", "date_format": "%d.%m.%Y",
          "currency": "SEK",
          "time_zone": "Europe/Stockholm", "reminder_minutes": 10,
          "auto_backup": False, "backups_kept": 3}
#: Settings added after that file was written, with their defaults
LATER = {"quote_valid_days": 30, "seller_name": "", "seller_address": "",
         "seller_vat_number": "", "seller_phone": "", "seller_email": "", "payment_terms": ""}


def write(tmp_path: Path, content: object) -> Path:
    file = tmp_path / "settings.json"
    file.write_text(content if isinstance(content, str) else json.dumps(content),
                    encoding="utf-8")
    return file


def test_every_setting_is_declared_once_with_its_type_default_label_and_help() -> None:
    declared = declarations()
    assert list(declared) == [*BEFORE, *LATER]
    defaults = Settings()
    for name, setting in declared.items():
        assert Settings.__annotations__[name] == setting.value_type.__name__
        assert getattr(defaults, name) == setting.default and setting.accepts(setting.default)
        assert setting.label and setting.help.endswith(".")
    assert declared["backups_kept"].needs == "auto_backup"


def test_a_settings_file_written_before_the_declarations_loads_and_saves_the_same(
        tmp_path: Path) -> None:
    file = write(tmp_path, BEFORE)
    loaded = Settings.load(file)
    assert loaded == Settings(**BEFORE)
    loaded.save(file)
    assert json.loads(file.read_text(encoding="utf-8")) == {**BEFORE, **LATER}


def test_the_sellers_details_keep_their_lines_and_refuse_a_novel(tmp_path: Path) -> None:
    address = "Nørregade 12, 2. sal\n1165 København K"
    loaded = Settings.load(write(tmp_path, {"seller_address": f"  {address}\n",
                                            "payment_terms": "x" * 1001}))
    assert loaded.seller_address == address
    assert loaded.payment_terms == ""  # longer than it may be: the default


def test_what_a_newer_crmdesk_wrote_survives_a_save(tmp_path: Path) -> None:
    file = write(tmp_path, {"paper_size": "A4", "theme": "dark", "sync": {"every": 15}})
    settings = Settings.load(file)
    assert not hasattr(settings, "theme")
    settings.backups_kept = 9
    settings.save(file)
    saved = json.loads(file.read_text(encoding="utf-8"))
    assert saved["theme"] == "dark" and saved["sync"] == {"every": 15}
    assert saved["paper_size"] == "A4" and saved["backups_kept"] == 9


@pytest.mark.parametrize(("name", "bad"), [
    ("default_region", "ZZ"), ("default_region", 45), ("paper_size", "Legal"),
    ("paper_size", 4), ("date_format", "dd.mm.yyyy"), ("date_format", "%Q"),
    ("date_format", None), ("auto_backup", "yes"), ("auto_backup", 1),
    ("backups_kept", 0), ("backups_kept", 1000), ("backups_kept", True),
    ("backups_kept", 7.5), ("currency", "KRONER"), ("currency", "€"),
])
def test_a_value_that_is_not_allowed_falls_back_to_its_default(tmp_path: Path, name: str,
                                                               bad: object) -> None:
    loaded = Settings.load(write(tmp_path, {**BEFORE, name: bad}))
    assert getattr(loaded, name) == declarations()[name].default
    assert all(getattr(loaded, other) == value for other, value in BEFORE.items()
               if other != name)


def test_a_region_in_lower_case_and_a_hand_written_date_format_are_kept(
        tmp_path: Path) -> None:
    loaded = Settings.load(write(tmp_path, {"default_region": "se",
                                            "date_format": "%d/%m/%y"}))
    assert loaded.phone_region == "SE" and loaded.date_format == "%d/%m/%y"


def test_the_currency_follows_the_region_unless_one_is_set(tmp_path: Path) -> None:
    assert Settings(default_region="DK").default_currency == "DKK"
    assert Settings(default_region="DE").default_currency == "EUR"
    loaded = Settings.load(write(tmp_path, {"default_region": "DK", "currency": "isk"}))
    assert loaded.default_currency == "ISK"
    assert Settings().user == getpass.getuser()


@pytest.mark.parametrize("content", ["", "{not json", "[1, 2]", "null", '"A4"'])
def test_a_file_that_is_not_settings_gives_the_defaults(tmp_path: Path,
                                                        content: str) -> None:
    assert Settings.load(write(tmp_path, content)) == Settings()


def test_a_missing_file_gives_the_defaults(tmp_path: Path) -> None:
    assert Settings.load(tmp_path / "none.json") == Settings()


def test_saving_is_atomic_and_keeps_a_linked_settings_file_linked(tmp_path) -> None:
    from crmdesk.settings import Settings

    real = tmp_path / "dotfiles" / "settings.json"
    real.parent.mkdir()
    real.write_text("{}")
    link = tmp_path / "config" / "settings.json"
    link.parent.mkdir()
    link.symlink_to(real)
    Settings(default_region="SE").save(link)
    assert link.is_symlink() and Settings.load(link).default_region == "SE"
    assert not [p for p in real.parent.iterdir() if p.name != "settings.json"]


def test_a_c_locale_means_denmark_though_python_reads_it_as_en_us(monkeypatch) -> None:
    """A server-style C.UTF-8 locale: ``locale.getlocale()`` answers en_US, which made the
    default region (and with it the paper) American for a Danish user."""
    import locale

    from crmdesk import settings as settings_module

    monkeypatch.setattr(locale, "setlocale", lambda category, value=None: "C.UTF-8")
    monkeypatch.setattr(locale, "getlocale", lambda *a: ("en_US", "UTF-8"))
    assert settings_module.system_region() == "DK"
    assert settings_module.Settings().phone_region == "DK"
