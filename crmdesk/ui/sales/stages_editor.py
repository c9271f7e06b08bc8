"""The pipeline's stages as Settings edits them: title, default probability, in use, in
order (the board's columns, left to right).

A stage some opportunity is in cannot be removed (the service says so); taking it out
of use keeps it for them while new ones no longer offer it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.records import StageRecord

TITLE, PROBABILITY, ACTIVE = range(3)
KEY_ROLE = Qt.ItemDataRole.UserRole


class StagesEditor(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("stages")
        self.table.setHorizontalHeaderLabels([self.tr("Stage"), self.tr("Probability"),
                                              self.tr("In use")])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PROBABILITY, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ACTIVE, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        for text, name, slot in ((self.tr("&Add stage"), "addStage", self.add_stage),
                                 (self.tr("Re&move"), "removeStage", self.remove_stage),
                                 (self.tr("Move &up"), "stageUp", lambda: self.move(-1)),
                                 (self.tr("Move do&wn"), "stageDown", lambda: self.move(1))):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(lambda _=False, slot=slot: slot())
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def set_stages(self, stages: list[StageRecord]) -> None:
        self.table.setRowCount(0)
        for stage in stages:
            self._append(stage)

    def _append(self, stage: StageRecord, row: int | None = None) -> int:
        row = self.table.rowCount() if row is None else row
        self.table.insertRow(row)
        title = QTableWidgetItem(stage.title)
        title.setData(KEY_ROLE, stage.key)
        self.table.setItem(row, TITLE, title)
        spin = QSpinBox()
        spin.setRange(0, 100)
        spin.setSuffix(" %")
        spin.setValue(stage.probability)
        self.table.setCellWidget(row, PROBABILITY, spin)
        active = QTableWidgetItem()
        active.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
                        | Qt.ItemFlag.ItemIsSelectable)
        active.setCheckState(Qt.CheckState.Checked if stage.active else Qt.CheckState.Unchecked)
        self.table.setItem(row, ACTIVE, active)
        return row

    def _stage(self, row: int) -> StageRecord:
        title = self.table.item(row, TITLE)
        spin = self.table.cellWidget(row, PROBABILITY)
        assert isinstance(spin, QSpinBox)
        return StageRecord(title.text().strip(), spin.value(), str(title.data(KEY_ROLE) or ""),
                           self.table.item(row, ACTIVE).checkState() == Qt.CheckState.Checked)

    def stages(self) -> list[StageRecord]:
        """The stages in the order shown."""
        return [self._stage(row) for row in range(self.table.rowCount())]

    def add_stage(self) -> None:
        """A new stage after the selected one (or at the end), its title ready to type."""
        current = self.table.currentRow()
        row = self._append(StageRecord(self.tr("New stage"), 50),
                           current + 1 if current >= 0 else None)
        self.table.setCurrentCell(row, TITLE)
        self.table.editItem(self.table.item(row, TITLE))

    def remove_stage(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def move(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        stage = self._stage(row)
        self.table.removeRow(row)
        self._append(stage, target)
        self.table.setCurrentCell(target, TITLE)
