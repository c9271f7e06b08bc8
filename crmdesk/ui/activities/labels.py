"""The words activities are labelled with, marked for translation where they are declared
(context "Activities") and translated where they are shown."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

#: the kind labels a History line and the Today page show
KIND_LABELS = {
    "appointment": QT_TRANSLATE_NOOP("Activities", "Appointment"),
    "task": QT_TRANSLATE_NOOP("Activities", "Task"),
    "call": QT_TRANSLATE_NOOP("Activities", "Call"),
    "note": QT_TRANSLATE_NOOP("Activities", "Note"),
}
STATUS_LABELS = {
    "open": QT_TRANSLATE_NOOP("Activities", "Open"),
    "completed": QT_TRANSLATE_NOOP("Activities", "Completed"),
    "cancelled": QT_TRANSLATE_NOOP("Activities", "Cancelled"),
}


def activity_text(text: str) -> str:
    """A label of the tables above in the user's language (context "Activities")."""
    return QCoreApplication.translate("Activities", text)
