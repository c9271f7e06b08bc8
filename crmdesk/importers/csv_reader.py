"""CSV / tab-separated contact files (Outlook, Google, Thunderbird, anything else).

Columns are matched by header name through :mod:`aliases`, never by
position. Rows stream through :mod:`csv`; a row with the wrong number of
fields becomes a :class:`Problem` and the rest still import.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from functools import cache
from itertools import compress
from typing import NamedTuple

from crmdesk.importers.base import ParsedContact, Problem
from crmdesk.importers.values import PLACEHOLDERS, clean_label, parse_date
from crmdesk.records import AddressEntry, ContactRecord, CustomField, EmailEntry, PhoneEntry

csv.field_size_limit(16 * 1024 * 1024)  # as contentline.MAX_LINE

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
        self.extra: list[CustomField] = []  # "More fields": what no field of ours holds
        self.addr: dict[str, dict[str, str]] = {}
        self.slots: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        self.birth: dict[str, str] = {}

    def add(self, key: str, header: str, value: str) -> None:
        """Take one (key, value) of the row; ``header`` names the column in notes."""
        handler_for(key)(self, key, header, value)

    def _name(self, key: str, header: str, value: str) -> None:
        if getattr(self.rec, key):
            self.extra.append(CustomField(header, value))
        else:
            setattr(self.rec, key, value)

    def _phone(self, key: str, header: str, value: str) -> None:
        for v in value.split(_MULTI):
            self.rec.phones.append(PhoneEntry(v.strip(), key[6:]))

    def _email(self, key: str, header: str, value: str) -> None:
        self.rec.emails.append(EmailEntry(value, key[6:] if key != "email" else "other"))

    def _address_part(self, key: str, header: str, value: str) -> None:
        kind, part = _address_key(key)
        self.addr.setdefault(kind, {})[part] = value

    def _note(self, key: str, header: str, value: str) -> None:
        if value.casefold() not in PLACEHOLDERS:
            self.extra.append(CustomField(key[5:], value))

    def _label(self, key: str, header: str, value: str) -> None:
        self.labels[key[6:]] = value

    def _notes(self, key: str, header: str, value: str) -> None:
        self.notes = value

    def _categories(self, key: str, header: str, value: str) -> None:
        categories = self.rec.categories
        for cat in _CATSEP.split(value):
            cat = cat.strip()
            if cat and not cat.startswith("*") and cat not in categories:
                categories.append(cat)

    def _date(self, key: str, header: str, value: str) -> None:
        d, text = parse_date(value, self.dayfirst)
        if key == "birthday" and d and not self.rec.birthday:
            self.rec.birthday = d
        elif d or text:
            label = "Birthday" if key == "birthday" else "Anniversary"
            self.extra.append(CustomField(label, d.isoformat() if d else text))

    def _birth_part(self, key: str, header: str, value: str) -> None:
        self.birth[key] = value

    def _website(self, key: str, header: str, value: str) -> None:
        if self.rec.website:
            self.extra.append(CustomField("Website", value))
        else:
            self.rec.website = value

    def _ignore(self, key: str, header: str, value: str) -> None:
        """A column known to carry nothing worth keeping."""

    def _slot(self, key: str, header: str, value: str) -> None:
        self.slots[key] = value  # numbered (Google's "Phone 1 - Value"), or full_name

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
        rec.notes = self.notes.replace("\r\n", "\n").replace("\r", "\n")
        rec.custom_fields = self.extra
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
            parsed = _slot_parts(key)
            if parsed is None:
                continue
            kind, slot, part = parsed
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
                        self.extra.append(CustomField(
                            f"Website ({label})" if label else "Website", v))
                    else:
                        rec.website = v
            elif kind == "event":
                d, text = parse_date(value, self.dayfirst)
                what = label.strip("* ") or "Event"
                if what.lower() == "birthday" and d and not rec.birthday:
                    rec.birthday = d
                elif d or text:
                    self.extra.append(CustomField(f"{what[:1].upper()}{what[1:]}",
                                                  str(d or text)))
            else:
                what = label.strip("* ") or {"custom": "Custom", "relation": "Related",
                                             "im": "IM"}.get(kind, kind)
                self.extra.append(CustomField(what, value))
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
        self.extra.append(CustomField("Birthday", text))


Handler = Callable[[_RowBuilder, str, str, str], None]
_NAME_KEYS = ("first_name", "middle_name", "last_name", "prefix", "suffix", "nickname",
              "company", "department", "job_title", "uid")
_PREFIXED: tuple[tuple[str, Handler], ...] = (
    ("phone:", _RowBuilder._phone), ("email:", _RowBuilder._email),
    ("address:", _RowBuilder._address_part), ("note:", _RowBuilder._note),
    ("label:", _RowBuilder._label))
_BY_KEY: dict[str, Handler] = {
    **dict.fromkeys(_NAME_KEYS, _RowBuilder._name),
    "notes": _RowBuilder._notes, "categories": _RowBuilder._categories,
    "birthday": _RowBuilder._date, "anniversary": _RowBuilder._date,
    **dict.fromkeys(("birth_year", "birth_month", "birth_day"), _RowBuilder._birth_part),
    "website": _RowBuilder._website, "email": _RowBuilder._email,
    "ignore": _RowBuilder._ignore}


def handler_for(key: str) -> Handler:
    """The :class:`_RowBuilder` method that takes a value of this mapping key; a CSV
    reader looks it up once per column, not once per cell."""
    found = _BY_KEY.get(key)
    if found is not None:
        return found
    return next((h for prefix, h in _PREFIXED if key.startswith(prefix)), _RowBuilder._slot)


@cache  # keys come from header names: a few dozen per file
def _slot_order(key: str) -> tuple[str, int, str]:
    m = _NUMBERED.fullmatch(key)
    if not m:
        return (key, 0, "")
    return (m.group(1), int(m.group(2)), m.group(3) or "")


@cache
def _address_key(key: str) -> tuple[str, str]:
    """("work", "city") for the key "address:work:city"."""
    _, kind, part = key.split(":", 2)
    return kind, part


@cache
def _slot_parts(key: str) -> tuple[str, str, str | None] | None:
    """("phone", "phone2", "value") for the key "phone2:value"; None if not numbered."""
    m = _NUMBERED.fullmatch(key)
    return (m.group(1), f"{m.group(1)}{m.group(2)}", m.group(3)) if m else None


class _Tail:
    """The lines, keeping those of the last rows read: the csv module reads a quoted value
    whose closing quote was lost to the end of the file without a word, swallowing every
    row after it, and those kept lines let :func:`_rows` notice and read them again."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.lines = iter(lines)
        self.kept: list[str] = []
        self.first = 1  # the number of kept[0]

    def __iter__(self) -> _Tail:
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.kept.append(line)
        return line

    def forget_before(self, no: int) -> None:
        if no > self.first:
            del self.kept[:no - self.first]
            self.first = no


def _csv_error(exc: csv.Error) -> str:
    text = str(exc)
    if "field limit" in text:
        limit = csv.field_size_limit()
        return "a value is longer than " + (f"{limit // 1048576} MB" if limit >= 1048576
                                            else f"{limit:,} characters")
    return "its quoting or separators are broken"


Span = tuple[int, int, "list[str] | str"]


def _rows(lines: Iterable[str], delimiter: str, offset: int = 0) -> Iterator[Span]:
    """(first line, last line, the row's cells) per row, or (..., a sentence) for a row
    that cannot be read; a last row whose quoted value is never closed is one of those,
    and the lines after its first are read again as rows."""
    tail = _Tail(lines)
    reader = csv.reader(tail, delimiter=delimiter)
    prev = 0
    held: Span | None = None  # the last row is known to be sound only at the end
    while True:
        try:
            row: list[str] | str = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            row = _csv_error(exc)
        start, prev = prev + 1, reader.line_num
        if held is not None:
            yield held
        tail.forget_before(start)
        held = (offset + start, offset + prev, row)
    if held is None:
        return
    first, last, row = held
    if last > first and isinstance(row, list) and not _closed(tail.kept, delimiter):
        yield (first, last, "a quote opened on this line is never closed, so it would have "
               "run to the end of the file (the rows after it were read on their own)")
        yield from _rows(tail.kept[1:], delimiter, first)
    else:
        yield held


def _closed(lines: list[str], delimiter: str) -> bool:
    """False when the row in ``lines`` ends inside a quoted value (strict reading says)."""
    try:
        for _ in csv.reader(lines, delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" not in str(exc)
    return True


class Table(NamedTuple):
    """A CSV file's header row and the rows after it (:func:`open_table`)."""

    header: list[str]
    width: int  # the named columns: a separator ending the header names none
    rows: Iterator[Span]


def open_table(lines: Iterable[str], delimiter: str) -> Table | None:
    """The header of the lines of a text file (blank lines before it passed over, a
    byte-order mark taken off) and its rows; None for a file with no header."""
    rows = _rows(lines, delimiter)
    header: list[str] | str = []
    for _first, _last, header in rows:  # blank lines before the header are passed over
        if not isinstance(header, list) or any(c.strip(" \ufeff") for c in header):
            break
    if not isinstance(header, list) or not header:
        return None
    if header and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]
    width = len(header)
    while width and not header[width - 1].strip():
        width -= 1  # Thunderbird ends the header with a separator
    return Table(header, width, rows)


def sound_rows(table: Table) -> Iterator[tuple[int, int, list[str]] | Problem]:
    """(first line, record number, cells) of each row with text, or a Problem for a row
    that cannot be read or has the wrong number of fields (the rest are still read)."""
    width, columns = table.width, len(table.header)
    record_no = 0
    for start, _last, row in table.rows:
        if isinstance(row, str):
            record_no += 1
            yield Problem(start, f"row {record_no} could not be read: {row}; "
                          "it was not imported", record_no)
            continue
        if not row or not any(c.strip() for c in row):
            continue
        record_no += 1
        n = len(row)
        if n != columns and not (n >= width and not any(c.strip() for c in row[width:])):
            yield Problem(
                start,
                f"row {record_no} has {n} fields but the header has {columns}; "
                "the row was skipped (a quote or separator is probably missing)",
                record_no,
            )
            continue
        yield start, record_no, row


def cell_text(value: str) -> str:
    """A cell's value as stored: our exporter's (and Excel's) formula guard taken off,
    line breaks as ``\\n``, trimmed."""
    if value[0] == "'" and value[1:2] in _RISKY:
        value = value[1:]
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.strip()


def read_csv_rows(
    lines: Iterable[str],
    delimiter: str,
    mapping: dict[str, str],
    dayfirst: bool,
) -> Iterator[ParsedContact | Problem]:
    """Stream records out of the lines of a text file whose first row is the header."""
    table = open_table(lines, delimiter)
    if table is None:
        return
    # per column: (handler, key, header), or None for one without a name or ignored
    plan: list[tuple[Handler, str, str] | None] = []
    for h in table.header[:table.width]:
        key = mapping.get(h)
        if key is None:
            key = f"note:{h.strip()}"
        plan.append((handler_for(key), key, h.strip()) if h.strip() and key != "ignore"
                    else None)
    for entry in sound_rows(table):
        if isinstance(entry, Problem):
            yield entry
            continue
        start, record_no, row = entry
        b = _RowBuilder(dayfirst)
        # most cells of an Outlook row (92 columns) are empty: compress skips them in C;
        # cells past the header's named columns (blank, checked above) are not read
        for column, v in compress(zip(plan, row, strict=False), row):
            if column is None or v.isspace():
                continue
            handler, key, h = column
            handler(b, key, h, cell_text(v))
        yield ParsedContact(b.finish(), start, record_no)
