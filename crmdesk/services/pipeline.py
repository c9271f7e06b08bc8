"""The pipeline's figures: totals per stage and currency, a stage's column of cards, and
the forecast by close month; what the board, the forecast page and ``crmdesk report``
show, computed here once.

Sums are taken by the database over the stored ten-thousandths (``ExactDecimal``), so
they are exact and 50,000 opportunities cost one grouped query; the weighted sum is
the sum of revenue x probability, divided by 100 once.  Amounts in different currencies
are never added: every figure is per currency.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import BigInteger, ColumnElement, and_, func, select, type_coerce
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from crmdesk.db import Database
from crmdesk.errors import DatabaseBusy
from crmdesk.models.sales import Opportunity, SalesStage, from_units
from crmdesk.records import OpportunityStatus
from crmdesk.services.errors import storage_error

_OPEN = OpportunityStatus.OPEN.value
_WON = OpportunityStatus.WON.value
_HUNDRED = Decimal(100)


class StageTotal(NamedTuple):
    """The open opportunities of one stage in one currency."""

    stage: str
    title: str
    currency: str
    count: int
    total: Decimal
    weighted: Decimal


class BoardCard(NamedTuple):
    """What a card on the board shows of an open opportunity."""

    id: int
    topic: str
    customer_name: str
    revenue: Decimal
    currency: str
    probability: int
    probability_overridden: bool
    close_date: date | None


class MonthFigure(NamedTuple):
    """One close month ("2026-12") in one currency: open revenue closing then, weighted
    and not, and the revenue won (closed) in it."""

    month: str
    currency: str
    weighted: Decimal
    unweighted: Decimal
    won: Decimal


@contextmanager
def _reading(db: Database) -> Iterator[Session]:
    """A session to read in; a database failure as a ``StorageError`` sentence."""
    try:
        with db.sessions() as session:
            yield session
    except (DBAPIError, DatabaseBusy) as exc:
        raise storage_error(exc) from exc


def _units(column: ColumnElement[Decimal]) -> ColumnElement[int]:
    """The stored whole ten-thousandths of an ``ExactDecimal`` column, for SQL sums."""
    return type_coerce(column, BigInteger)


def _open_closing(close_from: date | None, close_to: date | None) -> ColumnElement[bool]:
    """Open opportunities whose close date is within the bounds (both included); one
    without a close date only when there are no bounds."""
    o = Opportunity
    condition = o.status == _OPEN
    if close_from is not None:
        condition = and_(condition, o.estimated_close_date >= close_from)
    if close_to is not None:
        condition = and_(condition, o.estimated_close_date <= close_to)
    return condition


def pipeline(db: Database, close_from: date | None = None, close_to: date | None = None
             ) -> list[StageTotal]:
    """Count, total and weighted total of the open opportunities per stage and currency,
    in the stages' order (those closing within the bounds, if given)."""
    o = Opportunity
    revenue = _units(o.estimated_revenue)
    stmt = (select(o.stage, o.currency, func.count(), func.sum(revenue),
                   func.sum(revenue * o.probability))
            .where(_open_closing(close_from, close_to)).group_by(o.stage, o.currency))
    with _reading(db) as session:
        stages = {s.key: (s.position, s.title) for s in session.scalars(select(SalesStage))}
        rows = session.execute(stmt).all()
    totals = [StageTotal(stage, stages.get(stage, (0, stage))[1], currency, count,
                         from_units(total or 0), from_units(weighted or 0) / _HUNDRED)
              for stage, currency, count, total, weighted in rows]
    return sorted(totals, key=lambda t: (stages.get(t.stage, (len(stages), ""))[0],
                                         t.stage, t.currency))


def board(db: Database, stage: str, close_from: date | None = None,
          close_to: date | None = None, *, limit: int | None = None, offset: int = 0
          ) -> list[BoardCard]:
    """The cards of one stage's column in the board's order, ``limit`` of them from
    ``offset`` (all without a limit)."""
    o = Opportunity
    stmt = (select(o.id, o.topic, o.customer_name, o.estimated_revenue, o.currency,
                   o.probability, o.probability_overridden, o.estimated_close_date)
            .where(_open_closing(close_from, close_to), o.stage == stage)
            .order_by(o.board_position, o.id).offset(offset).limit(limit))
    with _reading(db) as session:
        return [BoardCard(*row) for row in session.execute(stmt)]


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_span(today: date, months: int) -> tuple[date, date]:
    """The first day of ``today``'s month and the last day of the ``months``-th month."""
    index = today.year * 12 + today.month - 1 + months
    return today.replace(day=1), date(index // 12, index % 12 + 1, 1) - timedelta(days=1)


def forecast_months(today: date, months: int = 12) -> list[str]:
    """"2026-12", "2027-01", …: ``today``'s month and the ``months - 1`` after it."""
    first, last = month_span(today, months)
    keys = []
    while first <= last:
        keys.append(_month(first))
        first = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return keys


def forecast(db: Database, today: date, months: int = 12) -> list[MonthFigure]:
    """Per close month (this one and the ``months - 1`` after it) and currency: the open
    revenue closing then, weighted and not, and the revenue won in it; every month for
    every currency that has a figure in any of them, by month then currency."""
    o = Opportunity
    first, last = month_span(today, months)
    revenue = _units(o.estimated_revenue)
    open_rows = (select(o.estimated_close_date, o.currency, func.sum(revenue),
                        func.sum(revenue * o.probability))
                 .where(_open_closing(first, last))
                 .group_by(o.estimated_close_date, o.currency))
    won_rows = (select(o.closed_on, o.currency, func.sum(_units(o.actual_revenue)))
                .where(o.status == _WON, o.closed_on >= first, o.closed_on <= last)
                .group_by(o.closed_on, o.currency))
    # grouped by day in SQL (at most a year of days), by month here: portable SQL
    figures: dict[tuple[str, str], list[int]] = {}
    with _reading(db) as session:
        for day, currency, unweighted, weighted in session.execute(open_rows):
            sums = figures.setdefault((_month(day), currency), [0, 0, 0])
            sums[0] += unweighted or 0
            sums[1] += weighted or 0
        for day, currency, won in session.execute(won_rows):
            figures.setdefault((_month(day), currency), [0, 0, 0])[2] += won or 0
    currencies = sorted({currency for _, currency in figures})
    return [MonthFigure(month, currency, from_units(sums[1]) / _HUNDRED,
                        from_units(sums[0]), from_units(sums[2]))
            for month in forecast_months(today, months) for currency in currencies
            for sums in [figures.get((month, currency), [0, 0, 0])]]
