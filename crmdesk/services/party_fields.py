"""What contacts and accounts share on their ORM rows: child rows, categories, list columns.

Kept apart from the two services so the rules (how a category name is matched,
which empty entries are dropped) exist once; the list columns and search text
are ``derive``'s, stored here on the row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from crmdesk.models import (
    Account,
    Address,
    Campaign,
    Case,
    Category,
    Contact,
    Email,
    Lead,
    Opportunity,
    Phone,
)
from crmdesk.records import AddressEntry, EmailEntry, PhoneEntry
from crmdesk.services import derive, phones

Party = Contact | Account


def set_channels(
    party: Party,
    phone_entries: Sequence[PhoneEntry],
    email_entries: Sequence[EmailEntry],
    address_entries: Sequence[AddressEntry],
    region: str,
) -> None:
    """Replace the party's phones, e-mails and addresses (empty entries dropped); a
    number without a country code is read in the country of the party's address
    (``phones.region_for``), else in ``region``."""
    kept = [a for a in address_entries if not a.is_empty()]
    party.phones = [
        Phone(position=i, kind=p.kind or "other", number=p.number.strip(),
              e164=phones.normalise(p.number, phones.region_for(
                  p.kind or "other", kept, region)).e164)
        for i, p in enumerate(e for e in phone_entries if e.number.strip())
    ]
    party.emails = [
        Email(position=i, kind=e.kind or "other", address=e.address.strip(),
              address_key=e.address.strip().lower())
        for i, e in enumerate(e for e in email_entries if e.address.strip())
    ]
    party.addresses = [
        Address(position=i, kind=a.kind or "other", street=a.street.strip(),
                postcode=a.postcode.strip(), city=a.city.strip(), region=a.region.strip(),
                country=a.country.strip())
        for i, a in enumerate(a for a in address_entries if not a.is_empty())
    ]


def phone_entries(party: Party) -> list[PhoneEntry]:
    return [PhoneEntry(p.number, p.kind) for p in party.phones]


def email_entries(party: Party) -> list[EmailEntry]:
    return [EmailEntry(e.address, e.kind) for e in party.emails]


def address_entries(party: Party) -> list[AddressEntry]:
    return [
        AddressEntry(a.kind, a.street, a.postcode, a.city, a.region, a.country)
        for a in party.addresses
    ]


def categories_for(session: Session, names: Iterable[str]) -> list[Category]:
    """Find or create the categories with these names (matched ignoring case)."""
    wanted: dict[str, str] = {}
    for name in names:
        if name.strip():
            wanted.setdefault(name.strip().casefold(), name.strip())
    if not wanted:
        return []
    found = {
        c.key: c for c in session.scalars(select(Category).where(Category.key.in_(wanted)))
    }
    for key, name in wanted.items():
        if key not in found:
            found[key] = Category(name=name, key=key)
            session.add(found[key])
    return [found[k] for k in wanted]


def refresh_contact_columns(contact: Contact, region: str) -> None:
    """Store what lists show and search matches (``derive.contact_columns``), after any
    change to the row or to its account's name."""
    columns = derive.contact_columns(
        contact, contact.account.name if contact.account else "",
        [c.name for c in contact.categories], derive.Folding(region))
    for name, value in zip(columns._fields, columns, strict=True):
        setattr(contact, name, value)


def refresh_account_columns(account: Account, region: str) -> None:
    """Store an account's list columns and name key (``derive.account_columns``)."""
    columns = derive.account_columns(account, [c.name for c in account.categories],
                                     derive.Folding(region))
    for name, value in zip(columns._fields, columns, strict=True):
        setattr(account, name, value)


def refresh_lead_columns(lead: Lead, region: str) -> None:
    """Store a lead's list columns and search text (``derive.lead_columns``)."""
    columns = derive.lead_columns(lead, derive.Folding(region))
    for name, value in zip(columns._fields, columns, strict=True):
        setattr(lead, name, value)


def refresh_opportunity_columns(opportunity: Opportunity, region: str) -> None:
    """Store an opportunity's list columns and search text (``derive.opportunity_columns``)."""
    columns = derive.opportunity_columns(opportunity, derive.Folding(region))
    for name, value in zip(columns._fields, columns, strict=True):
        setattr(opportunity, name, value)


def _store(row: Case | Campaign, columns: derive.OpportunityColumns) -> None:
    for name, value in zip(columns._fields, columns, strict=True):
        setattr(row, name, value)


def refresh_case_columns(case: Case, region: str) -> None:
    """Store a case's list columns and search text (``derive.case_columns``)."""
    _store(case, derive.case_columns(case, derive.Folding(region)))


def refresh_campaign_columns(campaign: Campaign, region: str) -> None:
    """Store a campaign's list columns and search text (``derive.campaign_columns``)."""
    _store(campaign, derive.campaign_columns(campaign, derive.Folding(region)))
