"""Whether a crmdesk window has a database open, asked without Qt: a lock file it holds.

While its window is open, crmdesk holds an exclusive lock (``flock`` on POSIX,
``msvcrt.locking`` on Windows) on a small file named after a hash of the user and
the database, in the user's private data folder.  The operating system drops the
lock when the process ends, however it ends, so a crash leaves nothing stale.
``crmdesk restore`` asks by trying the lock (:func:`window_is_open`); the window's
single-instance check (``ui.single_instance``) takes it and uses a local socket
only to ask the open window to come forward.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import os
import sys

from crmdesk import config, files


def instance_name(database: config.DatabaseLocation) -> str:
    """A short name for this user and database (paths can be too long for sockets)."""
    key = str(database.path.expanduser().resolve()) if database.path else database.url
    digest = hashlib.sha256(f"{getpass.getuser()}\0{key}".encode()).hexdigest()[:20]
    return f"crmdesk-{digest}"


class WindowLock:
    """The lock a window holds on its database while it is open."""

    def __init__(self, database: config.DatabaseLocation) -> None:
        self.path = config.data_dir() / "windows" / f"{instance_name(database)}.lock"
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """Take the lock if no other process holds it (never waits); True if taken."""
        if self._fd is not None:
            return True
        files.make_private_folder(self.path.parent)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
        if not _try_lock(fd):
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        """Let the lock go (closing the file drops it); safe to call twice."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                _unlock(self._fd)
            os.close(self._fd)
            self._fd = None


def window_is_open(database: config.DatabaseLocation) -> bool:
    """Does a crmdesk window (in any process of this user) have this database open?"""
    lock = WindowLock(database)
    if not lock.acquire():
        return True
    lock.release()
    return False


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
