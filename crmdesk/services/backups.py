"""Backups of the SQLite database: automatic daily copies, manual backup, restore.

Every copy is taken with SQLite's online backup API (``db.backup_sqlite``), so
it is consistent even while the window has the database open in WAL mode.

- ``auto_backup(db_path)`` runs at start-up: at most one dated copy a day in
  ``<db folder>/backups/<name>-YYYY-MM-DD.db``, keeping the newest N (7).
  Only files matching that pattern are ever deleted; manual backups are safe.
- ``backup(db_path, out)`` is ``crmdesk backup --out FILE``.
- ``restore(file, db_path)`` is ``crmdesk restore FILE``: it refuses anything
  that is not a crmdesk database of a schema revision this version knows, and
  keeps the database it replaces as ``<name>.replaced-<stamp>.db``.  An older
  revision is fine: the next start upgrades it in place.

No Qt here: the CLI and the settings dialog both call these functions.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from crmdesk.db import backup_sqlite

BACKUP_FOLDER = "backups"
DEFAULT_KEEP = 7
SQLITE_MAGIC = b"SQLite format 3\x00"


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

    A missing or empty database (first start) is not worth a backup.
    """
    if not db_path.is_file() or db_path.stat().st_size == 0:
        return None
    folder = folder or backup_folder(db_path)
    today = today or date.today()
    target = folder / f"{db_path.stem}-{today.isoformat()}{db_path.suffix or '.db'}"
    made: Path | None = None
    if not target.exists():
        made = _self_contained(backup_sqlite(db_path, target))
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
    """Copy the live database to ``out`` (overwriting it), consistently."""
    if not db_path.is_file():
        raise BackupError(f"There is no database at {db_path} to back up.")
    if out.resolve() == db_path.resolve():
        raise BackupError("The backup file must not be the database itself.")
    if out.is_dir():
        raise BackupError(f"{out} is a folder; give a file name, e.g. {out / 'crmdesk.db'}.")
    tmp = out.with_name(out.name + ".partial")
    tmp.unlink(missing_ok=True)
    try:
        _self_contained(backup_sqlite(db_path, tmp))
        tmp.replace(out)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise BackupError(f"Cannot write the backup {out}: {exc}") from exc
    return out


def known_revisions() -> set[str]:
    """Every schema revision among the migrations shipped with this crmdesk."""
    from alembic.script import ScriptDirectory

    from crmdesk.db import MIGRATIONS

    return {rev.revision for rev in ScriptDirectory(str(MIGRATIONS)).walk_revisions()}


def check_crmdesk_file(file: Path,
                       revisions: Callable[[], set[str]] = known_revisions) -> str:
    """The schema revision of a crmdesk database file, or BackupError saying what it is."""
    if not file.is_file():
        raise BackupError(f"{file} does not exist or is not a file.")
    with file.open("rb") as fh:
        if fh.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise BackupError(f"{file} is not an SQLite database, so not a crmdesk backup.")
    try:
        # immutable: a read-only look that leaves no -wal/-shm files beside a backup;
        # but a live database may have its newest pages in the WAL, which must be read.
        live = Path(str(file) + "-wal").exists()
        mode = "ro" if live else "ro&immutable=1"
        conn = sqlite3.connect(f"{file.resolve().as_uri()}?mode={mode}", uri=True)
        try:
            rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
            conn.execute("SELECT count(*) FROM contact").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise BackupError(
            f"{file} is an SQLite database but not a crmdesk one ({exc}).") from exc
    if len(rows) != 1:
        raise BackupError(f"{file} has no single crmdesk schema version; it is not a backup "
                          "crmdesk can restore.")
    revision = str(rows[0][0])
    if revision not in revisions():
        raise BackupError(f"{file} has schema version {revision}, which this crmdesk does "
                          "not know (made by a newer version?). Update crmdesk first.")
    return revision


def _self_contained(path: Path) -> Path:
    """Switch a copy out of WAL mode, so the backup is one file that can be mailed or moved."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()
    return path


def _remove_sqlite_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def restore(file: Path, db_path: Path, *, now: datetime | None = None) -> RestoreResult:
    """Replace the database at ``db_path`` with the backup ``file``, keeping the old one.

    The content is copied with the backup API into the database file itself,
    so SQLite's locks guard against a writer in the middle; if that is not
    possible (a page-size mismatch in WAL mode) the file is recreated.
    """
    revision = check_crmdesk_file(file)
    if db_path.exists() and file.resolve() == db_path.resolve():
        raise BackupError("That file is the current database already.")
    replaced: Path | None = None
    if db_path.is_file() and db_path.stat().st_size > 0:
        stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
        replaced = db_path.with_name(f"{db_path.stem}.replaced-{stamp}{db_path.suffix or '.db'}")
        _self_contained(backup_sqlite(db_path, replaced))
    db_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        _copy_into(file, db_path)
    except sqlite3.Error:
        _remove_sqlite_files(db_path)
        _copy_into(file, db_path)
    os.chmod(db_path, 0o600)
    return RestoreResult(file, db_path, revision, replaced)


def _copy_into(source: Path, target: Path) -> None:
    backup_sqlite(source, target, read_only=True)
