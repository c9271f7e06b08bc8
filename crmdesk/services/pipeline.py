"""The pipeline's figures: totals per stage, the board's columns, the 12-month forecast.

One module computes what the pipeline board, the forecast view and ``crmdesk report``
show.  Sums are taken by the database over the stored whole ten-thousandths
(``models.sales.ExactDecimal``), so they are exact; every figure is per currency, as
amounts in two currencies are never added.  Weighted = revenue x probability, summed
exactly and rounded once, to the cent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, and_, func, select, type_coerce
from sqlalchemy.sql import operators
from sqlalchemy.sql.expression import UnaryExpression

from crmdesk.db import Database
from crmdesk.kinds import RecordRef
from crmdesk.models import Opportunity, SalesStage
from crmdesk.models.sales import SCALE, from_units
from crmdesk.records import OpportunityStatus
from crmdesk.services.money import round_cents
from crmdesk.services.opportunities import add_months, month_start

_OPEN = OpportunityStatus.OPEN.value
_WON = OpportunityStatus.WON.value


@dataclass(frozen=True)
class StageTotal:
    """The open opportunities of one stage in one currency."""

    stage: str
    title: str
    currency: str
    count: int
    total: Decimal
    weighted: Decimal

    def as_json(self) -> dict[str, Any]:
        return {"stage": self.stage, "title": self.title, "currency": self.currency,
                "count": self.count, "total": str(self.total),
                "weighted": str(self.weighted)}


@dataclass(frozen=True)
class BoardCard:
    """One opportunity as a card in its stage's column."""

    id: int
    topic: str
    customer_name: str
    customer: RecordRef | None
    revenue: Decimal
    currency: str
    probability: int
    estimated_close_date: date | None


@dataclass(frozen=True)
class MonthFigure:
    """One month of the forecast in one currency: the open opportunities expected to close
    in it (weighted and not), and what was won in it."""

    month: str  # "2026-12"
    currency: str
    weighted: Decimal
    unweighted: Decimal
    won: Decimal

    def as_json(self) -> dict[str, Any]:
        return {"month": self.month, "currency": self.currency,
                "weighted": str(self.weighted), "unweighted": str(self.unweighted),
                "won": str(self.won)}


def _units(column: Any) -> ColumnElement[int]:
    """An ExactDecimal column as the whole ten-thousandths it stores."""
    return type_coerce(column, BigInteger)


def _weighted(units_x_percent: int | None) -> Decimal:
    """A sum of ten-thousandths x percent, as money rounded to the cent."""
    return round_cents(Decimal(units_x_percent or 0).scaleb(-SCALE - 2))


def _closing(close_from: date | None, close_to: date | None,
             closes: ColumnElement[date] = Opportunity.estimated_close_date,
             ) -> list[ColumnElement[bool]]:
    """Open ones closing in [close_from, close_to] (either end open when None)."""
    conditions: list[ColumnElement[bool]] = [Opportunity.status == _OPEN]
    if close_from is not None:
        conditions.append(closes >= close_from)
    if close_to is not None:
        conditions.append(closes <= close_to)
    return conditions


def _unindexed(column: ColumnElement[date], dialect: str) -> ColumnElement[date]:
    """The column as SQLite's planner may not use an index for (a unary plus).  A board
    column reads its stage in board order and stops after a page, so the stage's order
    index must drive the query; left to itself SQLite picks the close-date index for a
    range and sorts a year of the stage first (91 ms a column at 50,000 open, against
    0.07 ms).  PostgreSQL's planner has statistics and no unary plus for dates."""
    if dialect != "sqlite":
        return column
    return UnaryExpression(column, operator=operators.custom_op("+"), type_=column.type)


def pipeline(db: Database, close_from: date | None = None, close_to: date | None = None
             ) -> list[StageTotal]:
    """Count, total and weighted total of the open opportunities per stage and currency,
    in the stages' order (then by currency); only those closing in the range when one is
    given (an opportunity without a close date then does not count)."""
    o = Opportunity
    stmt = (select(o.stage, func.coalesce(SalesStage.title, o.stage), o.currency,
                   func.count(), func.sum(_units(o.estimated_revenue)),
                   func.sum(_units(o.estimated_revenue) * o.probability))
            .outerjoin(SalesStage, SalesStage.key == o.stage)
            .where(*_closing(close_from, close_to))
            .group_by(o.stage, SalesStage.title, SalesStage.position, o.currency)
            .order_by(func.coalesce(SalesStage.position, 10**6), o.stage, o.currency))
    with db.engine.connect() as conn:
        return [StageTotal(stage, title, currency, int(count), from_units(int(total or 0)),
                           _weighted(weighted))
                for stage, title, currency, count, total, weighted in conn.execute(stmt)]


def board(db: Database, stage: str, close_from: date | None = None,
          close_to: date | None = None, limit: int | None = None) -> list[BoardCard]:
    """The cards of one stage's column, in their order on the board."""
    o = Opportunity
    stmt = (select(o.id, o.topic, o.customer_name, o.customer_kind, o.customer_id,
                   o.estimated_revenue, o.currency, o.probability, o.estimated_close_date)
            .where(o.stage == stage, *_closing(
                close_from, close_to, _unindexed(o.estimated_close_date,
                                                 db.engine.dialect.name)))
            .order_by(o.board_position, o.id).limit(limit))
    with db.engine.connect() as conn:
        return [BoardCard(oid, topic, name,
                          RecordRef(kind, cid) if kind and cid is not None else None,
                          revenue, currency, probability, close)
                for oid, topic, name, kind, cid, revenue, currency, probability, close
                in conn.execute(stmt)]


def forecast(db: Database, today: date, months: int = 12) -> list[MonthFigure]:
    """Per month from ``today``'s on, for ``months`` months, and per currency: the
    weighted and unweighted revenue of the open opportunities expected to close then (one
    whose close date has passed counts in the first month: it is still expected), and
    the actual revenue won in that month.  Every month is listed for every currency that
    has a figure in any of them; none when nothing is open or won."""
    first, end = month_start(today), add_months(today, months)
    o = Opportunity
    keys = [f"{add_months(first, n):%Y-%m}" for n in range(months)]
    cells: dict[tuple[str, str], list[Decimal]] = {}

    def cell(day: date, currency: str) -> list[Decimal]:
        month = max(day, first).strftime("%Y-%m")
        return cells.setdefault((month, currency), [Decimal(0), Decimal(0), Decimal(0)])

    expected = (select(o.estimated_close_date, o.currency,
                       func.sum(_units(o.estimated_revenue) * o.probability),
                       func.sum(_units(o.estimated_revenue)))
                .where(o.status == _OPEN, o.estimated_close_date < end)
                .group_by(o.estimated_close_date, o.currency))
    won = (select(o.closed_on, o.currency, func.sum(_units(o.actual_revenue)))
           .where(and_(o.status == _WON, o.closed_on >= first, o.closed_on < end))
           .group_by(o.closed_on, o.currency))
    with db.engine.connect() as conn:
        for day, currency, weighted, total in conn.execute(expected):
            figures = cell(day, currency)
            figures[0] += Decimal(weighted or 0)
            figures[1] += Decimal(total or 0)
        for day, currency, total in conn.execute(won):
            cell(day, currency)[2] += Decimal(total or 0)
    currencies = sorted({currency for _, currency in cells})
    result = []
    for month in keys:
        for currency in currencies:
            weighted, total, gained = cells.get((month, currency), (0, 0, 0))
            result.append(MonthFigure(month, currency, _weighted(int(weighted)),
                                      from_units(int(total)), from_units(int(gained))))
    return result
