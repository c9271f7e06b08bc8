"""The dialog base of any kind: the save flow, Save/Cancel, a changed form, and a record
deleted meanwhile.

A kind's dialog builds its fields into pages (tabs) or one body widget, calls
``finish_layout`` once it has loaded the record, and says how to read its record,
check it and store it.  What the user typed is never lost without asking: a
refused save leaves the dialog open with the input, and Esc, Cancel or the
window's close button on a changed form asks whether to save, discard or go on
editing.  Once a save has shown problems, every edit checks the form again, so a
message goes as soon as its field is right.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crmdesk.kinds import RecordRef
from crmdesk.services.errors import GoneError, StaleEditError, StorageError
from crmdesk.services.validation import Problems, ValidationError, known_values
from crmdesk.services.wiring import Services
from crmdesk.ui.messages import Messages
from crmdesk.ui.records.form import error_label, show_error, vertical_scroll
from crmdesk.ui.remembering import RememberingDialog

#: the answers to "save your changes?", in the order the box offers them
SAVE, DISCARD = 0, 1


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
        #: The user chose to open this record instead (a new one that already exists).
        self.open_instead: RecordRef | None = None
        self.form_error = error_label()
        self.tabs: QTabWidget | None = None
        self._unchanged: Any = None
        #: set once a save showed problems: from then on every edit checks again
        self._rechecking = False
        self._recheck = QTimer(self, singleShot=True, interval=0)
        self._recheck.timeout.connect(self._check_again)

    def finish_layout(self, body: QWidget | None = None,
                      pages: list[tuple[str, QWidget]] | None = None) -> None:
        """The form (one scrolling body, or tabs of scrolling pages), the form-level error
        line and Save/Cancel (Ctrl+Return saves); call it after loading the record: what
        the fields hold then is the form unchanged."""
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        outer = QVBoxLayout(self)
        if pages:
            self.tabs = QTabWidget()
            self.tabs.setObjectName("recordTabs")
            for title, page in pages:
                self.tabs.addTab(vertical_scroll(page), title)
                self.watch(page)
            outer.addWidget(self.tabs)
        else:
            assert body is not None
            outer.addWidget(vertical_scroll(body))
            self.watch(body)
        outer.addWidget(self.form_error)
        outer.addWidget(buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.save)
        self._unchanged = self.current_record()

    # -- a changed form ------------------------------------------------------------------
    def watch(self, root: QWidget) -> None:
        """Check the form again after an edit in any field under ``root`` (a part whose
        fields come and go, like a list of phones, calls ``edited`` itself)."""
        for edit in root.findChildren(QLineEdit):
            edit.textChanged.connect(self.edited)
        for text in root.findChildren(QPlainTextEdit):
            text.textChanged.connect(self.edited)
        for combo in root.findChildren(QComboBox):
            combo.currentTextChanged.connect(self.edited)
        for button in root.findChildren(QAbstractButton):
            if button.isCheckable():
                button.toggled.connect(self.edited)

    def edited(self, *_: object) -> None:
        if self._rechecking:
            self._recheck.start()  # once, after this event: a paste is one check

    def _check_again(self) -> None:
        self.show_problems(self.check(self.current_record(), self.services.settings.phone_region,
                                      known_values(self.record)))

    def is_changed(self) -> bool:
        """Whether the form holds anything other than what it opened with."""
        return self._unchanged is not None and self.current_record() != self._unchanged

    def reject(self) -> None:
        """Esc, Cancel or the close button: a changed form asks first (Save, Discard,
        Cancel); an unchanged one just closes, and so does one whose record was deleted
        meanwhile (it said closing discards the input)."""
        if self.gone or not self.is_changed():
            super().reject()
            return
        answer = self.messages.choose(
            self, self.tr("Unsaved changes"),
            self.tr("Save the changes you made here?"),
            [self.tr("Save"), self.tr("Discard")])
        if answer == SAVE:
            self.save()
        elif answer == DISCARD:
            super().reject()

    # -- saving ------------------------------------------------------------------------
    def show_problems(self, problems: Problems) -> None:
        show_error(self.form_error, self.tr("Fix the fields marked in red to save.")
                   if problems else None)

    def save(self) -> None:
        """Check, store, and close; or show why not and stay open with the user's text."""
        if self.store_form():
            self.accept()

    def store_form(self) -> bool:
        """Check and store, leaving the dialog open (``saved`` holds what was stored);
        False, with the reason shown, if it was not stored."""
        record = self.current_record()
        problems = self.check(record, self.services.settings.phone_region,
                              known_values(self.record))
        self.show_problems(problems)
        if problems:
            self._rechecking = True
            self._show_page_with_problems()
            return False
        if not self.may_store(record):
            return False
        try:
            self.saved = self.store(record)
        except ValidationError as exc:
            self.show_problems(exc.problems)
            self._rechecking = True
            return False
        except GoneError:
            self._offer_to_add()
            return False
        except StaleEditError as exc:
            show_error(self.form_error, str(exc))
            self.messages.error(self, self.tr("Not saved"), str(exc))
            return False
        except StorageError as exc:
            text = self.tr("Nothing was saved, and what you typed is still here. %1").replace(
                "%1", str(exc))
            show_error(self.form_error, text)
            self.messages.error(self, self.tr("Not saved"), text)
            return False
        return True

    def _show_page_with_problems(self) -> None:
        """Turn to the first tab that shows a field's message, if the current one shows none."""
        if self.tabs is None:
            return
        shown = [i for i in range(self.tabs.count())
                 if any(not label.isHidden() and label.text()
                        for label in self.tabs.widget(i).findChildren(type(self.form_error),
                                                                       "fieldError"))]
        if shown and self.tabs.currentIndex() not in shown:
            self.tabs.setCurrentIndex(shown[0])

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

    def may_store(self, record: Any) -> bool:
        """A last question before storing a valid record (e.g. "it exists already");
        False leaves the dialog as it is, or closed with ``open_instead`` set."""
        return True

    def store(self, record: Any) -> Any:
        raise NotImplementedError

    def gone_texts(self) -> tuple[str, str, str]:
        """What to say when the record was deleted meanwhile, the button that adds it anew,
        and the dialog's title from then on."""
        raise NotImplementedError
