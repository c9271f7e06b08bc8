"""Importing contact files into the database: one import, one transaction.

New contacts are not saved through the ORM one by one: their rows are built
in Python (``rows.RowBuilder``) and written in chunks (``bulk.BulkWriter``),
with ids the database hands out, and the search index is filled for the new
ids at the end.  Merges into stored contacts are written in bulk too
(``stored.rewrite_contacts``).  The batch names each contact and account it
created and keeps what each merge added, for undo (``batches``).  Everything
happens in one transaction that commits at the very end, so Cancel, an
error, a kill or a crash leaves the database as it was; ``dry_run`` runs the
same work and rolls back.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from itertools import islice
from typing import Any, NamedTuple

from sqlalchemy import Table, insert, literal, select
from sqlalchemy.orm import Session

from crmdesk.importers import (
    ParsedAccount,
    ParsedContact,
    Problem,
)
from crmdesk.importers.ics import ParsedActivity
from crmdesk.importers.json_reader import ParsedSales
from crmdesk.importers.lead_csv import ParsedLead
from crmdesk.kinds.parties import ACCOUNT
from crmdesk.models import (
    Account,
    Address,
    Category,
    Contact,
    CustomField,
    Email,
    ImportBatch,
    ImportItem,
    Lead,
    Phone,
    Photo,
    contact_category,
)
from crmdesk.models.activity import Activity
from crmdesk.models.base import utcnow
from crmdesk.records import AccountRecord, ContactRecord
from crmdesk.services.activities import ActivityService
from crmdesk.services.bulk import BulkWriter, between
from crmdesk.services.contacts import ContactService
from crmdesk.services.derive import AccountText, ContactText, PhoneInfo, account_columns
from crmdesk.services.importing import snapshot
from crmdesk.services.importing.batches import BatchService
from crmdesk.services.importing.calendar import ActivityImport
from crmdesk.services.importing.keys import Keys, keys_of
from crmdesk.services.importing.leads import (
    LeadDefaults,
    LeadImport,
    LeadIndex,
    find_duplicate,
    incoming_name,
    stored_name,
)
from crmdesk.services.importing.matching import DuplicateIndex, HashSet, Match, first_column
from crmdesk.services.importing.merge import Added, added_by_merge, merge_records
from crmdesk.services.importing.prepare import (
    FileFailed,
    ImportSource,
    Prepared,
    Progressed,
    Reading,
    file_size,
    rare_collections,
    settle,
    start_reading,
)
from crmdesk.services.importing.report import (
    DuplicateMatch,
    ImportProblem,
    ImportRepair,
    ImportReport,
)
from crmdesk.services.importing.rows import RowBuilder, clean
from crmdesk.services.importing.sales import SalesImport, SalesRestorers
from crmdesk.services.importing.stored import REWRITTEN, Rewrite, rewrite_contacts
from crmdesk.services.loading import load_contacts
from crmdesk.services.names import display_name_of, key_of
from crmdesk.services.table_rows import AccountRow, CategoryLinkRow, ContactRow, PhotoRow

Progress = Callable[[int, int], None]
CancelCheck = Callable[[], bool]
POLICIES = ("merge", "skip", "create")
FORMATS = ("auto", "vcard", "outlook-csv", "google-csv", "thunderbird-csv", "ldif", "json",
           "ics")
_CHUNK = 250
_MERGE_CHUNK = 300
#: New contacts kept in memory once written (a few MB), so that a later card of the
#: same person in the file merges into them without reading them back
_KEEP_WRITTEN = 10_000
_ACCOUNT_CACHE = 20_000
_ID_BLOCK = 1000  # ids reserved at a time


class ImportCancelled(RuntimeError):
    """The user cancelled; nothing was written."""


@dataclass
class ImportOptions:
    policy: str = "merge"
    dry_run: bool = False
    #: per-record choices from the review step: (file index, record number) -> policy
    decisions: dict[tuple[int, int], str] = field(default_factory=dict)
    collect_matches: bool = False  # fill ``report.matches`` (for the review step)
    parallel: bool | None = None  # read in a child process; None: when it pays and is safe


@dataclass
class _New:
    record: ContactRecord
    phone_info: list[PhoneInfo]
    account_id: int | None
    company: str
    text: ContactText | None = None  # from the reading side; None once merged: recompute


class _Named(NamedTuple):
    """A new account with only a name, as ``derive.account_columns`` reads it."""

    name: str
    account_number: str = ""
    industry: str = ""
    notes: str = ""
    phones: tuple[()] = ()
    emails: tuple[()] = ()
    addresses: tuple[()] = ()


class _ItemRow(NamedTuple):
    """What a batch did to one contact or account (table ``import_item``)."""

    batch_id: int
    kind: str
    action: str
    party_id: int
    version_after: int
    added: str
    moved: int


class _Ids:
    """The ids of the rows of one table an import creates, in order: reserved from the
    database a block at a time (``BulkWriter.reserve_ids``), so another process writing
    meanwhile gets none of them, and undo takes back exactly these."""

    def __init__(self, writer: BulkWriter, table: Table) -> None:
        self.writer = writer
        self.table = table
        self.given: dict[int, None] = {}
        self._free: list[int] = []

    def take(self) -> int:
        if not self._free:
            self._free = self.writer.reserve_ids(self.table, _ID_BLOCK)[::-1]
        new = self._free.pop()
        self.given[new] = None
        return new

    def __contains__(self, item: int) -> bool:
        return item in self.given

    def __iter__(self) -> Iterator[int]:
        return iter(self.given)

    def __len__(self) -> int:
        return len(self.given)


def import_category_name(when: datetime) -> str:
    return f"Imported {when:%Y-%m-%d %H:%M}"


class ImportService:
    def __init__(self, db: Any, index: Any, contacts: ContactService, accounts: Any,
                 region: Callable[[], str], activities: ActivityService,
                 lead_defaults: Callable[[], LeadDefaults] = lambda: LeadDefaults("", ""),
                 sales: SalesRestorers | None = None) -> None:
        self.db = db
        self.sales = sales  # restores the sales sections of crmdesk's JSON
        self.index = index
        self.contacts = contacts
        self.accounts = accounts
        self.region = region
        self.activities = activities
        self.lead_defaults = lead_defaults

    def run(self, sources: Sequence[ImportSource | str], options: ImportOptions | None = None,
            progress: Progress | None = None, cancelled: CancelCheck | None = None,
            reading: Reading | None = None) -> ImportReport:
        """Import every file as one batch; returns the report (raises ImportCancelled).

        ``reading`` is these sources' :func:`start_reading`, when the caller started it
        early (``crmdesk import`` does, before the database layer loads)."""
        options = options or ImportOptions()
        if options.policy not in POLICIES:
            raise ValueError(f"unknown duplicate policy {options.policy!r}")
        items = [s if isinstance(s, ImportSource) else ImportSource(str(s)) for s in sources]
        if reading is None:
            reading = start_reading(items, self.region(), options.parallel)
        try:
            # the write lock from the start: one import is one transaction, and a
            # concurrent writer waits for it (or it for them) instead of failing half-way
            with self.db.writing() as session:
                writer = BulkWriter(session)
                with writer.page_cache(), rare_collections():
                    report = _Run(self, writer, options, progress, cancelled).execute(
                        items, reading)
                if options.dry_run:
                    session.rollback()
        finally:
            reading.close()
        return report


    def lead_duplicates(self, entries: Sequence[Prepared]) -> list[DuplicateMatch | None]:
        """What each prepared lead (of a preview) duplicates among the stored leads and
        contacts, by the import's rule; reads only."""
        out: list[DuplicateMatch | None] = []
        with self.db.sessions() as session:
            leads = LeadIndex(session, RowBuilder(self.region()).fold)
            contacts = DuplicateIndex.load(session)
            for entry in entries:
                found = (find_duplicate(session, leads, contacts, entry.keys)
                         if entry.keys is not None else None)
                item = entry.item
                if found is None or not isinstance(item, ParsedLead):
                    out.append(None)
                    continue
                kind, match = found
                out.append(DuplicateMatch(
                    entry.file_index, item.record_no, item.line, incoming_name(item.record),
                    match.contact_id, stored_name(session, kind, match.contact_id),
                    match.reason, kind))
        return out


class _Run:
    """The state of one import: caches, pending rows, counters."""

    def __init__(self, service: ImportService, writer: BulkWriter, options: ImportOptions,
                 progress: Progress | None, cancelled: CancelCheck | None) -> None:
        self.s = service
        self.writer = writer
        self.session: Session = writer.session
        self.options = options
        self.progress = progress or (lambda done, total: None)
        self.cancelled = cancelled or (lambda: False)
        self.region = service.region()
        self.rows = RowBuilder(self.region)
        self.report = ImportReport(dry_run=options.dry_run)
        self.now = utcnow()
        self.pending: dict[int, _New] = {}
        #: the most recently written new contacts, as written (or merged into since)
        self.written: dict[int, _New] = {}
        #: written contacts merged into since: their record as written
        self.updated: dict[int, ContactRecord] = {}
        self.merges: list[tuple[int, ContactRecord]] = []
        #: stored contacts merged into: their record before this import's first merge,
        #: what its merges added to it, and how many times they wrote it
        self.before: dict[int, ContactRecord] = {}
        self.added: dict[int, Added] = {}
        self.moved: dict[int, int] = {}
        self.source_contacts: dict[int, int] = {}  # JSON source id -> stored id
        self.source_accounts: dict[int, int] = {}
        self.account_links: list[tuple[int, AccountRecord]] = []
        #: what the list's filter calls the batch ("Imported <date>"); no category: those
        #: are the user's own tags, and one per import crowded every card
        self.batch_label = import_category_name(datetime.now())

    # -- setup -----------------------------------------------------------------------
    def _prepare(self, sources: list[ImportSource]) -> None:
        s = self.session
        self.report.files = [src.path for src in sources]
        leads = any(src.kind == "lead" for src in sources)
        if leads:
            self.report.kind = "lead"
        self.batch = ImportBatch(
            created=self.now, files=json.dumps(self.report.files, ensure_ascii=False),
            format=",".join(dict.fromkeys("leads" if src.kind == "lead" else src.format
                                          for src in sources)),
            policy=self.options.policy, category=self.batch_label)
        s.add(self.batch)
        s.flush()
        self.contact_ids = _Ids(self.writer, Contact.__table__)
        self.account_ids = _Ids(self.writer, Account.__table__)
        self.dupes = DuplicateIndex.load(s)
        self.dupes.held = lambda cid: (new.record if (new := self._held(cid)) else None)
        # stored accounts: hashes of their name keys, looked up when a company comes by
        self.stored_accounts = HashSet(first_column(s, select(Account.name_key)))
        self.accounts: dict[str, tuple[int, str]] = {}  # a bounded cache
        self.categories: dict[str, tuple[int, str]] = {
            key: (cid, name) for cid, key, name in s.execute(
                select(Category.id, Category.key, Category.name))}
        self.account_rows: list[AccountRow] = []
        self.activities = ActivityImport(self.writer, self.report, self.now,
                                         self._category_ids, self.s.activities)
        self.category_sets: dict[tuple[str, ...], tuple[list[int], list[str]]] = {}
        options = self.options
        self.leads = LeadImport(
            self.writer, self.report, self.now, self.rows.fold, self.s.lead_defaults(),
            self.dupes, lambda file_index, record_no: options.decisions.get(
                (file_index, record_no), options.policy), options.collect_matches,
            self._merge_contact) if leads else None
        self.sales = SalesImport(self.writer, self.report, self.s.sales, self._forget_loaded,
                                 self._category_ids, self.now)

    def execute(self, sources: list[ImportSource], reading: Reading) -> ImportReport:
        self._prepare(sources)
        sizes = [file_size(src.path) for src in sources]
        total = sum(sizes) or 1
        starts = [sum(sizes[:i]) for i in range(len(sources))]
        for n, entry in enumerate(reading):
            if n % 100 == 0 and self.cancelled():
                raise ImportCancelled("Import cancelled; nothing was changed.")
            if isinstance(entry, Progressed):
                self.progress(min(starts[entry.file_index] + entry.done, total), total)
            elif isinstance(entry, FileFailed):
                self.report.unreadable_files += 1
                self.report.failed += 1
                self.report.problems.append(ImportProblem(
                    sources[entry.file_index].path, entry.line, entry.reason, whole_file=True))
            else:
                self._item(sources[entry.file_index].path, entry)
        reading.close()  # the child is done: let it go before the writing ends
        self.progress(total, total)
        self._flush()
        self._flush_merges()
        self.activities.finish()
        if self.leads is not None:
            self.leads.finish(self.s.index)
        self._index_new()
        self._link_accounts()  # re-indexes the accounts it fills
        self.sales.finish(self.source_contacts, self.source_accounts)
        self._record_batch()
        return self.report

    # -- reading ---------------------------------------------------------------------
    def _item(self, path: str, entry: Prepared) -> None:
        item = entry.item
        if isinstance(item, Problem):
            self.report.failed += 1
            self.report.problems.append(
                ImportProblem(path, item.line, item.reason, item.record_no))
        elif isinstance(item, ParsedAccount):
            self.account_links.append((self._account_id(item.record.name), item.record))
            self.report.repairs += [ImportRepair(path, r.line, r.reason, r.record_no)
                                    for r in item.repairs]
        elif isinstance(item, ParsedSales):
            self.sales.add(path, item)
        elif isinstance(item, ParsedActivity):
            self.activities.add(path, item)
            self.report.repairs += [ImportRepair(path, r.line, r.reason, r.record_no)
                                    for r in item.repairs]
        elif isinstance(item, ParsedLead) and self.leads is not None:
            self.leads.add(path, entry)
            self.report.repairs += [ImportRepair(path, r.line, r.reason, r.record_no)
                                    for r in entry.repairs]
        elif isinstance(item, ParsedContact):
            self._contact(entry)
            self.report.repairs += [ImportRepair(path, r.line, r.reason, r.record_no)
                                    for r in entry.repairs]
        if len(self.pending) >= _CHUNK:
            self._flush()
        if len(self.merges) >= _MERGE_CHUNK:
            self._flush_merges()

    # -- one contact -----------------------------------------------------------------
    def _contact(self, entry: Prepared) -> None:
        item = entry.item
        assert isinstance(item, ParsedContact) and entry.record is not None
        file_index = entry.file_index
        source_id = item.record.id
        rec = entry.record
        phone_info = entry.phone_info or []
        keys = entry.keys or keys_of(rec, [e for e, _ in phone_info])
        match = self.dupes.find(keys)
        if match is not None and source_id is not None and match.contact_id in self.contact_ids:
            # a crmdesk export: records with their own ids are distinct contacts, even
            # when they look alike; only contacts stored before are matched
            match = None
        policy = self.options.decisions.get((file_index, item.record_no), self.options.policy)
        if match is not None and self.options.collect_matches:
            self._note_match(file_index, item, rec, match)
        if match is None or policy == "create":
            cid = self._create(rec, phone_info, entry.text, keys)
            self.dupes.add(cid, keys)
        elif policy == "skip":
            self.report.skipped += 1
            cid = match.contact_id
        else:
            cid = match.contact_id
            self._merge_contact(cid, rec, keys)
        if source_id is not None:
            self.source_contacts[source_id] = cid

    def _merge_contact(self, cid: int, rec: ContactRecord, keys: Keys) -> None:
        """Merge a record into the contact ``cid`` (stored, or new in this import): a
        contact's duplicate, or a lead's that matched a contact."""
        self.dupes.add(cid, keys)
        if cid in self.pending:
            self._merge_into(self.pending[cid], rec)
        elif cid in self.written:
            written = self.written[cid]
            before = written.record
            if self._merge_into(written, rec):
                self.updated.setdefault(cid, before)
        else:
            self.merges.append((cid, rec))

    def _held(self, cid: int) -> _New | None:
        """A new contact held in memory: pending, or written and kept (see _KEEP_WRITTEN)."""
        return self.pending.get(cid) or self.written.get(cid)

    def _note_match(self, file_index: int, item: ParsedContact, rec: ContactRecord,
                    match: Match) -> None:
        held = self._held(match.contact_id)
        existing = display_name_of(held.record) if held else self.session.scalar(
            select(Contact.display_name).where(Contact.id == match.contact_id)) or ""
        self.report.matches.append(DuplicateMatch(
            file_index, item.record_no, item.line, display_name_of(rec) or rec.company,
            match.contact_id, existing, match.reason))

    def _create(self, rec: ContactRecord, phone_info: list[PhoneInfo],
                text: ContactText | None, keys: Keys) -> int:
        cid = self.contact_ids.take()
        account_id, company = self._account(rec.company, keys.company,
                                            text.company_words if text else None)
        self.pending[cid] = _New(rec, phone_info, account_id, company, text)
        self.report.created += 1
        return cid

    def _merge_into(self, new: _New, rec: ContactRecord) -> bool:
        """Merge a record into a new contact held in memory; False if it added nothing."""
        merged = merge_records(new.record, rec, self.region,
                               lambda n, r: self.rows.fold.phone(n, r)[0])
        if merged is None:
            self.report.skipped += 1
            self.report.unchanged += 1
            return False
        if merged.company != new.record.company:
            new.account_id, new.company = self._account(merged.company)
        new.record = merged
        new.text = None
        new.phone_info = self.rows.fold.phones_of(merged)
        self.report.merged += 1
        return True

    # -- accounts and categories --------------------------------------------------------
    def _account(self, company: str, key: str | None = None,
                 words: str | None = None) -> tuple[int | None, str]:
        """The (id, stored name) of the account for a company name (whose ``key_of`` and
        folded words, if known); created if new."""
        company = company.strip()
        if not company:
            return None, ""
        if key is None:
            key = key_of(company)
        found = self.accounts.get(key)
        if found is None and key in self.stored_accounts:
            rows = self.dupes.query("SELECT id, name FROM account WHERE name_key = ? "
                                    "ORDER BY id LIMIT 1", key)
            if rows:
                found = self._remember_account(key, (rows[0][0], rows[0][1]))
        if found is None:
            aid = self.account_ids.take()
            self.account_rows.append(AccountRow(
                aid, company, "", "", "", "", "", self.now, self.now, 1,
                *account_columns(_Named(company), (), self.rows.fold, phone_info=(),
                                 text=AccountText(words, key) if words is not None else None)))
            found = self._remember_account(key, (aid, company))
            self.report.accounts_created += 1
        return found

    def _remember_account(self, key: str, found: tuple[int, str]) -> tuple[int, str]:
        if len(self.accounts) >= _ACCOUNT_CACHE:  # write them, keep only their hashes
            self._flush_accounts()
            self.stored_accounts.update(self.accounts)
            self.accounts.clear()
        self.accounts[key] = found
        return found

    def _account_id(self, company: str) -> int | None:
        aid, _ = self._account(company)
        return aid

    def _category_ids(self, names: Iterable[str]) -> list[tuple[int, str]]:
        """(id, stored name) per category name, inserting new ones at once."""
        out: dict[str, tuple[int, str]] = {}
        for name in names:
            key = name.strip().casefold()
            if not key or key in out:
                continue
            if key not in self.categories:
                result = self.session.execute(insert(Category).values(name=name.strip(),
                                                                      key=key))
                self.categories[key] = (result.inserted_primary_key[0], name.strip())
            out[key] = self.categories[key]
        return list(out.values())

    def _category_set(self, names: list[str]) -> tuple[list[int], list[str]]:
        """The ids and stored names of a new contact's categories;
        memoised, as most contacts of a file share the same few sets."""
        key = tuple(names)
        found = self.category_sets.get(key)
        if found is None:
            if len(self.category_sets) > 10_000:
                self.category_sets.clear()
            cats = self._category_ids(names)
            found = self.category_sets[key] = ([i for i, _ in cats], [n for _, n in cats])
        return found

    # -- writing -----------------------------------------------------------------------
    def _flush_accounts(self) -> None:
        self.writer.insert(Account.__table__, self.account_rows)
        self.account_rows.clear()

    def _flush(self) -> None:
        """Insert the pending new contacts (and their accounts) with executemany."""
        self._flush_accounts()
        self._flush_updated()
        if not self.pending:
            return
        contacts: list[ContactRow] = []
        phones_, emails, addresses, links, photos, extra = [], [], [], [], [], []
        now = self.now
        for cid, new in self.pending.items():
            rec = new.record
            cat_ids, cat_names = self._category_set(rec.categories)
            d = self.rows.draft(rec, cid, new.account_id, new.company, cat_names, now,
                                phone_info=new.phone_info, text=new.text)
            contacts.append(d.contact)
            phones_ += d.phones
            emails += d.emails
            addresses += d.addresses
            extra += d.custom_fields
            links += [CategoryLinkRow(cid, cat_id) for cat_id in cat_ids]
            if rec.photo:
                photos.append(PhotoRow(cid, rec.photo_mime or "image/jpeg", rec.photo))
        self.writer.insert(Contact.__table__, contacts)
        self._insert_children(phones_, emails, addresses, links, photos, extra)
        for new in self.pending.values():
            new.text = None  # the memory: a merge recomputes it
        self.written.update(self.pending)
        self.pending.clear()
        for cid in list(islice(self.written, max(0, len(self.written) - _KEEP_WRITTEN))):
            del self.written[cid]
        if not self.merges:  # queued merges add keys not yet written: absorb later
            self.dupes.absorb()
        settle()

    def _flush_updated(self) -> None:
        """Write the merges into new contacts written earlier: a merge only adds, so the
        contact row is updated and only the added phones, e-mails, addresses, categories
        and photo are inserted (no delete, no re-insert of what is there)."""
        if not self.updated:
            return
        contacts: list[ContactRow] = []
        phones_, emails, addresses, links, photos, extra = [], [], [], [], [], []
        now = self.now
        for cid, before in self.updated.items():
            new = self.written[cid]
            rec = new.record
            cat_ids, cat_names = self._category_set(rec.categories)
            d = self.rows.draft(rec, cid, new.account_id, new.company, cat_names, now,
                                phone_info=new.phone_info)
            contacts.append(d.contact)
            phones_ += d.phones[len(before.phones):]
            emails += d.emails[len(before.emails):]
            addresses += d.addresses[len(before.addresses):]
            extra += d.custom_fields[len(before.custom_fields):]
            had = set(self._category_set(before.categories)[0])
            links += [CategoryLinkRow(cid, cat_id) for cat_id in cat_ids if cat_id not in had]
            if rec.photo and not before.photo:
                photos.append(PhotoRow(cid, rec.photo_mime or "image/jpeg", rec.photo))
        self.updated.clear()
        self.writer.update(Contact.__table__, contacts, REWRITTEN)
        self._insert_children(phones_, emails, addresses, links, photos, extra)

    def _insert_children(self, *rows: list[Any]) -> None:
        """The rows of new contacts' (or new in merged ones') phones, e-mails, addresses,
        category links, photos and custom fields, from :meth:`RowBuilder.draft`."""
        for table, table_rows in zip((Phone.__table__, Email.__table__, Address.__table__,
                                      contact_category, Photo.__table__,
                                      CustomField.__table__), rows, strict=True):
            self.writer.insert(table, table_rows)

    def _flush_merges(self) -> None:
        """Apply the queued merges: stored contacts in bulk, ours rebuilt."""
        if not self.merges:
            return
        self._flush()
        ids = list({cid for cid, _ in self.merges})
        loaded = load_contacts(self.session, ids)
        created = self.contact_ids
        records = loaded.records
        known_e164 = loaded.e164
        versions = {cid: r.version or 1 for cid, r in records.items()}
        updates: dict[int, ContactRecord] = {}
        rebuilt: list[int] = []  # ours, written already: their rows go, then come again
        for cid, rec in self.merges:
            if cid not in records:
                continue
            stored = self.pending[cid].record if cid in self.pending else records[cid]
            known = known_e164.get(cid, {})
            merged = merge_records(stored, rec, self.region,
                                   lambda n, r, k=known: k.get(n)
                                   or self.rows.fold.phone(n, r)[0])
            if merged is None:
                self.report.skipped += 1
                self.report.unchanged += 1
                continue
            self.report.merged += 1
            if cid in created:  # ours: rebuild its rows
                if cid not in self.pending:
                    rebuilt.append(cid)
                account_id, company = self._account(merged.company)
                self.pending[cid] = _New(merged, self.rows.fold.phones_of(merged),
                                         account_id, company)
                continue
            self.before.setdefault(cid, stored)
            records[cid] = updates[cid] = merged
        if rebuilt:  # one Core DELETE (0.5 ms a row through the ORM); the database
            # cascades to their phones, e-mails, addresses and category links
            self.writer.delete(Contact.__table__, "id", rebuilt)
        self._update_stored(updates, versions)
        self.merges.clear()
        self._flush()

    def _update_stored(self, updates: dict[int, ContactRecord],
                       versions: dict[int, int]) -> None:
        """Write merged stored contacts in bulk (version + 1, created kept, see
        ``stored.rewrite_contacts``), and note what each merge added."""
        if not updates:
            return
        self._flush_accounts()
        rewrites: list[Rewrite] = []
        for cid, merged in updates.items():
            if merged.account_id is not None:
                account_id, company = merged.account_id, merged.company
            else:
                account_id, company = self._account(merged.company)
                self._flush_accounts()
            cats = self._category_ids(merged.categories)
            rec = clean(merged, account_id=account_id, company=company,
                        categories=[n for _, n in cats])
            self.added[cid] = added_by_merge(self.before[cid], rec)
            self.moved[cid] = self.moved.get(cid, 0) + 1
            rewrites.append(Rewrite(rec, cats, versions[cid] + 1))
        rewrite_contacts(self.writer, self.rows, rewrites, self.now, self.s.index)

    def _link_accounts(self) -> None:
        """Accounts from a JSON export: fill their fields, parents and primary contacts."""
        if not self.account_links:
            return
        self._flush_accounts()
        self.session.flush()
        for record in (r for _, r in self.account_links):
            aid = self._account_id(record.name) if record.name.strip() else None
            if record.id is not None and aid is not None:
                self.source_accounts[record.id] = aid
        created = self.account_ids
        for n, (aid, record) in enumerate(self.account_links, 1):
            if n % 500 == 0:  # keep the session (and memory) small: 20,000 accounts
                self.session.flush()
                self._forget_loaded()
            account = self.session.get(Account, aid) if aid is not None else None
            if account is None or aid is None:
                continue
            parent = self.source_accounts.get(record.parent_id or -1)
            primary = self.source_contacts.get(record.primary_contact_id or -1)
            if aid in created:
                self._category_ids(record.categories)
                self.s.accounts.apply(self.session, account, replace(
                    record, id=aid, parent_id=parent, primary_contact_id=primary), self.region)
            else:  # a stored account: fill what it lacks, keep what it has
                for name in ("account_number", "industry", "website", "notes"):
                    if not getattr(account, name) and getattr(record, name):
                        setattr(account, name, getattr(record, name))
                account.parent_id = account.parent_id or parent
                account.primary_contact_id = account.primary_contact_id or primary
                ACCOUNT.derive_columns(account, self.region)
        self.session.flush()
        self.s.index.refresh(self.session, Account, [aid for aid, _ in self.account_links
                                                     if aid is not None])

    def _forget_loaded(self) -> None:
        """Drop flushed ORM objects from the session, all but the batch row."""
        self.session.expunge_all()
        self.session.add(self.batch)  # back in, as the persistent row it is

    def _index_new(self) -> None:
        """Index the new contacts and accounts (none of them is indexed yet)."""
        for model, ids in ((Contact, self.contact_ids), (Account, self.account_ids)):
            if ids:
                self.s.index.add_new(self.session, model, ids)

    def _record_batch(self) -> None:
        b = self.batch
        r = self.report
        b.created_count, b.merged_count = r.created, r.merged
        b.skipped_count, b.failed_count = r.skipped, r.failed
        touched = list(self.added)
        versions: dict[int, int] = {}
        for start in range(0, len(touched), 500):
            versions.update(self.session.execute(select(Contact.id, Contact.version).where(
                Contact.id.in_(touched[start:start + 500]))).all())
        # the items of the created contacts and accounts, by the ids they were given, with
        # INSERT ... SELECT (no Python row per contact)
        for party, kind, ids in ((Contact, "contact", self.contact_ids),
                                 (Account, "account", self.account_ids),
                                 (Activity, "activity", self.activities.created),
                                 (Lead, "lead", self.leads.created if self.leads else [])):
            for theirs in between(party.id, ids):
                self.session.execute(insert(ImportItem).from_select(
                    ["batch_id", "kind", "action", "party_id", "version_after"],
                    select(literal(b.id), literal(kind), literal("created"), party.id,
                           party.version).where(theirs)))
        self.writer.insert(ImportItem.__table__, [
            _ItemRow(b.id, "contact", "merged", cid, versions.get(cid, 1),
                    snapshot.dumps_added(added), self.moved[cid])
            for cid, added in self.added.items()])
        if self.leads is not None:
            self.leads.record_items(b.id)
        self.sales.record_items(b.id)
        if not (r.created or r.merged or self.account_ids):
            b.category = ""  # nothing for the contact list's filter to show
        self.session.flush()
        r.batch_id = None if self.options.dry_run else b.id
        r.category = b.category


def services_for(services: Any) -> tuple[ImportService, BatchService]:
    """(ImportService, BatchService) wired to an open ``wiring.Services``."""
    region = services.contacts.region
    settings = services.settings
    sales = SalesRestorers(services.leads, services.opportunities, services.quotes,
                           services.products, services.index, services.activities,
                           services.cases, services.campaigns)
    return (ImportService(services.db, services.index, services.contacts, services.accounts,
                          region, services.activities,
                          lambda: LeadDefaults(settings.user, settings.default_currency),
                          sales),
            BatchService(services.db, services.index, region))
