"""What an incoming record is matched by (``matching.DuplicateIndex``), computed where
the record is read: in the reading process of a large import, beside its phones and
folded words, so the writing process (the slower one) only looks them up.  No
database here: the reading process never loads SQLAlchemy."""

from __future__ import annotations

from typing import NamedTuple

from crmdesk.records import ContactRecord
from crmdesk.services.names import key_of, name_key_of
from crmdesk.services.phones import digits


def digit_key(number: str) -> str:
    """The match key of a number kept as typed, without an E.164 form."""
    return "#" + digits(number)


class Keys(NamedTuple):
    uid: str
    emails: list[str]  # lower case
    phones: list[str]  # E.164; "#" and the digits of a number that has none
    name: str  # names.name_key_of
    company: str  # key_of the company name
    reachable: bool  # has an e-mail or a phone at all (parsed or not)


def keys_of(record: ContactRecord, e164s: list[str], name: str | None = None) -> Keys:
    """The keys of a cleaned record; ``e164s`` of its phones, ``name`` its
    ``name_key_of`` if known (the very string, so the pipe carries it once).  A number
    with no E.164 form (not possible where it was read) is matched by its digits."""
    return Keys(record.uid, [e.address.lower() for e in record.emails],
                [e or digit_key(p.number) for e, p in zip(e164s, record.phones, strict=True)
                 if e or digits(p.number)], name_key_of(record) if name is None else name,
                key_of(record.company), bool(record.emails or record.phones))
