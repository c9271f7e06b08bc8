"""The window's one helper for background work: the work runs on a worker thread, its
outcome comes back on the GUI thread, Cancel cancels, and one write runs at a time."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QPushButton

from crmdesk.ui.tasks import Tasks, WriteRefused


@pytest.fixture
def tasks(qtbot):
    from crmdesk.ui.app import application

    application()
    return Tasks()


def test_the_result_and_the_error_arrive_on_the_gui_thread(qtbot, tasks) -> None:
    seen: list[tuple[str, object, str]] = []
    gui = threading.current_thread().name

    def work(progress, cancelled) -> str:  # noqa: ANN001
        progress(1, 2)
        return threading.current_thread().name

    tasks.start(None, "T", "Working…", work, writes=False,
                done=lambda ran_on: seen.append(("done", ran_on, threading.current_thread().name)))
    tasks.start(None, "T", "Failing…", lambda p, c: 1 / 0, writes=False,
                done=seen.append,
                failed=lambda exc: seen.append(("failed", type(exc).__name__,
                                                threading.current_thread().name)))
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert sorted(seen)[0][0] == "done" and sorted(seen)[0][1] != gui
    assert all(where == gui for _, _, where in seen)
    assert ("failed", "ZeroDivisionError", gui) in seen


def test_wait_returns_the_result_or_raises_the_error(qtbot, tasks) -> None:
    assert tasks.wait(None, "T", "Adding…", lambda p, c: 40 + 2, writes=True) == 42
    with pytest.raises(KeyError, match="gone"):
        tasks.wait(None, "T", "Reading…", lambda p, c: {}["gone"], writes=False)
    assert not tasks.writing


def test_one_write_at_a_time_and_reads_beside_it(qtbot, tasks) -> None:
    release = threading.Event()
    states: list[bool] = []
    tasks.writing_changed.connect(states.append)
    finished: list[object] = []
    tasks.start(None, "Import", "Importing contacts…", lambda p, c: release.wait(10),
                writes=True, done=finished.append)
    assert tasks.writing == "Importing contacts…"
    with pytest.raises(WriteRefused, match=r"^Another change is still being made \(Importing "
                                           r"contacts\); try again when it has finished\.$"):
        tasks.start(None, "Undo", "Undoing…", lambda p, c: None, writes=True, done=print)
    assert tasks.wait(None, "Export", "Exporting…", lambda p, c: "read", writes=False) == "read"
    release.set()
    qtbot.waitUntil(lambda: finished == [True])
    assert states == [True, False] and tasks.writing == ""


def test_cancel_reaches_the_work(qtbot, tasks) -> None:
    started = threading.Event()

    def work(progress, cancelled) -> str:  # noqa: ANN001
        started.set()
        while not cancelled():
            threading.Event().wait(0.01)
        return "stopped"

    outcome: list[str] = []
    task = tasks.start(None, "T", "Long…", work, writes=False, done=outcome.append)
    assert started.wait(5)
    task.dialog.findChild(QPushButton).click()  # the dialog's Cancel
    qtbot.waitUntil(lambda: outcome == ["stopped"])
