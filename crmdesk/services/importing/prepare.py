"""The per-record work that needs no database: parse, clean, phones, folded words.

It is most of an import's time (phonenumbers and folding are pure Python), so
for a large file on the command line it runs in a forked child process while
the parent matches and inserts: the two cores work at once, and a pipe of
small pickled batches keeps memory flat (the child blocks when the parent
falls behind).  In a process with threads (the GUI) it runs inline, because
forking a threaded process is not safe.  Both paths yield the same items.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

from crmdesk.importers import (
    ImportFileError,
    ParsedAccount,
    ParsedContact,
    Problem,
    Repair,
    detect,
    read_contacts,
    read_json,
)
from crmdesk.importers.ics import ParsedActivity
from crmdesk.importers.lead_csv import ParsedLead
from crmdesk.importers.reader import CSV_FORMATS, read_leads
from crmdesk.records import AddressEntry, ContactRecord, CustomField, EmailEntry, PhoneEntry
from crmdesk.services import phones
from crmdesk.services.derive import ContactText, Folding, PhoneInfo, contact_text
from crmdesk.services.importing.keys import Keys, keys_of
from crmdesk.services.importing.lead_records import contact_view, lead_of
from crmdesk.services.importing.rows import clean
from crmdesk.services.importing.vetting import vet

_RARE = (50_000, 10, 10)  # collector thresholds during an import
PARALLEL_MIN_BYTES = 2_000_000  # below this, starting a child costs more than it saves
_BATCH = 200
_AHEAD = 50  # batches read ahead at most (10,000 records, a few MB pickled)


@contextlib.contextmanager
def rare_collections() -> Iterator[None]:
    """An import allocates millions of small acyclic objects (rows, words, records); at
    the default threshold the cyclic collector ran thousands of times over them, 0.3 s
    of a 3 s CSV import (in both processes).  Collecting every 50,000 allocations keeps
    memory bounded.  What :func:`settle` froze is let go at the end."""
    old = gc.get_threshold()
    gc.set_threshold(*_RARE)
    try:
        yield
    finally:
        gc.set_threshold(*old)
        gc.unfreeze()


def settle() -> None:
    """Freeze what is alive now out of the collections still to come in this import:
    its memos, the keys of stored contacts and the records of the contacts it wrote live
    until the end, and traversing them again and again was 3 % of the writing process's
    instructions.  Call inside :func:`rare_collections`."""
    gc.freeze()


@dataclass
class ImportSource:
    """One file and how to read it (``format``/``encoding``/``mapping`` override detection);
    ``kind`` "lead" reads a CSV file's rows as leads."""

    path: str
    format: str = "auto"
    encoding: str | None = None
    mapping: dict[str, str] | None = None
    kind: str = "contact"


@dataclass
class Prepared:
    """One item of a file, with the record cleaned and its costly parts computed."""

    file_index: int
    item: ParsedContact | ParsedAccount | ParsedActivity | ParsedLead | Problem
    #: cleaned, id/version/account_id cleared; of a lead, the contact it would be
    record: ContactRecord | None = None
    phone_info: list[PhoneInfo] | None = None  # from Folding.phone
    text: ContactText | None = None  # from derive.contact_text
    keys: Keys | None = None  # what the record is matched by
    repairs: list[Repair] = field(default_factory=list)  # what reading and vetting mended


@dataclass
class FileFailed:
    file_index: int
    line: int | None
    reason: str


@dataclass
class Progressed:
    file_index: int
    done: int


#: the language of a header set -> the country its national numbers are read in (an
#: English header says nothing: Outlook writes it the world over)
_LANGUAGE_REGIONS = {"da": "DK", "de": "DE", "fr": "FR", "es": "ES"}


def items_of(src: ImportSource, on_progress: Callable[[int, int], None]
             ) -> tuple[Iterable[Any], str]:
    """Every item of one ImportSource (JSON exports carry accounts too, iCalendar files
    activities), and the country
    the file's language says its numbers are in ("" when it says none)."""
    fmt = src.format
    guess = None
    if src.kind == "lead":
        guess = detect(src.path, src.encoding, kind="lead")
        return (read_leads(src.path, encoding=src.encoding, mapping=src.mapping,
                           on_progress=on_progress),
                _LANGUAGE_REGIONS.get(guess.language or "", ""))
    if fmt == "auto" or fmt in CSV_FORMATS:
        guess = detect(src.path, src.encoding)
        if fmt == "auto":  # a JSON export carries accounts, which read_contacts leaves out
            fmt = guess.format
    if fmt == "json":
        return read_json(src.path), ""
    if fmt == "ics":
        from crmdesk.importers.ics import read_ics

        return read_ics(src.path, on_progress), ""
    region = _LANGUAGE_REGIONS.get(guess.language or "", "") if guess else ""
    return read_contacts(src.path, format=src.format, encoding=src.encoding,
                         mapping=src.mapping, on_progress=on_progress), region


def prepare(fold: Folding, file_index: int, item: Any, file_region: str = "") -> Prepared:
    """``file_region``: the country of the file's language, which reads the numbers of a
    record whose addresses name no country (they are then stored with their country code,
    as that evidence does not stay with the record)."""
    if isinstance(item, ParsedLead):
        return _prepare_lead(fold, file_index, item, file_region)
    if not isinstance(item, ParsedContact):
        return Prepared(file_index, item)
    vetted = vet(item, clean(item.record, id=None, version=None, account_id=None))
    if isinstance(vetted, Problem):
        return Prepared(file_index, vetted)
    rec, repairs = vetted
    if file_region and file_region != fold.region and rec.phones:
        rec = _with_country_codes(rec, file_region)
    phone_info = fold.phones_of(rec, file_region or None)
    for phone, (e164, _) in zip(rec.phones, phone_info, strict=True):
        if not e164:
            region = phones.region_for(phone.kind, rec.addresses, file_region or fold.region)
            repairs = [*repairs, Repair(item.line, (
                f"the phone number “{phone.number}” is not a possible number in "
                f"{phones.region_name(region)}; it was kept as typed (add the country code "
                "if it is abroad)"), item.record_no)]
    text = contact_text(rec, rec.company, fold)
    return Prepared(file_index, item, rec, phone_info, text,
                    keys_of(rec, [e164 for e164, _ in phone_info], text.name_key), repairs)


def _prepare_lead(fold: Folding, file_index: int, item: ParsedLead,
                  file_region: str) -> Prepared:
    """A lead prepared as the contact it would be (``lead_records``): vetted, its numbers
    read, its matching keys; ``record`` is that contact, for a merge into one."""
    seen = prepare(fold, file_index, ParsedContact(contact_view(item.record), item.line,
                                                   item.record_no, item.repairs), file_region)
    if seen.record is None:  # vetting refused it
        return seen
    lead = ParsedLead(lead_of(item.record, seen.record), item.line, item.record_no)
    return replace(seen, item=lead)


def _with_country_codes(rec: ContactRecord, region: str) -> ContactRecord:
    """``rec`` with each number that only the file's language places written in the
    international form of that country (``0171 2345678`` -> ``+49 171 2345678``)."""
    changed = False
    numbers: list[PhoneEntry] = []
    for phone in rec.phones:
        text = phone.number
        if not phones.has_own_prefix(text) and not phones.region_for(
                phone.kind, rec.addresses, ""):
            number = phones.read(text, region)
            if number is not None and phones.possible(number):
                text, changed = phones.international(number), True
        numbers.append(PhoneEntry(text, phone.kind) if text != phone.number else phone)
    return replace(rec, phones=numbers) if changed else rec


def _inline(sources: Sequence[Any], region: str) -> Iterator[Any]:
    fold = Folding(region)
    progressed: list[int] = []
    for file_index, src in enumerate(sources):
        progressed.clear()
        try:
            items, file_region = items_of(src, lambda done, _t: progressed.append(done))
            for item in items:
                if progressed:
                    yield Progressed(file_index, progressed[-1])
                    progressed.clear()
                yield prepare(fold, file_index, item, file_region)
        except ImportFileError as exc:
            yield FileFailed(file_index, exc.line, exc.reason)


_FIELDS = [f.name for f in fields(ContactRecord)]


def _pack(entry: Any) -> Any:
    """Plain tuples pickle several times faster than dataclasses; the parent needs only
    the cleaned record and where it came from, not the raw one."""
    if not isinstance(entry, Prepared) or not isinstance(entry.item, ParsedContact):
        return entry  # a lead, with its contact view, goes as it is (a few per file)
    item = entry.item
    rec = entry.record
    values = list(rec.__dict__.values())  # the fields in order, as __init__ set them
    if len(values) != len(_FIELDS):  # an attribute added by hand: go by name
        values = [getattr(rec, name) for name in _FIELDS]
    values[_PHONES] = [(p.number, p.kind) for p in rec.phones]
    values[_EMAILS] = [(e.address, e.kind) for e in rec.emails]
    values[_ADDRESSES] = [(a.kind, a.street, a.postcode, a.city, a.region, a.country)
                          for a in rec.addresses]
    values[_CUSTOM] = [(f.label, f.value) for f in rec.custom_fields]
    return (entry.file_index, item.line, item.record_no, item.record.id, values,
            entry.phone_info, tuple(entry.text or ()), tuple(entry.keys or ()),
            [(r.line, r.reason, r.record_no) for r in entry.repairs])


def _unpack(packed: Any) -> Any:
    if not isinstance(packed, tuple):
        return packed
    file_index, line, record_no, source_id, values, phone_info, text, keys, repairs = packed
    values[_PHONES] = [PhoneEntry(*p) for p in values[_PHONES]]
    values[_EMAILS] = [EmailEntry(*e) for e in values[_EMAILS]]
    values[_ADDRESSES] = [AddressEntry(*a) for a in values[_ADDRESSES]]
    values[_CUSTOM] = [CustomField(*f) for f in values[_CUSTOM]]
    record = ContactRecord(*values)
    item = ParsedContact(replace(record, id=source_id) if source_id is not None else record,
                         line, record_no)
    return Prepared(file_index, item, record, phone_info, ContactText(*text) if text else None,
                    Keys(*keys) if keys else None, [Repair(*r) for r in repairs])


_PHONES, _EMAILS, _ADDRESSES, _CUSTOM = (
    _FIELDS.index(n) for n in ("phones", "emails", "addresses", "custom_fields"))


def _child(conn: Any, parent_end: Any, sources: Sequence[Any], region: str) -> None:
    # Close the inherited reading end: if the parent dies, writes then fail (EPIPE) and
    # this process ends instead of blocking forever on a pipe nobody reads.
    parent_end.close()
    gc.set_threshold(*_RARE)  # this process only reads, then ends (see rare_collections)
    gc.enable()  # the command forks it with the collector off (while it loads modules)
    batch: list[Any] = []
    try:
        for item in _inline(sources, region):
            batch.append(_pack(item))
            if len(batch) >= _BATCH:
                conn.send_bytes(pickle.dumps(batch, pickle.HIGHEST_PROTOCOL))
                batch = []
        conn.send_bytes(pickle.dumps(batch, pickle.HIGHEST_PROTOCOL))
        conn.send_bytes(_END)
    except BrokenPipeError:
        pass  # the parent is gone (cancelled, killed): nothing to report to
    except BaseException as exc:  # noqa: BLE001 - reported to the parent as text
        with contextlib.suppress(OSError):
            conn.send_bytes(pickle.dumps(
                RuntimeError(f"reading failed: {type(exc).__name__}: {exc}")))
    finally:
        conn.close()


def _drain(conn: Any, buffer: queue.Queue) -> None:
    """Parent-side thread: move the child's batches off the pipe as they come, so the child
    keeps working while the parent inserts (it sleeps in the read, holding no GIL)."""
    try:
        while True:
            data = conn.recv_bytes()
            buffer.put(data)
            if data == _END:
                return
    except (EOFError, OSError):
        buffer.put(b"")


_END = pickle.dumps(None)


class _ParallelReading:
    """The items as a forked child reads them; the child starts at construction, so a
    caller can start reading before it loads the database layer."""

    def __init__(self, sources: Sequence[ImportSource], region: str) -> None:
        ctx = multiprocessing.get_context("fork")
        self.receive, send = ctx.Pipe(duplex=False)
        self.child = ctx.Process(target=_child, args=(send, self.receive, list(sources),
                                                      region), daemon=True)
        self.child.start()
        send.close()
        self.buffer: queue.Queue = queue.Queue(maxsize=_AHEAD)
        self.drain = threading.Thread(target=_drain, args=(self.receive, self.buffer),
                                      daemon=True)
        self.drain.start()
        self.closed = False

    def __iter__(self) -> Iterator[Any]:
        try:
            while True:
                data = self.buffer.get()
                if not data:
                    raise RuntimeError("the reading process stopped unexpectedly")
                batch = pickle.loads(data)
                if batch is None:
                    return
                if isinstance(batch, BaseException):
                    raise batch
                for packed in batch:
                    yield _unpack(packed)
        finally:
            self.close()

    def close(self) -> None:
        """Stop the child (if still reading) and the drain thread; safe to call twice."""
        if self.closed:
            return
        self.closed = True
        if self.child.is_alive():
            self.child.terminate()
        self.child.join()
        self.receive.close()
        while self.drain.is_alive():  # unblock a drain waiting on a full buffer
            try:
                self.buffer.get_nowait()
            except queue.Empty:
                self.drain.join(0.05)


class _InlineReading:
    def __init__(self, sources: Sequence[ImportSource], region: str) -> None:
        self.items = _inline(sources, region)

    def __iter__(self) -> Iterator[Any]:
        return self.items

    def close(self) -> None:
        self.items.close()


Reading = _ParallelReading | _InlineReading


def start_reading(sources: Sequence[ImportSource], region: str,
                  parallel: bool | None = None) -> Reading:
    """Prepared items, FileFailed and Progressed markers for every source, in order; call
    ``close()`` when done (or on an error) to stop the reading child, if any.

    ``parallel=None`` reads in a forked child when that pays (files of 2 MB and more,
    two cores) and is safe (no other thread yet: forking a threaded process is not)."""
    if parallel is None:
        parallel = (sum(file_size(s.path) for s in sources) >= PARALLEL_MIN_BYTES
                    and not any(map(_is_calendar, sources))
                    and threading.active_count() == 1
                    and "fork" in multiprocessing.get_all_start_methods()
                    and (os.cpu_count() or 1) > 1)
    return _ParallelReading(sources, region) if parallel else _InlineReading(sources, region)


def _is_calendar(src: ImportSource) -> bool:
    """An iCalendar file is read inline: its activities are quick to read (a second per
    10,000) and slower to send through the pipe than to read again (pickling them cost
    more than a child saved)."""
    if src.format != "auto":
        return src.format == "ics"
    try:
        with open(src.path, "rb") as fh:
            head = fh.read(64)
    except OSError:
        return False
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").upper().startswith(b"BEGIN:VCALENDAR")


def file_size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
