"""What an incoming record is matched by (``matching.DuplicateIndex``), computed where
the record is read: in the reading process of a large import, beside its phones and
folded words, so the writing process (the slower one) only looks them up.  No
database here: the reading process never loads SQLAlchemy."""

from __future__ import annotations

from typing import NamedTuple

from crmdesk.records import ContactRecord
from crmdesk.services.importing.rows import key_of


def name_key_of(record: ContactRecord) -> str:
    """Folded "last first middle", the form ``Contact.sort_name`` stores; "" if no name.

    ``key_of(sort_source_of(record))``, put together from each name's own key: folding
    keeps to the words it is given, so the keys of the parts, joined, are the key of the
    joined parts (a test checks it), and first and last names repeat from record to
    record, where whole names do not."""
    return " ".join(filter(None, (key_of(record.last_name), key_of(record.first_name),
                                  key_of(record.middle_name))))


class Keys(NamedTuple):
    uid: str
    emails: list[str]  # lower case
    phones: list[str]  # E.164, the ones that parsed
    name: str  # name_key_of
    company: str  # key_of the company name
    reachable: bool  # has an e-mail or a phone at all (parsed or not)


def keys_of(record: ContactRecord, e164s: list[str]) -> Keys:
    """The keys of a cleaned record; ``e164s`` of its phones."""
    return Keys(record.uid, [e.address.lower() for e in record.emails],
                [e for e in e164s if e], name_key_of(record), key_of(record.company),
                bool(record.emails or record.phones))
