"""Table rows for new contacts, computed in bulk (no ORM object per contact).

The list columns and search text are the ones ``refresh_contact_columns``
computes (a test compares the two), but each distinct phone number is parsed
once instead of three times, and ``folding.index_text`` is memoised per word
(``index_text(*values)`` is the concatenation of every word's own index text,
each form once, in order): words repeat across names, notes and cities, and
folding them was most of the time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

import phonenumbers

from crmdesk.records import (
    AddressEntry,
    ContactRecord,
    EmailEntry,
    PhoneEntry,
    relationships_text,
)
from crmdesk.services import folding, phones
from crmdesk.services.importing.intl_phones import international_forms
from crmdesk.services.names import display_name_of, sort_source_of

if TYPE_CHECKING:
    from crmdesk.services.importing.keys import Keys

_TEXT_FIELDS = ("prefix", "first_name", "middle_name", "last_name", "suffix", "nickname",
                "job_title", "department", "website", "notes", "uid")
_WORD_CACHE = 30_000  # words repeat (names, cities, notes): the memo pays; ~5 MB
_PHONE_CACHE = 30_000  # numbers repeat less (switchboards, re-imports); ~10 MB
_WORD = folding._WORD  # the word pattern index_text splits values with


_KEYS: dict[str, str] = {}

#: A phone's (E.164, search forms joined by spaces), from :meth:`RowBuilder.phone`
PhoneInfo = tuple[str, str]


class Folded(NamedTuple):
    """What a record's list columns and search text need from folding, worked out where
    it is read (:meth:`RowBuilder.fold`) with its company as the file spells it; the
    writer uses it when the stored account has that name.  Strings, not lists: the
    reading process sends them to the writing one, and one string pickles faster than
    forty."""

    words: str  # the search text's words of the name fields, company, notes, e-mails
    #             and cities, each once, in order, joined by spaces
    company: str  # the company's folded words, joined by spaces
    display: str  # display_name_of(record)
    letter: str  # the Rolodex letter of its name; "" when it has no name


def key_of(text: str) -> str:
    """``folding.sort_key`` (= ``party_fields.name_key``), memoised: an import asks for the
    same company and name keys several times per record."""
    key = _KEYS.get(text)
    if key is None:
        if len(_KEYS) > 50_000:
            _KEYS.clear()
        key = _KEYS[text] = folding.sort_key(text)
    return key


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
    values["categories"] = list(dict.fromkeys(c.strip() for c in record.categories
                                              if c.strip()))
    values.update(changes)
    return ContactRecord(**values)


#: The contact columns a :class:`Draft` holds, in its order; the importer appends
#: the ones known only when the contact is stored (:data:`STORED_COLUMNS`).
DRAFT_COLUMNS = ("prefix", "first_name", "middle_name", "last_name", "suffix", "nickname",
                 "job_title", "department", "birthday", "website", "notes", "relationships",
                 "uid", "company_sort", "version", "display_name", "sort_name", "letter",
                 "main_phone", "main_email", "city", "search_text")
STORED_COLUMNS = ("id", "account_id", "created", "modified")
PHONE_COLUMNS = ("position", "kind", "number", "e164")
EMAIL_COLUMNS = ("position", "kind", "address", "address_key")
ADDRESS_COLUMNS = ("position", "kind", "street", "postcode", "city", "region", "country")
#: Before a phone's, e-mail's, address's own columns.  Its other owner column,
#: ``account_id``, is left out (NULL): the sqlite3 module adapts every None it binds
#: through a failed attribute lookup, an exception each.
OWNER_COLUMNS = ("contact_id",)


class Draft(NamedTuple):
    """A new contact's rows, as tuples for executemany (building dicts and reading them
    back cost more than SQLite's insert)."""

    contact: tuple[Any, ...]  # DRAFT_COLUMNS + STORED_COLUMNS
    phones: list[tuple[Any, ...]]  # OWNER_COLUMNS + PHONE_COLUMNS
    emails: list[tuple[Any, ...]]  # OWNER_COLUMNS + EMAIL_COLUMNS
    addresses: list[tuple[Any, ...]]  # OWNER_COLUMNS + ADDRESS_COLUMNS


@dataclass
class ContactRows:
    contact: dict[str, Any]
    phones: list[dict[str, Any]]
    emails: list[dict[str, Any]]
    addresses: list[dict[str, Any]]


class RowBuilder:
    """Builds the rows of one new contact; holds the per-import memo of folded text."""

    def __init__(self, region: str) -> None:
        self.region = region
        self._folded: dict[str, list[str]] = {}
        self._values: dict[str, dict[str, None]] = {}
        self._phones: dict[str, PhoneInfo] = {}

    def index_words(self, word: str) -> list[str]:
        forms = self._folded.get(word)
        if forms is None:
            if len(self._folded) > _WORD_CACHE:
                self._folded.clear()
            forms = self._folded[word] = folding.index_text(word).split()
        return forms

    def value_words(self, value: str) -> dict[str, None]:
        """The folded forms of one value, each once, in order; memoised, as names, titles,
        companies, cities and categories repeat from contact to contact."""
        forms = self._values.get(value)
        if forms is None:
            if len(self._values) > _WORD_CACHE:
                self._values.clear()
            known = self._folded.get  # most words are known: no method call for them
            forms = self._values[value] = {
                form: None for word in _WORD.findall(value)
                for form in known(word) or self.index_words(word)}
        return forms

    def fold(self, rec: ContactRecord, company: str | None = None) -> Folded:
        """A record's :class:`Folded`, with ``company`` (default: its own) as its company;
        the words in the order ``index_text`` gives them: name fields, company, notes,
        e-mails, cities (the categories come later, with their stored names)."""
        seen: dict[str, None] = {}
        for value in (rec.prefix, rec.first_name, rec.middle_name, rec.last_name,
                      rec.suffix, rec.nickname, rec.job_title, rec.department):
            if value:
                seen.update(self.value_words(value))
        company = rec.company if company is None else company
        company_words = self.value_words(company) if company else {}
        seen.update(company_words)
        for value in (rec.notes, *(e.address for e in rec.emails),
                      *(a.city for a in rec.addresses)):
            if value:
                seen.update(self.value_words(value))
        source = sort_source_of(rec)
        return Folded(" ".join(seen), " ".join(company_words), display_name_of(rec),
                      folding.rolodex_letter(source) if source else "")

    def phone(self, number: str) -> PhoneInfo:
        """(E.164, search forms) of a typed number; the same number is parsed once."""
        found = self._phones.get(number)
        if found is None:
            if len(self._phones) > _PHONE_CACHE:
                self._phones.clear()
            e164, forms = phone_forms(number, self.region)
            found = self._phones[number] = (e164, " ".join(forms))
        return found


    def draft(self, rec: ContactRecord, phone_info: list[PhoneInfo],
              company: str, category_names: list[str], stored: tuple[Any, ...],
              folded: Folded | None = None,
              keys: Keys | None = None) -> Draft:
        """The rows of a cleaned record; ``company`` is the stored account's name,
        ``phone_info`` the (e164, search forms) of each phone, from :meth:`phone`,
        ``stored`` the values of :data:`STORED_COLUMNS`, and ``folded`` and ``keys``
        the record's :meth:`fold` and matching keys (whose folded name, company and
        e-mails are its sort and lookup keys), if known."""
        if folded is None or company != rec.company:
            folded = self.fold(rec, company)
        owner = (stored[0],)
        phone_rows: list[tuple[Any, ...]] = []
        forms: list[str] = []
        for pos, (p, (e164, phone_forms)) in enumerate(zip(rec.phones, phone_info,
                                                           strict=True)):
            if phone_forms:
                forms.append(phone_forms)
            phone_rows.append((*owner, pos, p.kind, p.number, e164))
        email_keys = keys.emails if keys is not None else [e.address.lower()
                                                           for e in rec.emails]
        email_rows = [(*owner, pos, e.kind, e.address, key)
                      for pos, (e, key) in enumerate(zip(rec.emails, email_keys, strict=True))]
        address_rows = [(*owner, pos, a.kind, a.street, a.postcode, a.city, a.region,
                         a.country) for pos, a in enumerate(rec.addresses)]
        display = folded.display or (
            company or (rec.emails[0].address if rec.emails else "")
            or (rec.phones[0].number if rec.phones else "") or "(no name)")
        if folded.letter and keys is not None:  # a name, and its key
            sort_key, letter = keys.name, folded.letter
        else:
            sort_source = sort_source_of(rec) or company or display
            sort_key, letter = key_of(sort_source), folding.rolodex_letter(sort_source)
        # the order index_text would give: name fields, company, notes, e-mails, cities,
        # categories; each form once
        words = dict.fromkeys(folded.words.split())
        for name in category_names:
            words.update(self.value_words(name))
        search = (" ".join(words) + " " + " ".join(forms)).strip()
        contact = (
            rec.prefix, rec.first_name, rec.middle_name, rec.last_name, rec.suffix,
            rec.nickname, rec.job_title, rec.department, rec.birthday, rec.website,
            rec.notes, relationships_text(rec.relationships) if rec.relationships else "",
            rec.uid, keys.company if keys is not None else key_of(company), 1,
            display, sort_key, letter,
            rec.phones[0].number if rec.phones else "",
            rec.emails[0].address if rec.emails else "",
            next((a.city for a in rec.addresses if a.city), ""), search, *stored)
        return Draft(contact, phone_rows, email_rows, address_rows)

    def build(self, rec: ContactRecord, phone_info: list[PhoneInfo],
              contact_id: int, account_id: int | None, company: str,
              category_names: list[str], now: Any,
              folded: Folded | None = None) -> ContactRows:
        """:meth:`draft` as column dicts, for a contact with an id."""
        d = self.draft(rec, phone_info, company, category_names,
                       (contact_id, account_id, now, now), folded)
        return ContactRows(
            dict(zip(DRAFT_COLUMNS + STORED_COLUMNS, d.contact, strict=True)),
            [dict(zip(OWNER_COLUMNS + PHONE_COLUMNS, r, strict=True)) for r in d.phones],
            [dict(zip(OWNER_COLUMNS + EMAIL_COLUMNS, r, strict=True)) for r in d.emails],
            [dict(zip(OWNER_COLUMNS + ADDRESS_COLUMNS, r, strict=True)) for r in d.addresses])


def phone_forms(typed: str, region: str) -> tuple[str, list[str]]:
    """``phones.normalise`` then ``phones.search_forms``, with one parse instead of two.

    ``search_forms`` re-parses the E.164 text only to get the national number,
    which the first parse already holds (a test checks the two agree).
    """
    text = typed.strip()
    fast = international_forms(text)
    if fast is not None:
        return fast
    try:
        number = phonenumbers.parse(text, region.upper())
    except phonenumbers.NumberParseException:
        parsed = phones.normalise(text, region)
        return parsed.e164, phones.search_forms(parsed)
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    forms = [phones.digits(text), e164.lstrip("+"), str(number.national_number),
             phones.digits(national)]
    return e164, [f for f in dict.fromkeys(forms) if f]
