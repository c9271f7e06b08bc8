"""CSV / tab-separated contact files (Outlook, Google, Thunderbird, anything else).

Columns are matched by header name through :mod:`aliases`, never by
position. Rows stream through :mod:`csv`; a row with the wrong number of
fields becomes a :class:`Problem` and the rest still import.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import date
from typing import TextIO

from crmdesk.importers.base import ParsedContact, Problem
from crmdesk.importers.values import PLACEHOLDERS, clean_label, parse_date
from crmdesk.records import AddressEntry, ContactRecord, EmailEntry, PhoneEntry

csv.field_size_limit(64 * 1024 * 1024)

_CATSEP = re.compile(r"\s*(?:;|:::)\s*")
_NUMBERED = re.compile(r"([a-z]+)(\d+)(?::(\w+))?")
_MULTI = " ::: "
_RISKY = ("=", "+", "-", "@", "\t", "\r")


def sniff_delimiter(header_line: str) -> str:
    """The separator used in a header line: the most frequent of tab, ``;``, ``,``."""
    counts: dict[str, int] = {"\t": 0, ";": 0, ",": 0}
    quoted = False
    for ch in header_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda c: (counts[c], c == ","))
    return best


def _label_kind(label: str) -> str:
    """Google's ``* Work`` / ``Mobile`` / ``Home Fax`` -> our kind."""
    label = label.strip().lstrip("*").strip()
    return clean_label(label).lower() if label else ""


class _RowBuilder:
    """Builds one record from (key, value) pairs of one row."""

    __slots__ = ("rec", "dayfirst", "notes", "extra", "addr", "slots", "labels", "birth")

    def __init__(self, dayfirst: bool) -> None:
        self.rec = ContactRecord()
        self.dayfirst = dayfirst
        self.notes = ""
        self.extra: list[str] = []
        self.addr: dict[str, dict[str, str]] = {}
        self.slots: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        self.birth: dict[str, str] = {}

    def add(self, key: str, header: str, value: str) -> None:  # noqa: C901 - a flat dispatch
        rec = self.rec
        if key in ("first_name", "middle_name", "last_name", "prefix", "suffix", "nickname",
                   "company", "department", "job_title", "uid"):
            if getattr(rec, key):
                self.extra.append(f"{header}: {value}")
            else:
                setattr(rec, key, value)
        elif key.startswith("phone:"):
            for v in value.split(_MULTI):
                rec.phones.append(PhoneEntry(v.strip(), key[6:]))
        elif key.startswith("email:"):
            rec.emails.append(EmailEntry(value, key[6:]))
        elif key.startswith("address:"):
            _, kind, part = key.split(":", 2)
            self.addr.setdefault(kind, {})[part] = value
        elif key.startswith("note:"):
            if value.casefold() not in PLACEHOLDERS:
                self.extra.append(f"{key[5:]}: {value}")
        elif key.startswith("label:"):
            self.labels[key[6:]] = value
        elif key == "notes":
            self.notes = value
        elif key == "categories":
            for cat in _CATSEP.split(value):
                cat = cat.strip()
                if cat and not cat.startswith("*") and cat not in rec.categories:
                    rec.categories.append(cat)
        elif key == "birthday" or key == "anniversary":
            d, text = parse_date(value, self.dayfirst)
            if key == "birthday" and d and not rec.birthday:
                rec.birthday = d
            elif d or text:
                label = "Birthday" if key == "birthday" else "Anniversary"
                self.extra.append(f"{label}: {d.isoformat() if d else text}")
        elif key in ("birth_year", "birth_month", "birth_day"):
            self.birth[key] = value
        elif key == "website":
            if rec.website:
                self.extra.append(f"Website: {value}")
            else:
                rec.website = value
        elif key == "full_name":
            self.slots["full_name"] = value
        elif key == "email":
            rec.emails.append(EmailEntry(value, "other"))
        elif key == "ignore":
            return
        else:
            self.slots[key] = value

    def finish(self) -> ContactRecord:
        rec = self.rec
        for kind, parts in self.addr.items():
            self._address(kind, parts)
        if self.slots:
            self._numbered()
        if self.birth:
            self._birth()
        full = self.slots.get("full_name", "")
        if full and not (rec.first_name or rec.middle_name) and full != rec.company:
            if not rec.last_name:
                first, _, last = full.rpartition(" ")
                rec.first_name, rec.last_name = (first, last) if first else (full, "")
            elif full.endswith(" " + rec.last_name):
                rec.first_name = full[: -len(rec.last_name)].strip()
            elif full != rec.last_name:
                rec.first_name = full  # e.g. LDIF cn "Anna" with sn "K"
        body = self.notes.replace("\r\n", "\n").replace("\r", "\n")
        if self.extra:
            body = "\n\n".join(x for x in (body, "\n".join(self.extra)) if x)
        rec.notes = body
        return rec

    def _address(self, kind: str, parts: dict[str, str]) -> None:
        street = [parts.get(k, "") for k in ("street", "street2", "street3")]
        pobox = parts.get("pobox", "")
        if pobox:
            street.append(pobox if not pobox.isdigit() else f"PO Box {pobox}")
        entry = AddressEntry(
            kind, "\n".join(s for s in street if s), parts.get("postcode", ""),
            parts.get("city", ""), parts.get("region", ""), parts.get("country", ""),
        )
        if entry.is_empty() and parts.get("formatted"):
            entry.street = parts["formatted"]
        if not entry.is_empty():
            self.rec.addresses.append(entry)

    def _numbered(self) -> None:
        rec = self.rec
        addrs: dict[str, dict[str, str]] = {}
        for key, value in sorted(self.slots.items(), key=lambda kv: _slot_order(kv[0])):
            m = _NUMBERED.fullmatch(key)
            if not m:
                continue
            kind, no, part = m.group(1), m.group(2), m.group(3)
            slot = f"{kind}{no}"
            label = self.labels.get(slot, "")
            if kind == "address":
                addrs.setdefault(slot, {})[part or "street"] = value
                continue
            values = [v.strip() for v in value.split(_MULTI) if v.strip()]
            if kind == "email":
                for v in values:
                    rec.emails.append(EmailEntry(v, _label_kind(label) or "other"))
            elif kind == "phone":
                for v in values:
                    rec.phones.append(PhoneEntry(v, _label_kind(label) or "other"))
            elif kind == "website":
                for v in values:
                    if rec.website:
                        self.extra.append(f"Website ({label})" if label else "Website")
                        self.extra[-1] += f": {v}"
                    else:
                        rec.website = v
            elif kind == "event":
                d, text = parse_date(value, self.dayfirst)
                what = label.strip("* ") or "Event"
                if what.lower() == "birthday" and d and not rec.birthday:
                    rec.birthday = d
                elif d or text:
                    self.extra.append(f"{what[:1].upper()}{what[1:]}: {d or text}")
            else:
                what = label.strip("* ") or {"custom": "Custom", "relation": "Related",
                                             "im": "IM"}.get(kind, kind)
                self.extra.append(f"{what}: {value}")
        for slot, parts in addrs.items():
            self._address(_label_kind(self.labels.get(slot, "")) or "other", parts)

    def _birth(self) -> None:
        try:
            y = int(self.birth.get("birth_year") or 0)
            mo = int(self.birth.get("birth_month") or 0)
            d = int(self.birth.get("birth_day") or 0)
            if y and mo and d:
                self.rec.birthday = date(y, mo, d)
                return
        except ValueError:
            pass
        text = "-".join(self.birth.get(k, "?") for k in ("birth_year", "birth_month", "birth_day"))
        self.extra.append(f"Birthday: {text}")


def _slot_order(key: str) -> tuple[str, int, str]:
    m = _NUMBERED.fullmatch(key)
    if not m:
        return (key, 0, "")
    return (m.group(1), int(m.group(2)), m.group(3) or "")


def read_csv_rows(
    text: TextIO,
    delimiter: str,
    mapping: dict[str, str],
    dayfirst: bool,
) -> Iterator[ParsedContact | Problem]:
    """Stream records out of an open text file whose first row is the header."""
    reader = csv.reader(text, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return
    if header and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]
    width = len(header)
    while width and not header[width - 1].strip():
        width -= 1  # Thunderbird ends the header with a separator
    plan: list[tuple[int, str, str]] = []
    for i, h in enumerate(header[:width]):
        if not h.strip():
            continue
        key = mapping.get(h)
        if key is None:
            key = f"note:{h.strip()}"
        if key != "ignore":
            plan.append((i, key, h.strip()))
    record_no = 0
    prev_line = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            start = prev_line + 1
            prev_line = reader.line_num
            record_no += 1
            yield Problem(start, f"row {record_no} could not be read ({exc})", record_no)
            continue
        start = prev_line + 1
        prev_line = reader.line_num
        if not row or not any(c.strip() for c in row):
            continue
        record_no += 1
        n = len(row)
        if n != len(header) and not (n >= width and not any(c.strip() for c in row[width:])):
            yield Problem(
                start,
                f"row {record_no} has {n} fields but the header has {len(header)}; "
                "the row was skipped (a quote or separator is probably missing)",
                record_no,
            )
            continue
        b = _RowBuilder(dayfirst)
        for i, key, h in plan:
            v = row[i]
            if v and not v.isspace():
                if v[0] == "'" and v[1:2] in _RISKY:
                    v = v[1:]  # our exporter's (and Excel's) formula guard
                if "\r" in v:
                    v = v.replace("\r\n", "\n").replace("\r", "\n")
                b.add(key, h, v.strip())
        rec = b.finish()
        if _empty(rec):
            continue
        yield ParsedContact(rec, start, record_no)


def _empty(rec: ContactRecord) -> bool:
    return not (
        rec.first_name or rec.last_name or rec.middle_name or rec.company or rec.phones
        or rec.emails or rec.addresses or rec.notes or rec.nickname or rec.website
        or rec.birthday or rec.categories or rec.job_title
    )
