"""Message boxes and file dialogs behind one small object, so tests can replace them.

The file dialogs themselves are built in ``file_dialogs`` (why: see there)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from crmdesk.ui import file_dialogs


class Messages:
    """The real dialogs; tests pass a fake with the same methods."""

    def confirm(self, parent: QWidget | None, title: str, text: str, action: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
        ok = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is ok

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    def ask(self, parent: QWidget | None, title: str, text: str) -> bool:
        answer = QMessageBox.question(parent, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def open_file(self, parent: QWidget | None, title: str, filters: str) -> str:
        return file_dialogs.choose_file(parent, title, filters)

    def open_files(self, parent: QWidget | None, title: str, filters: str) -> list[str]:
        return file_dialogs.choose_files(parent, title, filters)

    def save_file(self, parent: QWidget | None, title: str, suggested: str, filters: str) -> str:
        return file_dialogs.choose_save_file(parent, title, suggested, filters)
