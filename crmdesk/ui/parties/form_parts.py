"""Pieces the contact and account dialogs share."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGridLayout, QLineEdit, QWidget

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


class CategoriesEdit(QLineEdit):
    """Free tags typed comma-separated."""

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)

    def set_values(self, names: list[str]) -> None:
        self.setText(", ".join(names))

    def values(self) -> list[str]:
        return [c.strip() for c in self.text().split(",") if c.strip()]
