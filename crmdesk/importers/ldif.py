"""LDIF address books in the Mozilla (Thunderbird) schema.

Entries are separated by blank lines; ``dn:`` may be missing (some sync
tools). Mailing lists (``objectclass: groupOfNames``) are not contacts: they
are skipped and reported as a Problem so the user knows why the count differs.
A line that is not an attribute line is kept in the entry's notes, and a value
with broken base64 data is left out: each a Repair of the entry.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Iterator

from crmdesk.importers.base import ParsedContact, Problem, Repair
from crmdesk.importers.contentline import physical_lines
from crmdesk.importers.csv_reader import _RowBuilder
from crmdesk.importers.encoding import decode_value
from crmdesk.importers.values import shown

#: LDIF attribute (lower case) -> CSV field key of :mod:`aliases`.
ATTRS = {
    "givenname": "first_name", "sn": "last_name", "surname": "last_name", "cn": "full_name",
    "commonname": "full_name", "displayname": "full_name",
    "mozillanickname": "nickname", "xmozillanickname": "nickname",
    "mail": "email1", "mozillasecondemail": "email2", "xmozillasecondemail": "email2",
    "telephonenumber": "phone:work", "workphone": "phone:work", "homephone": "phone:home",
    "mobile": "phone:mobile",
    "cellphone": "phone:mobile", "facsimiletelephonenumber": "phone:fax", "fax": "phone:fax",
    "pager": "phone:pager", "pagerphone": "phone:pager",
    "o": "company", "ou": "department", "department": "department", "title": "job_title",
    "street": "address:work:street", "streetaddress": "address:work:street",
    "postofficebox": "address:work:pobox", "mozillaworkstreet2": "address:work:street2",
    "l": "address:work:city", "locality": "address:work:city", "st": "address:work:region",
    "postalcode": "address:work:postcode", "zip": "address:work:postcode",
    "c": "address:work:country", "countryname": "address:work:country",
    "mozillahomestreet": "address:home:street", "homepostaladdress": "address:home:street",
    "mozillahomestreet2": "address:home:street2",
    "mozillahomelocalityname": "address:home:city", "mozillahomestate": "address:home:region",
    "mozillahomepostalcode": "address:home:postcode",
    "mozillahomecountryname": "address:home:country",
    "mozillaworkurl": "website", "workurl": "website", "mozillahomeurl": "website2",
    "homeurl": "website2", "description": "notes", "birthyear": "birth_year",
    "birthmonth": "birth_month", "birthday": "birth_day",
    "mozillacustom1": "note:Custom 1", "mozillacustom2": "note:Custom 2",
    "mozillacustom3": "note:Custom 3", "mozillacustom4": "note:Custom 4",
    "custom1": "note:Custom 1", "custom2": "note:Custom 2", "custom3": "note:Custom 3",
    "custom4": "note:Custom 4", "nsaimid": "note:AIM", "mozillausehtmlmail": "ignore",
    "dn": "ignore", "objectclass": "ignore", "modifytimestamp": "ignore", "member": "ignore",
    "luid": "ignore", "version": "ignore", "changetype": "ignore", "uid": "uid",
}


def _entries(chunks: Iterable[bytes]) -> Iterator[tuple[int, list[tuple[str, list[bytes], bool]]]]:
    """(start line, [(attribute, value pieces, is_base64)]) per entry, unfolded."""
    attrs: list[tuple[str, list[bytes], bool]] = []
    start = 0
    for no, line in physical_lines(chunks):
        if not line.strip():
            if attrs:
                yield start, attrs
            attrs = []
            continue
        if line.startswith(b" "):
            if attrs:
                attrs[-1][1].append(line[1:])
            continue
        if line.startswith(b"#"):
            continue
        name, sep, value = line.partition(b":")
        if not attrs:
            start = no
        if not sep:  # not an attribute line: read_ldif keeps its text in the notes
            attrs.append((f"#{no}", [line], False))
            continue
        b64 = value.startswith(b":")
        if b64:
            value = value[1:]
        attrs.append((name.decode("ascii", "replace").strip().lower(), [value.lstrip(b" ")], b64))
    if attrs:
        yield start, attrs


def read_ldif(chunks: Iterable[bytes], fallback: str = "cp1252") -> Iterator[
    ParsedContact | Problem
]:
    record_no = 0
    for start, attrs in _entries(chunks):
        record_no += 1
        values: list[tuple[str, str]] = []
        repairs: list[Repair] = []
        is_list = False
        for name, parts, b64 in attrs:
            raw = b"".join(parts)
            if b64:
                try:
                    raw = base64.b64decode(raw.strip(), validate=True)
                except (binascii.Error, ValueError):
                    repairs.append(Repair(start, f"entry {record_no}: the attribute "
                                          f"{shown(name)} has broken base64 data; that value "
                                          "was left out", record_no))
                    continue
            text = decode_value(raw, "utf-8", fallback).strip()
            if name.startswith("#"):
                if text.strip("\x00\x1a"):
                    values.append((f"note:Line {name[1:]} (not an LDIF attribute)", text))
                    repairs.append(Repair(int(name[1:]), f"entry {record_no}: this line "
                                          "is not an LDIF attribute line; its text is kept under "
                                          "More fields", record_no))
                continue
            if name == "objectclass" and text.lower() in ("groupofnames", "groupofuniquenames"):
                is_list = True
            values.append((name, text))
        if is_list:
            cn = next((v for n, v in values if n == "cn"), "")
            yield Problem(start, f"entry {record_no} is the mailing list \u201c{cn}\u201d; "
                          "mailing lists are not imported", record_no)
            continue
        b = _RowBuilder(dayfirst=False)
        for name, text in values:
            if not text:
                continue
            key = name if name.startswith("note:") else ATTRS.get(name, f"note:{name}")
            if key == "email1" and any(k == "email1" for k in b.slots):
                key = "email"
            b.add(key, name, text.replace("\r\n", "\n").replace("\r", "\n"))
        yield ParsedContact(b.finish(), start, record_no, repairs)
