"""Customer-service cases: list, save (a new one gets its ticket number), resolve,
reopen, cancel, delete into the trash; the small tree of subjects they are filed under.

A case moves freely between its open states (new, in progress, waiting) by a save;
resolving, cancelling and reopening are commands of their own, each one transaction
that refuses what does not apply with a ``ServiceError`` sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Select,
    and_,
    case,
    delete,
    literal,
    or_,
    select,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from crmdesk.db import Database
from crmdesk.errors import DatabaseBusy
from crmdesk.kinds import RecordRef
from crmdesk.kinds.registry import BY_NAME
from crmdesk.kinds.service import CASE, PRIORITY_ORDER
from crmdesk.models import Case, CaseSubject, Contact
from crmdesk.models.base import utcnow
from crmdesk.records import (
    CUSTOMER_KINDS,
    OPEN_CASE_STATUSES,
    CaseOrigin,
    CasePriority,
    CaseRecord,
    CaseStatus,
    CaseSubjectRecord,
    CaseType,
)
from crmdesk.services import tickets, trash
from crmdesk.services.activities import ActivityService
from crmdesk.services.errors import (
    GoneError,
    NotFoundError,
    ServiceError,
    StaleEditError,
    storage_error,
)
from crmdesk.services.listing import Lister
from crmdesk.services.search_index import SearchIndex
from crmdesk.services.trash import Deletion
from crmdesk.services.validation import CONTROL, Problems, ValidationError

GONE = ("This case was deleted by another program (or window) after you opened it, so "
        "your edit was not saved.")
_OPEN = tuple(s.value for s in OPEN_CASE_STATUSES)
#: the age buckets of open cases (the dashboard's, the ``age:KEY`` filters): (key, first
#: day of age, last day or None)
AGE_BUCKETS = (("0-2", 0, 2), ("3-7", 3, 7), ("8-30", 8, 30), (">30", 31, None))


def age_bounds(today: date, first: int, last: int | None) -> tuple[datetime | None,
                                                                   datetime]:
    """[since, before) of ``created`` (UTC, as stored) for cases ``first``..``last`` days
    old on ``today``: a case opened today is 0 days old."""
    since = None if last is None else datetime.combine(today - timedelta(days=last), time())
    before = datetime.combine(today - timedelta(days=first - 1), time())
    return since, before


@dataclass(frozen=True)
class CaseRow:
    id: int
    display_name: str  # the title
    ticket_number: str
    customer_name: str
    customer_kind: str
    customer_id: int | None
    case_type: str
    priority: str
    status: str
    follow_up: date | None
    owner: str
    created: datetime  # UTC
    modified: datetime  # UTC

    @property
    def customer(self) -> RecordRef | None:
        return (RecordRef(self.customer_kind, self.customer_id)
                if self.customer_kind and self.customer_id is not None else None)


def check_case(record: CaseRecord) -> Problems:
    problems: Problems = {}
    if not record.title.strip():
        problems["title"] = "Enter a title that says what the case is about."
    for name in ("title", "product", "serial_number"):
        if CONTROL.search(getattr(record, name)):
            problems.setdefault(name, "Remove the control characters (such as a tab or a "
                                      "line break) from this field.")
    return problems


class CaseService(Lister[CaseRow]):
    kind = CASE

    def __init__(self, db: Database, index: SearchIndex, region: Callable[[], str],
                 user: Callable[[], str], today: Callable[[], date] = date.today) -> None:
        super().__init__(db, index)
        self.region = region
        self.user = user
        self.today = today

    # -- reading ---------------------------------------------------------------------
    def get(self, case_id: int) -> CaseRecord:
        with self.db.sessions() as session:
            row = session.get(Case, case_id)
            if row is None:
                raise NotFoundError(f"Case {case_id} no longer exists.")
            return self.record_of(row)

    @staticmethod
    def record_of(row: Case) -> CaseRecord:
        customer = (RecordRef(row.customer_kind, row.customer_id)
                    if row.customer_kind and row.customer_id is not None else None)
        return CaseRecord(
            id=row.id, version=row.version, ticket_number=row.ticket_number,
            customer=customer, customer_name=row.customer_name, title=row.title,
            case_type=CaseType(row.case_type), origin=CaseOrigin(row.origin),
            priority=CasePriority(row.priority), status=CaseStatus(row.status),
            resolution=row.resolution, resolved_by=row.resolved_by,
            resolved_at=row.resolved_at, subject_id=row.subject_id, product=row.product,
            serial_number=row.serial_number, follow_up=row.follow_up, owner=row.owner,
            notes=row.notes, created=row.created, modified=row.modified)

    def _row_select(self, ids: BindParameter[Any]) -> Select:
        c = Case
        return select(c.id, c.display_name, c.ticket_number, c.customer_name,
                      c.customer_kind, c.customer_id, c.case_type, c.priority, c.status,
                      c.follow_up, c.owner, c.created, c.modified).where(c.id.in_(ids))

    def _make_row(self, row: Any) -> CaseRow:
        return CaseRow(*row)

    def _summary_select(self, ids: BindParameter[Any]) -> Select:
        return select(Case.id, Case.display_name, Case.customer_name,
                      literal("")).where(Case.id.in_(ids))

    def _within(self, ref: RecordRef) -> ColumnElement[bool] | None:
        """The cases of a customer (a contact or an account)."""
        if ref.kind in CUSTOMER_KINDS:
            return and_(Case.customer_kind == ref.kind, Case.customer_id == ref.id)
        return None

    def _filter(self, key: str) -> ColumnElement[bool] | None:
        if key == "open":
            return Case.status.in_(_OPEN)
        if key == "mine":
            return and_(Case.status.in_(_OPEN), Case.owner == self.user())
        if key in PRIORITY_ORDER:
            return and_(Case.status.in_(_OPEN), Case.priority == key)
        if key == "follow_up_passed":
            return and_(Case.status.in_(_OPEN), Case.follow_up < self.today())
        if key in (CaseStatus.RESOLVED, CaseStatus.CANCELLED):
            return Case.status == key
        if key.startswith("age:"):
            bucket = next((b for b in AGE_BUCKETS if b[0] == key.removeprefix("age:")), None)
            if bucket is None:
                return None
            since, before = age_bounds(self.today(), bucket[1], bucket[2])
            clause = and_(Case.status.in_(_OPEN), Case.created < before)
            return clause if since is None else and_(clause, Case.created >= since)
        return None

    def open_for(self, ref: RecordRef) -> list[CaseRow]:
        """The open cases of a contact or an account (an account's with its contacts'),
        the most pressing first: what a card shows."""
        c = Case
        customer = and_(c.customer_kind == ref.kind, c.customer_id == ref.id)
        if ref.kind == "account":
            customer = or_(customer, and_(c.customer_kind == "contact", c.customer_id.in_(
                select(Contact.id).where(Contact.account_id == ref.id))))
        with self.db.sessions() as session:
            ids = list(session.scalars(
                select(c.id).where(c.status.in_(_OPEN), customer)
                .order_by(case(PRIORITY_ORDER, value=c.priority, else_=4), c.created, c.id)))
        return self.rows(ids)

    # -- writing ---------------------------------------------------------------------
    def save(self, record: CaseRecord, *, validate: bool = True) -> CaseRecord:
        """Insert (with the next ticket number) or update its own fields and its open
        status; refuse a stale edit, a customer that is gone, a resolved or cancelled
        status (``resolve``, ``cancel``, ``reopen`` set those); return the stored record."""
        stale = (f"“{record.title or 'This case'}” was changed elsewhere since you opened "
                 "it, so your edit was not saved. Open it again and redo your change.")
        if validate and (problems := check_case(record)):
            raise ValidationError(problems)
        try:
            with self.db.writing() as session:
                if record.id is None:
                    case_id = self.create(session, record)
                else:
                    row = session.get(Case, record.id)
                    if row is None:
                        raise GoneError(GONE)
                    if record.version is not None and row.version != record.version:
                        raise StaleEditError(stale)
                    if record.status != row.status:
                        if record.status not in _OPEN or row.status not in _OPEN:
                            raise ServiceError("A case is resolved, cancelled or reopened "
                                               "with its own command, not by editing its "
                                               "status.")
                        row.status = CaseStatus(record.status).value
                    if record.owner.strip():
                        row.owner = record.owner.strip()
                    self.apply(session, row, record)
                    session.flush()
                    self.index.refresh(session, Case, [row.id])
                    case_id = row.id
        except StaleDataError as exc:
            raise StaleEditError(stale) from exc
        except (DBAPIError, DatabaseBusy) as exc:
            raise storage_error(exc) from exc
        return self.get(case_id)

    def create(self, session: Session, record: CaseRecord) -> int:
        """A new open case from ``record`` in the caller's transaction, with the next
        ticket number of this year; its id."""
        if record.status not in _OPEN:
            raise ServiceError("A new case is open; resolve or cancel it once it is saved.")
        row = Case(status=CaseStatus(record.status).value,
                   owner=record.owner.strip() or self.user(),
                   ticket_number=tickets.next_ticket(session, self.today().year))
        session.add(row)
        self.apply(session, row, record)
        session.flush()
        self.index.refresh(session, Case, [row.id])
        return row.id

    def apply(self, session: Session, row: Case, record: CaseRecord) -> None:
        """Copy a record's own fields onto a row (not its status, ticket number,
        resolution or owner) and derive its list columns."""
        row.customer_kind, row.customer_id, row.customer_name = self._customer(
            session, record.customer, row)
        row.title = record.title.strip()
        row.case_type = CaseType(record.case_type).value
        row.origin = CaseOrigin(record.origin).value
        row.priority = CasePriority(record.priority).value
        if record.subject_id is not None and session.get(CaseSubject,
                                                          record.subject_id) is None:
            raise ServiceError("The subject chosen for the case no longer exists; choose "
                               "again.")
        row.subject_id = record.subject_id
        row.product = record.product.strip()
        row.serial_number = record.serial_number.strip()
        row.follow_up = record.follow_up
        row.notes = record.notes.strip()
        self.kind.derive_columns(row, self.region())

    def restore_into(self, session: Session, record: CaseRecord) -> Case:
        """A case written whole from a record (the trash, crmdesk's JSON) in the caller's
        transaction: under its id and ticket number if free (else new ones), with its
        status, resolution, owner and day created; a customer that is gone leaves its
        name."""
        free = record.id is not None and session.get(Case, record.id) is None
        taken = (not record.ticket_number or session.scalar(
            select(Case.id).where(Case.ticket_number == record.ticket_number)) is not None)
        row = Case(id=record.id) if free else Case()
        row.ticket_number = (tickets.next_ticket(session, self.today().year) if taken
                             else record.ticket_number)
        tickets.keep_taken(session, row.ticket_number)
        session.add(row)
        customer = record.customer
        if customer is not None and customer.kind in CUSTOMER_KINDS:
            model = BY_NAME[customer.kind].model
            if session.get(model, customer.id) is not None:
                row.customer_kind, row.customer_id = customer.kind, customer.id
            else:
                row.customer_kind = customer.kind
        row.customer_name = record.customer_name.strip()
        known = (record.subject_id is not None
                 and session.get(CaseSubject, record.subject_id) is not None)
        self.apply(session, row, CaseRecord(
            **{**record.__dict__, "customer": (
                RecordRef(row.customer_kind, row.customer_id)
                if row.customer_id is not None else None),
               "subject_id": record.subject_id if known else None}))
        row.status = CaseStatus(record.status).value
        row.resolution = record.resolution.strip()
        row.resolved_by = record.resolved_by.strip()
        row.resolved_at = record.resolved_at
        row.owner = record.owner.strip()
        if record.created is not None:
            row.created = record.created
        return row

    @staticmethod
    def _customer(session: Session, ref: RecordRef | None, row: Case
                  ) -> tuple[str, int | None, str]:
        """(kind, id, name) of the customer: its name now, or the name it had."""
        if ref is None:
            return (row.customer_kind or "", None, row.customer_name or "")
        if ref.kind not in CUSTOMER_KINDS:
            raise ServiceError("The customer of a case is a contact or an account.")
        kind = BY_NAME[ref.kind]
        name = session.scalar(select(kind.model.display_name).where(kind.model.id == ref.id))
        if name is None:
            if row.customer_kind == ref.kind and row.customer_id == ref.id:
                return ref.kind, ref.id, row.customer_name
            raise ServiceError(f"There is no {kind.nouns[0]} {ref.id}; it may have been "
                               "deleted. Choose the customer again.")
        return ref.kind, ref.id, name

    def discard(self, ids: Sequence[int], *, with_activities: bool = False) -> Deletion:
        """Delete cases into the trash; the activities regarding them go too with
        ``with_activities``, else they stay in the history under the case's title.  Their
        ticket numbers are not handed out again."""
        try:
            with self.db.writing() as session:
                kept = trash.keep_cases(session, ids, with_activities=with_activities)
                ActivityService.let_go(session, "case", ids, delete_them=with_activities)
                self.index.remove(session, Case, ids)
                result = session.execute(delete(Case).where(Case.id.in_(list(ids))))
                return Deletion(kept.batch, result.rowcount or 0)
        except (DBAPIError, DatabaseBusy) as exc:
            raise storage_error(exc) from exc

    # -- state changes ---------------------------------------------------------------
    def resolve(self, case_id: int, resolution: str, by: str = "") -> CaseRecord:
        """Close an open case as resolved, saying how, by whom (the user when not said)
        and now."""
        if not resolution.strip():
            raise ServiceError("Say how the case was resolved.")
        with self.changing(case_id) as row:
            self._must_be_open(row)
            row.status = CaseStatus.RESOLVED.value
            row.resolution = resolution.strip()
            row.resolved_by = by.strip() or self.user()
            row.resolved_at = utcnow()
        return self.get(case_id)

    def cancel(self, case_id: int, reason: str) -> CaseRecord:
        """Close an open case as cancelled, saying why (kept as its resolution)."""
        if not reason.strip():
            raise ServiceError("Say why the case is cancelled.")
        with self.changing(case_id) as row:
            self._must_be_open(row)
            row.status = CaseStatus.CANCELLED.value
            row.resolution = reason.strip()
            row.resolved_by = self.user()
            row.resolved_at = utcnow()
        return self.get(case_id)

    def reopen(self, case_id: int) -> CaseRecord:
        """A resolved or cancelled case in progress again; its resolution goes (the
        history of activities keeps what was done)."""
        with self.changing(case_id) as row:
            if row.status in _OPEN:
                raise ServiceError(f"{row.ticket_number} is open already.")
            row.status = CaseStatus.IN_PROGRESS.value
            row.resolution = ""
            row.resolved_by = ""
            row.resolved_at = None
        return self.get(case_id)

    @staticmethod
    def _must_be_open(row: Case) -> None:
        if row.status not in _OPEN:
            raise ServiceError(f"{row.ticket_number} was {row.status} already; reopen it "
                               "first.")

    # -- subjects --------------------------------------------------------------------
    def subjects(self) -> list[CaseSubjectRecord]:
        """Every subject, parents before their children, each level in its order."""
        with self.db.sessions() as session:
            rows = session.execute(select(CaseSubject.id, CaseSubject.name,
                                          CaseSubject.parent_id, CaseSubject.position)
                                   .order_by(CaseSubject.position, CaseSubject.id)).all()
        children: dict[int | None, list[Any]] = {}
        for row in rows:
            children.setdefault(row.parent_id, []).append(row)
        ordered: list[CaseSubjectRecord] = []

        def walk(parent: int | None) -> None:
            for row in children.get(parent, []):
                ordered.append(CaseSubjectRecord(row.id, row.name, row.parent_id,
                                                 row.position))
                walk(row.id)

        walk(None)
        return ordered

    def save_subject(self, record: CaseSubjectRecord) -> CaseSubjectRecord:
        """Add or rename/move a subject; refuse an empty name, a parent that is gone, or
        a move under itself."""
        name = record.name.strip()
        if not name or CONTROL.search(name):
            raise ServiceError("A subject needs a name of one line.")
        try:
            with self.db.writing() as session:
                if record.parent_id is not None:
                    parent: int | None = record.parent_id
                    while parent is not None:
                        if parent == record.id:
                            raise ServiceError("A subject cannot go under itself.")
                        above = session.get(CaseSubject, parent)
                        if above is None:
                            raise ServiceError("The subject to put it under no longer "
                                               "exists.")
                        parent = above.parent_id
                if record.id is None:
                    row = CaseSubject()
                    session.add(row)
                else:
                    found = session.get(CaseSubject, record.id)
                    if found is None:
                        raise ServiceError("This subject was deleted meanwhile.")
                    row = found
                row.name, row.parent_id, row.position = name, record.parent_id, record.position
                session.flush()
                return CaseSubjectRecord(row.id, row.name, row.parent_id, row.position)
        except (DBAPIError, DatabaseBusy) as exc:
            raise storage_error(exc) from exc

    def delete_subject(self, subject_id: int) -> None:
        """Delete a subject with the subjects under it; their cases keep no subject."""
        try:
            with self.db.writing() as session:
                session.execute(delete(CaseSubject).where(CaseSubject.id == subject_id))
        except (DBAPIError, DatabaseBusy) as exc:
            raise storage_error(exc) from exc
