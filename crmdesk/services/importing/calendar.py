"""The activities an import's iCalendar files bring, written inside the import's transaction.

New activities are written in bulk (``bulk.BulkWriter``, named ``table_rows``) with the
columns a save stores (``activities.own_columns``), so an imported appointment is the
row saving it in the window would make.  A re-import matches on UID and RECURRENCE-ID:
the same or a lower SEQUENCE changes nothing, a higher one updates the stored
activity as a save does (``ActivityService.apply``).  A changed occurrence
(RECURRENCE-ID) is written after every series of the import, pointing at its series
by ``series_id``; one whose series is neither in the files nor stored stays a single
item keeping its RECURRENCE-ID, so a later import of the series still finds it.
Participants are matched to contacts by e-mail; the first matched one that is not the
organizer (else the organizer) is the contact the activity regards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select

from crmdesk.importers.ics import ParsedActivity, RecurrenceId
from crmdesk.kinds import RecordRef
from crmdesk.models import Contact, Email
from crmdesk.models.activity import Activity, Participant, activity_category
from crmdesk.records import ActivityRecord
from crmdesk.services import recurrence as rec
from crmdesk.services.activities import ActivityService, own_columns
from crmdesk.services.bulk import BulkWriter, chunks
from crmdesk.services.importing.report import ImportRepair, ImportReport
from crmdesk.services.table_rows import ActivityCategoryRow, ActivityRow, ParticipantRow

_CHUNK = 500
_ID_BLOCK = 1000

CategoryIds = Callable[[Iterable[str]], list[tuple[int, str]]]


@dataclass(frozen=True)
class _Series:
    """What an occurrence's row needs of its series."""

    id: int
    tzid: str
    all_day: bool


@dataclass(frozen=True)
class _Stored:
    id: int
    sequence: int
    tzid: str
    all_day: bool
    ours: bool = False  # written by this import (a later copy in the files replaces it)


class ActivityImport:
    """The activities of one import; :meth:`add` each, then :meth:`finish` once."""

    def __init__(self, writer: BulkWriter, report: ImportReport, now: datetime,
                 category_ids: CategoryIds, service: ActivityService) -> None:
        self.writer = writer
        self.session = writer.session
        self.report = report
        self.now = now
        self.category_ids = category_ids
        self.service = service
        self.pending: list[tuple[str, ParsedActivity]] = []
        self.occurrences: list[tuple[str, ParsedActivity]] = []
        #: UID -> its series' row, written or found by this import
        self.series: dict[str, _Series] = {}
        #: (UID, RECURRENCE-ID) -> the row this import wrote or found for it
        self.seen: dict[tuple[str, datetime | None], _Stored] = {}
        #: the ids of the activities this import created, in order (for undo)
        self.created: list[int] = []
        self.rows: list[ActivityRow] = []
        self.participants: list[ParticipantRow] = []
        self.links: list[ActivityCategoryRow] = []
        self._free: list[int] = []

    def add(self, path: str, parsed: ParsedActivity) -> None:
        if parsed.record.rrule:
            parsed = self._readable_rule(path, parsed)
        if parsed.record.recurrence_id is not None:
            self.occurrences.append((path, parsed))
            return
        record = parsed.record
        for begin, end in parsed.periods:  # an RDATE with its own length: a changed one
            self.occurrences.append((path, replace(
                parsed, record=replace(record, rrule="", rdates=[], exdates=[], start=begin,
                                       end=end, recurrence_id=begin),
                recurrence=RecurrenceId(begin, record.tzid, begin, record.all_day),
                periods=[], repairs=[])))
        self.pending.append((path, parsed))
        if len(self.pending) >= _CHUNK:
            self._write(self.pending)
            self.pending = []

    def _readable_rule(self, path: str, parsed: ParsedActivity) -> ParsedActivity:
        """The activity with its repeat rule, or as a single occurrence (and a warning)
        when the rule cannot be expanded."""
        record = parsed.record
        try:
            rec.check_rule(record.rrule, record.start, record.tzid, record.all_day)
            return parsed
        except rec.RecurrenceError:
            self.report.repairs.append(ImportRepair(
                path, parsed.line, f"“{record.subject}”: its repeat rule “{record.rrule}” "
                "cannot be read; it was imported as a single occurrence", parsed.record_no))
            return replace(parsed, record=replace(record, rrule=""))

    def finish(self) -> None:
        """Write what is pending, then the changed occurrences (their series known now)."""
        self._write(self.pending)
        self.pending = []
        waiting = [(path, p) for path, p in self.occurrences
                   if p.record.uid not in self.series]
        self._find_series({p.record.uid for _, p in waiting})
        placed = [(path, self._in_series(path, p)) for path, p in self.occurrences]
        for start in range(0, len(placed), _CHUNK):
            self._write(placed[start:start + _CHUNK])
        self.occurrences = []

    # -- series ---------------------------------------------------------------------------

    def _find_series(self, uids: set[str]) -> None:
        for chunk in chunks(uids):
            for aid, uid, tzid, all_day in self.session.execute(
                    select(Activity.id, Activity.uid, Activity.tzid, Activity.all_day)
                    .where(Activity.uid.in_(chunk), Activity.series_id.is_(None),
                           Activity.recurrence_id.is_(None)).order_by(Activity.id)):
                self.series.setdefault(uid, _Series(aid, tzid, all_day))

    def _in_series(self, path: str, parsed: ParsedActivity) -> ParsedActivity:
        """The changed occurrence pointing at its series, its RECURRENCE-ID as the series'
        wall clock; unchanged (a single item) when there is no series."""
        record = parsed.record
        series = self.series.get(record.uid)
        if series is None:
            self.report.repairs.append(ImportRepair(
                path, parsed.line, f"“{record.subject}” changes one occurrence of a series "
                "that is neither in the file nor stored; it was imported on its own",
                parsed.record_no))
            return parsed
        given = parsed.recurrence
        assert given is not None
        if series.all_day or given.is_date:
            rid = given.written.replace(hour=0, minute=0, second=0)
        elif series.tzid and given.tzid and series.tzid != given.tzid:
            rid = rec.aware(given.local, given.tzid, rec.zone("UTC")).astimezone(
                rec.zone(series.tzid)).replace(tzinfo=None)
        else:
            rid = given.local
        return replace(parsed, record=replace(record, series_id=series.id, recurrence_id=rid))

    # -- writing --------------------------------------------------------------------------

    def _write(self, items: Sequence[tuple[str, ParsedActivity]]) -> None:
        if not items:
            return
        stored = self._stored({p.record.uid for _, p in items})
        people = self._people({x.email.casefold() for _, p in items
                               for x in p.record.participants if x.email})
        for path, parsed in items:
            record = _matched(parsed.record, people)
            key = (record.uid, record.recurrence_id)
            found = self.seen.get(key) or stored.get(key)
            if found is not None:
                if found.ours:
                    self._insert()  # the copy it replaces may still be waiting here
                self._again(path, parsed, record, found)
                continue
            aid = self._take()
            self.seen[key] = _Stored(aid, record.sequence, record.tzid, record.all_day, True)
            if record.recurrence_id is None:
                self.series.setdefault(record.uid, _Series(aid, record.tzid, record.all_day))
            self.rows.append(self._row(aid, record, parsed.completed_utc, people))
            self.participants += [
                ParticipantRow(aid, i, p.role, p.contact_id, p.account_id, p.name.strip(),
                               p.email.strip()) for i, p in enumerate(record.participants)]
            self.links += [ActivityCategoryRow(aid, cid)
                           for cid, _ in self.category_ids(record.categories)]
            self.created.append(aid)
            self.report.activities_created += 1
        self._insert()

    def _insert(self) -> None:
        self.writer.insert(Activity.__table__, self.rows)
        self.writer.insert(Participant.__table__, self.participants)
        self.writer.insert(activity_category, self.links)
        self.rows, self.participants, self.links = [], [], []

    def _row(self, aid: int, record: ActivityRecord, completed: datetime | None,
             people: dict[str, tuple[int, str]]) -> ActivityRow:
        values: dict[str, Any] = own_columns(record, completed or self.now)
        regarding = record.regarding
        name = _regarded_name(people, record) if regarding is not None else ""
        return ActivityRow(
            id=aid, reminder_minutes=record.reminder_minutes,
            regarding_kind=regarding.kind if regarding else "",
            regarding_id=regarding.id if regarding else None, regarding_name=name,
            created=self.now, modified=self.now, version=1, **values)

    def _again(self, path: str, parsed: ParsedActivity, record: ActivityRecord,
               found: _Stored) -> None:
        """A component stored before: a higher SEQUENCE updates it.  One this import wrote
        already (the files hold it twice) is replaced by the later copy unless that has a
        lower SEQUENCE, as calendar programs read such a file."""
        if record.recurrence_id is None:
            self.series.setdefault(record.uid, _Series(found.id, found.tzid, found.all_day))
        if record.sequence < found.sequence or (
                record.sequence == found.sequence and not found.ours):
            self.report.activities_unchanged += 1
            return
        row = self.session.get(Activity, found.id)
        if row is None:  # pragma: no cover - found in this very transaction
            return
        self.service.apply(self.session, row, replace(record, id=found.id))
        if parsed.completed_utc is not None and row.status == "completed":
            row.completed_utc = parsed.completed_utc
        self.session.flush()
        self.seen[(record.uid, record.recurrence_id)] = replace(found, sequence=record.sequence)
        if found.ours:
            self.report.repairs.append(ImportRepair(
                path, parsed.line, f"“{record.subject}” is in the file more than once (UID "
                f"{record.uid}); the later copy was kept", parsed.record_no))
        else:
            self.report.activities_updated += 1

    def _take(self) -> int:
        if not self._free:
            self._free = self.writer.reserve_ids(Activity.__table__, _ID_BLOCK)[::-1]
        return self._free.pop()

    def _stored(self, uids: set[str]) -> dict[tuple[str, datetime | None], _Stored]:
        found: dict[tuple[str, datetime | None], _Stored] = {}
        for chunk in chunks(uids):
            for aid, uid, rid, sequence, tzid, all_day in self.session.execute(
                    select(Activity.id, Activity.uid, Activity.recurrence_id, Activity.sequence,
                           Activity.tzid, Activity.all_day)
                    .where(Activity.uid.in_(chunk)).order_by(Activity.id)):
                found.setdefault((uid, rid), _Stored(aid, sequence, tzid, all_day))
        return found

    def _people(self, keys: set[str]) -> dict[str, tuple[int, str]]:
        """E-mail (folded) -> (contact id, name) of the first contact with that address."""
        found: dict[str, tuple[int, str]] = {}
        for chunk in chunks(keys):
            for key, cid, name in self.session.execute(
                    select(Email.address_key, Email.contact_id, Contact.display_name)
                    .join(Contact, Contact.id == Email.contact_id)
                    .where(Email.address_key.in_(chunk)).order_by(Email.contact_id)):
                found.setdefault(key, (cid, name))
        return found


def _matched(record: ActivityRecord, people: dict[str, tuple[int, str]]) -> ActivityRecord:
    """The record with its participants' contacts, and the contact it regards."""
    if not people or not any(p.email.casefold() in people for p in record.participants):
        return record
    participants = []
    for p in record.participants:
        found = people.get(p.email.casefold()) if p.email else None
        participants.append(replace(p, contact_id=found[0]) if found else p)
    matched = [p for p in participants if p.contact_id is not None]
    regarding = record.regarding
    if regarding is None and matched:
        first = next((p for p in matched if p.role != "organizer"), matched[0])
        assert first.contact_id is not None
        regarding = RecordRef("contact", first.contact_id)
    return replace(record, participants=participants, regarding=regarding)


def _regarded_name(people: dict[str, tuple[int, str]], record: ActivityRecord) -> str:
    """The name of the contact the record regards, as matched by e-mail."""
    assert record.regarding is not None
    for cid, name in people.values():
        if cid == record.regarding.id:
            return name
    return record.regarding_name

