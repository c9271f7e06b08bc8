"""SQLAlchemy models, one module per area; import them from here."""

from crmdesk.models.activity import Activity, Participant, activity_category
from crmdesk.models.base import Base
from crmdesk.models.imports import ImportBatch, ImportItem
from crmdesk.models.meta import Meta
from crmdesk.models.party import (
    Account,
    Address,
    Category,
    Contact,
    CustomField,
    Email,
    Phone,
    Photo,
    account_category,
    contact_category,
)
from crmdesk.models.sales import (
    Lead,
    Opportunity,
    Product,
    Quote,
    QuoteLine,
    SalesStage,
    opportunity_competitor,
)
from crmdesk.models.service import (
    Campaign,
    CampaignMember,
    CampaignResponse,
    Case,
    CaseSubject,
    TicketCounter,
)
from crmdesk.models.trash import DeletedRecord

__all__ = [
    "Account", "Activity", "Address", "Base", "Campaign", "CampaignMember", "CampaignResponse",
    "Case", "CaseSubject", "Category", "Contact", "CustomField", "DeletedRecord",
    "Email", "ImportBatch", "ImportItem", "Lead", "Meta", "Opportunity", "Participant", "Phone",
    "Photo", "Product", "Quote", "QuoteLine", "SalesStage", "TicketCounter", "account_category",
    "activity_category", "contact_category", "opportunity_competitor",
]
