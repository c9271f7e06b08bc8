"""The dashboard's figures: the pipeline by stage, the forecast by close month, won and
lost by month, open cases by priority and age, and each campaign's results.

One function computes what the dashboard draws and ``crmdesk report
cases|campaigns|dashboard`` prints.  Every amount is per currency (never added across
currencies); the pipeline and forecast come from ``services.pipeline``, the campaigns'
results from ``CampaignService``.  Each figure is one grouped query, so 50,000 cases or
opportunities cost a few index scans, not a row each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import BigInteger, func, select, type_coerce
from sqlalchemy import case as when

from crmdesk.kinds.service import PRIORITY_ORDER
from crmdesk.models import Case, Opportunity
from crmdesk.models.sales import from_units
from crmdesk.records import OPEN_CASE_STATUSES, CampaignStatus, OpportunityStatus
from crmdesk.services import pipeline as pipeline_figures
from crmdesk.services.campaigns import CampaignResults
from crmdesk.services.cases import AGE_BUCKETS, age_bounds
from crmdesk.services.opportunities import add_months, month_start
from crmdesk.services.pipeline import MonthFigure, StageTotal

if TYPE_CHECKING:
    from crmdesk.services.wiring import Services

_OPEN_CASES = tuple(s.value for s in OPEN_CASE_STATUSES)


@dataclass(frozen=True)
class WonLostMonth:
    """One month in one currency: the opportunities won (their actual revenue) and lost
    (their estimated revenue) that closed in it."""

    month: str  # "2026-11"
    currency: str
    won_count: int
    won: Decimal
    lost_count: int
    lost: Decimal

    def as_json(self) -> dict[str, Any]:
        return {"month": self.month, "currency": self.currency, "won_count": self.won_count,
                "won": str(self.won), "lost_count": self.lost_count, "lost": str(self.lost)}


@dataclass(frozen=True)
class OpenCases:
    """The open cases: how many, by priority (most pressing first) and by age in days
    since they were opened (``AGE_BUCKETS``' keys)."""

    open: int
    by_priority: dict[str, int]
    by_age: dict[str, int]

    def as_json(self) -> dict[str, Any]:
        return {"open": self.open, "by_priority": self.by_priority, "by_age": self.by_age}


@dataclass(frozen=True)
class Dashboard:
    today: date
    pipeline: list[StageTotal]
    forecast: list[MonthFigure]
    won_lost: list[WonLostMonth]
    open_cases: OpenCases
    campaigns: list[CampaignResults]

    def as_json(self) -> dict[str, Any]:
        return {"today": self.today.isoformat(),
                "pipeline": [s.as_json() for s in self.pipeline],
                "forecast": [m.as_json() for m in self.forecast],
                "won_lost": [m.as_json() for m in self.won_lost],
                "cases": self.open_cases.as_json(),
                "campaigns": [c.as_json() for c in self.campaigns]}


def open_cases(services: Services, today: date) -> OpenCases:
    """The open cases by priority and age: one grouped query."""
    conditions = []
    for key, first, last in AGE_BUCKETS:
        since, before = age_bounds(today, first, last)
        test = Case.created < before
        if since is not None:
            test = test & (Case.created >= since)
        conditions.append((test, key))
    bucket = when(*conditions, else_="0-2")  # opened "in the future": a clock moved back
    stmt = (select(Case.priority, bucket, func.count()).where(Case.status.in_(_OPEN_CASES))
            .group_by(Case.priority, bucket))
    by_priority = dict.fromkeys(PRIORITY_ORDER, 0)
    by_age = {key: 0 for key, _, _ in AGE_BUCKETS}
    with services.db.engine.connect() as conn:
        for priority, age, count in conn.execute(stmt):
            by_priority[priority] = by_priority.get(priority, 0) + int(count)
            by_age[age] += int(count)
    return OpenCases(sum(by_age.values()), by_priority, by_age)


def won_lost(services: Services, today: date, months: int = 12) -> list[WonLostMonth]:
    """Won and lost per month and currency for the ``months`` months up to and
    including ``today``'s; every month is listed for every currency with a figure."""
    o = Opportunity
    first = add_months(month_start(today), 1 - months)
    end = add_months(month_start(today), 1)
    keys = [f"{add_months(first, n):%Y-%m}" for n in range(months)]
    amount = when((o.status == OpportunityStatus.WON.value,
                   type_coerce(o.actual_revenue, BigInteger)),
                  else_=type_coerce(o.estimated_revenue, BigInteger))
    stmt = (select(o.closed_on, o.currency, o.status, func.count(), func.sum(amount))
            .where(o.status.in_((OpportunityStatus.WON.value, OpportunityStatus.LOST.value)),
                   o.closed_on >= first, o.closed_on < end)
            .group_by(o.closed_on, o.currency, o.status))
    cells: dict[tuple[str, str], list[int]] = {}
    with services.db.engine.connect() as conn:
        for day, currency, status, count, total in conn.execute(stmt):
            cell = cells.setdefault((f"{day:%Y-%m}", currency), [0, 0, 0, 0])
            at = 0 if status == OpportunityStatus.WON.value else 2
            cell[at] += int(count)
            cell[at + 1] += int(total or 0)
    currencies = sorted({currency for _, currency in cells})
    return [WonLostMonth(month, currency, won_n, from_units(won), lost_n, from_units(lost))
            for month in keys for currency in currencies
            for won_n, won, lost_n, lost in [cells.get((month, currency), [0, 0, 0, 0])]]


def dashboard(services: Services, today: date) -> Dashboard:
    """Everything the dashboard shows, as of ``today``.  The campaigns are those not
    cancelled, the latest start first."""
    return Dashboard(
        today, pipeline_figures.pipeline(services.db),
        pipeline_figures.forecast(services.db, today), won_lost(services, today),
        open_cases(services, today),
        services.campaigns.all_results([s.value for s in CampaignStatus
                                        if s != CampaignStatus.CANCELLED]))
