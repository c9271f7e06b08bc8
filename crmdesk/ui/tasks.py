"""Long work on a worker thread, with progress and a Cancel that cancels; one writer at a time.

A service function takes ``progress(done, total)`` and ``cancelled() -> bool``.
``Tasks.start`` runs it off the GUI thread behind a progress dialog and calls
``done(result)`` or ``failed(error)`` back on the GUI thread; ``Tasks.wait``
does the same for a caller that needs the outcome before it goes on: it waits
in a local event loop (the window keeps painting) and returns the result or
raises the error.  An error nobody handles reaches the window's error reporter
(``error_reports``): a sentence for the user, the traceback in the log.

A task that ``writes`` (an import or its dry run, an undo, the demo data) holds
the window's one writer slot: while it runs, starting another write raises
``WriteRefused`` (one sentence: wait for the first), and ``writing_changed``
lets the window turn off the actions that would start one.  SQLite lets one
writer in at a time; a second one started beside it would only fail inside the
database, with a message no user can act on.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from crmdesk.ui.messages import Messages

T = TypeVar("T")
Work = Callable[[Callable[[int, int], None], Callable[[], bool]], T]


def _tr(text: str) -> str:
    return QCoreApplication.translate("Tasks", text)


class WriteRefused(Exception):
    """Another write is still running in this window; the message says which."""

    def __init__(self, running: str) -> None:
        super().__init__(_tr("Another change is still being made (%1); try again when it "
                             "has finished.").replace("%1", running.rstrip("…").strip()))


class _Worker(QObject):
    progressed = Signal(int, int)
    done = Signal()

    def __init__(self, work: Work[Any], cancel: threading.Event) -> None:
        super().__init__()
        self.work = work
        self.cancel = cancel
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.work(lambda d, t: self.progressed.emit(d, t), self.cancel.is_set)
        except BaseException as exc:  # noqa: BLE001 - handed back to the GUI thread
            self.error = exc
        self.done.emit()


class Task(QObject):
    """One piece of work on its own thread; lives on the GUI thread, so its slots run there."""

    def __init__(self, tasks: Tasks, label: str, work: Work[Any], *,
                 done: Callable[[Any], None], failed: Callable[[BaseException], None] | None,
                 dialog: QProgressDialog) -> None:
        super().__init__()
        self.label = label
        self._tasks = tasks
        self._done = done
        self._failed = failed
        self.dialog = dialog
        self.cancel = threading.Event()
        self._thread = QThread()
        self._worker = _Worker(work, self.cancel)
        self._worker.moveToThread(self._thread)
        self._worker.progressed.connect(self._progress)
        self._worker.done.connect(self._finish)
        self._thread.started.connect(self._worker.run)
        dialog.canceled.connect(self.cancel.set)
        dialog.canceled.connect(lambda: dialog.setLabelText(_tr("Cancelling…")))

    def start(self) -> None:
        self._thread.start()

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        dialog = self.dialog
        if total and dialog.maximum() != total:
            dialog.setMaximum(total)
        dialog.setValue(min(done, total) if total else 0)

    @Slot()
    def _finish(self) -> None:
        self._thread.quit()
        self._thread.wait()
        self.dialog.close()
        self.dialog.deleteLater()
        self._tasks._ended(self)
        error = self._worker.error
        if error is None:
            self._done(self._worker.result)
        elif self._failed is not None:
            self._failed(error)
        else:
            raise error


class Tasks(QObject):
    """The window's background work: any number of reads, at most one write at a time."""

    #: True when a write starts, False when it has ended.
    writing_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running: list[Task] = []
        self._writer: Task | None = None

    @property
    def writing(self) -> str:
        """What the write under way is doing ("Importing contacts…"), or "" for none."""
        return self._writer.label if self._writer is not None else ""

    def refuse_write(self, parent: QWidget | None, messages: Messages) -> bool:
        """If a write is under way, say so and return True: the caller starts none."""
        if not self.writing:
            return False
        messages.info(parent, _tr("Please wait"), str(WriteRefused(self.writing)))
        return True

    def start(self, parent: QWidget | None, title: str, label: str, work: Work[T], *,
              done: Callable[[T], None], failed: Callable[[BaseException], None] | None = None,
              writes: bool, cancellable: bool = True) -> Task:
        """Run ``work`` on a thread; ``done``/``failed`` run on the GUI thread afterwards.

        A progress dialog shows ``label`` after 300 ms, with a Cancel button if
        ``cancellable``.  Raises ``WriteRefused`` if this ``writes`` while another write
        runs."""
        if writes and self._writer is not None:
            raise WriteRefused(self._writer.label)
        dialog = _progress_dialog(parent, title, label, cancellable)
        task = Task(self, label, work, done=done, failed=failed, dialog=dialog)
        self._running.append(task)
        if writes:
            self._writer = task
            self.writing_changed.emit(True)
        task.start()
        return task

    def wait(self, parent: QWidget | None, title: str, label: str, work: Work[T], *,
             writes: bool, cancellable: bool = True) -> T:
        """Run ``work`` as ``start`` does and return its result, or raise its error."""
        loop = QEventLoop()
        outcome: dict[str, Any] = {}

        def finished(key: str, value: Any) -> None:
            outcome[key] = value
            loop.quit()

        self.start(parent, title, label, work, writes=writes, cancellable=cancellable,
                   done=lambda result: finished("result", result),
                   failed=lambda error: finished("error", error))
        if not outcome:
            loop.exec()
        if "error" in outcome:
            raise outcome["error"]
        return outcome["result"]

    def _ended(self, task: Task) -> None:
        """The task is done: its writer slot is free now; the task itself goes once Qt has
        left its slot (a QObject deleted inside its own event handler would crash)."""
        QTimer.singleShot(0, self, lambda: self._running.remove(task))
        if task is self._writer:
            self._writer = None
            self.writing_changed.emit(False)


def _progress_dialog(parent: QWidget | None, title: str, label: str,
                     cancellable: bool) -> QProgressDialog:
    dialog = QProgressDialog(label, _tr("Cancel") if cancellable else "", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    if not cancellable:
        dialog.setCancelButton(None)
    return dialog
