"""Files crmdesk writes for the user: private from the first byte, never through a link.

Backups, exports, PDFs and a restore's kept copy all hold the customer base, so every
one of them is written the same way:

- the target must be a regular file or not exist yet.  A symbolic link, a FIFO, a
  device or a folder is refused with a sentence: writing "through" it would put a full
  copy of the data wherever the link points, or replace ``/dev/full`` when run as root;
- the bytes go to a temporary file beside the target, created with ``O_EXCL``,
  ``O_NOFOLLOW`` and mode 0600 (never readable by others, not even while being written),
  and renamed over the target only when complete, so a cancel, an error or a kill
  leaves the old target as it was;
- a kill -9 cannot clean up after itself, so the temporary names carry the host and
  process id: the next write into that folder (and the window's start in the data
  folder) removes the leftovers of processes that are gone.

Nothing here imports more than the standard library: the command line's fast paths use it.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import socket
import stat
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO

PRIVATE = 0o600
_MARK = ".crmdesk-tmp-"
#: Longest part of the target's name kept in a temporary name (bytes): a 250-character
#: target still leaves room for the mark, host, pid and token within NAME_MAX (255).
_NAME_PART = 96
_SIDECARS = ("-journal", "-wal", "-shm")


class FileTargetError(OSError):
    """A file cannot be written there; the message says why and what to do instead."""


def _host() -> str:
    return f"{zlib.crc32(socket.gethostname().encode()):08x}"


def _leftover_pattern() -> re.Pattern[str]:
    return re.compile(r"\.(?:.*)" + re.escape(_MARK) + _host() + r"-(\d+)-[0-9a-f]+(?:"
                      + "|".join(re.escape(s) for s in _SIDECARS) + ")?$")


def check_target(path: Path) -> None:
    """Raise FileTargetError unless ``path`` is a regular file or can be created as one."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        folder = path.parent
        if not folder.is_dir():
            raise FileTargetError(f"The folder {folder} does not exist; create it first or "
                                  "choose another place.") from None
        return
    except OSError as exc:
        raise FileTargetError(describe_os_error(exc, path)) from None
    if stat.S_ISLNK(st.st_mode):
        raise FileTargetError(
            f"{path} is a symbolic link; crmdesk does not write through links. Give the "
            f"real file's path ({os.path.realpath(path)}) or another name.")
    if stat.S_ISDIR(st.st_mode):
        raise FileTargetError(f"{path} is a folder; give a file name inside it, "
                              f"e.g. {path / 'crmdesk-export'}.")
    if not stat.S_ISREG(st.st_mode):
        raise FileTargetError(f"{path} is not a regular file (a device, pipe or socket); "
                              "crmdesk only writes ordinary files. Choose another name.")


def describe_os_error(exc: OSError, path: Path | str) -> str:
    """An OSError as a sentence naming the file (no errno numbers, no Python names)."""
    import errno

    reasons = {
        errno.ENAMETOOLONG: "the file name is too long; choose a shorter one",
        errno.ENOSPC: "the disk is full; free some space or choose another disk",
        errno.EDQUOT: "your disk quota is used up; free some space",
        errno.EACCES: "you have no permission to write there; choose another folder",
        errno.EPERM: "the system does not allow writing there; choose another folder",
        errno.EROFS: "that disk is read-only; choose another place",
        errno.ENOENT: "the folder does not exist",
        errno.ENOTDIR: "a part of the path is not a folder",
        errno.EISDIR: "it is a folder, not a file",
        errno.ELOOP: "it is a symbolic link, and crmdesk does not write through links",
        errno.EEXIST: "a file of that name appeared meanwhile; try again",
    }
    reason = reasons.get(exc.errno or 0) or (exc.strerror or str(exc)).rstrip(".")
    return f"Cannot write {path}: {reason}."


def sweep(folder: Path) -> list[Path]:
    """Remove temporary files left in ``folder`` by crmdesk processes of this host that are
    gone (killed in the middle of a write); returns what was removed."""
    pattern = _leftover_pattern()
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match is None or _alive(int(match.group(1))):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def temporary_name(target: Path) -> Path:
    """A fresh name beside ``target`` for its private temporary file."""
    stem = os.fsencode(target.name)[:_NAME_PART].decode(errors="ignore")
    return target.with_name(f".{stem}{_MARK}{_host()}-{os.getpid()}-{secrets.token_hex(4)}")


def create_private(path: Path) -> int:
    """Create ``path`` (which must not exist) with mode 0600, not through a link; an fd."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(
        os, "O_CLOEXEC", 0)
    return os.open(path, flags, PRIVATE)


def remove_with_sidecars(path: Path) -> None:
    for suffix in ("", *_SIDECARS):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(str(path) + suffix)


@contextlib.contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """Yield an empty private temporary file beside ``target``; when the block ends
    normally it replaces ``target`` (atomically), otherwise it is removed.

    For writers that need a path (SQLite, Qt's PDF writer)."""
    check_target(target)
    sweep(target.parent)
    tmp = temporary_name(target)
    try:
        os.close(create_private(tmp))
    except OSError as exc:
        raise FileTargetError(describe_os_error(exc, target)) from None
    try:
        yield tmp
        check_target(target)  # still not a link or device, just before it is replaced
        _fsync_file(tmp)
        os.replace(tmp, target)
        _fsync_folder(target.parent)
    except BaseException:
        remove_with_sidecars(tmp)
        raise
    finally:
        for suffix in _SIDECARS:  # SQLite's journal of the temporary file, if it left one
            with contextlib.suppress(FileNotFoundError):
                os.unlink(str(tmp) + suffix)


@contextlib.contextmanager
def writing_text(target: Path, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """A text stream into a private temporary file that replaces ``target`` at the end."""
    with replacing(target) as tmp, open(tmp, "w", encoding=encoding, newline="") as stream:
        yield stream


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable (POSIX); folders cannot be opened on Windows."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` (and missing parents) readable only by the user."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
