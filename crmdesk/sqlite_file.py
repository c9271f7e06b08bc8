"""An SQLite file as crmdesk checks it before opening it, with the standard library only.

``db.open_database`` runs these checks first.  The command line's quick reads
(``crmdesk agenda``) run them too, and then read an up-to-date file through a plain
``sqlite3`` connection (``plain_reader``): importing SQLAlchemy was most of such a
command's time.  Anything else (another database, a file to upgrade or to refuse) is
left to ``open_database``, which says what is wrong.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from crmdesk import config, files
from crmdesk.errors import DatabaseError, NoDatabase

SQLITE_MAGIC = b"SQLite format 3\x00"
#: How long a plain read waits for a writer's lock (as ``db.BUSY_TIMEOUT_MS``).
READ_TIMEOUT_S = 5.0


def prepare_file(path: Path, *, create: bool) -> None:
    """Check the file behind ``--db`` before SQLite touches it, and create a missing one
    (mode 0600, not through a link) only when ``create`` says a write is coming.

    A read (search, export, print) never creates a file, and nothing here changes a
    file crmdesk did not create: a folder, a device, a file that is not SQLite are
    refused as they are.  Reads the header with a plain ``open()``: call it before this
    process has the file open through SQLite, since closing any descriptor of a file
    drops the process's SQLite locks on it."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if not create:
            raise NoDatabase(
                f"There is no crmdesk database at {path} (nothing was created). Check the "
                "path, or make one with `crmdesk --db PATH demo --contacts 0` or an "
                "import.") from None
        if path == config.default_db_path():
            files.make_private_folder(path.parent)
        if not path.parent.is_dir():
            raise DatabaseError(f"The folder {path.parent} does not exist; create it first, "
                                "or give another database path.") from None
        try:
            os.close(files.create_private(path))
        except OSError as exc:
            raise DatabaseError(f"Cannot create the database {path}: "
                                f"{exc.strerror or exc}.") from None
        return
    except OSError as exc:
        raise DatabaseError(f"Cannot open the database {path}: {exc.strerror or exc}.") from None
    if stat.S_ISDIR(st.st_mode):
        raise DatabaseError(f"{path} is a folder, not a database file; give the file inside "
                            f"it, e.g. {path / config.DB_FILENAME}.")
    if not stat.S_ISREG(st.st_mode):
        raise DatabaseError(f"{path} is not a regular file (a device, pipe or socket), so "
                            "not a crmdesk database.")
    if st.st_size == 0:
        if not create:
            raise NoDatabase(f"{path} is empty: there is no crmdesk database in it yet.")
        return
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise DatabaseError(f"Cannot read the database {path}: {exc.strerror or exc}.") from None
    if head != SQLITE_MAGIC:
        raise DatabaseError(f"{path} is not a crmdesk database (not an SQLite file); nothing "
                            "was changed. Choose the right file with --db.")


def read_only_connection(path: Path) -> sqlite3.Connection:
    """A look at an SQLite file that writes nothing, not even -wal/-shm files beside it.

    ``immutable`` when there is no WAL (the file holds everything); a live database's
    newest pages may be in its WAL, which must then be read (SQLite creates no files
    for that when they exist)."""
    live = Path(str(path) + "-wal").exists()
    mode = "ro" if live else "ro&immutable=1"
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True)


def check_schema(path: Path) -> None:
    """Refuse an SQLite database made by a newer crmdesk, or holding anything crmdesk's
    migrations did not make (a trigger, a view, a changed table: SQL that would run
    inside crmdesk), before anything, even the switch to WAL, is written to it."""
    from crmdesk.migrations import schema

    try:
        conn = read_only_connection(path)
    except sqlite3.Error as exc:
        raise DatabaseError(f"Cannot open the database {path}: {reason(exc)}.") from None
    try:
        kinds = dict(conn.execute(
            "SELECT name, type FROM sqlite_master WHERE name = 'alembic_version'"))
        if not kinds:
            return  # a new file, or not crmdesk's: open_database tells which
        if kinds["alembic_version"] != "table":
            problems = ["a view 'alembic_version' where crmdesk has a table"]
        else:
            stored = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version "
                                                 "LIMIT 2")]
            if len(stored) != 1:
                return  # open_database says it is not a crmdesk database
            if stored[0] not in schema.known_revisions():
                raise DatabaseError(
                    f"{path} was made by a newer crmdesk (schema version {stored[0][:40]}); "
                    "update crmdesk to open it. Nothing was changed.")
            problems = schema.differences(conn, stored[0])
    except sqlite3.Error as exc:
        raise DatabaseError(f"Cannot open the database {path}: {reason(exc)}. Use another "
                            "database file, or restore a backup of this one.") from None
    finally:
        conn.close()
    if problems:
        raise DatabaseError(
            f"crmdesk will not open {path}: it holds {schema.describe(problems)}. Another "
            "program changed it, and crmdesk runs no SQL it did not write. Open another "
            "database, or restore a backup of this one.")


def reason(exc: Exception) -> str:
    """The driver's own words ("file is not a database"), without SQLAlchemy's wrapping
    (exception class, statement, "Background on this error at: https://...")."""
    return str(getattr(exc, "orig", None) or exc).strip().rstrip(".")


def plain_reader(url: str) -> sqlite3.Connection | None:
    """A plain ``sqlite3`` connection for reading the SQLite file behind ``url``, checked as
    ``open_database`` checks it, when its schema is the newest; None when ``open_database``
    must decide (another database, a schema to upgrade).  Creates nothing: a missing
    file is refused with ``open_database``'s sentence."""
    from crmdesk.migrations import HEAD

    path = config.sqlite_path(url)
    if path is None:
        return None
    prepare_file(path, create=False)
    check_schema(path)
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True,
                               timeout=READ_TIMEOUT_S, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        stored = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error:
        stored = []
    if stored != [(HEAD,)]:
        conn.close()
        return None
    return conn
