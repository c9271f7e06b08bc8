"""The cases and campaigns of an export, read in chunks of whole records: crmdesk's JSON
(campaigns with their members and responses; a whole export adds the case subjects) or
CSV for a spreadsheet (one row per case; one per campaign, with its results).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TextIO

from sqlalchemy import select

from crmdesk.exporters.sales_csv import _write
from crmdesk.exporters.service_json import campaign_to_dict, case_to_dict, subject_to_dict
from crmdesk.models import Campaign, Case
from crmdesk.records import CampaignRecord, CaseRecord
from crmdesk.services.campaigns import CampaignService, members_of, responses_of
from crmdesk.services.cases import CaseService
from crmdesk.services.listing import ListQuery

SERVICE_KINDS = ("cases", "campaigns")
_CHUNK = 500
CASE_HEADER = [
    "ID", "Ticket Number", "Title", "Customer Kind", "Customer ID", "Customer", "Type",
    "Origin", "Priority", "Status", "Resolution", "Resolved By", "Resolved", "Subject",
    "Product", "Serial Number", "Follow-up", "Owner", "Notes", "Created", "Modified",
]
CAMPAIGN_HEADER = [
    "ID", "Name", "Type", "Status", "Start", "End", "Budget", "Actual Cost",
    "Expected Revenue", "Currency", "Expected Response Rate", "Members", "Responses",
    "Response Rate", "Leads", "Opportunities", "Won Revenue", "ROI", "Owner", "Notes",
]


class ServiceScope:
    """The ids of the cases and campaigns an export takes (a search narrows both)."""

    def __init__(self, services: Any, what: str, query: ListQuery) -> None:
        self.services = services
        found = ListQuery(text=query.text)
        self.cases: Sequence[int] = (services.cases.ids(found) if what in ("all", "cases")
                                     else [])
        self.campaigns: Sequence[int] = (services.campaigns.ids(found)
                                         if what in ("all", "campaigns") else [])

    @property
    def total(self) -> int:
        return len(self.cases) + len(self.campaigns)


class ServiceRecords:
    """The records of a scope, streamed chunk by chunk; ``tick(n)`` after each chunk."""

    def __init__(self, scope: ServiceScope, tick: Callable[[int], None]) -> None:
        self.scope = scope
        self.db = scope.services.db
        self.tick = tick

    def _chunked(self, ids: Sequence[int], load: Callable[[Any, list[int]], dict[int, Any]]
                 ) -> Iterator[Any]:
        for start in range(0, len(ids), _CHUNK):
            chunk = list(ids[start:start + _CHUNK])
            with self.db.sessions() as session:
                found = load(session, chunk)
            yield from (found[i] for i in chunk if i in found)
            self.tick(len(chunk))

    def cases(self) -> Iterator[CaseRecord]:
        return self._chunked(self.scope.cases, lambda session, ids: {
            row.id: CaseService.record_of(row)
            for row in session.scalars(select(Case).where(Case.id.in_(ids)))})

    def campaigns(self) -> Iterator[CampaignRecord]:
        return self._chunked(self.scope.campaigns, lambda session, ids: {
            row.id: CampaignService.record_of(row)
            for row in session.scalars(select(Campaign).where(Campaign.id.in_(ids)))})

    def _campaign_dicts(self) -> Iterator[dict[str, Any]]:
        for record in self.campaigns():
            with self.db.engine.connect() as conn:
                assert record.id is not None
                yield campaign_to_dict(record, members_of(conn, record.id),
                                       responses_of(conn, record.id))

    def json_sections(self, whole: bool) -> list[tuple[str, Iterator[dict[str, Any]]]]:
        """The JSON sections of the scope; ``whole`` (``--what all``) adds the subjects."""
        sections: list[tuple[str, Iterator[dict[str, Any]]]] = []
        if whole:
            sections.append(("subjects", map(subject_to_dict,
                                              self.scope.services.cases.subjects())))
        if self.scope.campaigns or whole:
            sections.append(("campaigns", self._campaign_dicts()))
        if self.scope.cases or whole:
            sections.append(("cases", map(case_to_dict, self.cases())))
        return sections

    def write_cases_csv(self, out: TextIO) -> int:
        subjects = {s.id: s.name for s in self.scope.services.cases.subjects()}
        return _write(CASE_HEADER, ([
            r.id, r.ticket_number, r.title, r.customer.kind if r.customer else "",
            r.customer.id if r.customer else None, r.customer_name, r.case_type, r.origin,
            r.priority, r.status, r.resolution, r.resolved_by, r.resolved_at,
            subjects.get(r.subject_id or -1, ""), r.product, r.serial_number, r.follow_up,
            r.owner, r.notes, r.created, r.modified] for r in self.cases()), out)

    def write_campaigns_csv(self, out: TextIO) -> int:
        campaigns: CampaignService = self.scope.services.campaigns

        def rows() -> Iterable[list[Any]]:
            for r in self.campaigns():
                assert r.id is not None
                got = campaigns.results(r.id)
                yield [r.id, r.name, r.campaign_type, r.status, r.start, r.end, r.budget,
                       r.actual_cost, r.expected_revenue, r.currency,
                       r.expected_response_rate, got.members, got.responses,
                       got.response_rate, got.leads, got.opportunities,
                       "; ".join(f"{v} {c}" for c, v in got.won_revenue.items()), got.roi,
                       r.owner, r.notes]

        return _write(CAMPAIGN_HEADER, rows(), out)
