"""Backups of the SQLite database: automatic daily copies, manual backup, restore.

Every copy is taken with SQLite's online backup API (``db.backup_sqlite``), so
it is consistent even while the window has the database open in WAL mode, and
written as ``crmdesk.files`` writes everything: private (0600) from the first
byte, never through a link, put in place only when complete.

- ``auto_backup(db_path)`` runs at start-up: at most one dated copy a day in
  ``<db folder>/backups/<name>-YYYY-MM-DD.db``, keeping the newest N (7).
  Only files matching that pattern are ever deleted; manual backups are safe.
- ``backup(db_path, out)`` is ``crmdesk backup --out FILE``.
- ``restore(file, db_path)`` is ``crmdesk restore FILE``: it refuses anything
  that is not a crmdesk database of a schema revision this version knows, or
  that holds anything crmdesk's migrations do not make (``migrations.schema``),
  and keeps the database it replaces as ``<name>.replaced-<stamp>.db``.  An older
  revision is fine: the next start upgrades it in place.

No Qt here: the CLI and the settings dialog both call these functions.
"""

from __future__ import annotations

import os
import re
import sqlite3
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from crmdesk import files
from crmdesk.db import BUSY_TIMEOUT_MS, WRITE_WAIT_S, backup_sqlite
from crmdesk.migrations import schema
from crmdesk.services.database_files import is_database_file
from crmdesk.sqlite_file import SQLITE_MAGIC, read_only_connection

BACKUP_FOLDER = "backups"
DEFAULT_KEEP = 7
_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6


class BackupError(RuntimeError):
    """A backup or restore cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    database: Path
    revision: str
    replaced: Path | None  # the previous database, kept beside it; None if there was none


def backup_folder(db_path: Path) -> Path:
    """Automatic backups live next to the database, so a USB-stick database keeps its own."""
    return db_path.parent / BACKUP_FOLDER


def _dated_pattern(db_path: Path) -> re.Pattern[str]:
    return re.compile(re.escape(db_path.stem) + r"-(\d{4}-\d{2}-\d{2})" +
                      re.escape(db_path.suffix or ".db") + "$")


def dated_backups(db_path: Path, folder: Path | None = None) -> list[Path]:
    """The automatic backups of ``db_path``, oldest first (the date is in the name)."""
    folder = folder or backup_folder(db_path)
    if not folder.is_dir():
        return []
    pattern = _dated_pattern(db_path)
    return sorted(p for p in folder.iterdir() if pattern.match(p.name))


def auto_backup(db_path: Path, *, keep: int = DEFAULT_KEEP, today: date | None = None,
                folder: Path | None = None) -> Path | None:
    """Take today's backup unless one exists; prune to ``keep``. Returns the new file or None.

    A missing or empty database (first start) is not worth a backup.  Anything but a
    regular file under today's name (a link planted there, say) is not a backup: it is
    replaced by one, never written through.  Leftovers of a backup that was killed are
    removed from the folder first.
    """
    if not db_path.is_file() or db_path.stat().st_size == 0:
        return None
    folder = folder or backup_folder(db_path)
    files.make_private_folder(folder)
    files.sweep(db_path.parent)
    today = today or date.today()
    target = folder / f"{db_path.stem}-{today.isoformat()}{db_path.suffix or '.db'}"
    made: Path | None = None
    try:
        st: os.stat_result | None = os.lstat(target)
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode):
        target.unlink()  # a link or pipe under crmdesk's own dated name: not a backup
        st = None
    if st is None:
        made = backup_sqlite(db_path, target)
    prune(db_path, keep=keep, folder=folder)
    return made


def prune(db_path: Path, *, keep: int = DEFAULT_KEEP, folder: Path | None = None) -> list[Path]:
    """Delete all but the newest ``keep`` automatic backups; returns what was deleted."""
    existing = dated_backups(db_path, folder)
    doomed = existing[:-keep] if keep > 0 else existing
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def backup(db_path: Path, out: Path) -> Path:
    """Copy the live database to ``out`` (replacing a regular file there), consistently."""
    if not db_path.is_file():
        raise BackupError(f"There is no database at {db_path} to back up.")
    if is_database_file(out, db_path):
        raise BackupError("The backup file must not be the database itself; give another "
                          "name.")
    try:
        return backup_sqlite(db_path, out)
    except files.FileTargetError as exc:
        raise BackupError(str(exc)) from None
    except OSError as exc:
        raise BackupError(files.describe_os_error(exc, out)) from None
    except sqlite3.Error as exc:
        raise BackupError(f"Cannot back up {db_path}: {_sqlite_reason(exc)}") from None


def known_revisions() -> set[str]:
    """Every schema revision among the migrations shipped with this crmdesk."""
    return set(schema.known_revisions())


def check_crmdesk_file(file: Path,
                       revisions: Callable[[], set[str]] = known_revisions) -> str:
    """The schema revision of a crmdesk database file, or BackupError saying what it is.

    Reads the file read-only and runs none of its SQL: its objects are compared with
    what crmdesk's migrations make for its revision before anything is selected."""
    if not file.is_file():
        raise BackupError(f"{file} does not exist or is not a file.")
    try:
        with file.open("rb") as fh:
            magic = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise BackupError(f"{file} cannot be read: {exc.strerror or exc}.") from None
    if magic != SQLITE_MAGIC:
        raise BackupError(f"{file} is not an SQLite database, so not a crmdesk backup.")
    try:
        conn = read_only_connection(file)
        try:
            return _revision_of(conn, file, revisions)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise BackupError(
            f"{file} is an SQLite database but not a crmdesk one ({_sqlite_reason(exc)}).",
        ) from None


def _revision_of(conn: sqlite3.Connection, file: Path,
                 revisions: Callable[[], set[str]]) -> str:
    kinds = dict(conn.execute("SELECT name, type FROM sqlite_master WHERE name IN "
                              "('alembic_version', 'contact')").fetchall())
    if kinds != {"alembic_version": "table", "contact": "table"}:
        raise BackupError(f"{file} is an SQLite database but not a crmdesk one (it has no "
                          "crmdesk tables).")
    rows = conn.execute("SELECT version_num FROM alembic_version LIMIT 2").fetchall()
    if len(rows) != 1:
        raise BackupError(f"{file} has no single crmdesk schema version; it is not a backup "
                          "crmdesk can restore.")
    revision = str(rows[0][0])
    if revision not in revisions():
        raise BackupError(f"{file} has schema version {revision[:40]}, which this crmdesk does "
                          "not know (made by a newer version?). Update crmdesk first.")
    problems = schema.differences(conn, revision)
    if problems:
        raise BackupError(
            f"{file} holds {schema.describe(problems)}. It was changed outside crmdesk, and "
            "crmdesk restores no SQL it did not write; nothing was restored.")
    return revision


def _sqlite_reason(exc: sqlite3.Error) -> str:
    return str(exc).strip().rstrip(".") + "."


def restore(file: Path, db_path: Path, *, now: datetime | None = None,
            wait: float = WRITE_WAIT_S, on_wait: Callable[[], None] | None = None,
            ) -> RestoreResult:
    """Replace the database at ``db_path`` with the backup ``file``, keeping the old one.

    Atomic and exclusive: the backup is first copied to a private work file and checked
    there (schema, integrity), so what is checked is what is restored; then it is copied
    into the live database with SQLite's backup API, as one write transaction.  While
    that transaction holds the write lock, the data it replaces is copied to the kept
    file, so no write of another process falls between the two: it is either in the
    kept copy or waits and lands in the restored database.  A kill at any moment leaves
    the old database or the new one, never a mix, and never an empty file.  Another
    writer holding the database longer than ``wait`` seconds makes it give up.
    """
    if db_path.exists() and is_database_file(file, db_path):
        raise BackupError("That file is the current database already.")
    revision = check_crmdesk_file(file)
    files.sweep(db_path.parent)
    work = files.temporary_name(db_path)
    try:
        try:
            backup_sqlite(file, work, read_only=True)
            with _connect(work) as conn:
                _check_work_copy(conn, file, revision)
            conn.close()
        except sqlite3.Error as exc:
            raise BackupError(f"{file} cannot be read to the end ({_sqlite_reason(exc)}); "
                              "nothing was restored.") from None
        except OSError as exc:
            raise BackupError(files.describe_os_error(exc, db_path)) from None
        if not db_path.exists() or db_path.stat().st_size == 0:
            with _connect(work) as conn:
                conn.execute("PRAGMA journal_mode=WAL")  # as every crmdesk database is
            conn.close()
            os.replace(work, db_path)
            return RestoreResult(file, db_path, revision, None)
        stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
        kept = db_path.with_name(f"{db_path.stem}.replaced-{stamp}{db_path.suffix or '.db'}")
        _copy_over_live(work, db_path, kept, wait, on_wait)
        return RestoreResult(file, db_path, revision, kept)
    finally:
        files.remove_with_sidecars(work)


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)


def _check_work_copy(conn: sqlite3.Connection, file: Path, revision: str) -> None:
    """The private copy is what gets restored: check it again (the backup file may have
    changed since it was looked at), and check that it is whole."""
    if _revision_of(conn, file, known_revisions) != revision:
        raise BackupError(f"{file} changed while it was being restored; try again.")
    verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
    if verdict != "ok":
        raise BackupError(f"{file} is damaged ({str(verdict)[:80]}); nothing was restored. "
                          "Choose another backup.")


def _copy_over_live(work: Path, db_path: Path, kept: Path, wait: float,
                    on_wait: Callable[[], None] | None) -> None:
    live = _connect(db_path)
    reader = _connect(db_path)
    source = _connect(work)
    try:
        # In WAL mode the copy's write lock still lets the reader below read; a file
        # switched to a rollback journal by another program is switched back first.
        live.execute("PRAGMA journal_mode=WAL")
        size = live.execute("PRAGMA page_size").fetchone()[0]
        if source.execute("PRAGMA page_size").fetchone()[0] != size:
            # SQLite cannot copy between page sizes into a WAL database
            source.execute(f"PRAGMA page_size={int(size)}")
            source.execute("VACUUM")
        pages = source.execute("PRAGMA page_count").fetchone()[0]
        if pages < 2:
            raise BackupError(f"{work} is too small to be a crmdesk database.")
        deadline = time.monotonic() + wait
        state = {"kept": False, "told": False}

        def step(status: int, remaining: int, total: int) -> None:
            if status in (_SQLITE_BUSY, _SQLITE_LOCKED):
                if time.monotonic() > deadline:
                    raise BackupError(
                        f"Another program (an import, or crmdesk's window) has been writing "
                        f"to {db_path} for over {wait:.0f} seconds; nothing was restored. "
                        "Restore when it has finished.")
                if on_wait is not None and not state["told"]:
                    on_wait()
                    state["told"] = True
                return
            if not state["kept"]:
                # From the first step to the commit the live database's write lock is
                # ours: the reader sees exactly the data being replaced.
                backup_sqlite(reader, kept)
                state["kept"] = True

        # Fewer pages per step than the whole, so the copy of the replaced data runs
        # after the first step (lock taken) and before the last (commit).
        source.backup(live, pages=min(1024, pages - 1), progress=step, sleep=0.05)
    finally:
        source.close()
        reader.close()
        live.close()
