"""A whole JSON export of a working database restores its service desk and its
campaigns losslessly: every case with its ticket number, state and customer, every
campaign with its members, responses and the leads and deals traced back to it; a
second restore changes nothing.  Cases and campaigns also go to CSV for a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from crmdesk.records import CaseRecord
from crmdesk.services import demo
from crmdesk.services.exporting import export
from crmdesk.services.importing import services_for
from crmdesk.services.listing import ListQuery
from crmdesk.services.wiring import Services
from crmdesk.settings import Settings


def _second(tmp_path: Path, name: str) -> Services:
    return Services.open("sqlite:///" + str(tmp_path / name), Settings(default_region="DK"))


def _desk(services: Services) -> tuple[list, list, list]:
    """What a person sees of the cases, campaigns and subjects, by value, not by id."""
    subjects = {s.id: s.name for s in services.cases.subjects()}
    cases = sorted(
        (c.ticket_number, c.title, c.status, c.priority, c.customer_name,
         c.customer.kind if c.customer else None, c.resolution, c.resolved_at,
         subjects.get(c.subject_id or -1), c.follow_up, c.created)
        for c in map(services.cases.get, services.cases.ids(ListQuery())))
    campaigns = sorted(
        (r.name, r.status, r.members, r.responses, r.leads, r.opportunities,
         tuple(r.won_revenue.items()), r.actual_cost, r.roi,
         tuple(sorted((m.name, m.added) for m in services.campaigns.members(r.id))),
         tuple(sorted((x.member_name, x.responded_on, x.channel, x.outcome,
                       x.lead_id is not None) for x in services.campaigns.responses(r.id))))
        for r in services.campaigns.all_results())
    return cases, campaigns, sorted(subjects.values())


def test_a_whole_json_export_restores_cases_and_campaigns(services, tmp_path) -> None:
    demo.fill(services, 150)
    out = tmp_path / "all.json"
    result = export(services, str(out), "json", what="all")
    assert result.cases >= 75 and result.campaigns == 7
    doc = json.loads(out.read_text(encoding="utf-8"))
    case = doc["cases"][0]
    assert {"ticket_number", "status", "priority", "customer", "created",
            "resolved"} <= set(case)
    assert set(case["customer"]) == {"kind", "id"}
    campaign = next(c for c in doc["campaigns"] if c["members"])
    assert {"budget", "actual_cost", "expected_revenue", "members", "responses"} <= set(
        campaign)
    other = _second(tmp_path, "restored.db")
    try:
        report = services_for(other)[0].run([str(out)])
        assert report.failed == 0, report.problems
        assert report.restored["case"] == result.cases
        assert report.restored["campaign"] == 7
        assert _desk(other) == _desk(services)
        # the ticket counter moved past the restored numbers
        newest = max(c[0] for c in _desk(other)[0])
        assert other.cases.save(CaseRecord(title="New")).ticket_number > newest
        again = services_for(other)[0].run([str(out)])
        assert "case" not in again.restored and "campaign" not in again.restored
    finally:
        other.close()


def test_cases_and_campaigns_as_csv(services) -> None:
    demo.fill(services, 60)
    buffer = io.StringIO()
    result = export(services, buffer, "csv", what="cases")
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert len(rows) == result.cases and rows[0]["Ticket Number"].startswith("CAS-")
    buffer = io.StringIO()
    export(services, buffer, "csv", what="campaigns")
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert len(rows) == 7 and {"Members", "Responses", "ROI", "Won Revenue"} <= set(rows[0])


def test_undoing_the_restore_takes_its_cases_and_campaigns_back(services, tmp_path) -> None:
    demo.fill(services, 60)
    out = tmp_path / "all.json"
    export(services, str(out), "json", what="all")
    other = _second(tmp_path, "restored.db")
    try:
        importer, batches = services_for(other)
        report = importer.run([str(out)])
        assert other.cases.count() > 0 and other.campaigns.count() == 7
        undone = batches.undo(report.batch_id, force=True)
        assert (undone.cases_removed, undone.campaigns_removed) == (report.restored["case"], 7)
        assert other.cases.count() == 0 and other.campaigns.count() == 0
        # the counter keeps its numbers: a new case does not take a restored one's
        assert not other.cases.save(CaseRecord(title="New")).ticket_number.endswith("-00001")
    finally:
        other.close()
