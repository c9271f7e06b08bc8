"""What an incoming record is matched by (``matching.DuplicateIndex``), computed where
the record is read: in the reading process of a large import, beside its phones and
folded words, so the writing process (the slower one) only looks them up.  No
database here: the reading process never loads SQLAlchemy."""

from __future__ import annotations

from typing import NamedTuple

from crmdesk.records import ContactRecord
from crmdesk.services.names import key_of, name_key_of


class Keys(NamedTuple):
    uid: str
    emails: list[str]  # lower case
    phones: list[str]  # E.164, the ones that parsed
    name: str  # names.name_key_of
    company: str  # key_of the company name
    reachable: bool  # has an e-mail or a phone at all (parsed or not)


def keys_of(record: ContactRecord, e164s: list[str], name: str | None = None) -> Keys:
    """The keys of a cleaned record; ``e164s`` of its phones, ``name`` its
    ``name_key_of`` if known (the very string, so the pipe carries it once)."""
    return Keys(record.uid, [e.address.lower() for e in record.emails],
                [e for e in e164s if e], name_key_of(record) if name is None else name,
                key_of(record.company), bool(record.emails or record.phones))
