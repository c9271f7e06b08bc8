"""File > Print… (Ctrl+P) in the real main window opens the print dialog on the current view."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication


def test_file_print_opens_the_dialog_with_the_search(qtbot, main_window):
    from crmdesk.ui.printing import PrintDialog

    actions = [a for a in main_window.actions()
               if a.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)]
    assert [a.text() for a in actions] == ["&Print…"]
    qtbot.keyClicks(main_window.contacts.search, "berg")
    main_window.contacts.apply_search()
    seen: list[PrintDialog] = []

    def close_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PrintDialog):  # the records still load behind a progress
            QTimer.singleShot(20, close_dialog)
            return
        seen.append(dialog)
        dialog.reject()

    QTimer.singleShot(0, close_dialog)
    actions[0].trigger()
    assert len(seen) == 1
    dialog = seen[0]
    assert dialog.kind == "contacts" and dialog.page_count >= 1
    assert dialog.query.text == "berg" and dialog.scope_box.currentData() == "search"
