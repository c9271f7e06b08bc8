"""Help > Keyboard shortcuts: every action of the window that has a key, listed."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QAction, QKeySequence

from crmdesk.ui.messages import Html

EXTRA = (
    (QT_TRANSLATE_NOOP("Shortcuts", "Esc (in the search box)"),
     QT_TRANSLATE_NOOP("Shortcuts", "Clear the search")),
    (QT_TRANSLATE_NOOP("Shortcuts", "Enter / double-click"),
     QT_TRANSLATE_NOOP("Shortcuts", "Open the selected entry")),
    (QT_TRANSLATE_NOOP("Shortcuts", "Ctrl+Return (in a dialog)"),
     QT_TRANSLATE_NOOP("Shortcuts", "Save")),
    (QT_TRANSLATE_NOOP("Shortcuts",
                       "Ctrl+Left / Ctrl+Right, Page Up / Page Down (in the calendar)"),
     QT_TRANSLATE_NOOP("Shortcuts", "Back or forward a day, week or month")),
    (QT_TRANSLATE_NOOP("Shortcuts", "T (in the calendar)"),
     QT_TRANSLATE_NOOP("Shortcuts", "Go to today")),
    (QT_TRANSLATE_NOOP("Shortcuts", "Ctrl+Left / Ctrl+Right (on the pipeline board)"),
     QT_TRANSLATE_NOOP("Shortcuts", "Move the selected opportunity to the previous or next "
                                    "stage")),
)


def shortcuts_html(actions: list[QAction]) -> Html:
    rows = [
        (a.shortcut().toString(QKeySequence.SequenceFormat.NativeText), a.text().replace("&", ""))
        for a in actions if not a.shortcut().isEmpty()
    ]
    rows += [(QCoreApplication.translate("Shortcuts", keys),
              QCoreApplication.translate("Shortcuts", what)) for keys, what in EXTRA]
    body = "".join(f"<tr><td><b>{escape(k)}</b></td><td>{escape(v.rstrip('…'))}</td></tr>"
                   for k, v in rows)
    return Html(f"<table cellspacing='6'>{body}</table>")
