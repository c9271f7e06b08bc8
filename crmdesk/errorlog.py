"""The log of errors crmdesk did not expect: details for a bug report, kept out of sight.

The user is told one sentence and where this file is; the traceback, which may quote
SQL and the records it was about, goes only here: ``crmdesk.log`` in the data folder,
private (0600), at most a few MB (rotated at 1 MB, three old files kept).  The window
(``ui.error_reports``) and the command line (``cli.unexpected``) both write it.
"""

from __future__ import annotations

import logging
import os
import platform
import threading
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import IO

from crmdesk import __version__, config

LOG_NAME = "crmdesk.log"
LOG_BYTES = 1024 * 1024  # then crmdesk.log.1 .. .3: a few MB at most, the newest kept
LOG_BACKUPS = 3


def log_path() -> Path:
    return config.data_dir() / LOG_NAME


class PrivateLogHandler(RotatingFileHandler):
    """Size-bounded log files only the user can read (a traceback may quote their data);
    a log that cannot be written is noted in ``failed`` instead of printed to stderr."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8",
                         delay=True)
        self.failed = False

    def _open(self) -> IO[str]:
        Path(self.baseFilename).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.chmod(self.baseFilename, 0o600)  # also a file left by an older crmdesk
        return open(fd, "a", encoding=self.encoding)

    def emit(self, record: logging.LogRecord) -> None:
        self.failed = False
        super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802
        self.failed = True


def error_logger(path: Path) -> tuple[logging.Logger, PrivateLogHandler]:
    """A logger writing only to the private log at ``path`` (not in logging's registry)."""
    handler = PrivateLogHandler(path)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger = logging.Logger("crmdesk.errors")
    logger.addHandler(handler)
    return logger, handler


def log_exception(logger: logging.Logger, exc: BaseException, tb: TracebackType | None,
                  where: str, versions: str = "") -> None:
    details = "".join(traceback.format_exception(type(exc), exc, tb or exc.__traceback__))
    logger.error("crmdesk %s, Python %s%s, %s, %s, thread %s\n%s", __version__,
                 platform.python_version(), versions, platform.platform(), where,
                 threading.current_thread().name, details.rstrip())


def record(exc: BaseException, where: str) -> Path | None:
    """Append ``exc`` with its traceback to the log; the log's path, or None if even
    that failed (a full disk, say): the caller's sentence must not depend on it."""
    path = log_path()
    logger, handler = error_logger(path)
    try:
        log_exception(logger, exc, exc.__traceback__, where)
    finally:
        handler.close()
    return None if handler.failed else path
