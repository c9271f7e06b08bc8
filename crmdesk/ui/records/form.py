"""Small pieces every record dialog's form uses: error lines, the scrolling body, a date."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QScrollArea, QWidget

from crmdesk.settings import DATE_SAMPLE


def error_label() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)  # it quotes what was typed
    label.setObjectName("fieldError")
    label.setStyleSheet("color: #b00020;")
    label.setWordWrap(True)
    label.hide()
    return label


def show_error(label: QLabel, message: str | None) -> None:
    label.setText(message or "")
    label.setVisible(bool(message))


def vertical_scroll(body: QWidget) -> QScrollArea:
    """A scroll area that grows the form to its width and scrolls only up and down."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(body)
    return scroll


class DateField(QLineEdit):
    """A date written as Settings' date format says, or nothing (an unknown date).

    A QDateEdit cannot be empty; this field can, and reads the format back (ISO
    ``2026-03-31`` too, whatever the setting).  ``date()`` is None when the field is
    empty or does not hold a date; ``is_valid()`` tells the two apart."""

    def __init__(self, date_format: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.date_format = date_format
        self.setClearButtonEnabled(True)
        self.setPlaceholderText(self.tr("e.g. %1 – empty if unknown").replace(
            "%1", DATE_SAMPLE.strftime(date_format)))
        self.setMaximumWidth(260)

    def set_date(self, value: date | None) -> None:
        self.setText(value.strftime(self.date_format) if value else "")

    def date(self) -> date | None:
        text = self.text().strip()
        if not text:
            return None
        for fmt in (self.date_format, "%Y-%m-%d"):
            try:
                return datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        return None

    def is_valid(self) -> bool:
        return not self.text().strip() or self.date() is not None

    def problem(self) -> str | None:
        """What to tell the user when the text is not a date, or None."""
        if self.is_valid():
            return None
        return self.tr("“%1” is not a date; write it as %2, or leave the field empty.").replace(
            "%1", self.text().strip()).replace("%2", DATE_SAMPLE.strftime(self.date_format))
