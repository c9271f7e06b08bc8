"""User settings that the Qt-free core needs (the UI keeps layout in QSettings).

Declared once with type, default and label, so the settings dialog and the
command line read the same values.  Stored as JSON in the config folder.
"""

from __future__ import annotations

import json
import locale
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from crmdesk.config import config_dir

FALLBACK_REGION = "DK"


def system_region() -> str:
    """The country of the system locale (``da_DK.UTF-8`` -> ``DK``), else DK."""
    for value in (locale.getlocale()[0], locale.setlocale(locale.LC_CTYPE, None)):
        if value and "_" in value:
            region = value.split("_", 1)[1][:2].upper()
            if region.isalpha() and len(region) == 2:
                return region
    return FALLBACK_REGION


@dataclass
class Settings:
    """Everything a user can set; field metadata carries the label."""

    default_region: str = ""  # empty means: the system locale's country
    paper_size: str = ""  # "A4" or "Letter"; empty means: from the locale
    date_format: str = "%Y-%m-%d"
    auto_backup: bool = True  # a dated copy at most once a day on start
    backups_kept: int = 7  # how many of those daily copies to keep

    @property
    def phone_region(self) -> str:
        return (self.default_region or system_region()).upper()

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = path or settings_path()
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(raw, dict):
            return cls()
        defaults = cls()
        # Keep a value only if it has the field's type (exactly: JSON true is not an int),
        # so a hand-edited file can never smuggle a wrong type into the program.
        kept = {f.name: raw[f.name] for f in fields(cls)
                if f.name in raw and type(raw[f.name]) is type(getattr(defaults, f.name))}
        if "backups_kept" in kept and kept["backups_kept"] < 1:
            del kept["backups_kept"]
        return cls(**kept)

    def save(self, path: Path | None = None) -> None:
        path = path or settings_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
        tmp.replace(path)


def settings_path() -> Path:
    return config_dir() / "settings.json"
