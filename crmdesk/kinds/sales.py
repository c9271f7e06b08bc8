"""The kinds of sales record: leads (prospects not yet qualified) and opportunities."""

from __future__ import annotations

from sqlalchemy import case, func

from crmdesk.kinds import Kind, ListColumn, ListFilter
from crmdesk.models import Lead, Opportunity
from crmdesk.records import LeadRecord, OpportunityRecord

LEAD = Kind(
    name="lead",
    plural="leads",
    nouns=("lead", "leads"),
    model=Lead,
    service="leads",
    record=LeadRecord,
    columns=(
        ListColumn("name", "Name", "display_name", lambda: Lead.sort_name),
        ListColumn("company", "Company", "company", lambda: func.lower(Lead.company)),
        ListColumn("status", "Status", "status", lambda: case(
            {"new": 0, "contacted": 1, "qualified": 2, "disqualified": 3},
            value=Lead.status, else_=4)),
        ListColumn("rating", "Rating", "rating", lambda: case(
            {"hot": 0, "warm": 1, "cold": 2}, value=Lead.rating, else_=3)),
        ListColumn("source", "Source", "source", lambda: Lead.source, shown=False),
        ListColumn("phone", "Phone", "phone", lambda: Lead.phone),
        ListColumn("email", "E-mail", "email", lambda: func.lower(Lead.email)),
        ListColumn("city", "City", "city", lambda: func.lower(Lead.city), shown=False),
        ListColumn("value", "Est. value", "estimated_value", lambda: Lead.estimated_value),
        ListColumn("owner", "Owner", "owner", lambda: func.lower(Lead.owner), shown=False),
        ListColumn("modified", "Modified", "modified", lambda: Lead.modified, shown=False),
    ),
    search_hint="name, company, e-mail, phone, city, notes",
    card_lines=("company", "status", "phone", "email"),
    filters=(
        ListFilter("open", "Open leads"),
        ListFilter("mine", "My open leads"),
        ListFilter("hot", "Hot"),
        ListFilter("warm", "Warm"),
        ListFilter("cold", "Cold"),
        ListFilter("qualified", "Qualified"),
        ListFilter("disqualified", "Disqualified"),
    ),
    derive="crmdesk.services.party_fields:refresh_lead_columns",
    view="crmdesk.ui.sales.leads_view:LeadsView",
    detail="crmdesk.ui.sales.leads_view:LeadDetail",
    dialog="crmdesk.ui.sales.lead_dialog:LeadDialog",
)

OPPORTUNITY = Kind(
    name="opportunity",
    plural="opportunities",
    nouns=("opportunity", "opportunities"),
    model=Opportunity,
    service="opportunities",
    record=OpportunityRecord,
    columns=(
        ListColumn("name", "Topic", "display_name", lambda: Opportunity.sort_name),
        ListColumn("customer", "Customer", "customer_name",
                   lambda: func.lower(Opportunity.customer_name)),
        ListColumn("stage", "Stage", "stage_title", lambda: Opportunity.stage),
        ListColumn("probability", "Probability", "probability",
                   lambda: Opportunity.probability),
        ListColumn("revenue", "Est. revenue", "estimated_revenue",
                   lambda: Opportunity.estimated_revenue),
        ListColumn("close", "Est. close", "estimated_close_date",
                   lambda: Opportunity.estimated_close_date),
        ListColumn("status", "Status", "status", lambda: Opportunity.status),
        ListColumn("modified", "Modified", "modified", lambda: Opportunity.modified,
                   shown=False),
    ),
    search_hint="topic, customer, notes",
    card_lines=("customer_name", "stage_title", "estimated_revenue", "estimated_close_date"),
    letter=None,
    scopes={"lead": "lead_id"},
    filters=(
        ListFilter("open", "Open"),
        ListFilter("closing_this_month", "Closing this month"),
        ListFilter("closing_this_quarter", "Closing this quarter"),
        ListFilter("overdue", "Close date passed"),
        ListFilter("won", "Won"),
        ListFilter("lost", "Lost"),
    ),
    derive="crmdesk.services.party_fields:refresh_opportunity_columns",
    view="crmdesk.ui.sales.opportunities_view:OpportunitiesView",
    detail="crmdesk.ui.sales.opportunities_view:OpportunityDetail",
    dialog="crmdesk.ui.sales.opportunity_dialog:OpportunityDialog",
)
