"""The A-Z Rolodex tabs: All, A..Z and # for names that start with no letter."""

from __future__ import annotations

import string

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabBar, QWidget

LETTERS = ("All", *string.ascii_uppercase, "#")


class AlphabetBar(QTabBar):
    """Emits ``letter_chosen("")`` for All, else the letter; greys out empty letters."""

    letter_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setExpanding(False)
        self.setDrawBase(False)
        self.setUsesScrollButtons(True)
        self.setDocumentMode(True)
        self.setObjectName("alphabetBar")
        for label in LETTERS:
            self.addTab(label)
        self.currentChanged.connect(self._changed)

    def letter(self) -> str:
        label = self.tabText(self.currentIndex())
        return "" if label == "All" else label

    def select_letter(self, letter: str) -> None:
        self.setCurrentIndex(LETTERS.index(letter or "All"))

    def set_counts(self, counts: dict[str, int]) -> None:
        """Dim the tabs that hold nobody for the current search, and say how many."""
        total = sum(counts.values())
        for i, label in enumerate(LETTERS):
            n = total if label == "All" else counts.get(label, 0)
            self.setTabEnabled(i, n > 0 or i == self.currentIndex() or label == "All")
            self.setTabToolTip(i, f"{n} {'entry' if n == 1 else 'entries'}")

    def _changed(self, index: int) -> None:
        label = self.tabText(index)
        self.letter_chosen.emit("" if label == "All" else label)
