"""The dialog base of any kind: the save flow, Save/Cancel, and a record deleted meanwhile.

A kind's dialog builds its fields into a body widget, calls ``finish_layout``
and says how to read its record, check it and store it.  What the user typed
is never lost: a refused save leaves the dialog open with the input.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialogButtonBox, QVBoxLayout, QWidget

from crmdesk.services.errors import GoneError, StaleEditError, StorageError
from crmdesk.services.validation import Problems, ValidationError, known_values
from crmdesk.services.wiring import Services
from crmdesk.ui.messages import Messages
from crmdesk.ui.records.form import error_label, show_error, vertical_scroll
from crmdesk.ui.remembering import RememberingDialog


class RecordDialog(RememberingDialog):
    def __init__(self, services: Services, record: Any, messages: Messages,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.messages = messages
        self.record = record
        self.saved: Any = None
        #: Saving found the record deleted elsewhere; Save now adds the input as a new one.
        self.gone = False
        self.form_error = error_label()

    def finish_layout(self, body: QWidget) -> None:
        """The scrolling form, the form-level error line and Save/Cancel (Ctrl+Return saves)."""
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        outer = QVBoxLayout(self)
        outer.addWidget(vertical_scroll(body))
        outer.addWidget(self.form_error)
        outer.addWidget(buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.save)

    def show_problems(self, problems: Problems) -> None:
        show_error(self.form_error, self.tr("Fix the fields marked in red to save.")
                   if problems else None)

    def save(self) -> None:
        """Check, store, and close; or show why not and stay open with the user's text."""
        record = self.current_record()
        problems = self.check(record, self.services.settings.phone_region,
                              known_values(self.record))
        self.show_problems(problems)
        if problems:
            return
        try:
            self.saved = self.store(record)
        except ValidationError as exc:
            self.show_problems(exc.problems)
            return
        except GoneError:
            self._offer_to_add()
            return
        except StaleEditError as exc:
            show_error(self.form_error, str(exc))
            self.messages.error(self, self.tr("Not saved"), str(exc))
            return
        except StorageError as exc:
            text = self.tr("Nothing was saved, and what you typed is still here. %1").replace(
                "%1", str(exc))
            show_error(self.form_error, text)
            self.messages.error(self, self.tr("Not saved"), text)
            return
        self.accept()

    def _offer_to_add(self) -> None:
        """The record was deleted elsewhere: offer to add the input as a new one; else the
        dialog stays open, and closing it discards the input."""
        self.gone = True
        self.record = replace(self.record, id=None, version=None)
        text, action, title = self.gone_texts()
        self.setWindowTitle(title)
        show_error(self.form_error, text)
        if self.messages.confirm(self, self.tr("Deleted meanwhile"), text, action):
            self.save()

    # -- what each dialog says ---------------------------------------------------------
    def current_record(self) -> Any:
        raise NotImplementedError

    def check(self, record: Any, region: str, known: frozenset[str]) -> Problems:
        raise NotImplementedError

    def store(self, record: Any) -> Any:
        raise NotImplementedError

    def gone_texts(self) -> tuple[str, str, str]:
        """What to say when the record was deleted meanwhile, the button that adds it anew,
        and the dialog's title from then on."""
        raise NotImplementedError
