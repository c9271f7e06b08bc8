"""A contact's stored list columns: display name, filing letter, search text.

Used by the contact service on save and by the account service when a
company is renamed or deleted, since its people show the company's name.
"""

from __future__ import annotations

from crmdesk.models import Contact
from crmdesk.services import party_fields as pf
from crmdesk.services.names import display_name_of, sort_source_of


def refresh_contact_columns(contact: Contact, region: str) -> None:
    """Recompute what lists show and search matches, after any change to the row."""
    company = contact.account.name if contact.account else ""
    contact.company_sort = pf.name_key(company)
    fallback = (
        company
        or (contact.emails[0].address if contact.emails else "")
        or (contact.phones[0].number if contact.phones else "")
        or "(no name)"
    )
    pf.fill_list_columns(
        contact,
        display_name_of(contact) or fallback,
        sort_source_of(contact) or company,
        [contact.prefix, contact.first_name, contact.middle_name, contact.last_name,
         contact.suffix, contact.nickname, contact.job_title, contact.department,
         company, contact.notes],
        region,
    )
