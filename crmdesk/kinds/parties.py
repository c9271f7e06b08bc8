"""The two kinds of party: contacts (people) and accounts (companies)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, select

from crmdesk.kinds import CategoryFacet, Kind, ListColumn
from crmdesk.models import Account, Contact, account_category, contact_category
from crmdesk.records import AccountRecord, ContactRecord

CONTACT = Kind(
    name="contact",
    plural="contacts",
    nouns=("contact", "contacts"),
    model=Contact,
    service="contacts",
    record=ContactRecord,
    columns=(
        ListColumn("name", "Name", "display_name", lambda: Contact.sort_name),
        ListColumn("company", "Company", "company", lambda: Contact.company_sort),
        ListColumn("job_title", "Job title", "job_title",
                   lambda: func.lower(Contact.job_title)),
        ListColumn("phone", "Phone", "phone", lambda: Contact.main_phone),
        ListColumn("email", "E-mail", "email", lambda: func.lower(Contact.main_email)),
        ListColumn("city", "City", "city", lambda: Contact.city_sort),
        ListColumn("country", "Country", "country", shown=False),
        ListColumn("categories", "Categories", "categories", shown=False),
        ListColumn("modified", "Modified", "modified", lambda: Contact.modified, shown=False),
    ),
    search_hint="name, company, e-mail, phone, city, notes",
    card_lines=("company", "phone", "email", "city"),
    categories=CategoryFacet(contact_category, "contact_id"),
    scopes={"account": "account_id"},
    channels_owner="contact_id",
    derive="crmdesk.services.party_fields:refresh_contact_columns",
    view="crmdesk.ui.parties.contacts_view:ContactsView",
    detail="crmdesk.ui.parties.contacts_view:ContactDetail",
    dialog="crmdesk.ui.parties.contact_dialog:ContactDialog",
)

def contact_count() -> ColumnElement[Any]:
    """How many contacts an account has: counted per account through the index on
    ``contact.account_id`` (20,000 accounts sort by it in a few tens of ms, see
    ``benchmarks/bench_foundation.py``), so nothing stored has to be kept in step."""
    return (select(func.count()).where(Contact.account_id == Account.id)
            .correlate(Account).scalar_subquery())


ACCOUNT = Kind(
    name="account",
    plural="accounts",
    nouns=("account", "accounts"),
    model=Account,
    service="accounts",
    record=AccountRecord,
    columns=(
        ListColumn("name", "Name", "display_name", lambda: Account.sort_name),
        ListColumn("city", "City", "city", lambda: Account.city_sort),
        ListColumn("phone", "Phone", "phone", lambda: Account.main_phone),
        ListColumn("relationships", "Relationship", "relationships",
                   lambda: Account.relationships),
        ListColumn("contacts", "Contacts", "contacts", lambda: contact_count()),
        ListColumn("industry", "Industry", "industry", lambda: func.lower(Account.industry)),
        ListColumn("account_number", "Account no.", "account_number",
                   lambda: Account.account_number),
        ListColumn("email", "E-mail", "email", lambda: func.lower(Account.main_email)),
    ),
    search_hint="name, company, e-mail, phone, city, notes",
    card_lines=("industry", "phone", "email", "city"),
    categories=CategoryFacet(account_category, "account_id"),
    scopes={"account": "parent_id"},
    channels_owner="account_id",
    derive="crmdesk.services.party_fields:refresh_account_columns",
    view="crmdesk.ui.parties.accounts_view:AccountsView",
    detail="crmdesk.ui.parties.accounts_view:AccountDetail",
    dialog="crmdesk.ui.parties.account_dialog:AccountDialog",
)
