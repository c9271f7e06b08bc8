"""The Rolodex tabs: All, the language's letters (A..Z, then Æ Ø Å in Danish), and #
for names that start with no letter."""

from __future__ import annotations

import string
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QTabBar, QWidget

ALL = "All"


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
        self._labels: tuple[str, ...] = ()
        self.set_alphabet(string.ascii_uppercase)
        self.currentChanged.connect(self._changed)

    def labels(self) -> tuple[str, ...]:
        """The tabs' letters in order: ``All``, the alphabet, ``#``."""
        return self._labels

    def set_alphabet(self, letters: Sequence[str]) -> None:
        """Show these letters as tabs (the language's, from ``Lister.alphabet``); the
        chosen one stays chosen if it is still there, else All is (and said)."""
        labels = (ALL, *letters, "#")
        if labels == self._labels:
            return
        chosen = self.letter()
        blocked = self.blockSignals(True)
        while self.count():
            self.removeTab(0)
        for label in labels:
            self.addTab(label)
        self._labels = labels
        self.setTabText(0, QCoreApplication.translate("AlphabetBar", ALL))
        self.setCurrentIndex(labels.index(chosen) if chosen in labels else 0)
        self.blockSignals(blocked)
        if chosen and chosen not in labels:
            self.letter_chosen.emit("")

    def letter(self) -> str:
        index = self.currentIndex()
        return self._labels[index] if 0 < index < len(self._labels) else ""

    def select_letter(self, letter: str) -> None:
        self.setCurrentIndex(self._labels.index(letter) if letter in self._labels else 0)

    def set_counts(self, counts: dict[str, int]) -> None:
        """Dim the tabs that hold nobody for the current search, and say how many."""
        total = sum(counts.values())
        for i, label in enumerate(self._labels):
            n = total if i == 0 else counts.get(label, 0)
            self.setTabEnabled(i, n > 0 or i == self.currentIndex() or i == 0)
            self.setTabToolTip(i, f"{n} {'entry' if n == 1 else 'entries'}")

    def _changed(self, index: int) -> None:
        self.letter_chosen.emit(self._labels[index] if 0 < index < len(self._labels) else "")
