"""crmdesk's own lossless JSON export, read back (format "json").

The writer puts one record per line, so this reader can stream it; any
other valid JSON document of the same shape is read with :func:`json.load`.

Every field is checked against the type the writer gives it, so a record
edited by hand into a wrong shape (``"phones": ["+45 ..."]``,
``"first_name": 12345``) is a :class:`Problem` naming the record and the
field, and the rest of the file imports. What can be kept without guessing is
kept and reported as a :class:`Repair`: an unknown relationship or a date that
does not parse goes into the notes, a damaged photo is left out, a field this
version does not know is left out. JSON that cannot be read at all (nested
thousands deep, a number thousands of digits long, not UTF-8) is a sentence,
never a Python error.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import IO, Any

from crmdesk.exporters.activity_json import activity_from_dict
from crmdesk.exporters.json_values import JsonValueError
from crmdesk.exporters.json_writer import SECTIONS
from crmdesk.exporters.sales_json import SALES_READERS
from crmdesk.exporters.service_json import SERVICE_READERS
from crmdesk.importers.base import ImportFileError, ParsedContact, Problem, Repair
from crmdesk.importers.contentline import BoundedLines
from crmdesk.importers.values import MAX_PHOTO_BYTES, shown
from crmdesk.records import (
    AccountRecord,
    AddressEntry,
    ContactRecord,
    CustomField,
    EmailEntry,
    PhoneEntry,
    Relationship,
)

#: Longer numbers are no id or version; Python refuses to read them past 4,300 digits.
MAX_DIGITS = 30


@dataclass
class ParsedAccount:
    """An account (company) from a crmdesk JSON export."""

    record: AccountRecord
    line: int
    record_no: int
    repairs: list[Repair] = field(default_factory=list)


@dataclass
class ParsedSales:
    """A stage, product, lead, opportunity, quote, case subject, campaign (with its members
    and responses), case or activity from a crmdesk JSON export; its ids and references
    are the file's, which the import maps to the records it restores."""

    kind: str  # "stage", "product", "lead", "opportunity", "quote", "subject", ...
    record: Any  # an activity's: (ActivityRecord, ActivityState); a campaign's: (record,
    # members, responses)
    line: int
    record_no: int
    repairs: list[Repair] = field(default_factory=list)


Parsed = ParsedContact | ParsedAccount | ParsedSales | Problem
#: a section's name -> what one of its records is called
_SINGULAR = {"contacts": "contact", "accounts": "account", "stages": "stage",
             "products": "product", "leads": "lead", "opportunities": "opportunity",
             "quotes": "quote", "subjects": "subject", "campaigns": "campaign",
             "cases": "case", "activities": "activity"}
#: what reads each kind restored whole from a crmdesk JSON document
_READERS = {**SALES_READERS, **SERVICE_READERS, "activity": activity_from_dict}


class _Bad(ValueError):
    """A value of the wrong type: the record cannot be read without guessing."""


_ENTRIES: dict[str, tuple[type, tuple[str, ...]]] = {
    "phones": (PhoneEntry, ("number", "kind")),
    "emails": (EmailEntry, ("address", "kind")),
    "addresses": (AddressEntry, ("kind", "street", "postcode", "city", "region", "country")),
    "custom_fields": (CustomField, ("value", "label")),
}
_ENTRY_NAME = {"phones": "phone", "emails": "e-mail", "addresses": "address",
               "custom_fields": "field"}
_INTS = {"id", "version", "account_id", "parent_id", "primary_contact_id"}


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "an object"


def _text(value: Any, what: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _Bad(f"{what} should be text, not {_kind(value)}")
    return value


def _list(value: Any, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _Bad(f"{what} should be a list, not {_kind(value)}")
    return value


class _Converter:
    """One record's fields, checked and converted; repairs collected on the way."""

    def __init__(self, cls: type, data: dict[str, Any]) -> None:
        self.cls = cls
        self.data = data
        self.repairs: list[str] = []
        self.notes: list[str] = []

    def build(self) -> Any:
        names = {f.name for f in fields(self.cls)}
        kwargs: dict[str, Any] = {}
        for key, value in self.data.items():
            if key not in names:
                if value not in (None, "", [], {}):
                    self.repairs.append(f"the field {shown(key)} is not one crmdesk "
                                        "knows; it was left out")
                continue
            if value is None and key not in _INTS and key not in ("birthday", "photo"):
                continue
            kwargs[key] = self.value(key, value)
        if self.notes:
            kwargs["notes"] = "\n\n".join(x for x in (kwargs.get("notes", ""),
                                                      "\n".join(self.notes)) if x)
        return self.cls(**kwargs)

    def value(self, key: str, value: Any) -> Any:
        what = f"\u201c{key}\u201d"
        if key in _INTS:
            if value is None:
                return None
            if isinstance(value, bool) or not isinstance(value, int):
                raise _Bad(f"{what} should be a whole number, not {_kind(value)}")
            return value
        if key in _ENTRIES:
            return [self.entry(key, i, item) for i, item in enumerate(_list(value, what), 1)]
        if key == "relationships":
            out = []
            for word in _list(value, what):
                word = _text(word, f"a value of {what}")
                if word in Relationship._value2member_map_:
                    out.append(Relationship(word))
                elif word.strip():
                    self.notes.append(f"Relationship: {word}")
                    self.repairs.append(f"the relationship {shown(word)} is not one crmdesk "
                                        "knows; it is kept in the notes")
            return out
        if key == "categories":
            return [_text(c, f"a value of {what}") for c in _list(value, what)]
        if key == "birthday":
            text = _text(value, what).strip()
            if not text:
                return None
            try:
                return date.fromisoformat(text)
            except ValueError:
                self.notes.append(f"Birthday: {text}")
                self.repairs.append(f"the birthday {shown(text)} is not a date (YYYY-MM-DD); "
                                    "it is kept in the notes")
                return None
        if key == "photo":
            return self.photo(_text(value, what))
        return _text(value, what)

    def entry(self, key: str, no: int, item: Any) -> Any:
        cls, names = _ENTRIES[key]
        what = f"{_ENTRY_NAME[key]} {no} of \u201c{key}\u201d"
        if not isinstance(item, dict):
            raise _Bad(f"{what} should be an object like "
                       f"{{\"{names[0]}\": ...}}, not {_kind(item)}")
        for name in item:
            if name not in names and item[name] not in (None, ""):
                self.repairs.append(f"the field {shown(name)} of {what} is not one "
                                    "crmdesk knows; it was left out")
        entry = cls(**{n: _text(item.get(n), f"\u201c{n}\u201d of {what}") for n in names
                       if n in item or n == names[0]})
        if key != "addresses" and not getattr(entry, names[0]).strip() and item:
            self.repairs.append(f"{what} has no \u201c{names[0]}\u201d; it was left out")
        return entry

    def photo(self, text: str) -> bytes | None:
        if not text:
            return None
        if len(text) * 3 // 4 > MAX_PHOTO_BYTES + 3:
            self.repairs.append("the photo is larger than 5 MB; the contact was imported "
                                "without it")
            return None
        try:
            return base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            self.repairs.append("the photo is not valid base64 data; the contact was "
                                "imported without it")
            return None


def _item(section: str, data: Any, line: int, no: int) -> Parsed:
    kind = _SINGULAR[section]
    what = f"{kind} {no}"
    if not isinstance(data, dict):
        return Problem(line, f"{what} is {_kind(data)}, not a record (an object in braces); "
                       "it was not imported", no)
    if kind in _READERS:
        try:
            return ParsedSales(kind, _READERS[kind](data), line, no)
        except (JsonValueError, TypeError) as exc:
            reason = str(exc) if isinstance(exc, JsonValueError) else "a field has the wrong type"
            return Problem(line, f"{what}: {reason.rstrip('.')}; it was not imported", no)
    cls = ContactRecord if section == "contacts" else AccountRecord
    conv = _Converter(cls, data)
    try:
        record = conv.build()
    except _Bad as exc:
        return Problem(line, f"{what}: {exc}; it was not imported", no)
    repairs = [Repair(line, f"{what}: {reason}", no) for reason in conv.repairs]
    if section == "contacts":
        return ParsedContact(record, line, no, repairs)
    return ParsedAccount(record, line, no, repairs)


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _Bad(f"it holds a number {len(text.lstrip('-')):,} digits long")
    return int(text)


def _loads(text: str | bytes) -> Any:
    """json.loads, with every failure a ValueError whose message is a sentence."""
    try:
        # strict=False: a control character inside a string is the vetting's to take out
        return json.loads(text, parse_int=_parse_int, strict=False)
    except _Bad:
        raise
    except json.JSONDecodeError as exc:
        raise ValueError(f"it is not valid JSON ({exc.msg} at line {exc.lineno}, column "
                         f"{exc.colno})") from None
    except RecursionError:
        raise ValueError("it is nested too deeply to read (lists or objects inside each "
                         "other thousands of levels deep)") from None
    except UnicodeDecodeError:
        raise ValueError("it is not UTF-8 text, as crmdesk writes its JSON") from None
    except ValueError as exc:
        raise ValueError(f"it is not valid JSON ({type(exc).__name__})") from None


#: how a line of the streaming layout may look, but for a record or a section's start
_FRAME = (b"", b"]}", b"]", b"}")
_SECTION_START = re.compile(rb'\],\s*"([a-z]+)":\s*\[$')


def read_json_stream(fh: IO[bytes], path: str | Path) -> Iterator[Parsed]:
    """Every record of a crmdesk JSON export."""
    first = fh.readline(1 << 16)
    if (first.strip().startswith(b'{"format": "crmdesk"') and first.endswith(b"\n")
            and first.rstrip().endswith(b"[")):
        lines = BoundedLines(fh)
        for item in _stream(first, lines):
            yield from lines.problems()
            yield item
        yield from lines.problems()
        return
    fh.seek(0)
    try:
        doc = _loads(fh.read())
    except ValueError as exc:
        raise ImportFileError(path, f"the file cannot be read: {exc}") from None
    if not isinstance(doc, dict) or doc.get("format") != "crmdesk":
        raise ImportFileError(path, "this JSON file is not a crmdesk export (it has no "
                              "\"format\": \"crmdesk\"); crmdesk reads JSON it wrote itself, "
                              "for other programs' contacts use their vCard or CSV export")
    for section in SECTIONS:
        items = doc.get(section) or []
        if not isinstance(items, list):
            yield Problem(1, f"\u201c{section}\u201d is {_kind(items)}, not a list of records; "
                          f"no {section} were imported")
            continue
        for i, data in enumerate(items, 1):
            yield _item(section, data, 1, i)


def _stream(first: bytes, rest: Iterable[bytes]) -> Iterator[Parsed]:
    named = re.search(rb'"([a-z]+)":\s*\[$', first.rstrip())
    section: str | None = named.group(1).decode() if named else None
    counts = dict.fromkeys(SECTIONS, 0)
    ended = False
    no = 1
    for no, raw in enumerate(rest, 2):
        line = raw.strip()
        if line.endswith(b","):
            line = line[:-1].rstrip()
        start = _SECTION_START.match(line)
        if start:
            section = start.group(1).decode()
            continue
        if line in _FRAME:
            ended = ended or line in (b"]}", b"}")
            continue
        if section not in counts:  # a section a later crmdesk writes: not read here
            continue
        counts[section] += 1
        text = line.decode("utf-8", "replace")
        try:
            data = _loads(text)
        except ValueError as exc:
            yield Problem(no, f"{_SINGULAR[section]} {counts[section]} cannot be read: "
                          f"{exc}; it was not imported", counts[section])
            continue
        item = _item(section, data, no, counts[section])
        if "\ufffd" in text and not isinstance(item, Problem) and b"\xef\xbf\xbd" not in line:
            item.repairs.append(Repair(no, f"{_SINGULAR[section]} {counts[section]}: "
                                       "bytes that are not UTF-8 were replaced by \ufffd",
                                       counts[section]))
        yield item
    if not ended:
        yield Problem(no, "the file ends before the closing ]} of a crmdesk export, so it "
                      "looks cut off; the records up to here were read")


def read_json(path: str | Path) -> Iterator[Parsed]:
    """Contacts, accounts, sales records and problems of a crmdesk JSON export."""
    try:
        fh = open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise ImportFileError(path, f"the file cannot be opened ({exc.strerror or exc})") from None
    with fh:
        yield from read_json_stream(fh, path)
