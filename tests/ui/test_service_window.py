"""Cases and Campaigns sit after Opportunities: their tabs, View entries with Ctrl+8 and
Ctrl+9 (the keys people learnt stay), File > New case and New campaign, and the case
subjects edited from File > Case subjects."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from sales_helpers import in_dialog

from crmdesk.cli import VIEWS
from crmdesk.ui.service.case_dialog import CaseDialog
from crmdesk.ui.service.subjects_dialog import SubjectsDialog


def action(main_window, text: str):  # noqa: ANN201
    return next(a for a in main_window.actions() if a.text() == text)


def test_the_service_tabs_take_ctrl_8_and_ctrl_9(qtbot, main_window) -> None:
    for text, keys, shown in (("Ca&ses", "Ctrl+8", "cases"),
                              ("Ca&mpaigns", "Ctrl+9", "campaigns")):
        go = action(main_window, text)
        assert go.shortcut() == QKeySequence(keys)
        go.trigger()
        assert main_window.tabs.currentWidget() is main_window.show_view(shown)
        assert main_window.tabs.tabText(main_window.tabs.currentIndex()) == \
            text.replace("&", "")
        assert shown in VIEWS, "--view takes it for a screenshot"
    texts = [a.text() for a in main_window.file_menu.actions()]
    assert texts[4:6] == ["Ne&w case…", "New ca&mpaign…"]


def test_file_new_case_opens_the_case_dialog(qtbot, main_window) -> None:
    def look(dialog) -> None:
        assert isinstance(dialog, CaseDialog)
        assert dialog.customer.ref is None and dialog.windowTitle() == "New case"

    seen = in_dialog(look)
    action(main_window, "Ne&w case…").trigger()
    assert seen
    assert main_window.current_view() is main_window.views["case"]


def test_case_subjects_are_a_small_tree_edited_from_the_file_menu(qtbot, main_window,
                                                                  messages) -> None:
    services = main_window.services

    def edit(dialog) -> None:
        assert isinstance(dialog, SubjectsDialog)
        messages.text_answer = "Hardware"
        dialog.add_top.click()
        assert dialog.selected().name == "Hardware"
        messages.text_answer = "Printer"
        dialog.add_under.click()
        messages.text_answer = "Printers"
        dialog.rename_button.click()
        dialog.tree.setCurrentItem(dialog.tree.topLevelItem(0))
        messages.text_answer = "Software"
        dialog.add_top.click()
        dialog.reject()

    seen = in_dialog(edit)
    action(main_window, "Case su&bjects…").trigger()
    assert seen
    tree = [(s.name, s.parent_id is None) for s in services.cases.subjects()]
    assert tree == [("Hardware", True), ("Printers", False), ("Software", True)]
