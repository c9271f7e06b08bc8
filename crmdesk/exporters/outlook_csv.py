"""Records -> Outlook's English "Comma Separated Values" contact export (92 columns).

The caller opens the file as UTF-8 with BOM (``encoding="utf-8-sig", newline=""``)
so Excel reads it right. Cells a spreadsheet would run as a formula are
prefixed with ``'`` unless they are plainly a phone number (``+45 33 12 34 56``);
our CSV reader removes that prefix again.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from functools import cache
from typing import TextIO

from crmdesk.importers.aliases import tables
from crmdesk.records import ContactRecord

HEADER = [
    "Title", "First Name", "Middle Name", "Last Name", "Suffix", "Company", "Department",
    "Job Title", "Business Street", "Business Street 2", "Business Street 3", "Business City",
    "Business State", "Business Postal Code", "Business Country/Region", "Home Street",
    "Home Street 2", "Home Street 3", "Home City", "Home State", "Home Postal Code",
    "Home Country/Region", "Other Street", "Other Street 2", "Other Street 3", "Other City",
    "Other State", "Other Postal Code", "Other Country/Region", "Assistant's Phone",
    "Business Fax", "Business Phone", "Business Phone 2", "Callback", "Car Phone",
    "Company Main Phone", "Home Fax", "Home Phone", "Home Phone 2", "ISDN", "Mobile Phone",
    "Other Fax", "Other Phone", "Pager", "Primary Phone", "Radio Phone", "TTY/TDD Phone",
    "Telex", "Account", "Anniversary", "Assistant's Name", "Billing Information", "Birthday",
    "Business Address PO Box", "Categories", "Children", "Directory Server", "E-mail Address",
    "E-mail Type", "E-mail Display Name", "E-mail 2 Address", "E-mail 2 Type",
    "E-mail 2 Display Name", "E-mail 3 Address", "E-mail 3 Type", "E-mail 3 Display Name",
    "Gender", "Government ID Number", "Hobby", "Home Address PO Box", "Initials",
    "Internet Free Busy", "Keywords", "Language", "Location", "Manager's Name", "Mileage",
    "Notes", "Office Location", "Organizational ID Number", "Other Address PO Box", "Priority",
    "Private", "Profession", "Referred By", "Sensitivity", "Spouse", "User 1", "User 2",
    "User 3", "User 4", "Web Page",
]
assert len(HEADER) == 92

#: Phone kind -> the Outlook columns that can hold it, in order of use.
PHONE_COLUMNS = {
    "work": ["Business Phone", "Business Phone 2"], "home": ["Home Phone", "Home Phone 2"],
    "mobile": ["Mobile Phone"], "work fax": ["Business Fax"], "home fax": ["Home Fax"],
    "fax": ["Other Fax", "Business Fax"], "pager": ["Pager"], "main": ["Company Main Phone"],
    "other": ["Other Phone"], "assistant": ["Assistant's Phone"], "callback": ["Callback"],
    "car": ["Car Phone"], "isdn": ["ISDN"], "primary": ["Primary Phone"],
    "radio": ["Radio Phone"], "tty": ["TTY/TDD Phone"], "telex": ["Telex"],
}
ADDRESS_PREFIX = {"work": "Business", "home": "Home", "other": "Other"}
_PHONE = re.compile(r"\+?[\d\s().\-/]*\d[\d\s().\-/]*")
_RISKY = ("=", "+", "-", "@", "\t", "\r")
#: Columns Outlook fills with a default ("Normal", "0/0/00"); a custom field takes them
_DEFAULTS = frozenset({"Gender", "Priority", "Sensitivity", "Private", "Anniversary"})


@cache
def _field_columns() -> dict[str, str]:
    """Custom field label -> the English Outlook column the importer reads it from
    ("User 1" -> "User 1", "Office" -> "Office Location")."""
    found: dict[str, str] = {}
    for table in tables():
        if table.format == "outlook-csv" and table.language == "en":
            found.update({key[5:].casefold(): header for header, key in table.exact.items()
                          if key.startswith("note:")})
    by_norm = {h.casefold(): h for h in HEADER}
    return {label: by_norm[h] for label, h in found.items() if h in by_norm}


def neutralise(value: str) -> str:
    """Defuse spreadsheet formulas (CSV injection), but leave phone numbers alone."""
    if value.startswith(_RISKY) and not _PHONE.fullmatch(value):
        return "'" + value
    return value


def _row(rec: ContactRecord) -> list[str]:
    cells: dict[str, str] = {
        "Title": rec.prefix, "First Name": rec.first_name, "Middle Name": rec.middle_name,
        "Last Name": rec.last_name, "Suffix": rec.suffix, "Company": rec.company,
        "Department": rec.department, "Job Title": rec.job_title, "Web Page": rec.website,
        "Categories": ";".join(rec.categories), "Gender": "Unspecified",
        "Priority": "Normal", "Sensitivity": "Normal", "Private": "False",
        "Birthday": (f"{rec.birthday.month}/{rec.birthday.day}/{rec.birthday.year}"
                     if rec.birthday else "0/0/00"),
        "Anniversary": "0/0/00",
    }
    overflow: list[str] = []
    if rec.nickname:
        overflow.append(f"Nickname: {rec.nickname}")
    for p in rec.phones:
        for col in PHONE_COLUMNS.get(p.kind.lower(), []) + ["Other Phone"]:
            if not cells.get(col):
                cells[col] = p.number
                break
        else:
            overflow.append(f"Phone ({p.kind}): {p.number}")
    for i, e in enumerate(rec.emails):
        if i < 3:
            n = "" if i == 0 else f" {i + 1}"
            cells[f"E-mail{n} Address"] = e.address
            cells[f"E-mail{n} Type"] = "SMTP"
            cells[f"E-mail{n} Display Name"] = e.address
        else:
            overflow.append(f"E-mail ({e.kind}): {e.address}")
    for a in rec.addresses:
        prefix = ADDRESS_PREFIX.get(a.kind.lower(), "Other")
        if cells.get(f"{prefix} City") or cells.get(f"{prefix} Street") or cells.get(
            f"{prefix} Postal Code"
        ) or cells.get(f"{prefix} Country/Region"):
            prefix = "Other" if not any(cells.get(f"Other {x}") for x in ("Street", "City")) \
                else ""
        if not prefix:
            flat = ", ".join(x for x in (a.street.replace("\n", ", "), a.postcode, a.city,
                                         a.region, a.country) if x)
            overflow.append(f"Address ({a.kind}): {flat}")
            continue
        lines = a.street.split("\n")
        cells[f"{prefix} Street"] = lines[0]
        if len(lines) > 1:
            cells[f"{prefix} Street 2"] = lines[1]
        if len(lines) > 2:
            cells[f"{prefix} Street 3"] = "\n".join(lines[2:])
        cells[f"{prefix} City"] = a.city
        cells[f"{prefix} State"] = a.region
        cells[f"{prefix} Postal Code"] = a.postcode
        cells[f"{prefix} Country/Region"] = a.country
    columns = _field_columns()
    for f in rec.custom_fields:
        col = columns.get(f.label.casefold())
        if col and (not cells.get(col) or col in _DEFAULTS):
            cells[col] = f.value
        else:
            overflow.append(f"{f.label}: {f.value}")
    notes = rec.notes
    if overflow:
        notes = "\n\n".join(x for x in (notes, "\n".join(overflow)) if x)
    cells["Notes"] = notes
    return [neutralise(cells.get(h, "") or "") for h in HEADER]


def write_outlook_csv(records: Iterable[ContactRecord], out: TextIO) -> int:
    """Write the header and one row per record; returns the number of rows."""
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(HEADER)
    n = 0
    for rec in records:
        writer.writerow(_row(rec))
        n += 1
    return n
