"""SQLAlchemy models, one module per area; import them from here."""

from crmdesk.models.base import Base
from crmdesk.models.imports import ImportBatch, ImportItem
from crmdesk.models.meta import Meta
from crmdesk.models.party import (
    Account,
    Address,
    Category,
    Contact,
    Email,
    Phone,
    Photo,
    account_category,
    contact_category,
)

__all__ = [
    "Account", "Address", "Base", "Category", "Contact", "Email", "ImportBatch", "ImportItem",
    "Meta", "Phone", "Photo",
    "account_category", "contact_category",
]
