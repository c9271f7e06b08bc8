"""Lossless JSON export: every field of every contact and account, photos in base64.

Layout: one record per line inside the arrays, so the reader
(:func:`crmdesk.importers.read_json`) can stream a large file.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any, TextIO

from crmdesk.records import AccountRecord, ContactRecord

FORMAT_VERSION = 1


def record_to_dict(rec: ContactRecord | AccountRecord) -> dict[str, Any]:
    data = asdict(rec)
    data["relationships"] = [getattr(r, "value", r) for r in rec.relationships]
    if isinstance(rec, ContactRecord):
        data["birthday"] = rec.birthday.isoformat() if rec.birthday else None
        data["photo"] = base64.b64encode(rec.photo).decode("ascii") if rec.photo else None
    return data


def write_json(
    contacts: Iterable[ContactRecord], accounts: Iterable[AccountRecord], out: TextIO
) -> tuple[int, int]:
    """Write the document; returns (contacts written, accounts written)."""
    counts = []
    out.write(f'{{"format": "crmdesk", "version": {FORMAT_VERSION}, "contacts": [\n')
    for section, items in (("contacts", contacts), ("accounts", accounts)):
        if section == "accounts":
            out.write('\n], "accounts": [\n')
        n = 0
        for rec in items:
            if n:
                out.write(",\n")
            out.write(json.dumps(record_to_dict(rec), ensure_ascii=False))
            n += 1
        counts.append(n)
    out.write("\n]}\n")
    return counts[0], counts[1]
