"""The log of errors crmdesk did not expect: details for a bug report, kept out of sight.

The user is told one sentence and where this file is; the traceback, which may quote
SQL and the records it was about, goes only here: ``crmdesk.log`` in the data folder,
private (0600), at most about 3 MB (three rotated files of 1 MB).
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

from crmdesk import __version__, config, files

LOG_NAME = "crmdesk.log"
_MAX_BYTES = 1_000_000
_KEEP = 3


def log_path() -> Path:
    return config.data_dir() / LOG_NAME


def record(kind: type[BaseException], value: BaseException, tb: TracebackType | None,
           where: str) -> Path | None:
    """Append one error with its traceback to the log; the log's path, or None if even
    that failed (a full disk, say): the caller's sentence must not depend on it."""
    path = log_path()
    try:
        files.make_private_folder(path.parent)
        if not path.exists():
            os.close(files.create_private(path))
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=_MAX_BYTES,
                                                       backupCount=_KEEP, encoding="utf-8")
        try:
            text = "".join(traceback.format_exception(kind, value, tb))
            record = logging.LogRecord("crmdesk", logging.ERROR, where, 0,
                                       f"{datetime.now():%Y-%m-%d %H:%M:%S} crmdesk "
                                       f"{__version__} ({where})\n{text}", None, None)
            handler.emit(record)
        finally:
            handler.close()
        for rotated in path.parent.glob(LOG_NAME + ".*"):
            os.chmod(rotated, files.PRIVATE)
    except OSError:
        return None
    return path
