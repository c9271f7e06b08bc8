"""A record read from a file, held to the contact dialog's rules before it is stored.

The readers take what a file says; this decides what of it can be stored as it
is, with the rules of :mod:`crmdesk.services.validation`, so a value the dialog
would refuse never arrives through an import looking valid:

* control characters are taken out of one-line fields (names, company, phone
  numbers, e-mail addresses ...) and out of notes (which keep tabs and line breaks);
* an e-mail address that is not one, or a "phone number" without a digit, moves to
  the notes ("E-mail (not an address): xyz") instead of the list of addresses; but
  ``Anna <anna@example.com>`` gives its address, and ``a@x.dk; b@y.dk`` both;
* no one-line field is longer than 1,000 characters and no notes longer than a
  million (a name of 50 MB is damage, not a name): the rest is cut off;
* a record with no name, company, e-mail address or phone number (a blank card, an
  Outlook row holding only a city) is not imported.

Each change is a :class:`Repair` of the record, each record left out a
:class:`Problem`, so the import report says what was done and where.  Phone numbers
with digits are kept as typed even when the dialog would question them (see
DECISIONS: imported numbers are kept, with an E.164 form when they parse).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from crmdesk.importers import ParsedContact, Problem, Repair
from crmdesk.importers.values import shown
from crmdesk.records import AddressEntry, ContactRecord, EmailEntry, PhoneEntry
from crmdesk.services.validation import CONTROL, CONTROL_MULTILINE, email_problem

_ONE_LINE = {
    "prefix": "prefix", "first_name": "first name", "middle_name": "middle name",
    "last_name": "last name", "suffix": "suffix", "nickname": "nickname",
    "job_title": "job title", "department": "department", "company": "company",
    "website": "website", "uid": "UID",
}
_DIGIT = re.compile(r"\d")
_ANGLED = re.compile(r"[^<>]*<([^<>]+)>\s*")
_SEPARATED = re.compile(r"[\s,;]+")
MAX_ONE_LINE = 1_000
MAX_NOTES = 1_000_000
_ADDRESS_PARTS = {"postcode": "postcode", "city": "city", "region": "region",
                  "country": "country", "kind": "label"}


def _one_line(text: str) -> str:
    """Line breaks and tabs become one space, other control characters go."""
    text = CONTROL.sub(lambda m: " " if m[0] in "\t\n\r\x0b\x0c\x85\u2028\u2029" else "",
                       text)
    return " ".join(text.split()) if "  " in text else text.strip()


class _Vetting:
    def __init__(self, item: ParsedContact) -> None:
        self.item = item
        self.repairs: list[Repair] = list(item.repairs)
        self.notes: list[str] = []

    def repair(self, reason: str) -> None:
        item = self.item
        self.repairs.append(Repair(item.line, f"record {item.record_no}: "
                                   f"{reason}", item.record_no))

    def text(self, value: str, label: str) -> str:
        if CONTROL.search(value):
            self.repair(f"control characters were taken out of the {label} {shown(value)}")
            value = _one_line(value)
        return self.cut(value, label, MAX_ONE_LINE)

    def multiline(self, value: str, label: str, limit: int = MAX_ONE_LINE) -> str:
        if CONTROL_MULTILINE.search(value):
            self.repair(f"control characters were taken out of the {label}")
            value = CONTROL_MULTILINE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
        return self.cut(value, label, limit)

    def cut(self, value: str, label: str, limit: int) -> str:
        if len(value) <= limit:
            return value
        self.repair(f"the {label} {'are' if label.endswith('s') else 'is'} {len(value):,} "
                    f"characters long; only the first {limit:,} were kept")
        return value[:limit]

    def emails(self, entries: Iterable[EmailEntry]) -> list[EmailEntry]:
        kept = []
        for e in entries:
            address = self.text(e.address, "e-mail address")
            if address and email_problem(address) is None:
                kept.append(EmailEntry(address, self.text(e.kind, "e-mail label")))
            elif found := _addresses_in(address):
                kind = self.text(e.kind, "e-mail label")
                kept += [EmailEntry(a, kind) for a in found]
                self.repair(f"{shown(address)} is not one e-mail address; "
                            f"{', '.join(found)} {'was' if len(found) == 1 else 'were'} "
                            "taken from it")
            elif address:
                self.notes.append(f"E-mail (not an address): {address}")
                self.repair(f"{shown(address)} is not an e-mail address; it is kept in the "
                            "notes")
        return kept

    def phones(self, entries: Iterable[PhoneEntry]) -> list[PhoneEntry]:
        kept = []
        for p in entries:
            number = self.text(p.number, "phone number")
            if _DIGIT.search(number):
                kept.append(PhoneEntry(number, self.text(p.kind, "phone label")))
            elif number:
                self.notes.append(f"Phone (not a number): {number}")
                self.repair(f"{shown(number)} is not a phone number (it has no digit); it is "
                            "kept in the notes")
        return kept

    def addresses(self, entries: Iterable[AddressEntry]) -> list[AddressEntry]:
        out = []
        for a in entries:
            parts = {k: self.text(getattr(a, k), f"address {label}")
                     for k, label in _ADDRESS_PARTS.items()}
            out.append(AddressEntry(street=self.multiline(a.street, "street"), **parts))
        return [a for a in out if not a.is_empty()]


def _addresses_in(text: str) -> list[str]:
    """The addresses in ``Anna <anna@example.com>`` or ``a@x.dk; b@y.dk``; [] if not all
    of the text is addresses."""
    angled = _ANGLED.fullmatch(text)
    if angled and email_problem(angled[1]) is None:
        return [angled[1].strip()]
    parts = [p for p in _SEPARATED.split(text) if p]
    if len(parts) > 1 and all(email_problem(p) is None for p in parts):
        return parts
    return []


def vet(item: ParsedContact, record: ContactRecord) -> tuple[ContactRecord, list[Repair]] | Problem:
    """``record`` (``item``'s, as :func:`rows.clean` left it) as it may be stored, with
    the repairs made to it (the reader's first); or a Problem when nothing is left that
    says who the record is."""
    if _fine(record):
        return record, list(item.repairs)
    v = _Vetting(item)
    values = dict(record.__dict__)
    for name, label in _ONE_LINE.items():
        if values[name]:
            values[name] = v.text(values[name], label)
    values["emails"] = v.emails(record.emails)
    values["phones"] = v.phones(record.phones)
    values["addresses"] = v.addresses(record.addresses)
    values["categories"] = list(dict.fromkeys(
        c for c in (v.text(c, "category") for c in record.categories) if c))
    notes = v.multiline(record.notes, "notes", MAX_NOTES) if record.notes else ""
    if v.notes:
        notes = "\n\n".join(x for x in (notes, "\n".join(v.notes)) if x)
    values["notes"] = notes
    rec = ContactRecord(**values)
    if not (rec.first_name or rec.middle_name or rec.last_name or rec.nickname or rec.company
            or rec.emails or rec.phones):
        return Problem(item.line, f"record {item.record_no} "
                       f"{_what_is_left(rec)}; it was not imported", item.record_no)
    return rec, v.repairs


def _fine(rec: ContactRecord) -> bool:
    """True for the usual record, which vetting leaves as it is: one pass over its text
    (a record whose one-line text is over 1,000 characters in all takes the long way)."""
    d = rec.__dict__
    if not (d["first_name"] or d["last_name"] or d["company"] or d["emails"] or d["phones"]
            or d["middle_name"] or d["nickname"]):
        return False
    parts = [d[name] for name in _ONE_LINE]
    for p in rec.phones:
        if not _DIGIT.search(p.number):
            return False
        parts += (p.number, p.kind)
    for e in rec.emails:
        if email_problem(e.address) is not None:
            return False
        parts += (e.address, e.kind)
    for a in rec.addresses:
        parts += (a.kind, a.postcode, a.city, a.region, a.country)
        if len(a.street) > MAX_ONE_LINE or CONTROL_MULTILINE.search(a.street):
            return False
    parts += rec.categories
    one_line = "".join(parts)
    if len(one_line) > MAX_ONE_LINE or (not one_line.isprintable()
                                        and CONTROL.search(one_line)):
        return False
    notes = d["notes"]
    return not notes or (len(notes) <= MAX_NOTES and not CONTROL_MULTILINE.search(notes))


def _what_is_left(rec: ContactRecord) -> str:
    held = [label for label, present in (
        ("notes", rec.notes), ("an address", rec.addresses), ("a website", rec.website),
        ("a job title", rec.job_title), ("a department", rec.department),
        ("a birthday", rec.birthday), ("categories", rec.categories),
        ("a photo", rec.photo), ("a name prefix or suffix", rec.prefix or rec.suffix),
    ) if present]
    if not held:
        return "is empty"
    return ("has no name, company, e-mail address or phone number (only "
            f"{', '.join(held)})")
