"""What the sales window tests share: acting on the dialog an action opens, and the ids
a list shows."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget


class Seen(list):
    """The dialogs ``in_dialog`` used; asking whether there were any raises what went
    wrong in one (``assert seen`` after the action reports it)."""

    failure: BaseException | None = None

    def __bool__(self) -> bool:
        if self.failure is not None:
            raise self.failure
        return len(self) > 0


def in_dialog(use: Callable[[QWidget], None]) -> Seen:
    """Run ``use`` on the modal dialog that the next action opens (it must close it); if
    ``use`` fails, the dialog is closed and ``assert seen`` raises the failure."""
    seen = Seen()

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None, "a dialog opened"
        seen.append(dialog)
        try:
            use(dialog)
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            seen.failure = exc
        finally:
            if dialog.isVisible():  # done, not reject: a changed form would ask first
                dialog.done(0)

    QTimer.singleShot(0, run)
    return seen


def list_ids(view) -> list[int]:  # noqa: ANN001
    return [view.model.id_at(r) for r in range(view.model.rowCount())]
