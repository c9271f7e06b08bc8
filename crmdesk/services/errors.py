"""Errors the services raise; each message is a sentence a person can act on."""

from __future__ import annotations

import sqlite3

from crmdesk.errors import DatabaseError


class StaleEditError(RuntimeError):
    """The record changed (or was deleted) since the edit began."""


class GoneError(StaleEditError):
    """The record was deleted (by another program or window) since the edit began."""


class NotFoundError(LookupError):
    """No record with that id (it may have been deleted meanwhile)."""


class StorageError(RuntimeError):
    """The database could not do it (busy, full, read-only, damaged); nothing was changed."""


#: SQLite's primary result codes (https://sqlite.org/rescode.html) -> what to tell the user.
_SQLITE_PROBLEMS = {
    5: "The database is busy: another program (or crmdesk window) is writing to it. "
       "Try again in a moment.",
    8: "The database cannot be written: the file, its folder or its disk is read-only. "
       "Check its permissions, then try again.",
    10: "The disk reported an error while crmdesk read or wrote the database. Check that the "
        "disk is still there and healthy, then try again.",
    11: "The database file is damaged. Restore it from a backup (File > Settings > Restore "
        "from a backup).",
    13: "The disk holding the database is full. Free some space, then try again.",
    14: "The database file cannot be opened: it may have been moved, or its folder is not "
        "accessible. Check the file, then try again.",
}
_SQLITE_PROBLEMS[6] = _SQLITE_PROBLEMS[5]  # SQLITE_LOCKED
_SQLITE_PROBLEMS[26] = _SQLITE_PROBLEMS[11]  # SQLITE_NOTADB


def _driver_error(exc: BaseException) -> BaseException | None:
    """The database driver's own exception in ``exc`` or its causes, if there is one."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        orig = getattr(current, "orig", None)  # SQLAlchemy wraps the driver's error
        if isinstance(orig, BaseException):
            current = orig
        if isinstance(current, sqlite3.Error) or type(current).__module__.startswith("psycopg"):
            return current
        current = current.__cause__ or current.__context__
    return None


def storage_problem(exc: BaseException) -> str | None:
    """What to tell the user about a database error (never its SQL or parameters), or None
    when ``exc`` did not come from the database."""
    if isinstance(exc, StorageError | DatabaseError):
        return str(exc)
    driver = _driver_error(exc)
    if driver is None:
        return None
    if isinstance(driver, sqlite3.Error):
        code = getattr(driver, "sqlite_errorcode", None)
        if code is not None and code & 0xFF in _SQLITE_PROBLEMS:
            return _SQLITE_PROBLEMS[code & 0xFF]
        return ("The database reported an error, so this was not done. Try again; if it "
                "keeps happening, restart crmdesk.")
    return ("The database server reported an error, so this was not done. Check the "
            "connection to the server, then try again.")


def storage_error(exc: BaseException) -> StorageError:
    """A ``StorageError`` saying what went wrong with the database, to raise from ``exc``."""
    return StorageError(storage_problem(exc) or str(exc))


class SalesError(ValueError):
    """A sales state change that cannot be made (a lead qualified twice, a won opportunity
    won again, an unknown stage); the message is one sentence saying why."""


class ServiceError(ValueError):
    """A case or campaign change that cannot be made (a resolved case resolved again, a
    completed campaign completed again); the message is one sentence saying why."""
