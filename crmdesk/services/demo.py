"""Realistic demo data: contacts and accounts with Danish, German, French and English names,
their calendar (``demo_calendar``), their sales (``demo_sales``), and their cases and
campaigns (``demo_service``).

Seeded, so the same N always gives the same database.  Rows are built in
Python, with the list columns and search text every save derives
(``derive``), and inserted in bulk (``bulk.BulkWriter``), then the search index
is filled in one statement: that is what lets 100,000 contacts go in within a
minute.
"""

from __future__ import annotations

import random
import struct
import zlib
from collections.abc import Callable
from datetime import date
from typing import NamedTuple

from sqlalchemy import func, select

from crmdesk.models import (
    Account,
    Address,
    Campaign,
    Case,
    Category,
    Contact,
    Email,
    Lead,
    Opportunity,
    Phone,
    Photo,
    contact_category,
)
from crmdesk.models.base import utcnow
from crmdesk.records import PhoneEntry, Relationship
from crmdesk.services import demo_pools as pools
from crmdesk.services import folding
from crmdesk.services.bulk import BulkWriter
from crmdesk.services.demo_calendar import CalendarMaker, Party
from crmdesk.services.demo_sales import SalesMaker
from crmdesk.services.demo_service import ServiceMaker
from crmdesk.services.derive import Folding, account_columns, contact_columns
from crmdesk.services.table_rows import (
    AccountAddressRow,
    AccountEmailRow,
    AccountPhoneRow,
    AccountRow,
    AddressRow,
    CategoryLinkRow,
    ContactRow,
    EmailRow,
    PhoneRow,
    PhotoRow,
)
from crmdesk.services.wiring import Services
from crmdesk.timezones import display_zone_name

Progress = Callable[[int, int], None]
CancelCheck = Callable[[], bool]
_BATCH = 2000
_PHONE_CC = {"da": ("45", 8, ""), "de": ("49", 10, "0"), "fr": ("33", 9, "0"),
             "en": ("44", 10, "0")}
_PHONE_KINDS = ("work", "mobile", "home")
_LOCALES = ("da", "de", "fr", "en")
_LOCALE_WEIGHTS = (30, 25, 15, 30)


class DemoCancelled(RuntimeError):
    """The user cancelled; nothing was written."""


class DemoError(RuntimeError):
    """Demo data goes only into an empty database."""


def identicon_png(seed: int, size: int = 96) -> bytes:
    """A symmetric 5x5 identicon as PNG, so demo cards have pictures without files."""
    rng = random.Random(seed)
    color = bytes((rng.randint(40, 200), rng.randint(40, 200), rng.randint(40, 200)))
    cells = [[rng.random() < 0.5 for _ in range(3)] for _ in range(5)]
    grid = [row + row[1::-1] for row in cells]
    cell = size // 6
    margin = (size - 5 * cell) // 2
    raw = bytearray()
    for y in range(size):
        raw.append(0)
        gy = (y - margin) // cell
        for x in range(size):
            gx = (x - margin) // cell
            on = 0 <= gx < 5 and 0 <= gy < 5 and (y - margin) >= 0 and (x - margin) >= 0
            raw += color if on and grid[gy][gx] else b"\xf0\xf0\xf0"

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b""))


class _Generator:
    def __init__(self, seed: int, region: str) -> None:
        self.rng = random.Random(seed)
        #: the locale whose numbers the user types nationally, without +CC
        self.local = {"DK": "da", "DE": "de", "FR": "fr", "GB": "en"}.get(region.upper(), "")

    def locale(self) -> str:
        return self.rng.choices(_LOCALES, _LOCALE_WEIGHTS)[0]

    def _digits(self, n: int, leads: str) -> str:
        return self.rng.choice(leads) + "".join(
            self.rng.choice("0123456789") for _ in range(n - 1))

    def phone(self, locale: str, city: str, mobile: bool = False) -> str:
        """A real-looking number as a salesperson in the user's region types it: its
        country's own grouping, the city's area code (or a mobile prefix); local ones
        mostly nationally ("030 12345678"), foreign ones with +CC ("+49 30 12345678")."""
        rng = self.rng
        code = (rng.choice(pools.MOBILE_CODES[locale]) if mobile
                else pools.AREA_CODES.get(city) or rng.choice(pools.MOBILE_CODES[locale]))
        cc, length, trunk = _PHONE_CC[locale]
        rest = self._digits(length - len(code), pools.SUBSCRIBER_LEADS.get(code, "23456789"))
        if locale == "da":
            nsn = code + rest
            national = " ".join(nsn[i:i + 2] for i in range(0, 8, 2))
            international = national
        elif locale == "fr":
            pairs = " ".join(rest[i:i + 2] for i in range(0, 8, 2))
            national, international = f"0{code} {pairs}", f"{code} {pairs}"
        elif locale == "en" and len(code) == 2:  # London: 020 7946 0123
            national, international = (f"0{code} {rest[:4]} {rest[4:]}",
                                       f"{code} {rest[:4]} {rest[4:]}")
        elif locale == "en" and len(code) == 3:  # 0161 496 0123
            national, international = (f"0{code} {rest[:3]} {rest[3:]}",
                                       f"{code} {rest[:3]} {rest[3:]}")
        else:  # German numbers, British mobiles and four-digit areas: 0171 2345678
            national, international = f"0{code} {rest}", f"{code} {rest}"
        if not trunk:
            national = international
        if locale == self.local and rng.random() >= 0.25:
            return national
        return f"+{cc} {international}"

    def company_name(self, taken: dict[str, str]) -> tuple[str, str]:
        """A new company name in a random locale, in its language: ``Jysk Logistik A/S``,
        ``Weber Beratung GmbH``, ``Hansen & Møller Handel ApS``; never a city or a number
        tacked on to tell namesakes apart (the partner names give plenty of others)."""
        locale = self.locale()
        rng = self.rng
        words, forms = pools.COMPANY_WORDS[locale]
        trades = pools.COMPANY_TRADES[locale]
        last = pools.LAST[locale]
        for attempt in range(200):
            if attempt < 10:
                stem = rng.choice(words if rng.random() < 0.6 else last)
            else:
                stem = f"{rng.choice(last)} & {rng.choice(last)}"
            name = f"{stem} {rng.choice(trades)} {rng.choice(forms)}"
            if name not in taken:
                return name, locale
        raise DemoError("Too many companies for the demo's names; ask for fewer contacts.")


class _Person(NamedTuple):
    """What ``derive.contact_columns`` reads of a demo contact."""

    first_name: str
    last_name: str
    job_title: str
    department: str
    notes: str
    phones: list[PhoneRow]
    emails: list[EmailRow]
    addresses: list[AddressRow]
    prefix: str = ""
    middle_name: str = ""
    suffix: str = ""
    nickname: str = ""
    custom_fields: tuple[()] = ()


class _Company(NamedTuple):
    """What ``derive.account_columns`` reads of a demo account."""

    name: str
    account_number: str
    industry: str
    notes: str
    phones: list[AccountPhoneRow]
    emails: list[AccountEmailRow]
    addresses: list[AccountAddressRow]


class _Parent(NamedTuple):
    id: int
    parent_id: int


class _Primary(NamedTuple):
    id: int
    primary_contact_id: int


class _CategoryRow(NamedTuple):
    id: int
    name: str
    key: str


def fill(services: Services, contacts: int, *, seed: int = 20261126,
         progress: Progress | None = None, cancelled: CancelCheck | None = None) -> None:
    """Fill an empty database with ``contacts`` people and about a fifth as many accounts."""
    db = services.db
    progress = progress or (lambda done, total: None)
    cancelled = cancelled or (lambda: False)
    with db.writing() as session:
        if session.scalar(select(func.count(Contact.id))) or session.scalar(
                select(func.count(Account.id))):
            raise DemoError("The database already holds contacts; demo data goes only into an "
                            "empty database. Choose a new file with --db.")
        if contacts <= 0:
            return
        writer = BulkWriter(session)
        region = services.contacts.region()
        fold = Folding(region)
        gen = _Generator(seed, region)
        rng = gen.rng
        now = utcnow()
        category_ids = writer.reserve_ids(Category.__table__, len(pools.CATEGORIES))
        categories = [_CategoryRow(i, n, n.casefold())
                      for i, n in zip(category_ids, pools.CATEGORIES, strict=True)]
        writer.insert(Category.__table__, categories)
        n_accounts = max(1, contacts // 5)
        account_names: dict[str, str] = {}
        while len(account_names) < n_accounts:
            name, locale = gen.company_name(account_names)
            account_names[name] = locale
        account_ids = writer.reserve_ids(Account.__table__, n_accounts)
        kinds = [r.value for r in Relationship]
        account_rows: list[AccountRow] = []
        parents: list[_Parent] = []
        child: dict[str, list[tuple]] = {"phone": [], "email": [], "address": []}
        account_meta: list[tuple[str, str, str, str]] = []  # name, domain, locale, city
        companies: list[Party] = []
        people: list[Party] = []
        competitors: list[int] = []
        names: dict[int, tuple[str, str, str]] = {}  # a contact's first, last name, title
        for i, (name, locale) in enumerate(account_names.items(), start=1):
            aid = account_ids[i - 1]
            city, postcode, street = rng.choice(pools.PLACES[locale])
            typed = gen.phone(locale, city)
            domain = "-".join(folding.words(name)[:2]) + "." + {
                "da": "dk", "de": "de", "fr": "fr", "en": "co.uk"}[locale]
            email = f"info@{domain}"
            relationship = kinds[i % len(kinds)]
            industry = rng.choice(pools.INDUSTRIES)
            if i > 10 and rng.random() < 0.08:
                parents.append(_Parent(aid, account_ids[rng.randint(1, i - 1) - 1]))
            place = [AccountAddressRow(aid, 0, "work", f"{street} {rng.randint(1, 120)}",
                                       postcode, city, "", pools.COUNTRY[locale])]
            info = fold.phones_in([PhoneEntry(typed, "main")], place)[0]
            company = _Company(
                name, f"{10000 + i}", industry, "",
                [AccountPhoneRow(aid, 0, "main", typed, info[0])],
                [AccountEmailRow(aid, 0, "work", email, email)], place)
            account_rows.append(AccountRow(
                aid, name, company.account_number, industry, f"https://www.{domain}", "",
                relationship, now, now, 1,
                *account_columns(company, (), fold, phone_info=[info])))
            child["phone"] += company.phones
            child["email"] += company.emails
            child["address"] += company.addresses
            account_meta.append((name, domain, locale, city))
            companies.append(Party("account", aid, name, locale, typed, email))
            if relationship == Relationship.COMPETITOR.value:
                competitors.append(aid)
        writer.insert(Account.__table__, account_rows)
        writer.update(Account.__table__, parents, ("parent_id",))
        _flush_children(writer, child)
        contact_ids = writer.reserve_ids(Contact.__table__, contacts)
        primary: dict[int, int] = {}
        total = contacts
        rows: list[ContactRow] = []
        photos: list[PhotoRow] = []
        links: list[CategoryLinkRow] = []
        for n, cid in enumerate(contact_ids, start=1):
            if cancelled():
                raise DemoCancelled("Cancelled; no demo data was added.")
            index = rng.randint(1, n_accounts) if rng.random() < 0.85 else None
            account_id = account_ids[index - 1] if index else None
            # people work where they live: a Danish company's people are Danish
            company_name, domain, locale, office = (
                account_meta[index - 1] if index else ("", "", gen.locale(), ""))
            first = rng.choice(pools.FIRST[locale])
            last = rng.choice(pools.LAST[locale])
            if account_id and account_id not in primary:
                primary[account_id] = cid
            local = ".".join(folding.words(f"{first} {last}"))
            addresses = [f"{local}@{domain or rng.choice(pools.MAIL_DOMAINS[locale])}"]
            if rng.random() < 0.3:
                addresses.append(f"{local}{rng.randint(1, 99)}@example.com")
            city, postcode, street = rng.choice(pools.PLACES[locale])
            numbers = [gen.phone(locale, (office or city, "", city)[pos], mobile=pos == 1)
                       for pos in range(rng.choice((1, 1, 2, 2, 3)))]
            title = rng.choice(pools.TITLES[locale]) if account_id else ""
            department = rng.choice(pools.DEPARTMENTS[locale]) if account_id else ""
            notes = rng.choice(pools.NOTES[locale])
            cats = rng.sample(categories, k=rng.choice((0, 0, 0, 1, 1, 2)))
            relationship = kinds[n % len(kinds)]
            birthday = (date(rng.randint(1950, 2000), rng.randint(1, 12), rng.randint(1, 28))
                        if rng.random() < 0.4 else None)
            place = [AddressRow(cid, 0, "work" if account_id else "home",
                                f"{street} {rng.randint(1, 120)}", postcode, city, "",
                                pools.COUNTRY[locale])]
            infos = fold.phones_in([PhoneEntry(typed, _PHONE_KINDS[pos])
                                    for pos, typed in enumerate(numbers)], place)
            person = _Person(
                first, last, title, department, notes,
                [PhoneRow(cid, pos, _PHONE_KINDS[pos], typed, e164)
                 for pos, (typed, (e164, _)) in enumerate(zip(numbers, infos, strict=True))],
                [EmailRow(cid, pos, "work" if pos == 0 else "home", email, email.lower())
                 for pos, email in enumerate(addresses)], place)
            derived = contact_columns(person, company_name, [c.name for c in cats], fold,
                                      phone_info=infos)
            rows.append(ContactRow(
                cid, account_id, "", first, "", last, "", "", title, department, birthday, "",
                notes, relationship, "", now, now, 1, *derived))
            people.append(Party("contact", cid, derived.display_name, locale, numbers[0],
                                addresses[0], account_id))
            names[cid] = (first, last, title)
            child["phone"] += person.phones
            child["email"] += person.emails
            child["address"] += person.addresses
            links += [CategoryLinkRow(cid, c.id) for c in cats]
            if rng.random() < 0.03:
                photos.append(PhotoRow(cid, "image/png", identicon_png(cid)))
            if len(rows) >= _BATCH:
                _flush_contacts(writer, rows, child, photos, links)
                progress(n, total)
        _flush_contacts(writer, rows, child, photos, links)
        writer.update(Account.__table__, [
            _Primary(account_id, contact_id) for account_id, contact_id in primary.items()
            if rng.random() < 0.7], ("primary_contact_id",))
        CalendarMaker(writer, rng, display_zone_name(services.settings.time_zone),
                      now).fill(people, companies)
        SalesMaker(writer, gen, fold, now, date.today(), services.settings.default_currency,
                   region, services.settings.user).fill(people, companies, names, competitors)
        ServiceMaker(writer, rng, fold, now, date.today(), services.settings.default_currency,
                     services.settings.user).fill(people, companies)
        for model in (Account, Contact, Lead, Opportunity, Case, Campaign):
            services.index.rebuild(session, model)
        progress(total, total)


def _flush_children(writer: BulkWriter, child: dict[str, list[tuple]]) -> None:
    for model, key in ((Phone, "phone"), (Email, "email"), (Address, "address")):
        writer.insert(model.__table__, child[key])
        child[key].clear()


def _flush_contacts(writer: BulkWriter, rows: list[ContactRow], child: dict[str, list[tuple]],
                    photos: list[PhotoRow], links: list[CategoryLinkRow]) -> None:
    writer.insert(Contact.__table__, rows)
    rows.clear()
    _flush_children(writer, child)
    writer.insert(Photo.__table__, photos)
    photos.clear()
    writer.insert(contact_category, links)
    links.clear()
