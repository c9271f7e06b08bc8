"""Windows and dialogs that come back where the user left them (QSettings)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QDialog, QWidget


def restore_geometry(widget: QWidget, key: str) -> bool:
    value = QSettings().value(f"geometry/{key}")
    return isinstance(value, QByteArray) and widget.restoreGeometry(value)


def save_geometry(widget: QWidget, key: str) -> None:
    QSettings().setValue(f"geometry/{key}", widget.saveGeometry())


class RememberingDialog(QDialog):
    """A dialog that remembers its size and position under its class name."""

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        if not getattr(self, "_restored", False):
            self._restored = True
            restore_geometry(self, type(self).__name__)
        super().showEvent(event)

    def done(self, result: int) -> None:
        save_geometry(self, type(self).__name__)
        super().done(result)
