"""Activities: store them, list their occurrences in a range, a record's history, reminders.

Reading a range picks the rows through two indexes (short items by their start,
series and long items apart, as few) and expands the series in Python
(``services.recurrence``); nothing ever stores one row per occurrence.  Editing
one occurrence stores a changed copy keyed by its original start; "this and
following" ends the series before it and starts a new one.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, and_, delete, or_, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from crmdesk.db import Database
from crmdesk.errors import DatabaseBusy
from crmdesk.kinds import RecordRef
from crmdesk.kinds.registry import BY_NAME
from crmdesk.models import Contact, Lead, Opportunity
from crmdesk.models.activity import Activity, Participant
from crmdesk.models.base import utcnow
from crmdesk.records import (
    ActivityKind,
    ActivityRecord,
    ActivityState,
    ActivityStatus,
    ParticipantEntry,
)
from crmdesk.services import recurrence as rec
from crmdesk.services.bulk import chunks
from crmdesk.services.errors import GoneError, NotFoundError, StaleEditError, storage_error
from crmdesk.settings import Settings
from crmdesk.timezones import display_zone

SHORT = rec.SHORT
GONE = ("This activity was deleted by another program (or window) after you opened it, so "
        "your edit was not saved.")


class _Shown(NamedTuple):
    """What an occurrence shows of an activity, read as a plain tuple: a month of a large
    calendar is ten thousand rows and more, and as ORM objects (or SQLAlchemy rows, whose
    attributes are looked up by name) they took most of its time."""

    id: int
    series_id: int | None
    kind: str
    subject: str
    start_local: datetime
    end_local: datetime
    all_day: bool
    tzid: str
    rrule: str
    rdates: str
    exdates: str
    recurrence_id: datetime | None
    uid: str
    status: str
    location: str
    regarding_kind: str
    regarding_id: int | None
    regarding_name: str
    priority: int
    percent_complete: int


#: the table's own columns: a select of them skips the ORM's loading of each row
_SHOWN = tuple(Activity.__table__.c[name] for name in _Shown._fields)
#: An activity as ``_occurrence`` reads it: a ``_Shown``, or the ORM object (a history)
Shown = Activity | _Shown


class ActivityError(ValueError):
    """An activity that cannot be stored as given; the message is one sentence."""


class Occurrence(NamedTuple):
    """One occurrence in a range, as the calendar, the agenda and ``crmdesk agenda`` show it
    (a tuple: a month view makes thousands, and a frozen dataclass costs three times as
    much to build).

    ``start``/``end`` are aware datetimes in the display zone, or dates for an all-day
    one (``end`` exclusive).  ``recurrence_id`` is the start it has in its series (None
    for a single item); ``activity_id`` is the row to open: the series, or its changed
    occurrence."""

    activity_id: int
    series_id: int | None
    kind: str
    subject: str
    start: datetime | date
    end: datetime | date
    all_day: bool
    recurring: bool
    recurrence_id: datetime | date | None
    uid: str
    status: str
    location: str
    regarding: RecordRef | None
    regarding_name: str
    regarding_kind: str = ""  # kept when the record regarded is deleted
    priority: int = 0
    percent_complete: int = 0

    @property
    def ref(self) -> RecordRef:
        return RecordRef("activity", self.activity_id)

    def as_json(self) -> dict[str, Any]:
        regarding = None
        if self.regarding_kind:
            regarding = {"kind": self.regarding_kind,
                         "id": self.regarding.id if self.regarding else None,
                         "name": self.regarding_name}
        return {
            "activity_id": self.activity_id, "kind": self.kind, "subject": self.subject,
            "start": self.start.isoformat(), "end": self.end.isoformat(),
            "all_day": self.all_day, "recurring": self.recurring,
            "recurrence_id": (self.recurrence_id.isoformat()
                              if self.recurrence_id is not None else None),
            "uid": self.uid, "status": self.status, "location": self.location,
            "regarding": regarding,
        }


def sort_key(item: Occurrence) -> tuple[datetime, int, str]:
    """All-day items first on their day, then by time."""
    start = item.start
    moment = (start if isinstance(start, datetime)  # aware ones compare as moments
              else datetime.combine(start, datetime.min.time(), UTC))
    return (moment, 0 if item.all_day else 1, item.subject.casefold())


def new_uid() -> str:
    return f"{uuid.uuid4()}@crmdesk"


def own_columns(record: ActivityRecord, completed_utc: datetime) -> dict[str, Any]:
    """The activity's own columns as a save stores them, with the derived range ones
    (all but the reminder state, regarding, participants and categories); the import
    writes the same.  ``completed_utc``: when it was completed, if it is."""
    all_day = record.all_day
    tzid = "" if all_day else record.tzid
    end = _plain_end(record)
    rule = record.rrule.strip().removeprefix("RRULE:")
    kind = ActivityKind(record.kind).value
    status = ActivityStatus(record.status).value
    completed = status == ActivityStatus.COMPLETED
    values: dict[str, Any] = {
        name: (getattr(record, name) or "").strip()
        for name in ("subject", "description", "location", "phone_number", "outcome",
                     "direction")}
    if record.uid:
        values["uid"] = record.uid
    percent = max(0, min(100, record.percent_complete))
    values.update(
        sequence=record.sequence, kind=kind, status=status, all_day=all_day, tzid=tzid,
        start_local=record.start, end_local=end, rrule=rule,
        rdates=",".join(rec.stamp(d, all_day) for d in record.rdates),
        exdates=",".join(rec.stamp(d, all_day) for d in record.exdates),
        series_id=record.series_id, recurrence_id=record.recurrence_id,
        priority=max(0, min(9, record.priority)),
        percent_complete=100 if completed and kind == "task" else percent,
        completed_utc=completed_utc if completed else None,
        duration_minutes=max(0, record.duration_minutes))
    values.update(rec.range_columns(record.start, end, tzid, rule, record.rdates,
                                    all_day)._asdict())
    return values


def _plain_end(record: ActivityRecord) -> datetime:
    if record.end is not None:
        return record.end
    return record.start + timedelta(days=1) if record.all_day else record.start


class ActivityService:
    """Activities of every kind; ``display_zone`` gives the zone times are shown in."""

    @classmethod
    def for_settings(cls, db: Database, settings: Settings) -> ActivityService:
        """The activities shown in the zone ``--tz`` or Settings choose."""
        return cls(db, lambda: display_zone(settings.time_zone))

    def __init__(self, db: Database, display_zone: Callable[[], tzinfo]) -> None:
        self.db = db
        self.display_zone = display_zone

    # -- one activity ---------------------------------------------------------------------

    def get(self, activity_id: int) -> ActivityRecord:
        with self.db.sessions() as session:
            row = session.get(Activity, activity_id, options=[
                selectinload(Activity.participants), selectinload(Activity.categories)])
            if row is None:
                raise NotFoundError(f"There is no activity {activity_id}; it may have been "
                                    "deleted.")
            return self.record_of(row)

    @staticmethod
    def record_of(row: Activity) -> ActivityRecord:
        """The plain record of a loaded row (its participants and categories loaded)."""
        regarding = (RecordRef(row.regarding_kind, row.regarding_id)
                     if row.regarding_kind and row.regarding_id is not None else None)
        return ActivityRecord(
            id=row.id, version=row.version, uid=row.uid, sequence=row.sequence,
            kind=ActivityKind(row.kind), subject=row.subject, description=row.description,
            location=row.location, status=ActivityStatus(row.status), all_day=row.all_day,
            tzid=row.tzid, start=row.start_local, end=row.end_local, rrule=row.rrule,
            rdates=list(rec.read_stamps(row.rdates)),
            exdates=list(rec.read_stamps(row.exdates)),
            series_id=row.series_id, recurrence_id=row.recurrence_id,
            priority=row.priority, percent_complete=row.percent_complete,
            direction=row.direction, phone_number=row.phone_number,
            duration_minutes=row.duration_minutes, outcome=row.outcome,
            reminder_minutes=row.reminder_minutes, regarding=regarding,
            regarding_name=row.regarding_name,
            participants=[ParticipantEntry(p.role, p.contact_id, p.account_id, p.name,
                                           p.email) for p in row.participants],
            categories=[c.name for c in row.categories],
        )

    @staticmethod
    def state_of(row: Activity) -> ActivityState:
        """What the row holds beside its record (for crmdesk's JSON)."""
        return ActivityState(row.created, row.modified, row.completed_utc,
                             row.reminded_until_utc, row.snoozed_until_utc,
                             row.regarding_kind if row.regarding_id is None else "")

    def save(self, record: ActivityRecord) -> ActivityRecord:
        """Insert or update (refusing a stale edit); return the stored activity."""
        self.check(record)
        try:
            with self.db.writing() as session:
                row = self._load_for_update(session, record)
                self.apply(session, row, record)
                session.flush()
                activity_id = row.id
        except StaleDataError as exc:
            raise StaleEditError(self._stale(record)) from exc
        except (DBAPIError, DatabaseBusy) as exc:
            raise storage_error(exc) from exc
        return self.get(activity_id)

    @staticmethod
    def _stale(record: ActivityRecord) -> str:
        return (f"“{record.subject or 'This activity'}” was changed elsewhere since you "
                "opened it, so your edit was not saved. Open it again and redo your change.")

    def check(self, record: ActivityRecord) -> None:
        """An ActivityError sentence for what cannot be stored: an end before the start,
        an unknown zone, an unreadable repeat rule, a reference to nothing."""
        if record.end is not None and record.end < record.start:
            raise ActivityError(f"“{record.subject or 'The activity'}” ends before it "
                                "starts; give an end after the start.")
        if record.tzid:
            rec.zone(record.tzid)
        if record.rrule:
            rec.check_rule(record.rrule, record.start, record.tzid, record.all_day)
        if record.regarding is not None and record.regarding.kind not in BY_NAME:
            raise ActivityError(f"An activity cannot regard a {record.regarding.kind}.")

    def _load_for_update(self, session: Session, record: ActivityRecord) -> Activity:
        if record.id is None:
            row = Activity(uid=record.uid or new_uid())
            session.add(row)
            return row
        row = session.get(Activity, record.id)
        if row is None:
            raise GoneError(GONE)
        if record.version is not None and row.version != record.version:
            raise StaleEditError(self._stale(record))
        return row

    def apply(self, session: Session, row: Activity, record: ActivityRecord) -> None:
        """Copy a record onto a row, with its derived range columns (no commit)."""
        for name, value in own_columns(record, row.completed_utc or utcnow()).items():
            setattr(row, name, value)
        if row.reminder_minutes != record.reminder_minutes:
            row.reminded_until_utc = None
            row.snoozed_until_utc = None
        row.reminder_minutes = record.reminder_minutes
        self._set_regarding(session, row, record.regarding, record.regarding_name)
        row.participants = [
            Participant(position=i, role=p.role, contact_id=p.contact_id,
                        account_id=p.account_id, name=p.name.strip(), email=p.email.strip())
            for i, p in enumerate(record.participants)]
        from crmdesk.services.party_fields import categories_for  # not for reading a range

        row.categories = categories_for(session, record.categories)
        row.modified = utcnow()

    def _set_regarding(self, session: Session, row: Activity, ref: RecordRef | None,
                       name: str) -> None:
        if ref is None:
            row.regarding_kind, row.regarding_id, row.regarding_name = "", None, name.strip()
            return
        row.regarding_kind, row.regarding_id = ref.kind, ref.id
        row.regarding_name = self.name_of(session, ref) or name.strip()

    def regarded_name(self, ref: RecordRef) -> str:
        """The record's name; an ActivityError sentence if there is no such record."""
        with self.db.sessions() as session:
            return self.name_of(session, ref)

    @staticmethod
    def name_of(session: Session, ref: RecordRef) -> str:
        """The name a record shows as (for "regarding"); an ActivityError if it is gone."""
        kind = BY_NAME.get(ref.kind)
        if kind is None:
            raise ActivityError(f"An activity cannot regard a {ref.kind}.")
        name = session.scalar(select(kind.model.display_name).where(kind.model.id == ref.id))
        if name is None:
            raise ActivityError(f"There is no {kind.nouns[0]} {ref.id}; it may have been "
                                "deleted.")
        return name

    def delete(self, ids: Sequence[int]) -> int:
        """Delete these activities (a series with its changed occurrences)."""
        try:
            with self.db.writing() as session:
                result = session.execute(delete(Activity).where(Activity.id.in_(list(ids))))
                return result.rowcount or 0
        except (DBAPIError, DatabaseBusy) as exc:
            raise storage_error(exc) from exc

    # -- occurrences of a series ----------------------------------------------------------

    def change_occurrence(self, series_id: int, recurrence_id: datetime,
                          changed: ActivityRecord) -> ActivityRecord:
        """"This occurrence": store ``changed`` as the exception for the occurrence that
        started at ``recurrence_id`` (wall clock in the series' zone), replacing an
        earlier change of it."""
        series = self.get(series_id)
        with self.db.sessions() as session:
            existing = session.scalar(select(Activity.id).where(
                Activity.series_id == series_id, Activity.recurrence_id == recurrence_id))
        override = replace(changed, id=existing, version=None, uid=series.uid, rrule="",
                           rdates=[], exdates=[], series_id=series_id,
                           recurrence_id=recurrence_id)
        return self.save(override)

    def cancel_occurrence(self, series_id: int, recurrence_id: datetime) -> ActivityRecord:
        """Cancel one occurrence: it stays in the calendar, struck through, as Outlook's
        "Canceled:" does; ``skip_occurrence`` removes it instead."""
        occurrence = self.occurrence_record(series_id, recurrence_id)
        return self.change_occurrence(series_id, recurrence_id,
                                      replace(occurrence, status=ActivityStatus.CANCELLED))

    def skip_occurrence(self, series_id: int, recurrence_id: datetime) -> ActivityRecord:
        """Delete one occurrence: an EXDATE, and its changed copy goes."""
        series = self.get(series_id)
        if recurrence_id not in series.exdates:
            series.exdates.append(recurrence_id)
        try:
            with self.db.writing() as session:
                session.execute(delete(Activity).where(Activity.series_id == series_id,
                                                       Activity.recurrence_id == recurrence_id))
        except (DBAPIError, DatabaseBusy) as exc:
            raise storage_error(exc) from exc
        return self.save(series)

    def occurrence_record(self, series_id: int, recurrence_id: datetime) -> ActivityRecord:
        """What one occurrence of a series is: its changed copy, or the series moved to it."""
        with self.db.sessions() as session:
            existing = session.scalar(select(Activity.id).where(
                Activity.series_id == series_id, Activity.recurrence_id == recurrence_id))
        if existing is not None:
            return self.get(existing)
        series = self.get(series_id)
        length = _plain_end(series) - series.start
        return replace(series, id=None, version=None, rrule="", rdates=[], exdates=[],
                       start=recurrence_id, end=recurrence_id + length,
                       series_id=series_id, recurrence_id=recurrence_id)

    def end_series(self, series_id: int, recurrence_id: datetime) -> None:
        """Delete "this and following": the series ends before ``recurrence_id`` (all of it
        goes when that is its first occurrence), with its changes from then on."""
        series = self.get(series_id)
        if recurrence_id <= series.start:
            self.delete([series_id])
            return
        ended = replace(series, rrule=_until(series.rrule, recurrence_id, series.all_day),
                        rdates=[d for d in series.rdates if d < recurrence_id],
                        exdates=[d for d in series.exdates if d < recurrence_id])
        self.check(ended)
        try:
            with self.db.writing() as session:
                row = session.get(Activity, series_id)
                if row is None:
                    raise GoneError(GONE)
                self.apply(session, row, ended)
                session.execute(delete(Activity).where(
                    Activity.series_id == series_id,
                    Activity.recurrence_id >= recurrence_id))
        except (DBAPIError, DatabaseBusy) as exc:
            raise storage_error(exc) from exc

    def split_series(self, series_id: int, recurrence_id: datetime,
                     following: ActivityRecord) -> ActivityRecord:
        """"This and following": the series ends before ``recurrence_id``, and ``following``
        (with its own rule) becomes a new series from there; changes of occurrences from
        then on move to the new series when they fall on it, else go."""
        series = self.get(series_id)
        if recurrence_id <= series.start:
            return self.save(replace(following, id=series.id, version=series.version,
                                     uid=series.uid))
        ended = replace(series, rrule=_until(series.rrule, recurrence_id, series.all_day),
                        rdates=[d for d in series.rdates if d < recurrence_id],
                        exdates=[d for d in series.exdates if d < recurrence_id])
        new = replace(following, id=None, version=None, uid=new_uid(), series_id=None,
                      recurrence_id=None)
        self.check(ended)
        self.check(new)
        try:
            with self.db.writing() as session:
                old = session.get(Activity, series_id)
                if old is None:
                    raise GoneError(GONE)
                self.apply(session, old, ended)
                row = Activity(uid=new.uid)
                session.add(row)
                self.apply(session, row, new)
                session.flush()
                session.execute(delete(Activity).where(
                    Activity.series_id == series_id,
                    Activity.recurrence_id >= recurrence_id))
                new_id = row.id
        except StaleDataError as exc:
            raise StaleEditError(self._stale(series)) from exc
        except (DBAPIError, DatabaseBusy) as exc:
            raise storage_error(exc) from exc
        return self.get(new_id)

    # -- ranges ---------------------------------------------------------------------------

    def occurrences(self, start: datetime, end: datetime, *,
                    kinds: Iterable[str] | None = None, regarding: RecordRef | None = None,
                    statuses: Iterable[str] | None = None) -> list[Occurrence]:
        """Every occurrence overlapping ``[start, end)`` (aware datetimes), series expanded,
        in start order."""
        display = self.display_zone()
        low, high = start - rec.MARGIN, end + rec.MARGIN
        low_n, high_n = _naive_utc(low), _naive_utc(high)
        stmt = select(*_SHOWN).where(or_(
            and_(Activity.long_range.is_(False), Activity.start_utc >= low_n - rec.SHORT,
                 Activity.start_utc < high_n, Activity.last_end_utc >= low_n),
            and_(Activity.long_range.is_(True), Activity.start_utc < high_n,
                 or_(Activity.last_end_utc.is_(None), Activity.last_end_utc >= low_n))))
        if kinds is not None:
            stmt = stmt.where(Activity.kind.in_(list(kinds)))
        if statuses is not None:
            stmt = stmt.where(Activity.status.in_(list(statuses)))
        if regarding is not None:
            stmt = stmt.where(Activity.regarding_kind == regarding.kind,
                              Activity.regarding_id == regarding.id)
        with self.db.sessions() as session:
            rows = list(map(_Shown._make, session.execute(stmt).all()))
            masters = [r for r in rows if r.series_id is None and (r.rrule or r.rdates)]
            changed: dict[int, dict[datetime, Shown]] = {}
            if masters:
                for chunk in chunks([m.id for m in masters]):
                    for o in map(_Shown._make, session.execute(select(*_SHOWN).where(
                            Activity.series_id.in_(chunk)))):
                        changed.setdefault(o.series_id, {})[o.recurrence_id] = o
        for r in rows:
            if r.series_id is not None:
                changed.setdefault(r.series_id, {})[r.recurrence_id] = r
        skipped = self._skipped(masters, changed)
        found: dict[tuple[int, Any], Occurrence] = {}
        for r in rows:
            if r.series_id is None and not (r.rrule or r.rdates):
                item = self._single(r, display)
                if _in_range(item, start, end, display):
                    found[(r.id, None)] = item
        for m in masters:
            try:
                items = self._expand(m, changed.get(m.id, {}), start, end, display)
            except (rec.RecurrenceError, ValueError):
                items = [self._single(m, display)]
            for item in items:
                found[(item.activity_id, item.recurrence_id)] = item
        for series_id, overrides in changed.items():
            for o in overrides.values():
                if o.recurrence_id in skipped.get(series_id, ()):
                    continue
                item = self._single(o, display, series_of=o.series_id)
                if _in_range(item, start, end, display):
                    found[(o.id, item.recurrence_id)] = item
        return sorted(found.values(), key=sort_key)

    def _skipped(self, masters: list[Shown], changed: dict[int, dict[datetime, Shown]]
                 ) -> dict[int, set[datetime]]:
        """The EXDATEs of the series with changed occurrences: an occurrence its series
        skips is not shown, changed or not (an .ics file can hold both)."""
        found = {m.id: m.exdates for m in masters if m.id in changed}
        rest = [sid for sid in changed if sid not in found]
        if rest:
            with self.db.sessions() as session:
                for chunk in chunks(rest):
                    found.update(session.execute(select(Activity.id, Activity.exdates).where(
                        Activity.id.in_(chunk))).tuples())
        return {sid: set(rec.read_stamps(text)) for sid, text in found.items() if text}

    def _expand(self, row: Shown, changed: dict[datetime, Shown], start: datetime,
                end: datetime, display: tzinfo) -> list[Occurrence]:
        length = row.end_local - row.start_local
        low, high = rec.window_in(row.tzid, display, start, end, length)
        starts = rec.series(row.start_local, row.rrule, rec.read_stamps(row.rdates),
                            rec.read_stamps(row.exdates), row.tzid, row.all_day,
                            wanted_from=low)
        where = rec.zone(row.tzid) if row.tzid else display
        regarding = _regarding(row)
        items = []
        for begin in rec.starts_between(starts, low, high):
            if begin in changed:
                continue
            item = self._occurrence(row, begin, begin + length, display, recurrence=begin,
                                    where=where, regarding=regarding)
            if _in_range(item, start, end, display):
                items.append(item)
        return items

    def _single(self, row: Shown, display: tzinfo, series_of: int | None = None
                ) -> Occurrence:
        return self._occurrence(row, row.start_local, row.end_local, display,
                                recurrence=row.recurrence_id, series_of=series_of)

    @staticmethod
    def _occurrence(row: Shown, begin: datetime, finish: datetime, display: tzinfo, *,
                    recurrence: datetime | None, series_of: int | None = None,
                    where: tzinfo | None = None, regarding: RecordRef | None | bool = False
                    ) -> Occurrence:
        """``where`` (the row's zone) and ``regarding`` are the same for every occurrence
        of a series: ``_expand`` works them out once."""
        if regarding is False:
            regarding = _regarding(row)
        if row.all_day:
            shown_start: datetime | date = begin.date()
            shown_end: datetime | date = max(finish.date(), begin.date())
            rid: datetime | date | None = recurrence.date() if recurrence else None
        else:
            where = where or (rec.zone(row.tzid) if row.tzid else display)
            shown_start = begin.replace(tzinfo=where).astimezone(display)
            shown_end = finish.replace(tzinfo=where).astimezone(display)
            rid = (shown_start if recurrence is begin else
                   recurrence.replace(tzinfo=where).astimezone(display) if recurrence
                   else None)
        return Occurrence(
            activity_id=row.id, series_id=series_of if series_of else
            (row.id if recurrence is not None else None), kind=row.kind,
            subject=row.subject, start=shown_start, end=shown_end, all_day=row.all_day,
            recurring=recurrence is not None, recurrence_id=rid, uid=row.uid,
            status=row.status, location=row.location, regarding=regarding,
            regarding_name=row.regarding_name, regarding_kind=row.regarding_kind,
            priority=row.priority,
            percent_complete=row.percent_complete)

    # -- history --------------------------------------------------------------------------

    def history(self, ref: RecordRef, kinds: Iterable[str] | None = None,
                limit: int | None = None) -> list[Occurrence]:
        """Every activity regarding the record, or with it among the participants, newest
        first; for an account also its contacts'; for what a lead was qualified into (a
        contact, an account, an opportunity) also the lead's.  A series is one entry, at
        its first start."""
        display = self.display_zone()
        conditions = [and_(Activity.regarding_kind == ref.kind, Activity.regarding_id == ref.id)]
        if ref.kind == "contact":
            conditions += [
                Activity.id.in_(select(Participant.activity_id).where(
                    Participant.contact_id == ref.id)),
                _regarding_leads(Lead.qualified_contact_id == ref.id),
            ]
        elif ref.kind == "account":
            members = select(Contact.id).where(Contact.account_id == ref.id)
            conditions += [
                Activity.id.in_(select(Participant.activity_id).where(
                    Participant.account_id == ref.id)),
                and_(Activity.regarding_kind == "contact", Activity.regarding_id.in_(members)),
                _regarding_leads(Lead.qualified_account_id == ref.id),
            ]
        elif ref.kind == "opportunity":
            conditions.append(_regarding_leads(Lead.id.in_(
                select(Opportunity.lead_id).where(Opportunity.id == ref.id))))
        stmt = (select(Activity).where(or_(*conditions), Activity.series_id.is_(None))
                .order_by(Activity.start_utc.desc(), Activity.id.desc()))
        if kinds is not None:
            stmt = stmt.where(Activity.kind.in_(list(kinds)))
        if limit is not None:
            stmt = stmt.limit(limit)
        with self.db.sessions() as session:
            return [self._occurrence(r, r.start_local, r.end_local, display, recurrence=None)
                    if not (r.rrule or r.rdates) else
                    self._occurrence(r, r.start_local, r.end_local, display,
                                     recurrence=None)._replace(recurring=True, series_id=r.id)
                    for r in session.scalars(stmt)]

    # -- records that go ------------------------------------------------------------------

    def regarding_count(self, kind: str, ids: Sequence[int]) -> int:
        """How many activities regard these records (what a delete asks about)."""
        from sqlalchemy import func

        with self.db.sessions() as session:
            return session.scalar(select(func.count()).select_from(Activity).where(
                Activity.regarding_kind == kind, Activity.regarding_id.in_(list(ids)))) or 0

    @staticmethod
    def let_go(session: Session, kind: str, ids: Sequence[int], *, delete_them: bool) -> None:
        """Records of ``kind`` are being deleted (inside the caller's transaction): delete
        the activities regarding them, or keep them in the history under the name they had
        (``regarding_id`` NULL), so no link is left pointing at nothing."""
        ids = list(ids)
        regarded = and_(Activity.regarding_kind == kind, Activity.regarding_id.in_(ids))
        if delete_them:
            session.execute(delete(Activity).where(regarded))
        else:
            session.execute(update(Activity).where(regarded).values(regarding_id=None))


def _regarding_leads(which: ColumnElement[bool]) -> ColumnElement[bool]:
    """Activities regarding the leads ``which`` selects."""
    return and_(Activity.regarding_kind == "lead",
                Activity.regarding_id.in_(select(Lead.id).where(which)))


def _regarding(row: Shown) -> RecordRef | None:
    return (RecordRef(row.regarding_kind, row.regarding_id)
            if row.regarding_kind and row.regarding_id is not None else None)


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def _in_range(item: Occurrence, start: datetime, end: datetime, display: tzinfo) -> bool:
    if item.all_day:
        assert isinstance(item.start, date) and isinstance(item.end, date)
        begin = rec.day_bounds(item.start, display)[0]
        finish = rec.day_bounds(item.end, display)[0] if item.end > item.start else begin
        return rec.overlaps(begin, finish, start, end)
    assert isinstance(item.start, datetime) and isinstance(item.end, datetime)
    return rec.overlaps(item.start, item.end, start, end)


def _until(rule: str, before: datetime, all_day: bool) -> str:
    """The rule ended just before ``before`` (its COUNT, if any, replaced by an UNTIL)."""
    parts = [p for p in rule.split(";") if p and not p.upper().startswith(("COUNT=", "UNTIL="))]
    last = before - (timedelta(days=1) if all_day else timedelta(seconds=1))
    parts.append("UNTIL=" + rec.stamp(last, all_day))
    return ";".join(parts)
