"""What a contact's or an account's card shows of its sales: its open opportunities and
the leads it was qualified from, as links."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from crmdesk.kinds import RecordRef
from crmdesk.services.money import format_money
from crmdesk.services.wiring import Services
from crmdesk.ui.sales import cards


def _tr(text: str) -> str:
    return QCoreApplication.translate("PartySales", text)


def sales_html(services: Services, ref: RecordRef) -> str:
    """Open opportunities (an account's with its contacts'), soonest to close first, then
    the leads that became this record; nothing when it has neither."""
    region, day = services.settings.phone_region, services.settings.date_format
    opportunities = [
        (" – ".join(p for p in (
            row.display_name, row.stage_title,
            format_money(row.estimated_revenue, row.currency, region),
            row.estimated_close_date.strftime(day) if row.estimated_close_date else "")
            if p), str(RecordRef("opportunity", row.id)))
        for row in services.opportunities.open_for(ref)]
    leads = [(row.display_name, str(RecordRef("lead", row.id)))
             for row in services.leads.qualified_into(ref)]
    html = cards.link_list(_tr("Open opportunities"), opportunities,
                           _tr("No open opportunities."))
    if leads:
        html += cards.link_list(_tr("Qualified from leads"), leads, "")
    return html
