"""Opportunities: list, save, move through the stages, win, lose, reopen, delete.

An opportunity's probability is its stage's unless the user set one
(``probability_overridden``): a move to another stage then keeps it.  Its place in a
stage's column on the board is ``board_position`` (smaller first); a move between two
cards takes the number halfway, and the column is renumbered when the halves run out.
Status changes (win, lose, reopen) are commands of their own, each one transaction that
refuses what does not apply with a ``SalesError`` sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Select,
    and_,
    bindparam,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from crmdesk.db import Database
from crmdesk.errors import DatabaseBusy
from crmdesk.kinds import RecordRef
from crmdesk.kinds.registry import BY_NAME
from crmdesk.kinds.sales import OPPORTUNITY
from crmdesk.models import (
    Account,
    Contact,
    Lead,
    Opportunity,
    SalesStage,
    opportunity_competitor,
)
from crmdesk.records import CUSTOMER_KINDS, OpportunityRecord, OpportunityStatus
from crmdesk.services import service_links, trash
from crmdesk.services.activities import ActivityService
from crmdesk.services.bulk import chunks
from crmdesk.services.errors import (
    GoneError,
    NotFoundError,
    SalesError,
    StaleEditError,
    storage_error,
)
from crmdesk.services.listing import Lister
from crmdesk.services.sales_checks import amount_problem, check_opportunity
from crmdesk.services.search_index import SearchIndex
from crmdesk.services.trash import Deletion
from crmdesk.services.validation import ValidationError

GONE = ("This opportunity was deleted by another program (or window) after you opened it, "
        "so your edit was not saved.")
_OPEN = OpportunityStatus.OPEN.value
#: board positions closer than this are renumbered 1, 2, 3... before a card goes between
_CLOSEST = 1e-6


@dataclass(frozen=True)
class OpportunityRow:
    id: int
    display_name: str  # the topic
    customer_name: str
    customer_kind: str
    customer_id: int | None
    stage: str
    stage_title: str
    probability: int
    estimated_revenue: Decimal
    currency: str
    estimated_close_date: date | None
    status: str
    actual_revenue: Decimal | None
    closed_on: date | None
    modified: datetime  # UTC

    @property
    def customer(self) -> RecordRef | None:
        return (RecordRef(self.customer_kind, self.customer_id)
                if self.customer_kind and self.customer_id is not None else None)


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def customer_count(session: Session, kind: str, ids: Sequence[int], *,
                   open_only: bool = False) -> int:
    total = 0
    for chunk in chunks(ids):
        stmt = select(func.count()).select_from(Opportunity).where(
            Opportunity.customer_kind == kind, Opportunity.customer_id.in_(chunk))
        if open_only:
            stmt = stmt.where(Opportunity.status == _OPEN)
        total += int(session.scalar(stmt) or 0)
    return total


def let_go_customers(session: Session, index: SearchIndex, kind: str, ids: Sequence[int],
                     *, with_opportunities: bool | None, with_activities: bool) -> None:
    """Contacts or accounts are being deleted (inside the caller's transaction, after the
    trash kept them): the opportunities they are the customer of go too
    (``with_opportunities``; their activities as ``with_activities`` says), or stay under
    the name they have now (customer id NULL).  None, when there are any, is refused:
    a customer of opportunities is not deleted without that decision.  Their cases and
    campaign memberships are let go as ``service_links.let_go`` says."""
    service_links.let_go(session, kind, ids)
    if with_opportunities is None:
        if count := customer_count(session, kind, ids):
            noun = "opportunity is" if count == 1 else "opportunities are"
            raise SalesError(f"{count} {noun} for the {BY_NAME[kind].nouns[0]} being "
                             "deleted; say whether they go too or stay under its name.")
        return
    for chunk in chunks(ids):
        customer = and_(Opportunity.customer_kind == kind, Opportunity.customer_id.in_(chunk))
        if not with_opportunities:
            session.execute(update(Opportunity).where(customer).values(customer_id=None)
                            .execution_options(synchronize_session=False))
            continue
        going = list(session.scalars(select(Opportunity.id).where(customer)))
        ActivityService.let_go(session, "opportunity", going, delete_them=with_activities)
        index.remove(session, Opportunity, going)
        session.execute(delete(Opportunity).where(Opportunity.id.in_(going))
                        .execution_options(synchronize_session=False))


def follow_customer(session: Session, index: SearchIndex, ref: RecordRef, name: str,
                    region: str) -> None:
    """A contact or account was saved (in the caller's transaction): its opportunities
    show, and are found by, the name it has now (and its cases and memberships)."""
    service_links.follow(session, index, ref, name, region)
    rows = session.scalars(select(Opportunity).where(
        Opportunity.customer_kind == ref.kind, Opportunity.customer_id == ref.id,
        Opportunity.customer_name != name)).all()
    for row in rows:
        row.customer_name = name
        OPPORTUNITY.derive_columns(row, region)
    if rows:
        session.flush()
        index.refresh(session, Opportunity, [row.id for row in rows])


class OpportunityService(Lister[OpportunityRow]):
    kind = OPPORTUNITY

    def __init__(self, db: Database, index: SearchIndex, region: Callable[[], str],
                 currency: Callable[[], str],
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(db, index)
        self.region = region
        self.currency = currency
        self.today = today

    # -- reading ---------------------------------------------------------------------
    def get(self, opportunity_id: int) -> OpportunityRecord:
        with self.db.sessions() as session:
            row = session.get(Opportunity, opportunity_id)
            if row is None:
                raise NotFoundError(f"Opportunity {opportunity_id} no longer exists.")
            competitors = list(session.scalars(
                select(opportunity_competitor.c.account_id)
                .where(opportunity_competitor.c.opportunity_id == opportunity_id)
                .order_by(opportunity_competitor.c.account_id)))
            return self.record_of(row, competitors)

    @staticmethod
    def record_of(row: Opportunity, competitors: list[int]) -> OpportunityRecord:
        customer = (RecordRef(row.customer_kind, row.customer_id)
                    if row.customer_kind and row.customer_id is not None else None)
        return OpportunityRecord(
            id=row.id, version=row.version, topic=row.topic, customer=customer,
            customer_name=row.customer_name, stage=row.stage, probability=row.probability,
            probability_overridden=row.probability_overridden,
            estimated_revenue=row.estimated_revenue, currency=row.currency,
            estimated_close_date=row.estimated_close_date, campaign_id=row.campaign_id,
            status=OpportunityStatus(row.status), actual_revenue=row.actual_revenue,
            closed_on=row.closed_on, lost_reason=row.lost_reason, lost_to_id=row.lost_to_id,
            competitors=competitors, board_position=row.board_position, lead_id=row.lead_id,
            notes=row.notes, created=row.created, modified=row.modified)

    def _row_select(self, ids: BindParameter[Any]) -> Select:
        o = Opportunity
        return (select(o.id, o.display_name, o.customer_name, o.customer_kind, o.customer_id,
                       o.stage, func.coalesce(SalesStage.title, o.stage), o.probability,
                       o.estimated_revenue, o.currency, o.estimated_close_date, o.status,
                       o.actual_revenue, o.closed_on, o.modified)
                .outerjoin(SalesStage, SalesStage.key == o.stage).where(o.id.in_(ids)))

    def _make_row(self, row: Any) -> OpportunityRow:
        return OpportunityRow(*row)

    def _summary_select(self, ids: BindParameter[Any]) -> Select:
        return select(Opportunity.id, Opportunity.display_name, Opportunity.customer_name,
                      literal("")).where(Opportunity.id.in_(ids))

    def _within(self, ref: RecordRef) -> ColumnElement[bool] | None:
        """The opportunities of a customer (a contact or an account), or of a lead."""
        if ref.kind in CUSTOMER_KINDS:
            return and_(Opportunity.customer_kind == ref.kind,
                        Opportunity.customer_id == ref.id)
        return super()._within(ref)

    def _filter(self, key: str) -> ColumnElement[bool] | None:
        o = Opportunity
        today = self.today()
        if key in OpportunityStatus._value2member_map_:
            return o.status == key
        if key.startswith("stage:"):
            return o.stage == key.removeprefix("stage:")
        if key == "closing_this_month":
            return and_(o.status == _OPEN, o.estimated_close_date >= month_start(today),
                        o.estimated_close_date < add_months(today, 1))
        if key == "closing_this_quarter":
            first = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
            return and_(o.status == _OPEN, o.estimated_close_date >= first,
                        o.estimated_close_date < add_months(first, 3))
        if key == "overdue":
            return and_(o.status == _OPEN, o.estimated_close_date < today)
        if key.startswith(("closed:", "closing:")):  # a month of the dashboard's charts
            which, _, month = key.partition(":")
            try:
                first = date.fromisoformat(f"{month}-01")
            except ValueError:
                return None
            column = o.closed_on if which == "closed" else o.estimated_close_date
            return and_(column >= first, column < add_months(first, 1))
        if key.startswith("campaign:") and key.removeprefix("campaign:").isdigit():
            return o.campaign_id == int(key.removeprefix("campaign:"))
        return None

    def open_for(self, ref: RecordRef) -> list[OpportunityRow]:
        """The open opportunities of a contact or an account (an account's with its
        contacts'), the soonest to close first: what a card shows."""
        o = Opportunity
        customer = and_(o.customer_kind == ref.kind, o.customer_id == ref.id)
        if ref.kind == "account":
            customer = or_(customer, and_(o.customer_kind == "contact", o.customer_id.in_(
                select(Contact.id).where(Contact.account_id == ref.id))))
        with self.db.sessions() as session:
            ids = list(session.scalars(
                select(o.id).where(o.status == _OPEN, customer)
                .order_by(o.estimated_close_date.is_(None), o.estimated_close_date, o.id)))
        return self.rows(ids)

    def customer_count(self, kind: str, ids: Sequence[int], *, open_only: bool = False
                       ) -> int:
        """How many opportunities (open ones with ``open_only``) these contacts or
        accounts are the customer of: what deleting them asks about."""
        with self.db.sessions() as session:
            return customer_count(session, kind, ids, open_only=open_only)

    # -- writing ---------------------------------------------------------------------
    def save(self, record: OpportunityRecord, *, validate: bool = True) -> OpportunityRecord:
        """Insert or update its own fields (not its status: ``win``, ``lose``, ``reopen``);
        refuse a stale edit, an unknown stage or a customer that is gone; return the
        stored record."""
        stale = (f"“{record.topic or 'This opportunity'}” was changed elsewhere since you "
                 "opened it, so your edit was not saved. Open it again and redo your change.")
        if validate and (problems := check_opportunity(record)):
            raise ValidationError(problems)
        try:
            with self.db.writing() as session:
                if record.id is None:
                    if record.status != OpportunityStatus.OPEN:
                        raise SalesError("A new opportunity is open; win or lose it once it "
                                         "is saved.")
                    opportunity_id = self.create(session, record)
                else:
                    row = session.get(Opportunity, record.id)
                    if row is None:
                        raise GoneError(GONE)
                    if record.version is not None and row.version != record.version:
                        raise StaleEditError(stale)
                    self.apply(session, row, record)
                    session.flush()
                    self.index.refresh(session, Opportunity, [row.id])
                    opportunity_id = row.id
        except StaleDataError as exc:
            raise StaleEditError(stale) from exc
        except (DBAPIError, DatabaseBusy) as exc:
            raise storage_error(exc) from exc
        return self.get(opportunity_id)

    def create(self, session: Session, record: OpportunityRecord) -> int:
        """A new open opportunity from ``record`` in the caller's transaction (a save, a
        qualify); its id."""
        row = Opportunity(status=_OPEN, lead_id=record.lead_id)
        session.add(row)
        self.apply(session, row, record)
        session.flush()
        self.index.refresh(session, Opportunity, [row.id])
        return row.id

    def apply(self, session: Session, row: Opportunity, record: OpportunityRecord) -> None:
        """Copy a record's own fields onto a row: the stage (the first when none is named),
        the probability (the stage's unless overridden), the customer's name now, the end of
        the stage's column when it comes to a new one; derive its list columns."""
        stage = self._stage(session, record.stage)
        moved = row.stage != stage.key or row.id is None
        row.topic = record.topic.strip()
        row.customer_kind, row.customer_id, row.customer_name = self._customer(
            session, record.customer, row)
        row.stage = stage.key
        row.probability_overridden = record.probability_overridden
        row.probability = (record.probability if record.probability_overridden
                           and record.probability is not None else stage.probability)
        row.estimated_revenue = record.estimated_revenue
        row.currency = record.currency.strip().upper() or row.currency or self.currency()
        row.estimated_close_date = record.estimated_close_date
        row.campaign_id = record.campaign_id
        row.notes = record.notes.strip()
        if record.board_position is not None and not moved:
            row.board_position = record.board_position
        elif moved:
            row.board_position = (record.board_position if record.board_position is not None
                                  else self._column_end(session, stage.key))
        self._set_competitors(session, row, record.competitors)
        self.kind.derive_columns(row, self.region())

    def restore_into(self, session: Session, record: OpportunityRecord) -> Opportunity:
        """An opportunity written whole from a record (the trash, crmdesk's JSON) in the
        caller's transaction: under its id if free, with its status and what closed it,
        its probability as stored; its customer, competitors, lead and the account it was
        lost to where they still exist (a customer that is gone leaves its name)."""
        free = record.id is not None and session.get(Opportunity, record.id) is None
        row = Opportunity(id=record.id) if free else Opportunity()
        session.add(row)
        known = record.stage and session.get(SalesStage, record.stage) is not None
        stage = self._stage(session, record.stage if known else "")
        customer = record.customer
        if customer is not None and customer.kind in CUSTOMER_KINDS:
            model = BY_NAME[customer.kind].model
            row.customer_kind = customer.kind
            row.customer_id = (customer.id if session.get(model, customer.id) is not None
                               else None)
        row.customer_name = record.customer_name.strip()
        if row.customer_id is not None:
            row.customer_name = self._customer(session, customer, row)[2]
        row.topic = record.topic.strip()
        row.stage = stage.key
        row.probability = (record.probability if record.probability is not None
                           else stage.probability)
        row.probability_overridden = record.probability_overridden
        row.estimated_revenue = record.estimated_revenue
        row.currency = record.currency.strip().upper() or self.currency()
        row.estimated_close_date = record.estimated_close_date
        row.campaign_id = record.campaign_id
        row.status = OpportunityStatus(record.status).value
        row.actual_revenue = record.actual_revenue
        row.closed_on = record.closed_on
        row.lost_reason = record.lost_reason.strip()
        row.lost_to_id = (record.lost_to_id if record.lost_to_id is not None
                          and session.get(Account, record.lost_to_id) is not None else None)
        row.lead_id = (record.lead_id if record.lead_id is not None
                       and session.get(Lead, record.lead_id) is not None else None)
        row.notes = record.notes.strip()
        row.board_position = (record.board_position if record.board_position is not None
                              else self._column_end(session, stage.key))
        if record.created is not None:
            row.created = record.created
        known_accounts = set(session.scalars(select(Account.id).where(
            Account.id.in_(record.competitors))))
        self._set_competitors(session, row, [a for a in record.competitors
                                             if a in known_accounts])
        self.kind.derive_columns(row, self.region())
        return row

    @staticmethod
    def _stage(session: Session, key: str) -> SalesStage:
        if key:
            stage = session.get(SalesStage, key)
            if stage is None:
                raise SalesError(f"There is no sales stage “{key}”; choose one of the stages "
                                 "in Settings.")
            return stage
        stage = session.scalars(select(SalesStage).where(SalesStage.active)
                                .order_by(SalesStage.position).limit(1)).first()
        if stage is None:
            raise SalesError("There are no sales stages; add one in Settings.")
        return stage

    @staticmethod
    def _customer(session: Session, ref: RecordRef | None, row: Opportunity
                  ) -> tuple[str, int | None, str]:
        """(kind, id, name) of the customer: its name now, or, for one deleted meanwhile
        that the row already had, the name it had."""
        if ref is None:
            return "", None, row.customer_name
        if ref.kind not in CUSTOMER_KINDS:
            raise SalesError("The customer of an opportunity is a contact or an account.")
        kind = BY_NAME[ref.kind]
        name = session.scalar(select(kind.model.display_name).where(kind.model.id == ref.id))
        if name is None:
            if row.customer_kind == ref.kind and row.customer_id == ref.id:
                return ref.kind, ref.id, row.customer_name
            raise SalesError(f"There is no {kind.nouns[0]} {ref.id}; it may have been "
                             "deleted. Choose the customer again.")
        return ref.kind, ref.id, name

    @staticmethod
    def _column_end(session: Session, stage: str) -> float:
        last = session.scalar(select(func.max(Opportunity.board_position)).where(
            Opportunity.status == _OPEN, Opportunity.stage == stage))
        return (last or 0.0) + 1.0

    @staticmethod
    def _set_competitors(session: Session, row: Opportunity, accounts: Sequence[int]) -> None:
        link = opportunity_competitor
        wanted = list(dict.fromkeys(accounts))
        if wanted:
            known = set(session.scalars(select(Account.id).where(Account.id.in_(wanted))))
            if missing := [a for a in wanted if a not in known]:
                raise SalesError(f"There is no account {missing[0]} to name as a competitor; "
                                 "it may have been deleted.")
        if row in session.new:
            session.flush()
        have = set(session.scalars(select(link.c.account_id)
                                   .where(link.c.opportunity_id == row.id)))
        if gone := have - set(wanted):
            session.execute(delete(link).where(link.c.opportunity_id == row.id,
                                               link.c.account_id.in_(gone)))
        if new := [a for a in wanted if a not in have]:
            session.execute(insert(link), [{"opportunity_id": row.id, "account_id": a}
                                           for a in new])

    def discard(self, ids: Sequence[int], *, with_activities: bool = False) -> Deletion:
        """Delete opportunities (with their quotes) into the trash; the activities
        regarding them go too with ``with_activities``, else they stay in the history
        under the opportunity's topic."""
        try:
            with self.db.writing() as session:
                kept = trash.keep_opportunities(session, ids, with_activities=with_activities)
                ActivityService.let_go(session, "opportunity", ids,
                                       delete_them=with_activities)
                self.index.remove(session, Opportunity, ids)
                result = session.execute(delete(Opportunity).where(
                    Opportunity.id.in_(list(ids))))
                return Deletion(kept.batch, result.rowcount or 0)
        except (DBAPIError, DatabaseBusy) as exc:
            raise storage_error(exc) from exc

    # -- state changes ---------------------------------------------------------------
    @staticmethod
    def _must_be_open(row: Opportunity) -> None:
        if row.status != _OPEN:
            raise SalesError(f"“{row.topic}” was {row.status} already; reopen it first.")

    def win(self, opportunity_id: int, actual_revenue: Decimal, closed_on: date
            ) -> OpportunityRecord:
        """Close it as won with the revenue it brought and the day."""
        if msg := amount_problem(actual_revenue, "actual revenue"):
            raise SalesError(msg)
        self._check_closed_on(closed_on)
        with self.changing(opportunity_id) as row:
            self._must_be_open(row)
            row.status = OpportunityStatus.WON.value
            row.actual_revenue = actual_revenue
            row.closed_on = closed_on
        return self.get(opportunity_id)

    def lose(self, opportunity_id: int, reason: str, lost_to_id: int | None = None,
             closed_on: date | None = None) -> OpportunityRecord:
        """Close it as lost, saying why, and to which competitor (an account, which
        becomes one of its competitors) if to one."""
        if not reason.strip():
            raise SalesError("Say why the opportunity was lost.")
        closed_on = closed_on or self.today()
        self._check_closed_on(closed_on)
        with self.changing(opportunity_id) as row:
            self._must_be_open(row)
            session = Session.object_session(row)
            assert session is not None
            if lost_to_id is not None:
                if session.get(Account, lost_to_id) is None:
                    raise SalesError(f"There is no account {lost_to_id} to have lost to; it "
                                     "may have been deleted.")
                link = opportunity_competitor
                if session.scalar(select(func.count()).select_from(link).where(
                        link.c.opportunity_id == row.id, link.c.account_id == lost_to_id)) == 0:
                    session.execute(insert(link).values(opportunity_id=row.id,
                                                        account_id=lost_to_id))
            row.status = OpportunityStatus.LOST.value
            row.lost_reason = reason.strip()
            row.lost_to_id = lost_to_id
            row.closed_on = closed_on
        return self.get(opportunity_id)

    def _check_closed_on(self, closed_on: date) -> None:
        if closed_on > self.today() + timedelta(days=1):
            raise SalesError("An opportunity closes today or on a day that has been, not "
                             "in the future.")

    def reopen(self, opportunity_id: int) -> OpportunityRecord:
        """A won or lost opportunity open again, at the end of its stage's column; what
        closed it (revenue, day, reason, competitor lost to) goes."""
        with self.changing(opportunity_id) as row:
            if row.status == _OPEN:
                raise SalesError(f"“{row.topic}” is open already.")
            session = Session.object_session(row)
            assert session is not None
            row.status = _OPEN
            row.actual_revenue = None
            row.closed_on = None
            row.lost_reason = ""
            row.lost_to_id = None
            row.board_position = self._column_end(session, row.stage)
        return self.get(opportunity_id)

    def move(self, opportunity_id: int, stage: str, before_id: int | None = None
             ) -> OpportunityRecord:
        """Put an open opportunity into ``stage`` (a board drag), before ``before_id`` in
        its column or at its end; the probability follows the stage unless overridden."""
        with self.changing(opportunity_id) as row:
            self._must_be_open(row)
            session = Session.object_session(row)
            assert session is not None
            target = self._stage(session, stage)
            if not target.active:
                raise SalesError(f"The stage “{target.title}” is no longer in use; choose "
                                 "another.")
            row.stage = target.key
            if not row.probability_overridden:
                row.probability = target.probability
            row.board_position = self._position_before(session, row, target.key, before_id)
        return self.get(opportunity_id)

    def _position_before(self, session: Session, row: Opportunity, stage: str,
                         before_id: int | None) -> float:
        o = Opportunity
        column = and_(o.status == _OPEN, o.stage == stage, o.id != row.id)
        if before_id is None or before_id == row.id:
            last = session.scalar(select(func.max(o.board_position)).where(column))
            return (last or 0.0) + 1.0
        before = session.get(Opportunity, before_id)
        if before is None or before.status != _OPEN or before.stage != stage:
            raise SalesError("The card to put it before is no longer in that column; "
                             "refresh the board and try again.")
        previous = session.scalar(select(func.max(o.board_position)).where(
            column, o.board_position < before.board_position))
        if previous is None:
            return before.board_position - 1.0
        if before.board_position - previous < _CLOSEST:
            self._renumber(session, stage)
            session.refresh(before)
            previous = before.board_position - 1.0
        return (previous + before.board_position) / 2

    @staticmethod
    def _renumber(session: Session, stage: str) -> None:
        """Positions 1, 2, 3... for a column in its order (after many moves between the
        same two cards)."""
        o = Opportunity
        ids = session.scalars(select(o.id).where(o.status == _OPEN, o.stage == stage)
                              .order_by(o.board_position, o.id)).all()
        table = o.__table__
        session.execute(update(table).where(table.c.id == bindparam("row_id"))
                        .values(board_position=bindparam("position")),
                        [{"row_id": i, "position": float(n)} for n, i in enumerate(ids, 1)])
