"""Activities: store them, list their occurrences in a range, a record's history, reminders.

Reading a range is ``services.occurrences``' (the rows through two indexes, series
expanded in Python by ``services.recurrence``), run here in one read transaction;
nothing ever stores one row per occurrence.  Editing
one occurrence stores a changed copy keyed by its original start; "this and
following" ends the series before it and starts a new one.
"""

from __future__ import annotations

import contextlib
import functools
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy import Boolean, ColumnElement, DateTime, and_, delete, or_, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.sql.selectable import TextualSelect

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
from crmdesk.services import occurrences as occ
from crmdesk.services import recurrence as rec
from crmdesk.services.errors import GoneError, NotFoundError, StaleEditError, storage_error
from crmdesk.services.occurrences import Occurrence
from crmdesk.settings import Settings
from crmdesk.timezones import display_zone

SHORT = rec.SHORT
GONE = ("This activity was deleted by another program (or window) after you opened it, so "
        "your edit was not saved.")


class ActivityError(ValueError):
    """An activity that cannot be stored as given; the message is one sentence."""


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
        with self._reading() as execute:
            return occ.read(execute, self.display_zone(), start, end, kinds=kinds,
                            regarding=regarding, statuses=statuses)

    def month(self, first: date, count: int, shown: int, *,
              kinds: Iterable[str] | None = None) -> list[occ.Day]:
        """What a month view draws: for each of ``count`` days from ``first``, its first
        ``shown`` occurrences (``occurrences.day_order``) and how many it has."""
        with self._reading() as execute:
            return occ.month(execute, self.display_zone(), first, count, shown, kinds=kinds)

    @contextlib.contextmanager
    def _reading(self) -> Iterator[occ.Execute]:
        """The ``occurrences`` module's queries run in one read transaction, datetimes
        bound and read through SQLAlchemy's own conversions for the database (text in
        SQLite).  Bound as plain values: ``text().bindparams`` took 0.1 s for the
        month's few hundred."""
        with self.db.sessions() as session:
            dialect = session.get_bind().dialect
            moment = (DateTime().dialect_impl(dialect).bind_processor(dialect)
                      or (lambda value: value))

            def execute(query: occ.Query) -> Sequence[Any]:
                params = {name: moment(value) if isinstance(value, datetime) else value
                          for name, value in query.params.items()}
                return session.execute(_statement(query.sql, query.datetimes,
                                                  query.booleans), params).all()
            yield execute

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
            return [occ.single(r, display) if not (r.rrule or r.rdates) else
                    occ.single(r, display)._replace(recurring=True, series_id=r.id)
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


@functools.lru_cache(maxsize=256)
def _statement(sql: str, datetimes: tuple[str, ...], booleans: tuple[str, ...]) -> TextualSelect:
    """A query of ``occurrences`` as SQLAlchemy runs it, made once: reading the SQL for
    its parameters again for every read took longer than running some of them."""
    return text(sql).columns(**dict.fromkeys(datetimes, DateTime()),
                             **dict.fromkeys(booleans, Boolean()))


def _regarding_leads(which: ColumnElement[bool]) -> ColumnElement[bool]:
    """Activities regarding the leads ``which`` selects."""
    return and_(Activity.regarding_kind == "lead",
                Activity.regarding_id.in_(select(Lead.id).where(which)))


def _until(rule: str, before: datetime, all_day: bool) -> str:
    """The rule ended just before ``before`` (its COUNT, if any, replaced by an UNTIL)."""
    parts = [p for p in rule.split(";") if p and not p.upper().startswith(("COUNT=", "UNTIL="))]
    last = before - (timedelta(days=1) if all_day else timedelta(seconds=1))
    parts.append("UNTIL=" + rec.stamp(last, all_day))
    return ";".join(parts)
