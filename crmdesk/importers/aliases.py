"""Header aliases for CSV contact files, loaded from the ``aliases/*.tsv`` data files.

Each TSV is named ``<format>-<language>.tsv`` (or ``<format>.tsv``) and holds
``header<TAB>field key`` rows; ``re:<regex>`` headers match numbered groups
(``{1}`` in the key is replaced by the first captured number). Adding a
language is adding a file, not code.

Field-key vocabulary (what a mapping dialog may offer):

=========================  =====================================================
``first_name`` ``middle_name`` ``last_name`` ``prefix`` ``suffix`` ``nickname``
``company`` ``department`` ``job_title``  the record fields of the same name
``full_name``              display name; split into first/last when those are empty
``email`` / ``email<N>``   an e-mail address (kind from ``label:email<N>``, else "other")
``email:<kind>``           an e-mail address of a fixed kind
``phone:<kind>``           a phone of a fixed kind (work, home, mobile, fax, work fax,
                           home fax, pager, main, other, or free text)
``phone<N>``               a numbered phone, kind from ``label:phone<N>``
``address:<kind>:<part>``  part of the <kind> address: street, street2, street3, city,
                           region, postcode, country, pobox
``address<N>:<part>``      part of a numbered address (also ``formatted``), kind from
                           ``label:address<N>``
``label:<slot>``           the label/type of a numbered slot (email2, phone1, ...)
``website`` ``website<N>`` the first becomes the website, the others "More fields"
``event<N>`` ``custom<N>`` ``relation<N>`` ``im<N>``  "More fields" (label, value)
``birthday``               a date (day/month order from the header language)
``birth_year`` ``birth_month`` ``birth_day``  Thunderbird's split birthday
``anniversary``            "More fields" as ("Anniversary", <date>)
``categories``             split on ``;`` and Google's `` ::: ``; ``* system`` labels dropped
``notes``                  the notes text
``note:<label>``           kept under "More fields" as (<label>, value), a custom field
                           (exporter defaults such as ``Normal``, ``Off``, ``Unspecified``
                           are skipped)
``uid``                    external identity for idempotent re-import
``ignore``                 derived or technical columns (Initials, E-mail Type ...)
=========================  =====================================================

A header that matches nothing is an *unknown column*: its values are kept as
custom fields ("More fields") labelled with the header, and
:attr:`FormatGuess.unknown_columns` names it.

A file imported as leads is mapped to a lead's fields (:data:`LEAD_KEYS`) by the
``leads-<language>.tsv`` tables first (the headings badge scanners and web forms
write), then by the contact tables, whose keys :func:`lead_key` turns into a lead's.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

FIXED_KEYS = (
    "first_name", "middle_name", "last_name", "prefix", "suffix", "nickname", "company",
    "department", "job_title", "full_name", "email", "birthday", "birth_year", "birth_month",
    "birth_day", "anniversary", "website", "categories", "notes", "uid", "ignore",
)
ADDRESS_PARTS = ("street", "street2", "street3", "city", "region", "postcode", "country",
                 "pobox", "formatted")
#: What a column of a file imported as leads may be mapped to (``lead_csv`` reads them):
#: a lead's fields; ``middle_name`` joins the first name, ``full_name`` is split like a
#: contact's; ``note:<label>`` and unmapped columns go to the notes as "label: value"
LEAD_KEYS = (
    "first_name", "middle_name", "last_name", "full_name", "company", "job_title", "phone",
    "mobile", "email", "street", "postal_code", "city", "region", "country", "source",
    "rating", "estimated_value", "currency", "notes", "ignore",
)
_LEAD_TABLES = "leads"
FORMAT_OF_FILE = {"outlook": "outlook-csv", "google": "google-csv",
                  "thunderbird": "thunderbird-csv"}


def norm(header: str) -> str:
    """Compare headers without case, accents-as-typed, quotes or extra blanks."""
    h = unicodedata.normalize("NFC", header).strip().strip('"').strip().casefold()
    return " ".join(h.split())


@dataclass(frozen=True)
class AliasTable:
    format: str
    language: str
    exact: dict[str, str]
    patterns: tuple[tuple[re.Pattern[str], str], ...]

    def key_for(self, header: str) -> str | None:
        n = norm(header)
        key = self.exact.get(n)
        if key is not None:
            return key
        for pattern, template in self.patterns:
            m = pattern.fullmatch(n)
            if m:
                return template.replace("{1}", m.group(1))
        return None


@cache
def tables() -> tuple[AliasTable, ...]:
    """The contact alias tables shipped in the package (read once)."""
    return tuple(t for t in _all_tables() if t.format != _LEAD_TABLES)


@cache
def lead_tables() -> tuple[AliasTable, ...]:
    """The ``leads-*.tsv`` tables: headings of lead lists, mapped to :data:`LEAD_KEYS`."""
    return tuple(t for t in _all_tables() if t.format == _LEAD_TABLES)


@cache
def _all_tables() -> tuple[AliasTable, ...]:
    out: list[AliasTable] = []
    folder = resources.files("crmdesk.importers") / "aliases"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".tsv"):
            continue
        stem = entry.name[:-4]
        fmt, _, lang = stem.partition("-")
        exact: dict[str, str] = {}
        patterns: list[tuple[re.Pattern[str], str]] = []
        for line in entry.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            header, _, key = line.partition("\t")
            key = key.strip()
            if header.startswith("re:"):
                patterns.append((re.compile(norm(header[3:]).replace("\\ ", " ")), key))
            else:
                exact.setdefault(norm(header), key)
        out.append(AliasTable(FORMAT_OF_FILE.get(fmt, fmt), lang or "en", exact, tuple(patterns)))
    return tuple(out)


def valid_key(key: str) -> bool:
    """True for a key of the vocabulary above (used to check user mappings)."""
    if key in FIXED_KEYS:
        return True
    head, _, rest = key.partition(":")
    if head in ("phone", "email", "note", "label"):
        return bool(rest)
    if head == "address":
        kind, _, part = rest.partition(":")
        return bool(kind) and part in ADDRESS_PARTS
    m = re.fullmatch(r"(email|phone|website|event|custom|relation|im)(\d+)", key)
    if m:
        return True
    m = re.fullmatch(r"address(\d+)", head)
    return bool(m) and rest in ADDRESS_PARTS


def guess_mapping(header: list[str]) -> tuple[str, str, dict[str, str], list[str]]:
    """Pick the alias table that explains most columns.

    Returns ``(format, language, mapping, unknown_columns)``; the mapping uses
    the winning table first and any other table for the remaining columns.
    ``format`` is ``"csv"`` when no table recognises at least two columns.
    """
    best: AliasTable | None = None
    best_score = 0
    for table in tables():
        score = sum(1 for h in header if h.strip() and table.key_for(h) is not None)
        if score > best_score:
            best, best_score = table, score
    mapping: dict[str, str] = {}
    unknown: list[str] = []
    ordered = ([best] if best else []) + [t for t in tables() if t is not best]
    for h in header:
        if not h.strip() or h in mapping:
            continue
        for table in ordered:
            key = table.key_for(h)
            if key is not None:
                mapping[h] = key
                break
        else:
            unknown.append(h)
    if best is None or best_score < 2:
        return "csv", "en", mapping, unknown
    return best.format, best.language, mapping, unknown


_LEAD_ADDRESS = {"street": "street", "street2": "street", "street3": "street",
                 "postcode": "postal_code", "city": "city", "region": "region",
                 "country": "country"}


def lead_key(contact_key: str, header: str) -> str:
    """The lead field a column the contact tables map to ``contact_key`` fills: e-mails
    the e-mail, a mobile number the mobile, other numbers (but faxes) the phone, an
    address's parts the address; what a lead has no field for is kept in its notes
    under the column's heading."""
    if contact_key in ("first_name", "middle_name", "last_name", "full_name", "company",
                       "job_title", "notes", "ignore"):
        return contact_key
    head, _, rest = contact_key.partition(":")
    if head == "email" or re.fullmatch(r"email\d+", head):
        return "email"
    if head == "phone" and "fax" not in rest:
        return "mobile" if rest == "mobile" else "phone"
    if re.fullmatch(r"phone\d+", head) and not rest:
        return "phone"
    if head == "address" or re.fullmatch(r"address\d+", head):
        part = rest.rpartition(":")[2]
        if part in _LEAD_ADDRESS:
            return _LEAD_ADDRESS[part]
    return f"note:{header.strip()}"


def guess_lead_mapping(header: list[str]) -> tuple[str, str, dict[str, str], list[str]]:
    """:func:`guess_mapping` for a file of leads: ``(format, language, mapping to lead
    keys, unknown columns)``.  A lead table's heading wins over a contact table's, so
    "Title" on a badge scanner's list is the job title, not Outlook's "Mr."."""
    fmt, language, contact_map, _ = guess_mapping(header)
    best = max(lead_tables(), key=lambda t: sum(1 for h in header if h.strip()
                                                and t.key_for(h) is not None))
    ordered = [best, *(t for t in lead_tables() if t is not best)]
    mapping: dict[str, str] = {}
    unknown: list[str] = []
    for h in header:
        if not h.strip() or h in mapping:
            continue
        key = next((k for t in ordered if (k := t.key_for(h)) is not None), None)
        if key is None and h in contact_map:
            key = lead_key(contact_map[h], h)
        if key is None:
            unknown.append(h)
        else:
            mapping[h] = key
    if fmt == "csv":  # no contact table knows the file: the lead table's language
        language = best.language
    return fmt, language, mapping, unknown
