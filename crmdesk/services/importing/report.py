"""What an import did, as plain data for the CLI's JSON and the dialog's report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_PLURAL = {"stage": "stages", "product": "products", "lead": "leads",
           "opportunity": "opportunities", "quote": "quotes", "activity": "activities",
           "subject": "case subjects", "campaign": "campaigns", "case": "cases"}


@dataclass
class ImportProblem:
    """A record (or a whole file) that could not be imported, and why."""

    file: str
    line: int | None
    reason: str
    record_no: int | None = None
    whole_file: bool = False  # the file could not be read at all

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "reason": self.reason, "file": self.file,
                "record": self.record_no}


@dataclass
class ImportRepair:
    """Something mended, or left out, in a record that was imported; and where."""

    file: str
    line: int | None
    reason: str
    record_no: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "reason": self.reason, "file": self.file,
                "record": self.record_no}


@dataclass
class DuplicateMatch:
    """An incoming record that matches a stored contact; the review step shows these."""

    file_index: int
    record_no: int
    line: int
    incoming: str  # display name of the incoming record
    existing_id: int
    existing: str  # display name of the stored record ("" for one created by this import)
    reason: str  # "e-mail", "phone", "name and company", "UID"
    #: what the stored record is: a lead's row matches a lead first, then a contact
    existing_kind: str = "contact"


@dataclass
class ImportReport:
    files: list[str] = field(default_factory=list)
    created: int = 0
    merged: int = 0
    skipped: int = 0  # skipped by policy, or matched with nothing new to add
    unchanged: int = 0  # the part of ``skipped`` that matched and had nothing new
    failed: int = 0
    accounts_created: int = 0
    activities_created: int = 0
    activities_updated: int = 0  # stored before, and the file has a higher SEQUENCE
    activities_unchanged: int = 0  # stored before, with the same or a higher SEQUENCE
    #: sales records restored from crmdesk's JSON, per kind ("lead": 3, "quote": 1, ...)
    restored: dict[str, int] = field(default_factory=dict)
    #: "lead" for a file imported as leads: ``created`` counts the leads it made, and
    #: ``merged`` the leads and contacts its rows were merged into
    kind: str = "contact"
    leads_created: int = 0
    leads_merged: int = 0
    problems: list[ImportProblem] = field(default_factory=list)  # not imported
    repairs: list[ImportRepair] = field(default_factory=list)  # imported, mended
    matches: list[DuplicateMatch] = field(default_factory=list)
    batch_id: int | None = None
    category: str = ""
    dry_run: bool = False
    unreadable_files: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "created": self.created, "merged": self.merged, "skipped": self.skipped,
            "failed": self.failed,
            "problems": [p.to_dict() for p in self.problems],
            "unchanged": self.unchanged, "accounts_created": self.accounts_created,
            "batch": self.batch_id, "category": self.category, "dry_run": self.dry_run,
            "files": self.files,
            "repaired": len(self.repairs), "repairs": [r.to_dict() for r in self.repairs],
            "activities": {"created": self.activities_created,
                           "updated": self.activities_updated,
                           "unchanged": self.activities_unchanged},
            "restored": dict(self.restored),
            "kind": self.kind,
            "leads": {"created": self.leads_created, "merged": self.leads_merged,
                      "merged_into_contacts": self.merged - self.leads_merged
                      if self.kind == "lead" else 0},
        }

    def summary(self) -> str:
        activities = (f"{self.activities_created} created, {self.activities_updated} "
                      f"updated, {self.activities_unchanged} already there")
        if self.kind == "lead":
            text = (f"{self.created} leads created, {self.merged} merged "
                    f"({self.leads_merged} into leads, {self.merged - self.leads_merged} into "
                    f"contacts), {self.skipped} skipped, {self.failed} failed")
        elif not (self.activities_created or self.activities_updated
                  or self.activities_unchanged):
            text = (f"{self.created} created, {self.merged} merged, {self.skipped} skipped, "
                    f"{self.failed} failed")
        elif not (self.created or self.merged or self.skipped):  # a calendar only
            text = f"activities: {activities}, {self.failed} failed"
        else:
            text = (f"{self.created} created, {self.merged} merged, {self.skipped} skipped, "
                    f"{self.failed} failed; activities: {activities}")
        if self.restored:
            text += "; restored " + ", ".join(
                f"{n} {kind if n == 1 else _PLURAL[kind]}" for kind, n in self.restored.items())
        if self.repairs:
            text += f"; {len(self.repairs)} repaired in records that were imported"
        if self.dry_run:
            text += " (dry run: nothing was written)"
        return text
