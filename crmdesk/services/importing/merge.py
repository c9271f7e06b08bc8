"""Merging an incoming record into a stored one: fill the gaps, add, never remove.

``merge_records`` returns None when the incoming record adds nothing, so
re-importing a file changes nothing (no version bump, no
undo entry).  What a merge added (``added_by_merge``) is kept with the import, and
undo takes exactly that back (``take_back``), whatever other imports did since.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from crmdesk.records import (
    AddressEntry,
    ContactRecord,
    CustomField,
    EmailEntry,
    PhoneEntry,
    Relationship,
)
from crmdesk.services import folding, phones

_FILL = ("prefix", "first_name", "middle_name", "last_name", "suffix", "nickname",
         "job_title", "department", "website", "notes", "uid", "company")


def _address_key(a: AddressEntry) -> tuple[str, ...]:
    return tuple(folding.sort_key(x) for x in (a.street, a.postcode, a.city, a.country))


def _field_key(f: CustomField) -> tuple[str, str]:
    return (f.label.casefold(), f.value)


def merge_records(stored: ContactRecord, incoming: ContactRecord, region: str,
                  e164_of: Callable[[str, str], str] | None = None) -> ContactRecord | None:
    """``stored`` with ``incoming``'s extra data added; None if there is none.

    ``e164_of`` gives a typed number's E.164 form read in a region (the importer passes
    its cache and the stored rows' e164 column, so nothing is parsed twice); a number is
    read in the country of the two records' addresses (``phones.region_for``)."""
    changes: dict[str, object] = {}
    for name in _FILL:
        if not getattr(stored, name) and getattr(incoming, name):
            changes[name] = getattr(incoming, name)
    if "company" in changes and stored.account_id is not None:
        del changes["company"]  # the contact already works somewhere
    if stored.birthday is None and incoming.birthday is not None:
        changes["birthday"] = incoming.birthday
    if not stored.photo and incoming.photo:
        changes["photo"], changes["photo_mime"] = incoming.photo, incoming.photo_mime

    addresses = [*stored.addresses, *incoming.addresses]

    def phone_key(phone: PhoneEntry) -> str:
        number = phone.number
        where = (phones.region_for(phone.kind, addresses, region)
                 if addresses and not number.startswith("+") else region)
        e164 = e164_of(number, where) if e164_of else phones.normalise(number, where).e164
        return e164 or phones.digits(number)

    have = {phone_key(p) for p in stored.phones}
    new_phones = [p for p in incoming.phones if phone_key(p) not in have]
    if new_phones:
        changes["phones"] = stored.phones + _unique(new_phones, phone_key)
    have = {e.address.lower() for e in stored.emails}
    new_emails = [e for e in incoming.emails if e.address.lower() not in have]
    if new_emails:
        changes["emails"] = stored.emails + _unique(new_emails, lambda e: e.address.lower())
    have = {_address_key(a) for a in stored.addresses}
    new_addresses = [a for a in incoming.addresses if _address_key(a) not in have]
    if new_addresses:
        changes["addresses"] = stored.addresses + _unique(new_addresses, _address_key)
    have_fields = {_field_key(f) for f in stored.custom_fields}
    new_fields = [f for f in incoming.custom_fields if _field_key(f) not in have_fields]
    if new_fields:
        changes["custom_fields"] = stored.custom_fields + _unique(new_fields, _field_key)
    have = {c.casefold() for c in stored.categories}
    new_categories = [c for c in incoming.categories if c.casefold() not in have]
    if new_categories:
        changes["categories"] = stored.categories + new_categories
    new_rel = [r for r in incoming.relationships if r not in stored.relationships]
    if new_rel:
        changes["relationships"] = stored.relationships + new_rel
    return replace(stored, **changes) if changes else None  # type: ignore[arg-type]


def _unique(items: list, key) -> list:  # noqa: ANN001
    seen: set = set()
    out = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


#: The text fields a merge fills; ``company`` is the contact's account, kept apart
_TEXT_FILL = tuple(n for n in _FILL if n != "company")


@dataclass
class Added:
    """What one import's merge added to a stored contact, as it was stored: the fields
    it filled (they were empty) and the entries it appended."""

    fields: dict[str, str] = field(default_factory=dict)  # text field -> value
    birthday: date | None = None
    account_id: int | None = None  # the account the contact was linked to
    company: str = ""  # that account's name
    photo: bytes | None = None
    photo_mime: str = ""
    phones: list[PhoneEntry] = field(default_factory=list)
    emails: list[EmailEntry] = field(default_factory=list)
    addresses: list[AddressEntry] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    custom_fields: list[CustomField] = field(default_factory=list)


def added_by_merge(before: ContactRecord, after: ContactRecord) -> Added:
    """What ``after`` (a stored contact as a merge left it) has that ``before`` lacked."""
    have = {c.casefold() for c in before.categories}
    return Added(
        fields={n: getattr(after, n) for n in _TEXT_FILL
                if not getattr(before, n) and getattr(after, n)},
        birthday=after.birthday if before.birthday is None else None,
        account_id=after.account_id if before.account_id is None else None,
        company=after.company if before.account_id is None and after.account_id else "",
        photo=after.photo if not before.photo else None,
        photo_mime=after.photo_mime if not before.photo and after.photo else "",
        phones=[p for p in after.phones if p not in before.phones],
        emails=[e for e in after.emails if e not in before.emails],
        addresses=[a for a in after.addresses if a not in before.addresses],
        categories=[c for c in after.categories if c.casefold() not in have],
        relationships=[r for r in after.relationships if r not in before.relationships],
        custom_fields=[f for f in after.custom_fields if f not in before.custom_fields])


def take_back(current: ContactRecord, added: Added, later: Sequence[Added],
              others: Sequence[Added],
              e164_of: Callable[[str], str]) -> tuple[ContactRecord, list[str]]:
    """``current`` without what ``added`` brought, and what was kept as edited.

    A value goes only while it is exactly as the import stored it, and no later import
    among ``later`` (those not undone) stored the very same value since (the user had
    removed ours, and that import brought it back: it is theirs now).  A value the user
    changed stays, and is named in the list, unless it is exactly what another import
    of ``others`` (not undone) stored there: then it is that import's, not an edit.
    Phones, e-mails and addresses are the import's while number (address), kind and
    every part are as it stored them: one whose type the user changed, or whose number
    the user retyped, stays as the user's.
    """
    changes: dict[str, object] = {}
    kept: list[str] = []

    def settle(name: str, now: object, ours: object, claims: Callable[[Added], object],
               gone: dict[str, object]) -> None:
        if now == ours:
            if not any(claims(a) == ours for a in later):
                changes.update(gone)
        elif now and not any(claims(a) == now for a in others):
            kept.append(name)

    for name, value in added.fields.items():
        settle(name, getattr(current, name), value, lambda a, n=name: a.fields.get(n),
               {name: ""})
    if added.birthday is not None:
        settle("birthday", current.birthday, added.birthday, lambda a: a.birthday,
               {"birthday": None})
    if added.account_id is not None:
        settle("company", current.account_id, added.account_id, lambda a: a.account_id,
               {"account_id": None, "company": ""})
    if added.photo:
        settle("photo", current.photo, added.photo, lambda a: a.photo,
               {"photo": None, "photo_mime": ""})

    def phone_key(p: PhoneEntry) -> str:
        return e164_of(p.number) or phones.digits(p.number)

    for name, label, key, text in (
            ("phones", "phone", phone_key, lambda p: p.number),
            ("emails", "e-mail", lambda e: e.address.lower(), lambda e: e.address),
            ("addresses", "address", _address_key,
             lambda a: ", ".join(x for x in (a.street, a.postcode, a.city) if x)),
            ("custom_fields", "field", _field_key, lambda f: f"{f.label}: {f.value}")):
        entries = list(getattr(current, name))
        for entry in getattr(added, name):
            if entry in entries:
                if not any(entry in getattr(a, name) for a in later):
                    del entries[len(entries) - 1 - entries[::-1].index(entry)]
                continue
            k = key(entry)
            kept += [f"{label} {text(e)}" for e in entries if key(e) == k
                     and not any(e in getattr(a, name) for a in others)]
        if len(entries) != len(getattr(current, name)):
            changes[name] = entries
    ours = {c.casefold() for c in added.categories} - {
        c.casefold() for a in later for c in a.categories}
    if ours & {c.casefold() for c in current.categories}:
        changes["categories"] = [c for c in current.categories if c.casefold() not in ours]
    theirs = {r for a in later for r in a.relationships}
    gone = set(added.relationships) - theirs
    if gone & set(current.relationships):
        changes["relationships"] = [r for r in current.relationships if r not in gone]
    return (replace(current, **changes) if changes else current), kept  # type: ignore[arg-type]


def still_held(added: Added, current: ContactRecord) -> ContactRecord:
    """What of ``added`` ``current`` still holds exactly as the import stored it, as a
    record: to merge another import's data back onto an older snapshot."""
    held = ContactRecord(
        **{n: v for n, v in added.fields.items() if getattr(current, n) == v},
        birthday=added.birthday if current.birthday == added.birthday else None,
        photo=added.photo if added.photo and current.photo == added.photo else None,
        photo_mime=added.photo_mime if added.photo and current.photo == added.photo else "",
        phones=[p for p in added.phones if p in current.phones],
        emails=[e for e in added.emails if e in current.emails],
        addresses=[a for a in added.addresses if a in current.addresses],
        categories=[c for c in added.categories
                    if c.casefold() in {x.casefold() for x in current.categories}],
        relationships=[r for r in added.relationships if r in current.relationships],
        custom_fields=[f for f in added.custom_fields if f in current.custom_fields])
    if added.account_id is not None and current.account_id == added.account_id:
        held.company = current.company
    return held
