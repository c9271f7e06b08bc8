"""What the import dialog shows before importing: detection, a preview, saved mappings."""

from __future__ import annotations

import hashlib
import itertools
import json
from pathlib import Path

from crmdesk import config
from crmdesk.importers import FormatGuess, ParsedContact, Problem, detect, read_contacts
from crmdesk.importers.ics import ParsedActivity, read_ics
from crmdesk.records import ActivityRecord, ContactRecord
from crmdesk.services.derive import Folding
from crmdesk.services.importing.prepare import ImportSource, Prepared, items_of, prepare
from crmdesk.services.importing.rows import clean
from crmdesk.services.importing.vetting import vet

MAPPINGS_FILE = "import-mappings.json"


def guess(path: str, kind: str = "contact") -> FormatGuess:
    """Format, encoding and CSV mapping (to a lead's fields for ``kind="lead"``), with a
    mapping saved for this header preferred."""
    found = detect(path, kind=kind)
    if found.header and (saved := load_mapping(found.header, kind)):
        found.mapping = saved
    return found


def preview_leads(source: ImportSource, region: str, limit: int = 20
                  ) -> tuple[list[Prepared], list[str]]:
    """The first leads of a CSV file as they will be stored (prepared, with the keys their
    duplicates are found by), and what the import will say about them."""
    fold = Folding(region)
    entries: list[Prepared] = []
    problems: list[str] = []
    items, file_region = items_of(source, lambda _done, _total: None)
    for item in itertools.islice(items, limit):
        entry = prepare(fold, 0, item, file_region)
        if isinstance(entry.item, Problem):
            problems.append(f"line {entry.item.line}: {entry.item.reason}")
            continue
        entries.append(entry)
        problems += [f"line {r.line} (repaired): {r.reason}" for r in entry.repairs]
    return entries, problems


def preview(source: ImportSource, limit: int = 20) -> tuple[list[ContactRecord], list[str]]:
    """The first records as they will be stored, and what the import will say about them:
    "line 5: ..." for a record left out, "line 5 (repaired): ..." for one mended."""
    records: list[ContactRecord] = []
    problems: list[str] = []
    items = read_contacts(source.path, format=source.format, encoding=source.encoding,
                          mapping=source.mapping)
    for item in itertools.islice(items, limit):
        if isinstance(item, ParsedContact):
            vetted = vet(item, clean(item.record))
            if isinstance(vetted, Problem):
                item = vetted
            else:
                records.append(vetted[0])
                problems += [f"line {r.line} (repaired): {r.reason}" for r in vetted[1]]
        if isinstance(item, Problem):
            problems.append(f"line {item.line}: {item.reason}")
    return records, problems


def preview_activities(source: ImportSource, limit: int = 20
                       ) -> tuple[list[ActivityRecord], list[str]]:
    """The first activities of an iCalendar file, and what the import will say about them."""
    records: list[ActivityRecord] = []
    problems: list[str] = []
    for item in itertools.islice(read_ics(source.path), limit):
        if isinstance(item, ParsedActivity):
            records.append(item.record)
            problems += [f"line {r.line} (repaired): {r.reason}" for r in item.repairs]
        else:
            problems.append(f"line {item.line}: {item.reason}")
    return records, problems


def _mappings_path() -> Path:
    return config.config_dir() / MAPPINGS_FILE


def _key(header: list[str], kind: str = "contact") -> str:
    """The header row's key; a lead mapping is kept apart from a contact one."""
    text = "\x1f".join(header) if kind == "contact" else "\x1f".join([f"{kind}:", *header])
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def load_mapping(header: list[str], kind: str = "contact") -> dict[str, str] | None:
    try:
        saved = json.loads(_mappings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = saved.get(_key(header, kind)) if isinstance(saved, dict) else None
    return dict(value) if isinstance(value, dict) else None


def save_mapping(header: list[str], mapping: dict[str, str], kind: str = "contact") -> None:
    """Remember the user's mapping for the next file with the same header row (and the
    same choice of contacts or leads)."""
    path = _mappings_path()
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(saved, dict):
            saved = {}
    except (OSError, ValueError):
        saved = {}
    saved[_key(header, kind)] = mapping
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(saved, ensure_ascii=False, indent=1), encoding="utf-8")
