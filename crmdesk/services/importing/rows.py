"""Table rows for contacts an import writes, built in bulk (no ORM object per contact).

Their list columns and search text are ``derive.contact_columns``, as for an
ordinary save (a test compares the two), with the import's memo of folded words
and parsed phone numbers (``derive.Folding``).  ``clean`` makes a record what the
contact service stores; the reading process uses it, so no SQLAlchemy here.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from crmdesk.records import (
    AddressEntry,
    ContactRecord,
    CustomField,
    EmailEntry,
    PhoneEntry,
    relationships_text,
)
from crmdesk.services.derive import ContactText, Folding, PhoneInfo, contact_columns
from crmdesk.services.table_rows import (
    AddressRow,
    ContactRow,
    CustomFieldRow,
    EmailRow,
    PhoneRow,
)

_TEXT_FIELDS = ("prefix", "first_name", "middle_name", "last_name", "suffix", "nickname",
                "job_title", "department", "website", "notes", "uid")


def clean(record: ContactRecord, **changes: Any) -> ContactRecord:
    """The record as the contact service stores it: trimmed, empty entries dropped; with
    ``changes`` applied in the same copy (built from the field dict: ``dataclasses.replace``
    walks the fields in Python and cost a fifth more)."""
    old = record.__dict__
    values = dict(old)
    for name in _TEXT_FIELDS:
        values[name] = (old[name] or "").strip()
    values["company"] = (record.company or "").strip()
    values["phones"] = [PhoneEntry(p.number.strip(), p.kind or "other")
                        for p in record.phones if p.number and p.number.strip()]
    values["emails"] = [EmailEntry(e.address.strip(), e.kind or "other")
                        for e in record.emails if e.address and e.address.strip()]
    values["addresses"] = [AddressEntry(a.kind or "other", a.street.strip(), a.postcode.strip(),
                                        a.city.strip(), a.region.strip(), a.country.strip())
                           for a in record.addresses if not a.is_empty()]
    values["custom_fields"] = [CustomField(f.label.strip(), f.value.strip())
                               for f in record.custom_fields if f.value and f.value.strip()]
    values["categories"] = list(dict.fromkeys(c.strip() for c in record.categories
                                              if c.strip()))
    values.update(changes)
    return ContactRecord(**values)


class Draft(NamedTuple):
    """A contact's rows."""

    contact: ContactRow
    phones: list[PhoneRow]
    emails: list[EmailRow]
    addresses: list[AddressRow]
    custom_fields: list[CustomFieldRow]


class RowBuilder:
    """Builds the rows of contacts; holds the import's memo of folded text and phones."""

    def __init__(self, region: str) -> None:
        self.fold = Folding(region)

    def draft(self, rec: ContactRecord, contact_id: int, account_id: int | None,
              company: str, category_names: list[str], now: Any, *, version: int = 1,
              phone_info: list[PhoneInfo] | None = None,
              text: ContactText | None = None) -> Draft:
        """The rows of a cleaned record: ``company`` is the stored name of its account,
        ``category_names`` the stored names of its categories; ``phone_info`` and
        ``text`` are its phones' ``Folding.phone`` and its ``derive.contact_text``, if
        known.  It is created and modified ``now``."""
        if phone_info is None:
            phone_info = self.fold.phones_of(rec)
        columns = contact_columns(rec, company, category_names, self.fold,
                                  phone_info=phone_info, text=text)
        cid = contact_id
        contact = ContactRow(
            cid, account_id, rec.prefix, rec.first_name, rec.middle_name, rec.last_name,
            rec.suffix, rec.nickname, rec.job_title, rec.department, rec.birthday,
            rec.website, rec.notes,
            relationships_text(rec.relationships) if rec.relationships else "", rec.uid,
            now, now, version, *columns)
        return Draft(
            contact,
            [PhoneRow(cid, pos, p.kind, p.number, e164)
             for pos, (p, (e164, _)) in enumerate(zip(rec.phones, phone_info, strict=True))],
            [EmailRow(cid, pos, e.kind, e.address, e.address.lower())
             for pos, e in enumerate(rec.emails)],
            [AddressRow(cid, pos, a.kind, a.street, a.postcode, a.city, a.region, a.country)
             for pos, a in enumerate(rec.addresses)],
            [CustomFieldRow(cid, pos, f.label, f.value)
             for pos, f in enumerate(rec.custom_fields)])
