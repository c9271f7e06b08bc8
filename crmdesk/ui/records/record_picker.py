"""A field that picks one record of some kinds by name, suggesting as the user types."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from crmdesk.kinds import RecordRef
from crmdesk.kinds.registry import kind_named
from crmdesk.services.listing import ListQuery
from crmdesk.services.wiring import Services

SUGGESTIONS = 12


class RecordPicker(QLineEdit):
    """Type a name, pick a contact or account (or records of the ``kinds`` given) from
    the suggestions, found by the search index: ``ref`` is what was picked (None while
    the text names no record picked)."""

    def __init__(self, services: Services, kinds: tuple[str, ...] = ("contact", "account"),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._kinds = kinds
        self.ref: RecordRef | None = None
        self._choices: dict[str, RecordRef] = {}
        self._picked_text = ""
        self._completer = QCompleter([], self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setCompleter(self._completer)
        self._completer.activated[str].connect(self.pick_text)
        self.textEdited.connect(self._suggest)
        self.setClearButtonEnabled(True)

    def _suggest(self, text: str) -> None:
        if self.text() != self._picked_text:
            self.ref = None
        self._choices = {}
        if text.strip():
            for kind in self._kinds:
                service = getattr(self._services, kind_named(kind).service)
                rows = service.rows(service.ids(ListQuery(text=text), limit=SUGGESTIONS))
                for row in rows:
                    label = self.label_for(kind, row.display_name)
                    self._choices.setdefault(label, RecordRef(kind, row.id))
        self._completer.model().setStringList(list(self._choices))  # type: ignore[attr-defined]

    def label_for(self, kind: str, name: str) -> str:
        if len(self._kinds) == 1:
            return name
        noun = QCoreApplication.translate("Kinds", kind_named(kind).nouns[0])
        return f"{name} ({noun})"

    def pick_text(self, label: str) -> None:
        ref = self._choices.get(label)
        if ref is not None:
            self.set_ref(ref, label)

    def set_ref(self, ref: RecordRef | None, text: str) -> None:
        self.ref = ref
        self._picked_text = text
        self.setText(text)

    def is_unpicked(self) -> bool:
        """Text typed that names no record picked from the list."""
        return bool(self.text().strip()) and self.ref is None
