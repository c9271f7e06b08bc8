"""Contact and account records for many ids at once, read with a few Core queries: the
one bulk loader of the export, the print jobs, the import's merges and its undo.

``ContactService.get`` and ``AccountService.get`` load one record through the ORM;
an export of 100,000 contacts, a 10,000-contact phone list or a re-import comparing
every card with its stored twin needs thousands a second.  This reads the same
records (a test compares them) with one query per table for a chunk of ids, the
list columns a print job shows beside them, and the stored E.164 form of each
phone, which a merge compares without parsing the number again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from crmdesk.models import Account, Address, Category, Contact, CustomField, Email, Phone, Photo
from crmdesk.models.party import account_category, contact_category
from crmdesk.records import (
    AccountRecord,
    AddressEntry,
    ContactRecord,
    EmailEntry,
    PhoneEntry,
    relationships_list,
)
from crmdesk.records import (
    CustomField as Field,
)


class Listed(NamedTuple):
    """What a list shows of a contact, as stored (``derive.ContactColumns``)."""

    display_name: str
    letter: str
    sort_name: str


@dataclass
class Loaded:
    records: dict[int, ContactRecord]
    e164: dict[int, dict[str, str]]  # contact id -> typed number -> stored E.164
    listed: dict[int, Listed]


@dataclass
class _Channels:
    """One party kind's phones, e-mails, addresses and categories, by owner id."""

    phones: dict[int, list[PhoneEntry]]
    e164: dict[int, dict[str, str]]
    emails: dict[int, list[EmailEntry]]
    addresses: dict[int, list[AddressEntry]]
    categories: dict[int, list[str]]


def _channels(session: Session, owner: str, links: Any, ids: list[int]) -> _Channels:
    """The child rows of the contacts (``owner`` "contact_id") or accounts ("account_id")
    with these ids, in the order the card shows them."""
    found = _Channels(defaultdict(list), defaultdict(dict), defaultdict(list),
                      defaultdict(list), defaultdict(list))
    phone_owner = getattr(Phone, owner)
    for oid, number, kind, norm in session.execute(
            select(phone_owner, Phone.number, Phone.kind, Phone.e164)
            .where(phone_owner.in_(ids)).order_by(phone_owner, Phone.position)):
        found.phones[oid].append(PhoneEntry(number, kind))
        found.e164[oid].setdefault(number, norm)
    email_owner = getattr(Email, owner)
    for oid, address, kind in session.execute(
            select(email_owner, Email.address, Email.kind)
            .where(email_owner.in_(ids)).order_by(email_owner, Email.position)):
        found.emails[oid].append(EmailEntry(address, kind))
    address_owner = getattr(Address, owner)
    for oid, *fields in session.execute(
            select(address_owner, Address.kind, Address.street, Address.postcode,
                   Address.city, Address.region, Address.country)
            .where(address_owner.in_(ids)).order_by(address_owner, Address.position)):
        found.addresses[oid].append(AddressEntry(*fields))
    link_owner = links.c[owner]
    for oid, name in session.execute(
            select(link_owner, Category.name)
            .join(Category, Category.id == links.c.category_id)
            .where(link_owner.in_(ids))):
        found.categories[oid].append(name)
    return found


def load_contacts(session: Session, ids: Sequence[int], *, photos: bool = True) -> Loaded:
    """The contacts with these ids (at most a few hundred: one IN list each query);
    ``photos=False`` leaves their pictures out (a print job shows none)."""
    ids = list(ids)
    c = Contact
    found = _channels(session, "contact_id", contact_category, ids)
    pictures = {cid: (data, mime) for cid, data, mime in session.execute(
        select(Photo.contact_id, Photo.data, Photo.mime).where(Photo.contact_id.in_(ids)))
    } if photos else {}
    extra: dict[int, list[Field]] = defaultdict(list)
    for cid, label, value in session.execute(
            select(CustomField.contact_id, CustomField.label, CustomField.value)
            .where(CustomField.contact_id.in_(ids))
            .order_by(CustomField.contact_id, CustomField.position)):
        extra[cid].append(Field(label, value))
    records: dict[int, ContactRecord] = {}
    listed: dict[int, Listed] = {}
    for row in session.execute(
            select(c.id, c.version, c.prefix, c.first_name, c.middle_name, c.last_name,
                   c.suffix, c.nickname, c.job_title, c.department, Account.name,
                   c.account_id, c.birthday, c.website, c.relationships, c.notes, c.uid,
                   c.display_name, c.letter, c.sort_name)
            .outerjoin(Account, Account.id == c.account_id).where(c.id.in_(ids))):
        (cid, version, prefix, first, middle, last, suffix, nickname, title, department,
         company, account_id, birthday, website, relationships, notes, uid, display,
         letter, sort_name) = row
        photo = pictures.get(cid)
        records[cid] = ContactRecord(
            id=cid, version=version, prefix=prefix, first_name=first, middle_name=middle,
            last_name=last, suffix=suffix, nickname=nickname, job_title=title,
            department=department, company=company or "", account_id=account_id,
            phones=found.phones.get(cid, []), emails=found.emails.get(cid, []),
            addresses=found.addresses.get(cid, []), birthday=birthday, website=website,
            relationships=relationships_list(relationships),
            categories=found.categories.get(cid, []), notes=notes,
            photo=photo[0] if photo else None, photo_mime=photo[1] if photo else "",
            uid=uid, custom_fields=extra.get(cid, []))
        listed[cid] = Listed(display, letter, sort_name)
    return Loaded(records, dict(found.e164), listed)


def load_accounts(session: Session, ids: Sequence[int]) -> dict[int, AccountRecord]:
    """The accounts with these ids (at most a few hundred)."""
    ids = list(ids)
    a = Account
    found = _channels(session, "account_id", account_category, ids)
    return {
        aid: AccountRecord(
            id=aid, version=version, name=name, account_number=number, industry=industry,
            phones=found.phones.get(aid, []), emails=found.emails.get(aid, []),
            addresses=found.addresses.get(aid, []), website=website,
            relationships=relationships_list(relationships),
            categories=found.categories.get(aid, []), notes=notes, parent_id=parent_id,
            primary_contact_id=primary_id)
        for aid, version, name, number, industry, website, relationships, notes, parent_id,
        primary_id in session.execute(
            select(a.id, a.version, a.name, a.account_number, a.industry, a.website,
                   a.relationships, a.notes, a.parent_id, a.primary_contact_id)
            .where(a.id.in_(ids)))}
