"""Pieces the contact and account dialogs share."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QStringListModel, Qt
from PySide6.QtWidgets import QCheckBox, QCompleter, QGridLayout, QLineEdit, QWidget

from crmdesk.records import Relationship

COLUMNS = 4


class RelationshipChecks(QWidget):
    """One check box per relationship type, four to a row so the dialog stays narrow."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[Relationship, QCheckBox] = {}
        for i, kind in enumerate(Relationship):
            box = QCheckBox(kind.value.capitalize())
            self.boxes[kind] = box
            grid.addWidget(box, i // COLUMNS, i % COLUMNS)

    def set_values(self, kinds: list[Relationship]) -> None:
        for kind, box in self.boxes.items():
            box.setChecked(kind in kinds)

    def values(self) -> list[Relationship]:
        return [kind for kind, box in self.boxes.items() if box.isChecked()]


class _LastItemCompleter(QCompleter):
    """Completes the name being typed after the last comma, keeping those before it."""

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 - Qt's name
        return [path.rsplit(",", 1)[-1].strip()]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:  # noqa: N802
        widget = self.widget()
        typed = widget.text() if isinstance(widget, QLineEdit) else ""
        before = [p.strip() for p in typed.split(",")[:-1] if p.strip()]
        return ", ".join([*before, str(index.data())]) + ", "


class CategoriesEdit(QLineEdit):
    """Tags typed comma-separated; the categories already in use are offered as the user
    types each one (``set_choices``), and a new name is a new category."""

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self._choices = QStringListModel(self)
        completer = _LastItemCompleter(self._choices, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompleter(completer)
        # the line edit keeps what was typed when a completion is chosen (Qt 6.11), so the
        # whole list with the chosen name is set here
        completer.activated.connect(self.setText)

    def set_choices(self, names: list[str]) -> None:
        self._choices.setStringList(sorted(set(names), key=str.casefold))

    def set_values(self, names: list[str]) -> None:
        self.setText(", ".join(names))

    def values(self) -> list[str]:
        return [c.strip() for c in self.text().split(",") if c.strip()]
