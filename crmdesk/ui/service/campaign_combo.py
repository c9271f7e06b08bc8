"""The campaign a lead or an opportunity came from, picked by name in its dialog."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox

from crmdesk.services.listing import ListQuery
from crmdesk.services.wiring import Services

#: how many campaigns the box offers, by name (the one already chosen always)
MAX_CAMPAIGNS = 500


def campaign_combo(services: Services, chosen: int | None) -> QComboBox:
    """"(no campaign)", then the campaigns by name; ``currentData()`` is the id or None."""
    combo = QComboBox()
    combo.setObjectName("campaign")
    combo.addItem(QCoreApplication.translate("CampaignCombo", "(no campaign)"), None)
    campaigns = services.campaigns
    ids = list(dict.fromkeys([*campaigns.ids(ListQuery(), limit=MAX_CAMPAIGNS),
                              *([chosen] if chosen is not None else [])]))
    for row in campaigns.rows(ids):
        combo.addItem(row.display_name, row.id)
    combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen is not None else 0)
    return combo
