"""Help > Keyboard shortcuts: every action of the window that has a key, listed."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence

from crmdesk.ui.messages import Html

EXTRA = (
    ("Esc (in the search box)", "Clear the search"),
    ("Enter / double-click", "Open the selected entry"),
    ("Ctrl+Return (in a dialog)", "Save"),
    ("Ctrl+Left / Ctrl+Right, Page Up / Page Down (in the calendar)",
     "Back or forward a day, week or month"),
    ("T (in the calendar)", "Go to today"),
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
