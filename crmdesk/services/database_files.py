"""Is a path one of the open database's own files?  Asked before the window opens a file.

SQLite holds its locks on the database and on its ``-shm`` file as POSIX
advisory locks, and POSIX drops every lock a process holds on a file as soon
as that process closes *any* descriptor of the file.  So a window that reads
its own database as an import, a photo or a backup to restore (or writes an
export over it) silently loses its locks; the next program to open the
database then takes it for unused, checkpoints and deletes ``-wal`` and
``-shm`` while the window goes on writing into the deleted files.  A path the
user picks is therefore compared with the database's files before anything
opens it: by name (after resolving symlinks) and by inode, which catches hard
links and files that are not there yet (a ``-journal`` comes and goes).
"""

from __future__ import annotations

import os
from pathlib import Path

#: The files SQLite keeps beside a database: the WAL, its index, the rollback journal.
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


def database_files(database: Path) -> list[Path]:
    """The database and the files SQLite may keep beside it, existing or not."""
    return [database, *(database.with_name(database.name + s) for s in SIDE_SUFFIXES)]


def _same_name(a: Path, b: Path) -> bool:
    return os.path.normcase(str(a)) == os.path.normcase(str(b))


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()  # follows symlinks: a link is the file it points to
    except OSError:
        return None
    return st.st_dev, st.st_ino


def is_database_file(candidate: str | os.PathLike[str], database: Path | None) -> bool:
    """True when ``candidate`` is ``database`` or one of its ``-wal``/``-shm``/``-journal``
    files, under any name (symlink, hard link, relative path); False for no database."""
    if database is None or not os.fspath(candidate):
        return False
    path = Path(candidate).expanduser()
    own = database_files(database)
    resolved = path.resolve()
    if any(_same_name(resolved, f.resolve()) for f in own):
        return True
    identity = _identity(path)
    return identity is not None and any(identity == _identity(f) for f in own)
