"""Contact records for many ids at once, read with a few Core queries.

``ContactService.get`` loads one contact through the ORM; an export of
100,000 contacts or a re-import comparing every card with its stored twin
needs thousands a second.  This reads the same record (a test compares the
two) with one query per table for a chunk of ids, and the stored E.164 form
of each phone, which a merge compares without parsing the number again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from crmdesk.models import Account, Address, Category, Contact, Email, Phone, Photo
from crmdesk.models.party import contact_category
from crmdesk.records import (
    AddressEntry,
    ContactRecord,
    EmailEntry,
    PhoneEntry,
    relationships_list,
)


@dataclass
class Loaded:
    records: dict[int, ContactRecord]
    e164: dict[int, dict[str, str]]  # contact id -> typed number -> stored E.164


def load_contacts(session: Session, ids: Sequence[int]) -> Loaded:
    ids = list(ids)
    c = Contact
    phones: dict[int, list[PhoneEntry]] = defaultdict(list)
    e164: dict[int, dict[str, str]] = defaultdict(dict)
    for cid, number, kind, norm in session.execute(
            select(Phone.contact_id, Phone.number, Phone.kind, Phone.e164)
            .where(Phone.contact_id.in_(ids)).order_by(Phone.contact_id, Phone.position)):
        phones[cid].append(PhoneEntry(number, kind))
        e164[cid].setdefault(number, norm)
    emails: dict[int, list[EmailEntry]] = defaultdict(list)
    for cid, address, kind in session.execute(
            select(Email.contact_id, Email.address, Email.kind)
            .where(Email.contact_id.in_(ids)).order_by(Email.contact_id, Email.position)):
        emails[cid].append(EmailEntry(address, kind))
    addresses: dict[int, list[AddressEntry]] = defaultdict(list)
    for cid, *fields in session.execute(
            select(Address.contact_id, Address.kind, Address.street, Address.postcode,
                   Address.city, Address.region, Address.country)
            .where(Address.contact_id.in_(ids))
            .order_by(Address.contact_id, Address.position)):
        addresses[cid].append(AddressEntry(*fields))
    categories: dict[int, list[str]] = defaultdict(list)
    for cid, name in session.execute(
            select(contact_category.c.contact_id, Category.name)
            .join(Category, Category.id == contact_category.c.category_id)
            .where(contact_category.c.contact_id.in_(ids))):
        categories[cid].append(name)
    photos = {cid: (data, mime) for cid, data, mime in session.execute(
        select(Photo.contact_id, Photo.data, Photo.mime).where(Photo.contact_id.in_(ids)))}
    records: dict[int, ContactRecord] = {}
    for row in session.execute(
            select(c.id, c.version, c.prefix, c.first_name, c.middle_name, c.last_name,
                   c.suffix, c.nickname, c.job_title, c.department, Account.name,
                   c.account_id, c.birthday, c.website, c.relationships, c.notes, c.uid)
            .outerjoin(Account, Account.id == c.account_id).where(c.id.in_(ids))):
        (cid, version, prefix, first, middle, last, suffix, nickname, title, department,
         company, account_id, birthday, website, relationships, notes, uid) = row
        photo = photos.get(cid)
        records[cid] = ContactRecord(
            id=cid, version=version, prefix=prefix, first_name=first, middle_name=middle,
            last_name=last, suffix=suffix, nickname=nickname, job_title=title,
            department=department, company=company or "", account_id=account_id,
            phones=phones.get(cid, []), emails=emails.get(cid, []),
            addresses=addresses.get(cid, []), birthday=birthday, website=website,
            relationships=relationships_list(relationships),
            categories=categories.get(cid, []), notes=notes,
            photo=photo[0] if photo else None, photo_mime=photo[1] if photo else "",
            uid=uid)
    return Loaded(records, dict(e164))
