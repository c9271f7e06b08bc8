"""The zone the calendar is shown in: ``crmdesk --tz``, else Settings, else the system's.

Stored activities keep their own zones (``services.recurrence``); this decides only
where the display puts them, and how a floating time or an all-day date is read.
"""

from __future__ import annotations

from datetime import UTC, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_override: str | None = None


class ZoneError(ValueError):
    """A zone name nobody knows; the message is one sentence for the user."""


@lru_cache(maxsize=256)
def named(name: str) -> tzinfo:
    """The zone an IANA name gives ("Europe/Copenhagen", "UTC"); ZoneError otherwise."""
    if name.upper() in ("UTC", "Z", "GMT"):
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ZoneError(f"“{name}” is not a time zone; use an IANA name such as "
                        "Europe/Copenhagen or America/New_York.") from exc


def override(name: str | None) -> None:
    """The zone one run shows, whatever Settings say (``--tz``); checked here."""
    global _override
    if name is not None:
        named(name)
    _override = name


def system_zone_name() -> str:
    """The system's IANA zone name (TZ, /etc/localtime, the registry), else UTC."""
    import tzlocal

    try:
        return tzlocal.get_localzone_name() or "UTC"
    except (ZoneInfoNotFoundError, ValueError, OSError, LookupError):
        return "UTC"


def display_zone_name(setting: str = "") -> str:
    return _override or setting or system_zone_name()


def display_zone(setting: str = "") -> tzinfo:
    """The zone to show times in; an unknown name in Settings falls back to the system's."""
    try:
        return named(display_zone_name(setting))
    except ZoneError:
        return named(system_zone_name())
