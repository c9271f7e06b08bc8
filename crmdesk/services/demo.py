"""Realistic demo data: contacts and accounts with Danish, German, French and English names.

Seeded, so the same N always gives the same database.  Rows are built in
Python and inserted in bulk (executemany), then the search index is filled in
one statement: that is what lets 100,000 contacts go in within a minute.
"""

from __future__ import annotations

import random
import struct
import zlib
from collections.abc import Callable
from datetime import date

from sqlalchemy import func, insert, select

from crmdesk.db import ids_assigned
from crmdesk.models import (
    Account,
    Address,
    Category,
    Contact,
    Email,
    Phone,
    Photo,
    contact_category,
)
from crmdesk.models.base import utcnow
from crmdesk.records import Relationship
from crmdesk.services import demo_pools as pools
from crmdesk.services import folding, phones
from crmdesk.services.party_fields import name_key
from crmdesk.services.wiring import Services

Progress = Callable[[int, int], None]
CancelCheck = Callable[[], bool]
_BATCH = 2000
_PHONE_CC = {"da": ("45", 8, ""), "de": ("49", 10, "0"), "fr": ("33", 9, "0"),
             "en": ("44", 10, "0")}
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
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def locale(self) -> str:
        return self.rng.choices(_LOCALES, _LOCALE_WEIGHTS)[0]

    def phone(self, locale: str) -> tuple[str, str, list[str]]:
        """A typed number in the local style, its E.164 form and its search forms."""
        cc, length, trunk = _PHONE_CC[locale]
        lead = {"da": "23456789", "de": "3456789", "fr": "12345", "en": "27"}[locale]
        nsn = self.rng.choice(lead) + "".join(
            self.rng.choice("0123456789") for _ in range(length - 1))
        style = self.rng.random()
        if locale == "da":
            typed = " ".join(nsn[i:i + 2] for i in range(0, 8, 2))
        elif locale == "fr":
            typed = "0" + nsn[0] + " " + " ".join(nsn[i:i + 2] for i in range(1, 9, 2))
        else:
            typed = trunk + nsn[:3] + " " + nsn[3:]
        if locale != "da" or style < 0.4:  # a Danish salesperson stores foreign numbers whole
            typed = f"+{cc} " + (typed[len(trunk):] if trunk and typed.startswith(trunk)
                                 else typed)
        e164 = f"+{cc}{nsn}"
        forms = [phones.digits(typed), cc + nsn, nsn] + ([trunk + nsn] if trunk else [])
        return typed, e164, list(dict.fromkeys(forms))

    def company_name(self, taken: dict[str, str]) -> tuple[str, str]:
        """A new company name in a random locale: ``Jysk Logistics A/S``, ``Weber Foods GmbH``.

        Once the plain names run out, a branch city tells namesakes apart, as in life.
        """
        locale = self.locale()
        words, forms = pools.COMPANY_WORDS[locale]
        stem = self.rng.choice(words if self.rng.random() < 0.6 else pools.LAST[locale])
        name = f"{stem} {self.rng.choice(pools.COMPANY_TRADES)} {self.rng.choice(forms)}"
        if name in taken:
            name = f"{name} {self.rng.choice(pools.PLACES[locale])[0]}"
        if name in taken:
            name = f"{name} {len(taken)}"
        return name, locale


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
        gen = _Generator(seed)
        rng = gen.rng
        now = utcnow()
        categories = [
            {"id": i + 1, "name": n, "key": n.casefold()} for i, n in enumerate(pools.CATEGORIES)
        ]
        session.execute(insert(Category), categories)
        n_accounts = max(1, contacts // 5)
        account_names: dict[str, str] = {}
        while len(account_names) < n_accounts:
            name, locale = gen.company_name(account_names)
            account_names[name] = locale
        kinds = [r.value for r in Relationship]
        account_rows, child = [], {"phone": [], "email": [], "address": []}
        account_meta: list[tuple[str, str]] = []
        for i, (name, locale) in enumerate(account_names.items(), start=1):
            city, postcode, street = rng.choice(pools.PLACES[locale])
            typed, e164, forms = gen.phone(locale)
            domain = "-".join(folding.words(name)[:2]) + "." + {
                "da": "dk", "de": "de", "fr": "fr", "en": "co.uk"}[locale]
            email = f"info@{domain}"
            relationship = kinds[i % len(kinds)]
            industry = rng.choice(pools.INDUSTRIES)
            account_rows.append({
                "id": i, "name": name, "name_key": name_key(name),
                "account_number": f"{10000 + i}", "industry": industry,
                "website": f"https://www.{domain}", "notes": "", "relationships": relationship,
                "parent_id": (rng.randint(1, i - 1) if i > 10 and rng.random() < 0.08 else None),
                "primary_contact_id": None, "created": now, "modified": now, "version": 1,
                "display_name": name, "sort_name": folding.sort_key(name),
                "letter": folding.rolodex_letter(name), "main_phone": typed,
                "main_email": email, "city": city,
                "search_text": folding.index_text(name, industry, email, city) + " "
                + " ".join(forms),
            })
            child["phone"].append({"account_id": i, "contact_id": None, "position": 0,
                                   "kind": "main", "number": typed, "e164": e164})
            child["email"].append({"account_id": i, "contact_id": None, "position": 0,
                                   "kind": "work", "address": email, "address_key": email})
            child["address"].append({
                "account_id": i, "contact_id": None, "position": 0, "kind": "work",
                "street": f"{street} {rng.randint(1, 120)}", "postcode": postcode, "city": city,
                "region": "", "country": pools.COUNTRY[locale]})
            account_meta.append((name, domain))
        session.execute(insert(Account), account_rows)
        _flush_children(session, child)
        primary: dict[int, int] = {}
        total = contacts
        rows: list[dict] = []
        photos: list[dict] = []
        links: list[dict] = []
        for cid in range(1, contacts + 1):
            if cancelled():
                raise DemoCancelled("Cancelled; no demo data was added.")
            locale = gen.locale()
            first = rng.choice(pools.FIRST[locale])
            last = rng.choice(pools.LAST[locale])
            account_id = rng.randint(1, n_accounts) if rng.random() < 0.85 else None
            company, domain = account_meta[account_id - 1] if account_id else ("", "")
            if account_id and account_id not in primary:
                primary[account_id] = cid
            local = ".".join(folding.words(f"{first} {last}"))
            emails = [f"{local}@{domain or rng.choice(pools.MAIL_DOMAINS[locale])}"]
            if rng.random() < 0.3:
                emails.append(f"{local}{rng.randint(1, 99)}@example.com")
            city, postcode, street = rng.choice(pools.PLACES[locale])
            numbers = [gen.phone(locale) for _ in range(rng.choice((1, 1, 2, 2, 3)))]
            title = rng.choice(pools.TITLES) if account_id else ""
            department = rng.choice(pools.DEPARTMENTS) if account_id else ""
            notes = rng.choice(pools.NOTES)
            cats = rng.sample(categories, k=rng.choice((0, 0, 0, 1, 1, 2)))
            relationship = kinds[cid % len(kinds)]
            birthday = (date(rng.randint(1950, 2000), rng.randint(1, 12), rng.randint(1, 28))
                        if rng.random() < 0.4 else None)
            display = f"{first} {last}"
            search = folding.index_text(first, last, title, department, company, notes, city,
                                        *emails, *(c["name"] for c in cats))
            search += " " + " ".join(f for _, _, forms in numbers for f in forms)
            rows.append({
                "id": cid, "prefix": "", "first_name": first, "middle_name": "",
                "last_name": last, "suffix": "", "nickname": "", "job_title": title,
                "department": department, "account_id": account_id, "birthday": birthday,
                "website": "", "notes": notes, "relationships": relationship, "uid": "",
                "company_sort": name_key(company), "created": now, "modified": now,
                "version": 1, "display_name": display,
                "sort_name": folding.sort_key(f"{last} {first}"),
                "letter": folding.rolodex_letter(last), "main_phone": numbers[0][0],
                "main_email": emails[0], "city": city, "search_text": search,
            })
            kinds_phone = ("work", "mobile", "home")
            for pos, (typed, e164, _) in enumerate(numbers):
                child["phone"].append({"contact_id": cid, "account_id": None, "position": pos,
                                       "kind": kinds_phone[pos], "number": typed,
                                       "e164": e164})
            for pos, email in enumerate(emails):
                child["email"].append({"contact_id": cid, "account_id": None, "position": pos,
                                       "kind": "work" if pos == 0 else "home",
                                       "address": email, "address_key": email.lower()})
            child["address"].append({
                "contact_id": cid, "account_id": None, "position": 0,
                "kind": "work" if account_id else "home",
                "street": f"{street} {rng.randint(1, 120)}", "postcode": postcode,
                "city": city, "region": "", "country": pools.COUNTRY[locale]})
            links += [{"contact_id": cid, "category_id": c["id"]} for c in cats]
            if rng.random() < 0.03:
                photos.append({"contact_id": cid, "mime": "image/png",
                               "data": identicon_png(cid)})
            if len(rows) >= _BATCH:
                _flush_contacts(session, rows, child, photos, links)
                progress(cid, total)
        _flush_contacts(session, rows, child, photos, links)
        for account_id, contact_id in primary.items():
            if rng.random() < 0.7:
                session.execute(
                    Account.__table__.update().where(Account.id == account_id)
                    .values(primary_contact_id=contact_id))
        ids_assigned(session.connection(), "category", "account", "contact")
        services.index.rebuild(session, Account)
        services.index.rebuild(session, Contact)
        progress(total, total)


def _flush_children(session, child: dict[str, list[dict]]) -> None:  # noqa: ANN001
    for model, key in ((Phone, "phone"), (Email, "email"), (Address, "address")):
        if child[key]:
            session.execute(insert(model), child[key])
            child[key].clear()


def _flush_contacts(session, rows: list[dict], child: dict[str, list[dict]],  # noqa: ANN001
                    photos: list[dict], links: list[dict]) -> None:
    if rows:
        session.execute(insert(Contact), rows)
        rows.clear()
    _flush_children(session, child)
    if photos:
        session.execute(insert(Photo), photos)
        photos.clear()
    if links:
        session.execute(insert(contact_category), links)
        links.clear()
