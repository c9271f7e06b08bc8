"""Leads and Opportunities sit beside Contacts and Accounts: their tabs, View entries with
the next free Ctrl+N (the keys people learnt stay), File > New entries; and Settings
edits the pipeline's stages and the currency."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QPushButton

from crmdesk.kinds import RecordRef
from crmdesk.records import OpportunityRecord
from crmdesk.services.listing import ListQuery
from crmdesk.ui.sales.stages_editor import PROBABILITY, TITLE
from crmdesk.ui.settings_dialog import SettingsDialog


def action(main_window, text: str):  # noqa: ANN201
    return next(a for a in main_window.actions() if a.text() == text)


def test_the_sales_tabs_take_the_next_keys(qtbot, main_window) -> None:
    tabs = main_window.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "Contacts", "Accounts", "Leads", "Opportunities", "Cases", "Campaigns", "Calendar",
        "Pipeline", "Forecast", "Dashboard", "Today"]
    for text, keys, shown in (("&Contacts", "Ctrl+1", "contacts"),
                              ("&Accounts", "Ctrl+2", "accounts"),
                              ("Ca&lendar", "Ctrl+3", "calendar"),
                              ("&Pipeline", "Ctrl+6", "pipeline"),
                              ("&Forecast", "Ctrl+7", "forecast"),
                              ("Dash&board", "Ctrl+0", "dashboard"),
                              ("L&eads", "Ctrl+4", "leads"),
                              ("&Opportunities", "Ctrl+5", "opportunities")):
        go = action(main_window, text)
        assert go.shortcut() == QKeySequence(keys)
        go.trigger()
        assert main_window.tabs.currentWidget() is main_window.show_view(shown)
    texts = [a.text() for a in main_window.file_menu.actions()]
    assert texts[:4] == ["New &contact…", "New &account…", "New &lead…",
                         "New &opportunity…"]


def test_settings_edit_the_stages_and_open_opportunities_follow(qtbot, main_window,
                                                                messages) -> None:
    services = main_window.services
    account = services.accounts.ids(ListQuery())[0]
    deal = services.opportunities.save(OpportunityRecord(
        topic="Follows", customer=RecordRef("account", account), stage="proposal",
        estimated_revenue=Decimal("100"), currency="DKK"))
    dialog = SettingsDialog(services.settings, services.db.url, messages, main_window,
                            stages=services.stages)
    qtbot.addWidget(dialog)
    editor = dialog.stages_editor
    table = editor.table
    titles = [table.item(r, TITLE).text() for r in range(table.rowCount())]
    assert titles == ["Prospecting", "Qualification", "Proposal", "Negotiation", "Closing"]
    proposal = titles.index("Proposal")
    table.cellWidget(proposal, PROBABILITY).setValue(40)
    table.setCurrentCell(proposal, TITLE)
    editor.add_stage()
    table.item(proposal + 1, TITLE).setText("Demo given")
    qtbot.mouseClick(editor.findChild(QPushButton, "stageUp"), Qt.MouseButton.LeftButton)
    currency = dialog.fields["currency"]
    currency.setCurrentIndex(currency.findData("EUR"))
    dialog.accept()
    assert [(s.title, s.probability) for s in services.stages.list()][1:4] == [
        ("Qualification", 25), ("Demo given", 50), ("Proposal", 40)]
    assert services.opportunities.get(deal.id).probability == 40
    assert services.settings.default_currency == "EUR"


def test_a_stage_in_use_cannot_be_removed(qtbot, main_window, messages) -> None:
    services = main_window.services
    account = services.accounts.ids(ListQuery())[0]
    services.opportunities.save(OpportunityRecord(
        topic="Holds it", customer=RecordRef("account", account), stage="closing",
        currency="DKK"))
    dialog = SettingsDialog(services.settings, services.db.url, messages, main_window,
                            stages=services.stages)
    qtbot.addWidget(dialog)
    table = dialog.stages_editor.table
    table.setCurrentCell(table.rowCount() - 1, TITLE)
    dialog.stages_editor.remove_stage()
    dialog.accept()
    assert messages.shown[-1][:2] == ("error", "Stages not saved")
    assert "make it inactive" in messages.shown[-1][2]
    assert [s.key for s in services.stages.list()][-1] == "closing"
    assert dialog.result() != QDialog.DialogCode.Accepted
