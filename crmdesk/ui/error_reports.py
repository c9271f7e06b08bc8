"""The window's last word on an error nothing else caught: a sentence in a message box, and
the details (traceback, time, versions) in a log file in the data folder.

``app.run`` installs it as ``sys.excepthook`` (PySide6 hands it every exception that
escapes a slot or an overridden Qt method, on any thread) and ``threading.excepthook``
for the exceptions of Python threads, and puts the previous hooks back when the window
closes.  A box is shown on the GUI thread only, one at a time: an error raised while a
box is open (or the same error again within ``REPEAT_SECONDS``) is only logged, so an
error in a paint event cannot stack boxes without end.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Protocol

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QApplication, QWidget

from crmdesk.errorlog import error_logger, log_exception
from crmdesk.services.errors import storage_problem

REPEAT_SECONDS = 60.0


class _Messages(Protocol):
    def error(self, parent: QWidget | None, title: str, text: str) -> None: ...


class ErrorReporter(QObject):
    """Logs an unexpected exception from any thread and tells the user on the GUI thread."""

    reported = Signal(str, str)  # the sentence, what identifies the error (for repeats)

    def __init__(self, messages: _Messages, log_path: Path,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.messages = messages
        self.log_path = log_path
        self.logger, self.handler = error_logger(log_path)
        self.showing = False
        self._last_shown: dict[str, float] = {}
        self.reported.connect(self._show)  # queued when emitted on another thread

    # -- hooks ----------------------------------------------------------------------------
    def excepthook(self, kind: type[BaseException], exc: BaseException,
                   tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        self.report(exc, tb)

    def threading_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit or args.exc_value is None:
            return
        self.report(args.exc_value, args.exc_traceback,
                    args.thread.name if args.thread is not None else "")

    @contextlib.contextmanager
    def installed(self) -> Iterator[ErrorReporter]:
        """The hooks in place for as long as the window runs; the previous ones after."""
        previous = sys.excepthook, threading.excepthook
        sys.excepthook, threading.excepthook = self.excepthook, self.threading_hook
        try:
            yield self
        finally:
            sys.excepthook, threading.excepthook = previous
            self.handler.close()

    # -- reporting ------------------------------------------------------------------------
    def report(self, exc: BaseException, tb: TracebackType | None = None,
               thread: str = "") -> None:
        """Log ``exc`` with its traceback, then ask the GUI thread to show a sentence."""
        log_exception(self.logger, exc, tb, f"window{', ' + thread if thread else ''}",
                      f", PySide6 {pyside_version}")
        self.reported.emit(self.sentence(exc), self._identity(exc, tb))

    def sentence(self, exc: BaseException) -> str:
        where = (self.tr("The details could not be written to %1.") if self.handler.failed
                 else self.tr("The details are in %1; please include that file if you report "
                              "the problem.")).replace("%1", str(self.log_path))
        problem = storage_problem(exc)
        if problem is None:
            problem = self.tr("crmdesk ran into a problem it did not expect, so what you just "
                              "did may not have finished.")
        return f"{problem} {where}"

    @staticmethod
    def _identity(exc: BaseException, tb: TracebackType | None) -> str:
        frames = traceback.extract_tb(tb or exc.__traceback__)
        last = frames[-1] if frames else None
        return f"{type(exc).__qualname__}@{last.filename}:{last.lineno}" if last else repr(exc)

    @Slot(str, str)
    def _show(self, text: str, identity: str) -> None:
        last = self._last_shown.get(identity)
        if self.showing or (last is not None and time.monotonic() - last < REPEAT_SECONDS):
            return
        self.showing = True
        try:
            self.messages.error(QApplication.activeWindow(), self.tr("Something went wrong"),
                                text)
        finally:
            self.showing = False
            self._last_shown[identity] = time.monotonic()
