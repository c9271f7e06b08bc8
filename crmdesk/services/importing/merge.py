"""Merging an incoming record into a stored one: fill the gaps, add, never remove.

Returns None when the incoming record adds nothing, so re-importing a file
changes nothing (no version bump, no "Imported" category, no undo entry).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from crmdesk.records import AddressEntry, ContactRecord
from crmdesk.services import folding, phones

_FILL = ("prefix", "first_name", "middle_name", "last_name", "suffix", "nickname",
         "job_title", "department", "website", "notes", "uid", "company")


def _address_key(a: AddressEntry) -> tuple[str, ...]:
    return tuple(folding.sort_key(x) for x in (a.street, a.postcode, a.city, a.country))


def merge_records(stored: ContactRecord, incoming: ContactRecord, region: str,
                  e164_of: Callable[[str], str] | None = None) -> ContactRecord | None:
    """``stored`` with ``incoming``'s extra data added; None if there is none.

    ``e164_of`` gives a typed number's E.164 form (the importer passes its cache and
    the stored rows' e164 column, so nothing is parsed twice)."""
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

    def phone_key(number: str) -> str:
        e164 = e164_of(number) if e164_of else phones.normalise(number, region).e164
        return e164 or phones.digits(number)

    have = {phone_key(p.number) for p in stored.phones}
    new_phones = [p for p in incoming.phones if phone_key(p.number) not in have]
    if new_phones:
        changes["phones"] = stored.phones + _unique(new_phones, lambda p: phone_key(p.number))
    have = {e.address.lower() for e in stored.emails}
    new_emails = [e for e in incoming.emails if e.address.lower() not in have]
    if new_emails:
        changes["emails"] = stored.emails + _unique(new_emails, lambda e: e.address.lower())
    have = {_address_key(a) for a in stored.addresses}
    new_addresses = [a for a in incoming.addresses if _address_key(a) not in have]
    if new_addresses:
        changes["addresses"] = stored.addresses + _unique(new_addresses, _address_key)
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
