"""Which stored contact an incoming record is, if any.

The rule (issue 3): the vCard UID first; then a normalised e-mail address;
then an E.164 phone number; then the folded full name within the same
company (a card with only a company matches that company's nameless card).
Names are compared with rapidfuzz (``fuzz.ratio >= 92`` on folded
names) only inside one company, where a near-equal name is a typo rather
than a namesake; without a company the folded names must be equal.  A shared
e-mail or phone does not match when both sides are named and the names are
clearly different (a switchboard number, an info@ mailbox): on generated data
that rule took phone matches from 496 false ones to none, keeping 199 of 200
true duplicates.

The keys of every stored contact are loaded once per import into dicts (for
100,000 contacts a few tens of MB), and each contact the import creates or
merges adds its keys, so duplicates inside one file are caught the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from crmdesk.models import Contact, Email, Phone
from crmdesk.records import ContactRecord
from crmdesk.services import folding
from crmdesk.services.contact_columns import sort_source_of

NAME_SCORE = 92
#: A shared e-mail or phone is not a match when both sides are named and the names
#: are this different (token_sort_ratio below it): a switchboard, a family phone or
#: an info@ mailbox is shared by different people.
SAME_PERSON_SCORE = 70


@dataclass(frozen=True)
class Match:
    contact_id: int
    reason: str


_KEYS: dict[str, str] = {}


def key_of(text: str) -> str:
    """``folding.sort_key`` (= ``party_fields.name_key``), memoised: an import asks for the
    same company and name keys several times per record."""
    key = _KEYS.get(text)
    if key is None:
        if len(_KEYS) > 50_000:
            _KEYS.clear()
        key = _KEYS[text] = folding.sort_key(text)
    return key


def name_key_of(record: ContactRecord) -> str:
    """Folded "last first middle", the form ``Contact.sort_name`` stores; "" if no name."""
    return key_of(sort_source_of(record))


class DuplicateIndex:
    def __init__(self) -> None:
        self.uids: dict[str, int] = {}
        self.emails: dict[str, int] = {}
        self.phones: dict[str, int] = {}
        self.names: dict[str, dict[str, int]] = {}  # company key -> name key -> id
        self.name_of: dict[int, str] = {}  # id -> name key, for named contacts
        self.nameless: dict[str, int] = {}  # company key -> a contact with no name there

    @classmethod
    def load(cls, session: Session) -> DuplicateIndex:
        index = cls()
        for uid, cid in session.execute(
                select(Contact.uid, Contact.id).where(Contact.uid != "")):
            index.uids.setdefault(uid, cid)
        for key, cid in session.execute(
                select(Email.address_key, Email.contact_id)
                .where(Email.contact_id.is_not(None))):
            index.emails.setdefault(key, cid)
        for e164, cid in session.execute(
                select(Phone.e164, Phone.contact_id)
                .where(Phone.contact_id.is_not(None), Phone.e164 != "")):
            index.phones.setdefault(e164, cid)
        named = (Contact.first_name != "") | (Contact.last_name != "") | (
            Contact.middle_name != "")
        for cid, name, company in session.execute(
                select(Contact.id, Contact.sort_name, Contact.company_sort).where(named)):
            index.names.setdefault(company, {}).setdefault(name, cid)
            index.name_of[cid] = name
        for cid, company in session.execute(
                select(Contact.id, Contact.company_sort).where(~named,
                                                               Contact.company_sort != "")):
            index.nameless.setdefault(company, cid)
        return index

    def _same_person(self, cid: int, name: str) -> bool:
        other = self.name_of.get(cid, "")
        return not (name and other) or fuzz.token_sort_ratio(name, other) >= SAME_PERSON_SCORE

    def find(self, record: ContactRecord, e164s: list[str], company: str) -> Match | None:
        """The stored contact this (cleaned) record duplicates; ``e164s`` of its phones."""
        if record.uid and (cid := self.uids.get(record.uid)) is not None:
            return Match(cid, "UID")
        name = name_key_of(record)
        for e in record.emails:
            cid = self.emails.get(e.address.lower())
            if cid is not None and self._same_person(cid, name):
                return Match(cid, "e-mail")
        for e164 in e164s:
            cid = self.phones.get(e164) if e164 else None
            if cid is not None and self._same_person(cid, name):
                return Match(cid, "phone")
        company_key = key_of(company)
        if not name:  # a card for a company: the same company's nameless card
            cid = self.nameless.get(company_key) if company_key else None
            if cid is not None and not record.emails and not record.phones:
                return Match(cid, "company")
            return None
        people = self.names.get(company_key)
        if not people:
            return None
        if (cid := people.get(name)) is not None:
            return Match(cid, "name and company")
        if company_key:
            best = process.extractOne(name, people.keys(), scorer=fuzz.ratio,
                                      score_cutoff=NAME_SCORE)
            if best is not None:
                return Match(people[best[0]], "name and company")
        return None

    def add(self, contact_id: int, record: ContactRecord, e164s: list[str],
            company: str) -> None:
        """Remember a contact this import wrote, so later records can match it."""
        if record.uid:
            self.uids.setdefault(record.uid, contact_id)
        for e in record.emails:
            self.emails.setdefault(e.address.lower(), contact_id)
        for e164 in e164s:
            if e164:
                self.phones.setdefault(e164, contact_id)
        if name := name_key_of(record):
            self.names.setdefault(key_of(company), {}).setdefault(name, contact_id)
            self.name_of.setdefault(contact_id, name)
        elif company_key := key_of(company):
            self.nameless.setdefault(company_key, contact_id)
