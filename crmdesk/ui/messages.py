"""Message boxes and file dialogs behind one small object, so tests can replace them.

The file dialogs themselves are built in ``file_dialogs`` (why: see there).  A box
shows its text as plain text unless it is ``Html``: a message quotes names and file
names, and Qt's rich text would load the file an ``<img src=...>`` in one names
(opening, say, the database, and dropping the locks SQLite holds on it).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from crmdesk.ui import file_dialogs


class Html(str):
    """Text a message box shows as rich text: only markup built from escaped values."""


def message_box(parent: QWidget | None, icon: QMessageBox.Icon, title: str,
                text: str) -> QMessageBox:
    box = QMessageBox(icon, title, text, parent=parent)
    box.setTextFormat(Qt.TextFormat.RichText if isinstance(text, Html)
                      else Qt.TextFormat.PlainText)
    return box


class Messages:
    """The real dialogs; tests pass a fake with the same methods."""

    def confirm(self, parent: QWidget | None, title: str, text: str, action: str) -> bool:
        box = message_box(parent, QMessageBox.Icon.Question, title, text)
        ok = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is ok

    def choose(self, parent: QWidget | None, title: str, text: str,
               choices: Sequence[str]) -> int:
        """Ask with one button per choice (the first is the default) and Cancel; the index
        of the choice, or -1 for Cancel (and Esc)."""
        box = message_box(parent, QMessageBox.Icon.Question, title, text)
        buttons = [box.addButton(choice, QMessageBox.ButtonRole.AcceptRole if i == 0
                                 else QMessageBox.ButtonRole.DestructiveRole)
                   for i, choice in enumerate(choices)]
        box.setEscapeButton(box.addButton(QMessageBox.StandardButton.Cancel))
        if buttons:
            box.setDefaultButton(buttons[0])
        box.exec()
        clicked = box.clickedButton()
        return next((i for i, b in enumerate(buttons) if b is clicked), -1)

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        message_box(parent, QMessageBox.Icon.Warning, title, text).exec()

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        message_box(parent, QMessageBox.Icon.Information, title, text).exec()

    def ask(self, parent: QWidget | None, title: str, text: str) -> bool:
        box = message_box(parent, QMessageBox.Icon.Question, title, text)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.exec()
        return box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)

    def ask_text(self, parent: QWidget | None, title: str, label: str) -> str:
        """A line of text the user types (a new category's name); "" if cancelled."""
        text, ok = QInputDialog.getText(parent, title, label)
        return text.strip() if ok else ""

    def open_file(self, parent: QWidget | None, title: str, filters: str) -> str:
        return file_dialogs.choose_file(parent, title, filters)

    def open_files(self, parent: QWidget | None, title: str, filters: str) -> list[str]:
        return file_dialogs.choose_files(parent, title, filters)

    def save_file(self, parent: QWidget | None, title: str, suggested: str, filters: str) -> str:
        return file_dialogs.choose_save_file(parent, title, suggested, filters)
