"""Where crmdesk keeps its files, and which database it opens.

Nothing here touches the disk at import time: callers ask for a path when
they need it, after the command line has been parsed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

APP_NAME = "crmdesk"
DB_ENV = "CRMDESK_DB"
DB_FILENAME = "crmdesk.db"


def data_dir() -> Path:
    """The per-user folder holding the database and its backups."""
    return Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """The per-user folder holding settings.json."""
    return Path(user_config_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME


def resolve_db_url(cli_value: str | None = None) -> str:
    """Turn ``--db`` / ``CRMDESK_DB`` / the default into an SQLAlchemy URL.

    A value containing ``://`` is taken as a URL (e.g. ``postgresql://...``);
    anything else is a file path for SQLite.
    """
    value = cli_value or os.environ.get(DB_ENV) or str(default_db_path())
    if "://" in value:
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


@dataclass(frozen=True)
class DatabaseLocation:
    """The database to open, resolved once (``locate_database``) and passed on: its
    SQLAlchemy URL, and the file behind it (None for a server database)."""

    url: str
    path: Path | None

    @property
    def name(self) -> str:
        """A short name for titles and messages (``display_name``)."""
        return display_name(self.url)


def locate_database(value: str | None = None) -> DatabaseLocation:
    """``--db`` (a path or URL), else ``CRMDESK_DB``, else the default, resolved."""
    url = resolve_db_url(value)
    return DatabaseLocation(url, sqlite_path(url))


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL, or None for other databases."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and url != prefix + ":memory:":
        return Path(url[len(prefix):])
    return None


def display_name(url: str) -> str:
    """A short name for the window title: the file name, or the server database."""
    path = sqlite_path(url)
    if path is not None:
        return path.name
    return url.rsplit("/", 1)[-1] or url
