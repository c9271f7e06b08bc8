"""A company field: type to pick an existing account, or type a new name to create one."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from crmdesk.services.accounts import AccountService
from crmdesk.services.listing import ListQuery

SUGGESTIONS = 15


class CompanyPicker(QLineEdit):
    """Suggests matching accounts as the user types (from the search index, not a full list)."""

    def __init__(self, accounts: AccountService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._accounts = accounts
        self._names = QStringListModel(self)
        completer = QCompleter(self)
        completer.setModel(self._names)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setCompleter(completer)
        self.setPlaceholderText("Pick a company or type a new one")
        self.textEdited.connect(self._suggest)

    def _suggest(self, text: str) -> None:
        if len(text.strip()) < 1:
            self._names.setStringList([])
            return
        ids = self._accounts.ids(ListQuery(text=text), limit=SUGGESTIONS)
        self._names.setStringList([r.display_name for r in self._accounts.rows(ids)])

    def is_new_company(self) -> bool:
        """True when the typed name matches no account: saving will create one."""
        name = self.text().strip()
        if not name:
            return False
        ids = self._accounts.ids(ListQuery(text=name), limit=SUGGESTIONS)
        return all(r.display_name.casefold() != name.casefold()
                   for r in self._accounts.rows(ids))
