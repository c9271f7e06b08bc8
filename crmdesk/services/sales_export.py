"""The sales part of an export: leads, opportunities and quotes (and, in a whole JSON
export, the stages and products they use), read in chunks of whole records.

``exporting.export`` decides the file and the format; this module says which records
and turns them into the JSON objects (``exporters.sales_json``) or CSV rows
(``exporters.sales_csv``) they are written as.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from crmdesk.exporters.sales_json import (
    lead_to_dict,
    opportunity_to_dict,
    product_to_dict,
    quote_to_dict,
    stage_to_dict,
)
from crmdesk.models import Lead, Opportunity, Quote, opportunity_competitor
from crmdesk.records import LeadRecord, OpportunityRecord, QuoteRecord
from crmdesk.services.leads import LeadService
from crmdesk.services.listing import ListQuery
from crmdesk.services.opportunities import OpportunityService
from crmdesk.services.quotes import QuoteService

SALES_KINDS = ("leads", "opportunities", "quotes")
_CHUNK = 500


class SalesScope:
    """The ids of the leads, opportunities and quotes an export takes, worked out once
    (the counts come before the file is written)."""

    def __init__(self, services: Any, what: str, query: ListQuery) -> None:
        self.services = services
        sales = ListQuery(text=query.text)
        self.leads: Sequence[int] = services.leads.ids(sales) if what in ("all", "leads") else []
        self.opportunities: Sequence[int] = (services.opportunities.ids(sales)
                                             if what in ("all", "opportunities") else [])
        self.quotes: Sequence[int] = (self._quote_ids(sales) if what in ("all", "quotes")
                                      else [])

    def _quote_ids(self, query: ListQuery) -> list[int]:
        """Every quote, or with a search those of the opportunities it finds."""
        with self.services.db.sessions() as session:
            rows = session.execute(select(Quote.id, Quote.opportunity_id).order_by(Quote.id)
                                   ).all()
        if not query.text:
            return [quote_id for quote_id, _ in rows]
        wanted = set(self.services.opportunities.ids(query))
        return [quote_id for quote_id, opportunity_id in rows if opportunity_id in wanted]

    @property
    def total(self) -> int:
        return len(self.leads) + len(self.opportunities) + len(self.quotes)


def _chunked(db: Any, ids: Sequence[int], load: Callable[[Any, list[int]], list[Any]],
             tick: Callable[[int], None]) -> Iterator[Any]:
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start:start + _CHUNK])
        with db.sessions() as session:
            found = {r.id: r for r in load(session, chunk)}
        yield from (found[i] for i in chunk if i in found)
        tick(len(chunk))


def _leads(session: Any, ids: list[int]) -> list[LeadRecord]:
    return [LeadService.record_of(row) for row in
            session.scalars(select(Lead).where(Lead.id.in_(ids)))]


def _opportunities(session: Any, ids: list[int]) -> list[OpportunityRecord]:
    competitors: dict[int, list[int]] = {}
    for oid, aid in session.execute(
            select(opportunity_competitor.c.opportunity_id, opportunity_competitor.c.account_id)
            .where(opportunity_competitor.c.opportunity_id.in_(ids))
            .order_by(opportunity_competitor.c.account_id)):
        competitors.setdefault(oid, []).append(aid)
    return [OpportunityService.record_of(row, competitors.get(row.id, [])) for row in
            session.scalars(select(Opportunity).where(Opportunity.id.in_(ids)))]


def _quotes(session: Any, ids: list[int]) -> list[QuoteRecord]:
    return [QuoteService.record_of(row) for row in session.scalars(
        select(Quote).where(Quote.id.in_(ids)).options(selectinload(Quote.lines)))]


class SalesRecords:
    """The records of a scope, streamed chunk by chunk; ``tick(n)`` after each chunk."""

    def __init__(self, scope: SalesScope, tick: Callable[[int], None]) -> None:
        self.scope = scope
        self.db = scope.services.db
        self.tick = tick

    def leads(self) -> Iterator[LeadRecord]:
        return _chunked(self.db, self.scope.leads, _leads, self.tick)

    def opportunities(self) -> Iterator[OpportunityRecord]:
        return _chunked(self.db, self.scope.opportunities, _opportunities, self.tick)

    def quotes(self) -> Iterator[QuoteRecord]:
        return _chunked(self.db, self.scope.quotes, _quotes, self.tick)

    def json_sections(self, whole: bool) -> list[tuple[str, Iterator[dict[str, Any]]]]:
        """The JSON sections of the scope; ``whole`` (``--what all``) adds the stages and
        products, so that a restore gets the pipeline and the price list as they were."""
        services = self.scope.services
        sections: list[tuple[str, Iterator[dict[str, Any]]]] = []
        if whole:
            sections += [("stages", map(stage_to_dict, services.stages.list())),
                         ("products", map(product_to_dict, services.products.list()))]
        if self.scope.leads or whole:
            sections.append(("leads", map(lead_to_dict, self.leads())))
        if self.scope.opportunities or whole:
            sections.append(("opportunities", map(opportunity_to_dict, self.opportunities())))
        if self.scope.quotes or whole:
            sections.append(("quotes", map(quote_to_dict, self.quotes())))
        return sections
