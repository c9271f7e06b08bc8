"""A lead read from a file seen as a contact, so the contact import's rules hold for it.

The lead goes through the very vetting (``vetting.vet``), phone reading and matching keys
(``keys.keys_of``) a contact does, as the contact it would be (:func:`contact_view`),
and comes back a lead (:func:`lead_of`): a row holding only a city is refused the
same way, a broken e-mail address lands in the notes the same way, and a lead and a
contact with the same e-mail are the same person by the same rule
(``same_person``).  A merge into a stored lead fills its empty fields
(:func:`fill_lead`).  No database here: the reading process uses it.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from crmdesk.records import (
    AddressEntry,
    ContactRecord,
    EmailEntry,
    LeadRating,
    LeadRecord,
    LeadSource,
    PhoneEntry,
)

_NAMES = ("first_name", "last_name", "company", "job_title")
_ADDRESS = ("street", "postal_code", "city", "region", "country")
#: what a merge fills in a stored lead where it is empty
FILLED = ("first_name", "last_name", "company", "job_title", "phone", "mobile", "email",
          "street", "postal_code", "city", "region", "country", "notes")
#: the key, beside the fields a merge filled, of the currency the lead had before
CURRENCY_BEFORE = "currency_before"


def contact_view(lead: LeadRecord) -> ContactRecord:
    """The contact a lead would be: its names, company and title, its phone (work) and
    mobile, its e-mail (work), its address (work) and notes."""
    phones = [PhoneEntry(n, kind) for n, kind in ((lead.phone, "work"),
                                                  (lead.mobile, "mobile")) if n.strip()]
    address = AddressEntry("work", lead.street, lead.postal_code, lead.city, lead.region,
                           lead.country)
    return ContactRecord(
        first_name=lead.first_name, last_name=lead.last_name, company=lead.company,
        job_title=lead.job_title, phones=phones,
        emails=[EmailEntry(lead.email, "work")] if lead.email.strip() else [],
        addresses=[] if address.is_empty() else [address], notes=lead.notes)


def lead_of(lead: LeadRecord, view: ContactRecord) -> LeadRecord:
    """``lead`` with the values of its contact view as vetting left them; a second
    e-mail address (vetting found two in one cell) or number goes to the notes."""
    values: dict[str, Any] = {name: getattr(view, name) for name in _NAMES}
    extra: list[str] = []
    mobile = next((p.number for p in view.phones if p.kind == "mobile"), "")
    phone = next((p.number for p in view.phones if p.kind != "mobile"), "")
    extra += [f"Phone: {p.number}" for p in view.phones if p.number not in (phone, mobile)]
    values["phone"], values["mobile"] = phone, mobile
    values["email"] = view.emails[0].address if view.emails else ""
    extra += [f"E-mail: {e.address}" for e in view.emails[1:]]
    address = view.addresses[0] if view.addresses else AddressEntry()
    values.update(street=address.street, postal_code=address.postcode, city=address.city,
                  region=address.region, country=address.country)
    values["notes"] = "\n".join(x for x in (view.notes, "\n".join(extra)) if x)
    return replace(lead, **values)


def fill_lead(stored: LeadRecord, incoming: LeadRecord
              ) -> tuple[LeadRecord, dict[str, str]] | None:
    """``stored`` with the empty fields ``incoming`` has filled, and those fields (name
    -> value, for undo); None if it adds nothing.  The source, rating and estimated value
    are the stored lead's once it has them (a rating is someone's judgement): an
    incoming one is taken only over the defaults (other, warm, none)."""
    filled: dict[str, str] = {}
    for name in FILLED:
        if not getattr(stored, name).strip() and getattr(incoming, name).strip():
            filled[name] = getattr(incoming, name)
    if stored.source == LeadSource.OTHER and incoming.source != LeadSource.OTHER:
        filled["source"] = incoming.source.value
    if stored.rating == LeadRating.WARM and incoming.rating != LeadRating.WARM:
        filled["rating"] = incoming.rating.value
    if stored.estimated_value is None and incoming.estimated_value is not None:
        filled["estimated_value"] = str(incoming.estimated_value)
        if incoming.currency:
            filled["currency"] = incoming.currency
    if not filled:
        return None
    return replace(stored, **typed(filled)), filled


def typed(fields: dict[str, str]) -> dict[str, Any]:
    """Fields as :func:`fill_lead` names them (text), as a ``LeadRecord`` holds them."""
    out: dict[str, Any] = dict(fields)
    if "source" in out:
        out["source"] = LeadSource(out["source"])
    if "rating" in out:
        out["rating"] = LeadRating(out["rating"])
    if "estimated_value" in out:
        out["estimated_value"] = Decimal(out["estimated_value"])
    return out
