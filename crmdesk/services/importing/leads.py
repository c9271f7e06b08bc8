"""The leads an import's files bring, written inside the import's one transaction.

Each row is matched first against the stored leads and those this import made, then
against the contacts, by the contact import's rule (``matching.DuplicateIndex`` and
``same_person``: an e-mail or phone shared by the same person, the same name in the
same company), so a badge scanned twice, or the badge of someone already a contact,
is a duplicate.  The policy (or the review's choice for that row) then decides:
create a lead anyway, skip it, or merge: into a lead by filling what it lacks
(``lead_records.fill_lead``, kept for undo), into a contact as the contact import
merges (its own path, undone the same way).

A lead is written as saving it would write it: the ORM row, its list columns from
``LEAD.derive_columns``, the owner and default currency from Settings; its id is
reserved first (``BulkWriter.reserve_ids``), as the contacts' are, so undo takes back
exactly these.  A trade show brings hundreds of leads, not a hundred thousand.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from crmdesk.kinds.sales import LEAD
from crmdesk.models import Contact, ImportItem, Lead
from crmdesk.records import ContactRecord, LeadRating, LeadRecord, LeadSource
from crmdesk.services.bulk import BulkWriter, chunks
from crmdesk.services.derive import Folding
from crmdesk.services.importing.keys import Keys, keys_of
from crmdesk.services.importing.lead_records import (
    CURRENCY_BEFORE,
    contact_view,
    fill_lead,
    typed,
)
from crmdesk.services.importing.matching import DuplicateIndex, Match
from crmdesk.services.importing.prepare import Prepared
from crmdesk.services.importing.report import DuplicateMatch, ImportReport

_CHUNK = 250
_ID_BLOCK = 250
_STORED = ("first_name", "last_name", "company", "job_title", "phone", "mobile", "email",
           "street", "postal_code", "city", "region", "country", "notes")
_RECORD_FIELDS = {f.name for f in fields(LeadRecord)}


@dataclass(frozen=True)
class LeadDefaults:
    """What a new lead gets that a file does not say: whose it is, and the currency of an
    amount written without one (Settings)."""

    owner: str
    currency: str


def incoming_name(record: LeadRecord) -> str:
    """What a lead of a file is called in the review: its name, else company or e-mail."""
    name = " ".join(p for p in (record.first_name, record.last_name) if p)
    return name or record.company or record.email


def record_of(row: Lead) -> LeadRecord:
    """A stored lead as a record (the fields a merge compares)."""
    values = {name: getattr(row, name) for name in _RECORD_FIELDS if hasattr(row, name)}
    values["source"] = LeadSource(row.source) if row.source in LeadSource._value2member_map_ \
        else LeadSource.OTHER
    values["rating"] = LeadRating(row.rating) if row.rating in LeadRating._value2member_map_ \
        else LeadRating.WARM
    return LeadRecord(**values)


class LeadIndex:
    """The matching keys of every stored lead (hundreds or thousands: held in dicts), and
    of those an import adds; :meth:`find` is the contact import's rule."""

    def __init__(self, session: Session, fold: Folding) -> None:
        self.fold = fold
        self.names: dict[int, tuple[str, str]] = {}
        self.index = DuplicateIndex()
        self.index.held = lambda lid: (ContactRecord(first_name=n[0], last_name=n[1])
                                       if (n := self.names.get(lid)) else None)
        columns = [getattr(Lead, name) for name in ("id", *_STORED)]
        for values in session.execute(select(*columns)):
            lead = LeadRecord(**dict(zip(_STORED, values[1:], strict=True)))
            self.add(values[0], lead, self.keys(lead))

    def keys(self, lead: LeadRecord) -> Keys:
        view = contact_view(lead)
        return keys_of(view, [e164 for e164, _ in self.fold.phones_of(view)])

    def add(self, lid: int, lead: LeadRecord, keys: Keys) -> None:
        self.names[lid] = (lead.first_name, lead.last_name)
        self.index.add(lid, keys)

    def find(self, keys: Keys) -> Match | None:
        return self.index.find(keys)


def find_duplicate(session: Session, leads: LeadIndex, contacts: DuplicateIndex,
                   keys: Keys) -> tuple[str, Match] | None:
    """("lead" or "contact", the match) for a lead's row: a lead first, then a contact."""
    if (match := leads.find(keys)) is not None:
        return "lead", match
    if (match := contacts.find(keys)) is not None:
        return "contact", match
    return None


def stored_name(session: Session, kind: str, found: int) -> str:
    """The name a stored lead or contact is shown by."""
    model: Any = Lead if kind == "lead" else Contact
    return session.scalar(select(model.display_name).where(model.id == found)) or ""


class LeadImport:
    """The leads of one import; :meth:`add` each prepared row, then :meth:`finish` once
    and :meth:`record_items` with the batch."""

    def __init__(self, writer: BulkWriter, report: ImportReport, now: datetime,
                 fold: Folding, defaults: LeadDefaults, contacts: DuplicateIndex,
                 policy: Callable[[int, int], str], collect: bool,
                 merge_contact: Callable[[int, ContactRecord, Keys], None]) -> None:
        self.writer = writer
        self.session = writer.session
        self.report = report
        self.now = now
        self.fold = fold
        self.defaults = defaults
        self.contacts = contacts
        self.policy = policy
        self.collect = collect
        self.merge_contact = merge_contact
        #: the ids of the leads this import created, in order (for undo)
        self.created: list[int] = []
        self.rows: dict[int, Lead] = {}  # the leads this import wrote or merged into
        self.pending = 0
        #: stored leads merged into: the fields filled, and their version before
        self.added: dict[int, dict[str, str]] = {}
        self.version_before: dict[int, int] = {}
        self._free: list[int] = []
        self.leads = LeadIndex(self.session, fold)

    # -- one row ---------------------------------------------------------------------------
    def add(self, path: str, entry: Prepared) -> None:
        item = entry.item
        assert entry.keys is not None and entry.record is not None
        record: LeadRecord = item.record  # type: ignore[union-attr, assignment]
        keys = entry.keys
        found = find_duplicate(self.session, self.leads, self.contacts, keys)
        kind, match = found if found is not None else ("", None)
        policy = self.policy(entry.file_index, item.record_no)  # type: ignore[union-attr]
        if match is not None and self.collect:
            self._note_match(entry, record, kind, match.contact_id, match.reason)
        if match is None or policy == "create":
            self.leads.add(self._create(record), record, keys)
        elif policy == "skip":
            self.report.skipped += 1
        elif kind == "contact":
            self.merge_contact(match.contact_id, entry.record, keys)
        else:
            self._merge(match.contact_id, record)

    def _note_match(self, entry: Prepared, record: LeadRecord, kind: str, found: int,
                    reason: str) -> None:
        # "" for a lead earlier in this import
        name = "" if kind == "lead" and found in self.created else stored_name(
            self.session, kind, found)
        item = entry.item
        self.report.matches.append(DuplicateMatch(
            entry.file_index, item.record_no, item.line,  # type: ignore[union-attr]
            incoming_name(record), found, name, reason, kind))

    def _create(self, record: LeadRecord) -> int:
        if not self._free:
            self._free = self.writer.reserve_ids(Lead.__table__, _ID_BLOCK)[::-1]
        lid = self._free.pop()
        values = {name: getattr(record, name) for name in (
            *_STORED, "estimated_value", "campaign_id")}
        row = Lead(id=lid, source=record.source.value, rating=record.rating.value,
                   status="new", currency=record.currency or self.defaults.currency,
                   owner=self.defaults.owner, created=self.now, modified=self.now,
                   **values)
        LEAD.derive_columns(row, self.fold.region)
        self.session.add(row)
        self.rows[lid] = row
        self.created.append(lid)
        self.report.created += 1
        self.report.leads_created += 1
        self.pending += 1
        if self.pending >= _CHUNK:
            self.session.flush()
            self.pending = 0
        return lid

    def _merge(self, lid: int, incoming: LeadRecord) -> None:
        """Fill what the lead lacks; a row adding nothing counts as skipped, as for
        contacts."""
        row = self.rows.get(lid) or self.session.get(Lead, lid)
        if row is None:  # pragma: no cover - found in this very transaction
            return
        result = fill_lead(record_of(row), incoming)
        if result is None:
            self.report.skipped += 1
            self.report.unchanged += 1
            return
        _, filled = result
        currency = row.currency
        for name, value in typed(filled).items():
            setattr(row, name, value)
        row.modified = self.now
        LEAD.derive_columns(row, self.fold.region)
        if lid not in self.rows:  # a stored lead: what the merge filled, for undo
            self.rows[lid] = row
            self.version_before[lid] = row.version
        if lid in self.version_before:
            added = self.added.setdefault(lid, {})
            if "currency" in filled:  # it had the default one: undo puts that back
                added.setdefault(CURRENCY_BEFORE, currency)
            for name, value in filled.items():
                added.setdefault(name, value)
        merged = record_of(row)
        self.leads.add(lid, merged, self.leads.keys(merged))
        self.report.merged += 1
        self.report.leads_merged += 1

    # -- the end ---------------------------------------------------------------------------
    def finish(self, index: Any) -> None:
        """Write what is pending and index the new and merged leads (``index``: the
        search index)."""
        self.session.flush()
        if self.created:
            index.add_new(self.session, Lead, self.created)
        if self.added:
            index.refresh(self.session, Lead, list(self.added))

    def record_items(self, batch_id: int) -> None:
        """The batch's items for the stored leads merged into: what each merge filled and
        how many versions it moved the lead (the created ones are recorded with the
        contacts', by their ids)."""
        versions: dict[int, int] = {}
        for chunk in chunks(self.added):
            versions.update(self.session.execute(select(Lead.id, Lead.version)
                                                 .where(Lead.id.in_(chunk))).all())
        rows = [{"batch_id": batch_id, "kind": LEAD.name, "action": "merged", "party_id": lid,
                 "version_after": versions[lid], "moved": versions[lid] - self.version_before[lid],
                 "added": json.dumps(added, ensure_ascii=False)}
                for lid, added in self.added.items()]
        if rows:
            self.session.execute(insert(ImportItem), rows)
