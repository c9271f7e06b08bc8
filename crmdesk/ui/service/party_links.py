"""What a contact's or an account's card shows of its service and marketing: its open
cases and the campaigns it is a member of, as links."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from crmdesk.kinds import RecordRef
from crmdesk.services.wiring import Services
from crmdesk.ui.sales import cards
from crmdesk.ui.service.labels import CAMPAIGN_STATUSES, CASE_PRIORITIES, label


def _tr(text: str) -> str:
    return QCoreApplication.translate("PartyService", text)


def service_html(services: Services, ref: RecordRef) -> str:
    """Open cases (ticket, title, priority), then campaign memberships (name, status);
    a line saying there are none for the cases, nothing for no campaigns."""
    open_cases = [(" – ".join(p for p in (row.ticket_number, row.display_name,
                                          label(CASE_PRIORITIES, row.priority)) if p),
                   str(RecordRef("case", row.id)))
                  for row in services.cases.open_for(ref)]
    campaigns = [(f"{row.display_name} ({label(CAMPAIGN_STATUSES, row.status)})",
                  str(RecordRef("campaign", row.id)))
                 for row in services.campaigns.memberships_of(ref)]
    html = cards.link_list(_tr("Open cases"), open_cases, _tr("No open cases."))
    if campaigns:
        html += cards.link_list(_tr("Campaigns"), campaigns, "")
    return html
