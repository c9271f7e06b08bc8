"""User settings that the Qt-free core needs (the UI keeps layout in QSettings).

Each setting is declared once, as a field of ``Settings`` whose metadata holds
a ``Setting``: its type and default are the field's, and the declaration adds
the label, help text and allowed values.  The settings dialog builds its fields
from these declarations, ``Settings.load`` checks a file against them, and the
rest of the program reads plain attributes.  Stored as JSON in the config folder.
"""

from __future__ import annotations

import json
import locale
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

from crmdesk.config import config_dir

FALLBACK_REGION = "DK"
GENERAL = "General"
CALENDAR = "Calendar"
BACKUPS = "Backups"
SALES = "Sales"
QUOTES = "Seller on quotes"
_DECLARATION = "setting"
DATE_SAMPLE = date(2026, 3, 31)  # day, month and year tell apart in every format

Value = str | bool | int


def system_region() -> str:
    """The country of the system locale (``da_DK.UTF-8`` -> ``DK``), else DK.

    A C or POSIX locale names no country: Python's ``getlocale`` reads ``C.UTF-8`` as
    ``en_US``, which would read every national number as American."""
    current = locale.setlocale(locale.LC_CTYPE, None) or ""
    if current.partition(".")[0] in ("", "C", "POSIX"):
        return FALLBACK_REGION
    for value in (locale.getlocale()[0], current):
        if value and "_" in value:
            region = value.split("_", 1)[1][:2].upper()
            if region.isalpha() and len(region) == 2:
                return region
    return FALLBACK_REGION


@dataclass(frozen=True)
class Choice:
    """One allowed value and how a list of choices names it."""

    value: Value
    label: str  # English; the UI translates it (context "Settings")


@dataclass(frozen=True)
class Setting:
    """How one setting is labelled, explained and checked; its type is its default's."""

    default: Value
    label: str  # English, as a form shows it, "&" before the mnemonic letter
    help: str  # one or two sentences for a tooltip
    section: str  # the group it is shown in: GENERAL, CALENDAR, SALES, BACKUPS or QUOTES
    #: The allowed values, or a function giving them (looked up only when needed).
    choices: tuple[Choice, ...] | Callable[[], tuple[Choice, ...]] = ()
    #: Values besides ``choices`` that are allowed too (a hand-written date format).
    also_allowed: Callable[[Any], bool] | None = None
    #: The spelling a value is kept in ("se" is kept as "SE").
    normal: Callable[[Any], Any] | None = None
    sort_choices: bool = False  # list the choices by the name shown, the first one on top
    minimum: int | None = None
    maximum: int | None = None
    unit: str = ""  # after a number, "daily copies"
    needs: str = ""  # a yes/no setting without which this one does nothing
    #: Free text (no ``choices``): the most characters kept, and whether it has lines.
    max_length: int = 0
    lines: bool = False

    @property
    def value_type(self) -> type:
        return type(self.default)

    def allowed_choices(self) -> tuple[Choice, ...]:
        return self.choices() if callable(self.choices) else self.choices

    def cleaned(self, value: object) -> Value | None:
        """``value`` as it is kept, or None when it is not allowed: not exactly of the type
        (JSON true is not an int), out of bounds, or none of the choices."""
        if type(value) is not self.value_type:
            return None
        if self.normal is not None:
            value = self.normal(value)
        assert isinstance(value, str | bool | int)
        if isinstance(value, int) and not isinstance(value, bool):
            if self.minimum is not None and value < self.minimum:
                return None
            if self.maximum is not None and value > self.maximum:
                return None
        if isinstance(value, str) and self.max_length:
            return value.strip() if len(value) <= self.max_length else None
        choices = self.allowed_choices()
        if not choices or any(c.value == value for c in choices):
            return value
        return value if self.also_allowed is not None and self.also_allowed(value) else None

    def accepts(self, value: object) -> bool:
        return self.cleaned(value) is not None


def _setting(default: Value, label: str, help: str, section: str, **details: Any) -> Any:
    return field(default=default, metadata={
        _DECLARATION: Setting(default, label, help, section, **details)})


def _zone_choices() -> tuple[Choice, ...]:
    from zoneinfo import available_timezones

    zones = sorted(z for z in available_timezones() if "/" in z and not z.startswith(
        ("Etc/", "SystemV/", "US/", "posix/", "right/")))
    return (Choice("", "The system's"), Choice("UTC", "UTC"),
            *(Choice(z, z.replace("_", " ")) for z in zones))


def _region_choices() -> tuple[Choice, ...]:
    import phonenumbers  # only when a file or the dialog asks: start-up stays quick

    return (Choice("", "System default"),
            *(Choice(code, code) for code in sorted(phonenumbers.SUPPORTED_REGIONS)))


COMMON_CURRENCIES = ("DKK", "EUR", "SEK", "NOK", "GBP", "USD", "CHF", "PLN")
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y", "%m/%d/%Y", "%d %b %Y")


def _is_date_format(value: str) -> bool:
    """A hand-written strftime format that writes a day, a month or a year."""
    if len(value) > 40 or "%" not in value:
        return False
    try:
        return DATE_SAMPLE.strftime(value) != value
    except ValueError:
        return False


def _is_currency(value: str) -> bool:
    """Three letters: an ISO 4217 code ("DKK"), or empty for the region's."""
    return value == "" or (len(value) == 3 and value.isascii() and value.isalpha())


@dataclass
class Settings:
    """Everything a user can set, each field declared with ``_setting``."""

    default_region: str = _setting(
        "", "Default phone &region",
        "Phone numbers without a country code are read as numbers of this country when "
        "the contact's address names none, and printed addresses in it get no country "
        "line.",
        GENERAL, choices=_region_choices, normal=str.upper, sort_choices=True)
    paper_size: str = _setting(
        "", "&Paper size",
        "The paper the print dialog and crmdesk print start with. From the default region: "
        "US Letter in the countries that use it, A4 elsewhere.",
        GENERAL, choices=(Choice("", "From the default region"), Choice("A4", "A4"),
                          Choice("Letter", "US Letter")))
    date_format: str = _setting(
        "%Y-%m-%d", "&Date format",
        "How dates are written: on the contact card, in the contact dialog and on printed "
        "pages.",
        GENERAL, choices=tuple(Choice(f, f) for f in DATE_FORMATS),
        also_allowed=_is_date_format)
    currency: str = _setting(
        "", "&Currency",
        "The currency a new lead, opportunity or product is in (ISO code, such as DKK or "
        "EUR). Empty: the default region's (DKK for Denmark).",
        SALES, choices=(Choice("", "From the default region"),
                        *(Choice(c, c) for c in COMMON_CURRENCIES)),
        also_allowed=_is_currency, normal=str.upper)
    time_zone: str = _setting(
        "", "&Time zone",
        "The zone the calendar shows times in. A meeting keeps the zone it was made in, "
        "so a 09:00 call in New York shows at 15:00 in Copenhagen. Empty: the system's; "
        "crmdesk --tz ZONE overrides it for one run.",
        CALENDAR, choices=_zone_choices, sort_choices=True)
    reminder_minutes: int = _setting(
        15, "&Remind me",
        "How long before an appointment or a task's due time a new one reminds you; "
        "each can have its own.",
        CALENDAR, minimum=0, maximum=40320, unit="minutes before")
    auto_backup: bool = _setting(
        True, "Back up the database once a day when crmdesk starts",
        "A dated copy of the database goes into the backup folder beside it, at most one "
        "a day.", BACKUPS)
    backups_kept: int = _setting(
        7, "&Keep the last",
        "Older daily copies are deleted; a copy made with Back up now is not one of them.",
        BACKUPS, minimum=1, maximum=365, unit="daily copies", needs="auto_backup")
    quote_valid_days: int = _setting(
        30, "Quotes are &valid for",
        "A new quote is valid for this many days from the day it is issued; each quote can "
        "say otherwise.",
        QUOTES, minimum=1, maximum=365, unit="days")
    seller_name: str = _setting(
        "", "Company &name",
        "Your company's name at the top of a printed quote.", QUOTES, max_length=200)
    seller_address: str = _setting(
        "", "&Address",
        "Your postal address as it is printed under the company name, one line per line.",
        QUOTES, max_length=500, lines=True)
    seller_vat_number: str = _setting(
        "", "&VAT number",
        "Your VAT or company registration number (in Denmark the CVR number), printed on "
        "every quote.", QUOTES, max_length=40)
    seller_phone: str = _setting(
        "", "P&hone", "The phone number a customer calls about a quote.", QUOTES,
        max_length=60)
    seller_email: str = _setting(
        "", "&E-mail", "The e-mail address a customer writes to about a quote.", QUOTES,
        max_length=200)
    payment_terms: str = _setting(
        "", "Payment &terms",
        "Printed at the foot of a quote: the bank account to pay into and the terms, such as "
        "“Net 30 days. Bank: 1234 5678901234”.", QUOTES, max_length=1000, lines=True)
    #: Keys this version does not know (a newer crmdesk's), written back untouched.
    unknown: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def phone_region(self) -> str:
        return (self.default_region or system_region()).upper()

    @property
    def default_currency(self) -> str:
        """The currency set, else the default region's (DKK when the region is DK)."""
        from crmdesk.services.money import currency_of_region

        return (self.currency or currency_of_region(self.phone_region)).upper()

    @property
    def user(self) -> str:
        """Who "my leads" are: the login name on this computer."""
        import getpass

        try:
            return getpass.getuser()
        except (OSError, KeyError):  # no login name (a container without a user entry)
            return ""

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        """The settings in ``path``; a missing or unreadable file, or a value that is not
        allowed (hand-edited, say), gives that setting its default."""
        path = path or settings_path()
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(raw, dict):
            return cls()
        declared = declarations()
        cleaned = {name: setting.cleaned(raw[name]) for name, setting in declared.items()
                   if name in raw}
        kept = {name: value for name, value in cleaned.items() if value is not None}
        return cls(**kept, unknown={k: v for k, v in raw.items() if k not in declared})

    def as_dict(self) -> dict[str, Any]:
        """What ``save`` writes: every setting, then the keys this version does not know."""
        return {**{name: getattr(self, name) for name in declarations()}, **self.unknown}

    def save(self, path: Path | None = None) -> None:
        """Write the settings atomically (``crmdesk.files``: a kill leaves the old file).
        A settings file that is a link (dotfiles kept elsewhere) is written where it points."""
        from crmdesk import files

        path = (path or settings_path()).resolve()
        files.make_private_folder(path.parent)
        with files.writing_text(path) as stream:
            stream.write(json.dumps(self.as_dict(), indent=2))


def declarations() -> dict[str, Setting]:
    """Every setting by name, in the order the settings dialog shows each section's."""
    return {f.name: f.metadata[_DECLARATION] for f in fields(Settings)
            if _DECLARATION in f.metadata}


def settings_path() -> Path:
    return config_dir() / "settings.json"
