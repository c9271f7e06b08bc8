"""Long work on a worker thread, with a progress dialog and a Cancel that cancels.

A service function takes ``progress(done, total)`` and ``cancelled() -> bool``;
``run_with_progress`` runs it off the GUI thread and waits in a local event
loop (the window keeps painting), then returns its result or re-raises its
error on the GUI thread.  An error its caller does not catch leaves the slot
that started the work and reaches the window's error reporter
(``error_reports``): a sentence for the user, the traceback in the log.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

T = TypeVar("T")
Work = Callable[[Callable[[int, int], None], Callable[[], bool]], T]


class _Worker(QObject):
    progressed = Signal(int, int)
    done = Signal()

    def __init__(self, work: Work, cancel: threading.Event) -> None:
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


class _ProgressSink(QObject):
    """Receives progress on the GUI thread (a plain function would run on the worker's)."""

    def __init__(self, dialog: QProgressDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog

    @Slot(int, int)
    def update(self, done: int, total: int) -> None:
        if total and self.dialog.maximum() != total:
            self.dialog.setMaximum(total)
        self.dialog.setValue(min(done, total) if total else 0)


def run_with_progress(parent: QWidget | None, title: str, label: str, work: Work[T],
                      cancellable: bool = True) -> T:
    """Run ``work`` on a thread behind a modal progress dialog; return or raise its outcome."""
    cancel = threading.Event()
    dialog = QProgressDialog(label, "Cancel" if cancellable else "", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    if not cancellable:
        dialog.setCancelButton(None)
    dialog.canceled.connect(cancel.set)
    dialog.canceled.connect(lambda: dialog.setLabelText("Cancelling…"))

    thread = QThread()
    worker = _Worker(work, cancel)
    worker.moveToThread(thread)
    loop = QEventLoop()

    sink = _ProgressSink(dialog)  # a QObject on the GUI thread: updates arrive queued
    worker.progressed.connect(sink.update)
    worker.done.connect(loop.quit)
    thread.started.connect(worker.run)
    thread.start()
    loop.exec()
    thread.quit()
    thread.wait()
    dialog.close()
    dialog.deleteLater()
    if worker.error is not None:
        raise worker.error
    return worker.result
