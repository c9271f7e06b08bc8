"""Lossless JSON export: every field of every record, photos in base64.

Layout: one record per line inside the arrays, and each array opened on a line of its
own (``], "accounts": [``), so the reader (:func:`crmdesk.importers.read_json`) can
stream a large file.  Sections come in the order a restore needs them: the parties
first, then the stages and products, the leads, the opportunities (which name their
customer and lead), the quotes (which name their opportunity and products) and last the
activities (which name what they regard and who takes part).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any, TextIO

from crmdesk.records import AccountRecord, ContactRecord

#: 2: the sales sections (stages, products, leads, opportunities, quotes) came in;
#: 3: the activities
FORMAT_VERSION = 3
#: every section a crmdesk JSON document may hold, in the order it is written
SECTIONS = ("contacts", "accounts", "stages", "products", "leads", "opportunities",
            "quotes", "subjects", "campaigns", "cases", "activities")


def record_to_dict(rec: ContactRecord | AccountRecord) -> dict[str, Any]:
    data = asdict(rec)
    data["relationships"] = [getattr(r, "value", r) for r in rec.relationships]
    if isinstance(rec, ContactRecord):
        data["birthday"] = rec.birthday.isoformat() if rec.birthday else None
        data["photo"] = base64.b64encode(rec.photo).decode("ascii") if rec.photo else None
    return data


def write_sections(sections: Iterable[tuple[str, Iterable[dict[str, Any]]]],
                   out: TextIO) -> dict[str, int]:
    """Write a document of the named sections (each an iterable of JSON objects, written
    as they come); returns how many objects each held."""
    counts: dict[str, int] = {}
    out.write(f'{{"format": "crmdesk", "version": {FORMAT_VERSION}')
    for name, items in sections:
        assert name in SECTIONS, name
        out.write(f', "{name}": [\n' if not counts else f'\n], "{name}": [\n')
        n = 0
        for data in items:
            if n:
                out.write(",\n")
            out.write(json.dumps(data, ensure_ascii=False))
            n += 1
        counts[name] = n
    out.write("\n]}\n" if counts else "}\n")
    return counts


def write_json(
    contacts: Iterable[ContactRecord], accounts: Iterable[AccountRecord], out: TextIO
) -> tuple[int, int]:
    """Write a document of contacts and accounts; returns (contacts, accounts) written."""
    counts = write_sections((("contacts", map(record_to_dict, contacts)),
                             ("accounts", map(record_to_dict, accounts))), out)
    return counts["contacts"], counts["accounts"]
