"""A record's list columns and search text, derived from its own values: one rule.

Lists show and sort by columns stored on the row, and search matches a folded
text stored beside them (``docs/DECISIONS.md``, "Display columns are stored on
the row").  :func:`contact_columns` and :func:`account_columns` derive them for
every write: an ordinary save (``party_fields``, on the ORM row), the import's
bulk rows (``importing.rows``) and its undo, and the demo data.  They read plain
values, so the values may be a record (``records.ContactRecord``) or an ORM row,
and this module imports no database layer: the import's reading process, which
never loads SQLAlchemy, works out the first half (:func:`contact_text`) there.

The search text is every folded spelling of every word, once, in the order
``folding.index_text`` gives (name fields, company, notes, e-mails, cities,
custom field values, categories), then each phone's search forms, then each phone's
digits reversed (``phones.suffix_token``: a search by a number's last digits is a
prefix query).  ``index_text(*values)`` is the concatenation of each word's own index
text, each form once, so a :class:`Folding` memoises it per word and per value: names,
titles, companies, cities and categories repeat from record to record, and folding
them was most of an import's time.  A phone number is parsed once for its E.164 form
and its search forms (:func:`phone_forms`), in the region its record's own address
gives (:meth:`Folding.phones_of`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, Protocol

import phonenumbers

from crmdesk.services import folding, phones
from crmdesk.services.collation import Collation, collation_for, language_of
from crmdesk.services.intl_phones import international_forms
from crmdesk.services.names import Named, display_name_of, key_of, name_key_of, sort_source_of

_WORD_CACHE = 30_000  # words repeat (names, cities, notes): the memo pays; ~5 MB
_PHONE_CACHE = 30_000  # numbers repeat less (switchboards, re-imports); ~10 MB
#: what a list shows for a contact with no name, company, e-mail or phone
NO_NAME = "(no name)"

#: A phone's (E.164, search forms joined by spaces), from :meth:`Folding.phone`
PhoneInfo = tuple[str, str]


class HasNumber(Protocol):
    number: str
    kind: str


class HasAddress(Protocol):
    address: str


class HasCity(Protocol):
    city: str
    kind: str
    country: str


class HasValue(Protocol):
    value: str


class PartyValues(Protocol):
    """What the derivation reads of any party: its phones, e-mails and addresses."""

    @property
    def phones(self) -> Sequence[HasNumber]: ...
    @property
    def emails(self) -> Sequence[HasAddress]: ...
    @property
    def addresses(self) -> Sequence[HasCity]: ...


class ContactValues(Named, PartyValues, Protocol):
    job_title: str
    department: str
    notes: str

    @property
    def custom_fields(self) -> Sequence[HasValue]: ...


class AccountValues(PartyValues, Protocol):
    name: str
    account_number: str
    industry: str
    notes: str


class ContactColumns(NamedTuple):
    """The stored columns of a contact that lists show, sort by, search and match."""

    display_name: str
    sort_name: str  # the sort keys (``ContactOrder``): in the user's language
    letter: str
    main_phone: str
    main_email: str
    city: str
    company_sort: str
    city_sort: str
    name_key: str  # the matching keys: folded, whatever the language
    company_key: str
    search_text: str


class AccountColumns(NamedTuple):
    """The stored columns of an account that lists show, sort by, search and match."""

    display_name: str
    sort_name: str
    letter: str
    main_phone: str
    main_email: str
    city: str
    city_sort: str
    name_key: str
    search_text: str


class ContactOrder(NamedTuple):
    """A contact's sort keys (``collation``) and the Rolodex letter it is filed under,
    the columns ``sort_keys.rekey`` rebuilds: both follow the language."""

    sort_name: str
    company_sort: str
    city_sort: str
    letter: str  # ``collation.heading(sort_name)``: the tab and the printed heading agree


class AccountOrder(NamedTuple):
    """An account's sort keys and Rolodex letter."""

    sort_name: str
    city_sort: str
    letter: str


class ContactText(NamedTuple):
    """What a contact's columns need from folding its own fields (:func:`contact_text`).
    The import works it out where the record is read, with the company as the file
    spells it; strings, not lists, as the reading process sends it to the writing one
    and one string pickles faster than forty."""

    words: str  # the search words of the name fields, company, notes, e-mails, cities
    #             and custom field values, each once, in order, joined by spaces
    company_words: str  # the company's folded words, joined by spaces
    company_key: str  # names.key_of(company)
    display: str  # display_name_of(values); "" when it has no name
    name_key: str  # names.name_key_of(values); "" when it has no name
    company: str  # the company it was folded with


class AccountText(NamedTuple):
    """What an account's columns need from folding its own fields (:func:`account_text`)."""

    words: str  # the search words of its name, number, industry, notes, e-mails and
    #             cities, each once, in order, joined by spaces
    name_key: str  # names.key_of(name)


class Folding:
    """Folded words, sort keys and parsed phone numbers, memoised (bounded) for many rows
    in a row: one per import or demo fill; a single save makes its own."""

    def __init__(self, region: str) -> None:
        self.region = region
        self.collation = collation_for(language_of(region))
        self._folded: dict[str, list[str]] = {}
        self._values: dict[str, dict[str, None]] = {}
        self._phones: dict[str, PhoneInfo] = {}

    def _word(self, word: str) -> list[str]:
        forms = self._folded.get(word)
        if forms is None:
            if len(self._folded) > _WORD_CACHE:
                self._folded.clear()
            forms = self._folded[word] = folding.index_text(word).split()
        return forms

    def words(self, value: str) -> dict[str, None]:
        """The folded forms of one value's words, each once, in order."""
        forms = self._values.get(value)
        if forms is None:
            if len(self._values) > _WORD_CACHE:
                self._values.clear()
            known = self._folded.get  # most words are known: no method call for them
            forms = self._values[value] = {
                form: None for word in folding.WORD.findall(value)
                for form in known(word) or self._word(word)}
        return forms

    def phone(self, number: str, region: str | None = None) -> PhoneInfo:
        """(E.164, search forms) of a typed number read in ``region`` (the default region
        when None); the same number is parsed once."""
        key: str | tuple[str, str] = number
        if region is not None and region != self.region:
            key = (number, region)
        found = self._phones.get(key)
        if found is None:
            if len(self._phones) > _PHONE_CACHE:
                self._phones.clear()
            e164, forms = phone_forms(number, region or self.region)
            found = self._phones[key] = (e164, " ".join(forms))
        return found

    def phones_of(self, values: PartyValues, fallback: str | None = None) -> list[PhoneInfo]:
        """:meth:`phone` of each of a record's phones (:meth:`phones_in`)."""
        return self.phones_in(values.phones, values.addresses, fallback)

    def phones_in(self, numbers: Sequence[HasNumber], addresses: Sequence[HasCity],
                  fallback: str | None = None) -> list[PhoneInfo]:
        """:meth:`phone` of each number, read in the region the record's ``addresses``
        give (``phones.region_for``), else in ``fallback`` (by default the default
        region)."""
        default = fallback or self.region
        if not addresses:  # the usual record: no evidence but the default
            return [self.phone(p.number, default) for p in numbers]
        return [self.phone(p.number, p.number.lstrip().startswith("+") and default
                           or phones.region_for(p.kind, addresses, default))
                for p in numbers]


def contact_text(values: ContactValues, company: str, fold: Folding) -> ContactText:
    """The part of :func:`contact_columns` that needs only the contact's own fields and
    its company's name."""
    seen: dict[str, None] = {}
    words = fold.words
    for value in (values.prefix, values.first_name, values.middle_name, values.last_name,
                  values.suffix, values.nickname, values.job_title, values.department):
        if value:
            seen.update(words(value))
    company_words = words(company) if company else {}
    seen.update(company_words)
    for value in (values.notes, *(e.address for e in values.emails),
                  *(a.city for a in values.addresses), *(f.value for f in values.custom_fields)):
        if value:
            seen.update(words(value))
    source = sort_source_of(values)
    return ContactText(" ".join(seen), " ".join(company_words), key_of(company),
                       display_name_of(values), name_key_of(values) if source else "", company)


def contact_columns(values: ContactValues, company: str, categories: Sequence[str],
                    fold: Folding, *, phone_info: Sequence[PhoneInfo] | None = None,
                    text: ContactText | None = None) -> ContactColumns:
    """A contact's list columns and search text.

    ``company`` is the name of its account as stored, ``categories`` the stored names of
    its categories; ``phone_info`` is ``fold.phone`` of each of its phones and ``text``
    its :func:`contact_text`, when the caller has them already."""
    if text is None or text.company != company:
        text = contact_text(values, company, fold)
    if phone_info is None:
        phone_info = fold.phones_of(values)
    display = text.display or (
        company or (values.emails[0].address if values.emails else "")
        or (values.phones[0].number if values.phones else "") or NO_NAME)
    city = next((a.city for a in values.addresses if a.city), "")
    order = contact_order(values.last_name, values.first_name, values.middle_name, company,
                          display, city, fold.collation)
    words = dict.fromkeys(text.words.split())
    for name in categories:
        words.update(fold.words(name))
    forms = _phone_text(values.phones, phone_info)
    return ContactColumns(
        display, order.sort_name, order.letter,
        values.phones[0].number if values.phones else "",
        values.emails[0].address if values.emails else "",
        city, order.company_sort, order.city_sort, text.name_key, text.company_key,
        (" ".join(words) + " " + forms).strip())


def contact_order(last_name: str, first_name: str, middle_name: str, company: str,
                  display: str, city: str, collation: Collation) -> ContactOrder:
    """A contact's sort keys: filed by "last first middle" like a Rolodex, else by its
    company, else by what it shows; "" (last in a list, under ``#``) when it shows
    :data:`NO_NAME`, which is no name to sort by.  Its letter is the first of that key's
    letters in the language's alphabet (Østergaard under Ø in Danish, under O in German)."""
    name = " ".join(filter(None, (collation.key(last_name), collation.key(first_name),
                                  collation.key(middle_name))))
    if not name:
        name = collation.key(company or (display if display != NO_NAME else ""))
    return ContactOrder(name, collation.key(company), collation.key(city),
                        collation.heading(name))


def account_order(name: str, city: str, collation: Collation) -> AccountOrder:
    key = collation.key(name)
    return AccountOrder(key, collation.key(city), collation.heading(key))


def account_text(values: AccountValues, fold: Folding) -> AccountText:
    """The part of :func:`account_columns` that needs only the account's own fields."""
    seen: dict[str, None] = {}
    for value in (values.name, values.account_number, values.industry, values.notes,
                  *(e.address for e in values.emails), *(a.city for a in values.addresses)):
        if value:
            seen.update(fold.words(value))
    return AccountText(" ".join(seen), key_of(values.name))


def account_columns(values: AccountValues, categories: Sequence[str], fold: Folding, *,
                    phone_info: Sequence[PhoneInfo] | None = None,
                    text: AccountText | None = None) -> AccountColumns:
    """An account's list columns, search text and name key; filed by its name.

    ``phone_info`` is ``fold.phone`` of each of its phones and ``text`` its
    :func:`account_text`, when the caller has them already."""
    if text is None:
        text = account_text(values, fold)
    if phone_info is None:
        phone_info = fold.phones_of(values)
    words = text.words
    if categories:
        found = dict.fromkeys(words.split())
        for name in categories:
            found.update(fold.words(name))
        words = " ".join(found)
    forms = _phone_text(values.phones, phone_info)
    city = next((a.city for a in values.addresses if a.city), "")
    order = account_order(values.name, city, fold.collation)
    return AccountColumns(
        values.name, order.sort_name, order.letter,
        values.phones[0].number if values.phones else "",
        values.emails[0].address if values.emails else "",
        city, order.city_sort, text.name_key, (words + " " + forms).strip())


def _phone_text(numbers: Sequence[HasNumber], phone_info: Sequence[PhoneInfo]) -> str:
    """Each phone's search forms, then each one's ``phones.suffix_token`` (at the end, so
    that migration 0006 could add them to stored text in the same place)."""
    forms = [f for _, f in phone_info if f]
    forms += [t for p, (e164, _) in zip(numbers, phone_info, strict=True)
              if (t := phones.suffix_token(p.number, e164))]
    return " ".join(forms)


def phone_forms(typed: str, region: str) -> tuple[str, list[str]]:
    """``phones.normalise`` then ``phones.search_forms``, with one parse instead of two.

    ``search_forms`` re-parses the E.164 text only to get the national number, which
    the first parse already holds (a test checks the two agree); a number written
    ``+CC ...`` takes the fast path of ``intl_phones``.
    """
    text = typed.strip()
    fast = international_forms(text)
    if fast is not None:
        return fast
    number = phones.read(text, region)
    if number is None or not phones.possible(number):  # kept as typed
        typed_digits = phones.digits(text)
        return "", [typed_digits] if typed_digits else []
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    forms = [phones.digits(text), e164.lstrip("+"), str(number.national_number),
             phones.digits(national)]
    return e164, [f for f in dict.fromkeys(forms) if f]


class LeadValues(Protocol):
    """What the derivation reads of a lead (a ``LeadRecord`` or a ``Lead`` row)."""

    first_name: str
    last_name: str
    company: str
    job_title: str
    phone: str
    mobile: str
    email: str
    city: str
    notes: str


class LeadColumns(NamedTuple):
    """The stored columns of a lead that lists show, sort by and search."""

    display_name: str
    sort_name: str
    letter: str
    search_text: str


class OpportunityValues(Protocol):
    topic: str
    customer_name: str
    notes: str


class OpportunityColumns(NamedTuple):
    display_name: str
    sort_name: str
    search_text: str


def lead_columns(values: LeadValues, fold: Folding) -> LeadColumns:
    """A lead's list columns: shown as "first last" (else its company, e-mail or phone),
    filed like a contact by "last first" (else the company), searched by its name,
    company, title, e-mail, city, notes and phones."""
    name = " ".join(p.strip() for p in (values.first_name, values.last_name) if p.strip())
    display = (name or values.company.strip() or values.email.strip() or values.phone.strip()
               or values.mobile.strip() or NO_NAME)
    order = contact_order(values.last_name, values.first_name, "", values.company, display,
                          values.city, fold.collation)
    words: dict[str, None] = {}
    for value in (values.first_name, values.last_name, values.company, values.job_title,
                  values.email, values.city, values.notes):
        if value:
            words.update(fold.words(value))
    numbers = [_Number(n) for n in (values.phone, values.mobile) if n.strip()]
    forms = _phone_text(numbers, [fold.phone(n.number) for n in numbers])
    return LeadColumns(display, order.sort_name, order.letter,
                       (" ".join(words) + " " + forms).strip())


def opportunity_columns(values: OpportunityValues, fold: Folding) -> OpportunityColumns:
    """An opportunity's list columns: shown and sorted by its topic, searched by its
    topic, customer and notes."""
    display = values.topic.strip() or NO_NAME
    words: dict[str, None] = {}
    for value in (values.topic, values.customer_name, values.notes):
        if value:
            words.update(fold.words(value))
    return OpportunityColumns(display, fold.collation.key(values.topic.strip()),
                              " ".join(words))


class CaseValues(Protocol):
    ticket_number: str
    title: str
    customer_name: str
    product: str
    serial_number: str
    notes: str


def case_columns(values: CaseValues, fold: Folding) -> OpportunityColumns:
    """A case's list columns: shown and sorted by its title, searched by its title,
    ticket number (whole and its counter alone: "42" finds CAS-2026-00042), customer,
    product, serial number and notes."""
    display = values.title.strip() or NO_NAME
    words: dict[str, None] = {}
    for value in (values.title, values.ticket_number, values.customer_name, values.product,
                  values.serial_number, values.notes):
        if value:
            words.update(fold.words(value))
    if counter := values.ticket_number.rpartition("-")[2].lstrip("0"):
        words[counter] = None
    return OpportunityColumns(display, fold.collation.key(values.title.strip()),
                              " ".join(words))


class CampaignValues(Protocol):
    name: str
    notes: str


def campaign_columns(values: CampaignValues, fold: Folding) -> OpportunityColumns:
    """A campaign's list columns: shown, sorted and searched by its name (and notes)."""
    display = values.name.strip() or NO_NAME
    words: dict[str, None] = {}
    for value in (values.name, values.notes):
        if value:
            words.update(fold.words(value))
    return OpportunityColumns(display, fold.collation.key(values.name.strip()),
                              " ".join(words))


class _Number(NamedTuple):
    number: str
    kind: str = "work"
