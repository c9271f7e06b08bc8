"""crmdesk's own lossless JSON export, read back (format "json").

The writer puts one record per line, so this reader can stream it; any
other valid JSON document of the same shape is read with :func:`json.load`.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import IO, Any

from crmdesk.importers.base import ImportFileError, ParsedContact, Problem
from crmdesk.records import (
    AccountRecord,
    AddressEntry,
    ContactRecord,
    EmailEntry,
    PhoneEntry,
    Relationship,
)


@dataclass
class ParsedAccount:
    """An account (company) from a crmdesk JSON export."""

    record: AccountRecord
    line: int
    record_no: int


_CHILD = {"phones": PhoneEntry, "emails": EmailEntry, "addresses": AddressEntry}


def _record(cls: type, data: dict[str, Any]) -> Any:
    kwargs: dict[str, Any] = {}
    names = {f.name for f in fields(cls)}
    for key, value in data.items():
        if key not in names:
            continue
        if key in _CHILD:
            value = [_CHILD[key](**{k: v for k, v in item.items()}) for item in value or []]
        elif key == "relationships":
            value = [Relationship(v) for v in value or []]
        elif key == "birthday" and value:
            value = date.fromisoformat(value)
        elif key == "photo" and value:
            value = base64.b64decode(value)
        kwargs[key] = value
    return cls(**kwargs)


def _item(section: str, data: Any, line: int, no: int) -> ParsedContact | ParsedAccount | Problem:
    try:
        if not isinstance(data, dict):
            raise TypeError("not an object")
        if section == "contacts":
            return ParsedContact(_record(ContactRecord, data), line, no)
        return ParsedAccount(_record(AccountRecord, data), line, no)
    except (TypeError, ValueError, binascii.Error) as exc:
        return Problem(line, f"{section[:-1]} {no} is not valid ({exc})", no)


def read_json_stream(
    fh: IO[bytes], path: str | Path
) -> Iterator[ParsedContact | ParsedAccount | Problem]:
    section = ""
    counts = {"contacts": 0, "accounts": 0}
    first = fh.readline()
    if first.strip().startswith(b'{"format": "crmdesk"') and first.rstrip().endswith(b"["):
        # the streaming layout of write_json
        no = 1
        section = "contacts" if b'"contacts"' in first else "accounts"
        for raw in fh:
            no += 1
            line = raw.strip().rstrip(b",")
            if line.startswith(b'], "accounts"'):
                section = "accounts"
                continue
            if not line.startswith(b"{"):
                continue
            try:
                data = json.loads(line)
            except ValueError as exc:
                counts[section] += 1
                yield Problem(no, f"line {no} is not valid JSON ({exc})", counts[section])
                continue
            counts[section] += 1
            yield _item(section, data, no, counts[section])
        return
    fh.seek(0)
    try:
        doc = json.load(fh)
    except (ValueError, UnicodeError) as exc:
        raise ImportFileError(path, f"the file is not valid JSON ({exc})") from None
    if not isinstance(doc, dict):
        raise ImportFileError(path, "the JSON file is not a crmdesk export")
    for section in ("contacts", "accounts"):
        for i, data in enumerate(doc.get(section) or [], 1):
            yield _item(section, data, 1, i)


def read_json(path: str | Path) -> Iterator[ParsedContact | ParsedAccount | Problem]:
    """Contacts, accounts and problems of a crmdesk JSON export."""
    try:
        fh = open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise ImportFileError(path, f"the file cannot be opened ({exc.strerror or exc})") from None
    with fh:
        yield from read_json_stream(fh, path)
