"""The kinds of service and marketing record: customer-service cases and campaigns."""

from __future__ import annotations

from sqlalchemy import case, func

from crmdesk.kinds import Kind, ListColumn, ListFilter
from crmdesk.models import Campaign, Case
from crmdesk.records import CampaignRecord, CaseRecord

#: the priorities, most pressing first, as the list sorts them
PRIORITY_ORDER = {"urgent": 0, "high": 1, "normal": 2, "low": 3}

CASE = Kind(
    name="case",
    plural="cases",
    nouns=("case", "cases"),
    model=Case,
    service="cases",
    record=CaseRecord,
    columns=(
        ListColumn("name", "Title", "display_name", lambda: Case.sort_name),
        ListColumn("ticket", "Ticket", "ticket_number", lambda: Case.ticket_number),
        ListColumn("customer", "Customer", "customer_name",
                   lambda: func.lower(Case.customer_name)),
        ListColumn("priority", "Priority", "priority",
                   lambda: case(PRIORITY_ORDER, value=Case.priority, else_=4)),
        ListColumn("status", "Status", "status", lambda: case(
            {"new": 0, "in_progress": 1, "waiting": 2, "resolved": 3, "cancelled": 4},
            value=Case.status, else_=5)),
        ListColumn("type", "Type", "case_type", lambda: Case.case_type, shown=False),
        ListColumn("follow_up", "Follow-up", "follow_up", lambda: Case.follow_up),
        ListColumn("owner", "Owner", "owner", lambda: func.lower(Case.owner), shown=False),
        ListColumn("created", "Created", "created", lambda: Case.created),
        ListColumn("modified", "Modified", "modified", lambda: Case.modified, shown=False),
    ),
    search_hint="title, ticket number, customer, product, serial number, notes",
    card_lines=("ticket_number", "customer_name", "priority", "status"),
    letter=None,
    filters=(
        ListFilter("open", "Open cases"),
        ListFilter("mine", "My open cases"),
        ListFilter("urgent", "Urgent"),
        ListFilter("high", "High priority"),
        ListFilter("normal", "Normal priority"),
        ListFilter("low", "Low priority"),
        ListFilter("follow_up_passed", "Follow-up date passed"),
        ListFilter("resolved", "Resolved"),
        ListFilter("cancelled", "Cancelled"),
    ),
    derive="crmdesk.services.party_fields:refresh_case_columns",
    view="crmdesk.ui.service.cases_view:CasesView",
    detail="crmdesk.ui.service.cases_view:CaseDetail",
    dialog="crmdesk.ui.service.case_dialog:CaseDialog",
)

CAMPAIGN = Kind(
    name="campaign",
    plural="campaigns",
    nouns=("campaign", "campaigns"),
    model=Campaign,
    service="campaigns",
    record=CampaignRecord,
    columns=(
        ListColumn("name", "Name", "display_name", lambda: Campaign.sort_name),
        ListColumn("type", "Type", "campaign_type", lambda: Campaign.campaign_type),
        ListColumn("status", "Status", "status", lambda: case(
            {"planned": 0, "active": 1, "completed": 2, "cancelled": 3},
            value=Campaign.status, else_=4)),
        ListColumn("start", "Start", "start", lambda: Campaign.start),
        ListColumn("end", "End", "end", lambda: Campaign.end),
        ListColumn("budget", "Budget", "budget", lambda: Campaign.budget),
        ListColumn("owner", "Owner", "owner", lambda: func.lower(Campaign.owner),
                   shown=False),
        ListColumn("modified", "Modified", "modified", lambda: Campaign.modified,
                   shown=False),
    ),
    search_hint="name, notes",
    card_lines=("campaign_type", "status", "start", "end"),
    letter=None,
    filters=(
        ListFilter("running", "Running now"),
        ListFilter("planned", "Planned"),
        ListFilter("active", "Active"),
        ListFilter("completed", "Completed"),
        ListFilter("cancelled", "Cancelled"),
    ),
    derive="crmdesk.services.party_fields:refresh_campaign_columns",
    view="crmdesk.ui.service.campaigns_view:CampaignsView",
    detail="crmdesk.ui.service.campaigns_view:CampaignDetail",
    dialog="crmdesk.ui.service.campaign_dialog:CampaignDialog",
)
