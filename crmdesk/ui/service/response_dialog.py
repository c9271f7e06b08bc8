"""Log a response to a campaign: who answered (one of its members, or someone not on the
list), when, how, what came of it, and whether it makes a lead.

The service stores the response and the lead in one transaction (or neither); the
lead names the campaign, so the campaign's results count it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from crmdesk.records import CampaignRecord, ResponseChannel
from crmdesk.services.wiring import Services
from crmdesk.ui.messages import Messages
from crmdesk.ui.service.labels import RESPONSE_CHANNELS, kind_noun, label
from crmdesk.ui.service.status_dialogs import ServiceStatusDialog

#: how many members the member box offers (a bigger campaign: type to narrow them)
MAX_OFFERED = 2000


class LogResponseDialog(ServiceStatusDialog):
    """``result_record`` is what ``CampaignService.respond`` returned, once stored."""

    def __init__(self, services: Services, campaign: CampaignRecord, messages: Messages,
                 parent: QWidget | None = None, member_id: int | None = None) -> None:
        super().__init__(services, messages, self.tr("&Log response"), parent)
        assert campaign.id is not None
        self.campaign = campaign
        self.setObjectName("logResponseDialog")
        self.setWindowTitle(self.tr("Response to %1").replace("%1", campaign.name))
        self.member = QComboBox()
        self.member.setObjectName("member")
        self.member.setEditable(True)
        self.member.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.member.addItem(self.tr("(not a member)"), None)
        for one in services.campaigns.members(campaign.id)[:MAX_OFFERED]:
            self.member.addItem(f"{one.name} ({kind_noun(one.ref.kind)})", one.id)
        if member_id is not None:
            self.member.setCurrentIndex(max(0, self.member.findData(member_id)))
        self.form.addRow(self.tr("&Member"), self.member)
        self.responded_on = self.date_edit(date.today())
        self.responded_on.setObjectName("respondedOn")
        self.form.addRow(self.tr("&Date"), self.responded_on)
        self.channel = QComboBox()
        self.channel.setObjectName("channel")
        for value in ResponseChannel:
            self.channel.addItem(label(RESPONSE_CHANNELS, value), value.value)
        self.channel.setCurrentIndex(max(0, self.channel.findData(
            _channel_of(campaign.campaign_type))))
        self.form.addRow(self.tr("C&hannel"), self.channel)
        self.outcome = QLineEdit()
        self.outcome.setObjectName("outcome")
        self.outcome.setPlaceholderText(self.tr("e.g. Asked for a demo"))
        self.form.addRow(self.tr("&Outcome"), self.outcome)
        self.make_lead = QCheckBox(self.tr("Create a &lead from this response"))
        self.make_lead.setObjectName("makeLead")
        self.form.addRow("", self.make_lead)
        self.resize(480, 0)

    def problem(self) -> str | None:
        if self.member.currentIndex() < 0 or self.member.currentText() != \
                self.member.itemText(self.member.currentIndex()):
            return self.tr("Pick the member from the list, or “(not a member)”.")
        return None

    def change(self) -> Any:
        assert self.campaign.id is not None
        return self.services.campaigns.respond(
            self.campaign.id, self.member.currentData(), self.responded_on.date().toPython(),
            ResponseChannel(self.channel.currentData()), self.outcome.text().strip(),
            make_lead=self.make_lead.isChecked())

    def failed_title(self) -> str:
        return self.tr("Response not logged")


def _channel_of(campaign_type: object) -> str:
    """The channel a campaign of this type is most often answered through."""
    kind = str(getattr(campaign_type, "value", campaign_type))
    return {"email": "email", "direct_mail": "mail", "event": "event",
            "telemarketing": "phone", "advertisement": "web"}.get(kind, "other")
