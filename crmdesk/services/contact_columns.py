"""A contact's display name, Rolodex filing and stored list columns.

Used by the contact service on save and by the account service when a
company is renamed or deleted, since its people show the company's name.
"""

from __future__ import annotations

from crmdesk.models import Contact
from crmdesk.records import ContactRecord
from crmdesk.services import party_fields as pf


def display_name_of(record: ContactRecord | Contact) -> str:
    parts = (record.prefix, record.first_name, record.middle_name, record.last_name,
             record.suffix)
    name = " ".join(p.strip() for p in parts if p and p.strip())
    return name or record.nickname.strip()


def sort_source_of(record: ContactRecord | Contact) -> str:
    """Filed by last name, like a Rolodex; first name when there is none."""
    return " ".join(p for p in (record.last_name, record.first_name, record.middle_name) if p)


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
