"""Editors for any number of typed phones, e-mails, postal addresses and "More fields"
(labelled values) on a card.

Each row has a type (work, home, mobile ... or free text), the value, a remove
button and a place for an error message; "Add" appends an empty row.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGridLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk.records import (
    ADDRESS_KINDS,
    EMAIL_KINDS,
    PHONE_KINDS,
    AddressEntry,
    CustomField,
    EmailEntry,
    PhoneEntry,
)
from crmdesk.ui.records.form import error_label, show_error


def kind_combo(kinds: Sequence[str], current: str) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)  # free-text labels are allowed
    combo.addItems(list(kinds))
    combo.setCurrentText(current or kinds[0])
    combo.setMinimumContentsLength(7)
    return combo


class _EntryList(QWidget):
    """Rows of (type, value widgets, remove button, error label) plus an Add button."""

    changed = Signal()  # a row came, went or was edited
    add_text = "Add"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[dict] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self._grid_host = QWidget()
        self._grid = QGridLayout(self._grid_host)
        self._grid.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._grid_host)
        self.add_button = QPushButton(self.add_text)
        self.add_button.clicked.connect(lambda: self.add_row())
        outer.addWidget(self.add_button)

    def rows(self) -> list[dict]:
        return list(self._rows)

    def clear(self) -> None:
        for row in list(self._rows):
            self._remove(row)

    def _place(self, row: dict, widgets: list[QWidget]) -> None:
        r = self._grid.rowCount()
        remove = QToolButton()
        remove.setText("✕")
        remove.setToolTip(self.tr("Remove"))
        remove.clicked.connect(lambda: self._remove(row))
        row["remove"] = remove
        row["widgets"] = widgets + [remove, row["error"]]
        for col, widget in enumerate(widgets + [remove]):
            self._grid.addWidget(widget, r, col)
            self._watch(widget)
        self._grid.addWidget(row["error"], r + 1, 1, 1, len(widgets))
        self._rows.append(row)
        self.changed.emit()

    def _watch(self, widget: QWidget) -> None:
        """``changed`` on any edit in the row, too: the dialog checks its form again."""
        for edit in [widget, *widget.findChildren(QWidget)]:
            if isinstance(edit, QLineEdit):
                edit.textChanged.connect(lambda *_: self.changed.emit())
            elif isinstance(edit, QPlainTextEdit):
                edit.textChanged.connect(lambda *_: self.changed.emit())
            elif isinstance(edit, QComboBox):
                edit.currentTextChanged.connect(lambda *_: self.changed.emit())

    def _remove(self, row: dict) -> None:
        for widget in row["widgets"]:
            widget.deleteLater()
        self._rows.remove(row)
        self.changed.emit()

    def show_errors(self, prefix: str, problems: dict[str, str]) -> None:
        """Show ``problems["phones.N"]`` beside row N (rows left empty are not counted)."""
        index = 0
        for row in self._rows:
            if self._is_empty(row):
                show_error(row["error"], None)
                continue
            show_error(row["error"], problems.get(f"{prefix}.{index}"))
            index += 1

    def set_entries(self, entries: Sequence[object]) -> None:
        self.clear()
        for entry in entries:
            self.add_row(entry)

    def _is_empty(self, row: dict) -> bool:
        raise NotImplementedError

    def add_row(self, *_: object) -> dict:
        raise NotImplementedError


class _OneLineList(_EntryList):
    """Rows of a type and one line of text: phones and e-mails."""

    kinds: tuple[str, ...] = ()
    entry_type: type = PhoneEntry  # built as entry_type(text, kind)
    value_attr = "number"  # the entry's field holding the text
    placeholder = ""

    def _first_kind(self) -> str:
        return self.kinds[0]

    def add_row(self, entry: object | None = None) -> dict:
        text = getattr(entry, self.value_attr) if entry is not None else ""
        kind = getattr(entry, "kind", "") or self._first_kind()
        row = {"kind": kind_combo(self.kinds, kind), "value": QLineEdit(text),
               "error": error_label()}
        row["value"].setPlaceholderText(self.placeholder)
        self._place(row, [row["kind"], row["value"]])
        return row

    def _is_empty(self, row: dict) -> bool:
        return not row["value"].text().strip()

    def entries(self) -> list:
        return [self.entry_type(r["value"].text().strip(), r["kind"].currentText().strip())
                for r in self._rows if not self._is_empty(r)]


class PhoneList(_OneLineList):
    add_text = "Add phone"
    kinds = PHONE_KINDS
    entry_type = PhoneEntry
    placeholder = "+45 33 12 34 56"

    def _first_kind(self) -> str:
        return "mobile" if not self._rows else "work"


class EmailList(_OneLineList):
    add_text = "Add e-mail"
    kinds = EMAIL_KINDS
    entry_type = EmailEntry
    value_attr = "address"
    placeholder = "name@example.com"


class AddressList(_EntryList):
    add_text = "Add address"
    _PARTS = ("postcode", "city", "region", "country")

    def add_row(self, entry: AddressEntry | None = None) -> dict:
        entry = entry or AddressEntry()
        street = QPlainTextEdit(entry.street)
        street.setPlaceholderText("Street")
        street.setFixedHeight(48)
        host = QWidget()
        grid = QGridLayout(host)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(street, 0, 0, 1, 4)
        row = {"kind": kind_combo(ADDRESS_KINDS, entry.kind), "street": street,
               "error": error_label()}
        for col, part in enumerate(self._PARTS):
            edit = QLineEdit(getattr(entry, part))
            edit.setPlaceholderText(part.capitalize())
            grid.addWidget(edit, 1, col)
            row[part] = edit
        self._place(row, [row["kind"], host])
        return row

    def _entry(self, row: dict) -> AddressEntry:
        return AddressEntry(row["kind"].currentText().strip(),
                            row["street"].toPlainText().strip(),
                            *(row[p].text().strip() for p in self._PARTS))

    def _is_empty(self, row: dict) -> bool:
        return self._entry(row).is_empty()

    def entries(self) -> list[AddressEntry]:
        return [self._entry(r) for r in self._rows if not self._is_empty(r)]


class CustomFieldList(_EntryList):
    """"More fields": rows of a label and a value; the label offers those already in use
    (``set_labels``) so one meaning keeps one name.  A row without a value is empty and
    dropped on saving; a value without a label is the form's to refuse."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.add_button.setText(self.tr("Add field"))
        self._labels = QStringListModel(self)

    def set_labels(self, labels: Sequence[str]) -> None:
        self._labels.setStringList(list(labels))

    def add_row(self, entry: CustomField | None = None) -> dict:
        entry = entry or CustomField()
        label = QLineEdit(entry.label)
        label.setPlaceholderText(self.tr("Label"))
        label.setMaximumWidth(220)
        completer = QCompleter(self._labels, label)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        label.setCompleter(completer)
        value = QLineEdit(entry.value)
        value.setPlaceholderText(self.tr("Value"))
        row = {"label": label, "value": value, "error": error_label()}
        self._place(row, [label, value])
        return row

    def _is_empty(self, row: dict) -> bool:
        return not row["value"].text().strip()

    def entries(self) -> list[CustomField]:
        return [CustomField(r["label"].text().strip(), r["value"].text().strip())
                for r in self._rows if not self._is_empty(r)]
