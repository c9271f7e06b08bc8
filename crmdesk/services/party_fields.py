"""What contacts and accounts share: child rows, categories, list columns.

Kept apart from the two services so the rules (which phone is the main one,
how a category name is matched, what goes into the search text) exist once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from crmdesk.models import Account, Address, Category, Contact, Email, Phone
from crmdesk.records import AddressEntry, EmailEntry, PhoneEntry
from crmdesk.services import folding, phones

Party = Contact | Account


def name_key(name: str) -> str:
    """Case-, accent- and space-insensitive key for matching names."""
    return " ".join(folding.words(name))


def set_channels(
    party: Party,
    phone_entries: Sequence[PhoneEntry],
    email_entries: Sequence[EmailEntry],
    address_entries: Sequence[AddressEntry],
    region: str,
) -> None:
    """Replace the party's phones, e-mails and addresses (empty entries dropped)."""
    party.phones = [
        Phone(position=i, kind=p.kind or "other", number=p.number.strip(),
              e164=phones.normalise(p.number, region).e164)
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


def phone_search_forms(party: Party, region: str) -> list[str]:
    forms: list[str] = []
    for p in party.phones:
        forms.extend(phones.search_forms(phones.normalise(p.number, region)))
    return forms


def fill_list_columns(party: Party, display_name: str, sort_source: str, texts: list[str],
                      region: str) -> None:
    """Store what the lists show and what search matches, from the party's fields."""
    party.display_name = display_name
    party.sort_name = folding.sort_key(sort_source or display_name)
    party.letter = folding.rolodex_letter(sort_source or display_name)
    party.main_phone = party.phones[0].number if party.phones else ""
    party.main_email = party.emails[0].address if party.emails else ""
    party.city = next((a.city for a in party.addresses if a.city), "")
    searchable = texts + [e.address for e in party.emails] + [a.city for a in party.addresses]
    searchable += [c.name for c in party.categories]
    party.search_text = (
        folding.index_text(*searchable) + " " + " ".join(phone_search_forms(party, region))
    ).strip()
