"""Monday morning the sales manager opens the dashboard: the pipeline, what was won and
lost month by month, the open cases by priority and age, what each campaign brought.
``crmdesk report cases|campaigns|dashboard`` prints the same figures, from the same
service."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from decimal import Decimal as D

import pytest
from conftest import make_contact
from sqlalchemy import update

from crmdesk.cli import main
from crmdesk.kinds import RecordRef
from crmdesk.models import Case
from crmdesk.records import CampaignRecord, CasePriority, CaseRecord, OpportunityRecord
from crmdesk.services import dashboard
from crmdesk.services.listing import ListQuery
from crmdesk.services.wiring import Services
from crmdesk.settings import Settings

TODAY = date(2026, 11, 20)


@pytest.fixture
def business(tmp_path) -> str:
    """Five open cases of different ages and priorities (one more resolved), a campaign
    that cost 1000 DKK and brought a won deal of 2500 DKK, and one deal lost."""
    url = f"sqlite:///{tmp_path / 'business.db'}"
    services = Services.open(url, Settings(default_region="DK"))
    services.opportunities.today = lambda: TODAY
    customer = RecordRef("contact", services.contacts.save(make_contact()).id)
    ages = {"urgent": 0, "high": 2, "normal": 3, "low": 40}
    for priority, age in [*ages.items(), ("normal", 10)]:
        saved = services.cases.save(CaseRecord(title=f"{priority} {age}", customer=customer,
                                               priority=CasePriority(priority)))
        with services.db.writing() as session:
            session.execute(update(Case).where(Case.id == saved.id).values(
                created=datetime.combine(TODAY - timedelta(days=age), datetime.min.time())
                + timedelta(hours=9)))
    done = services.cases.save(CaseRecord(title="Done", customer=customer,
                                          priority=CasePriority.URGENT))
    services.cases.resolve(done.id, "Fixed")
    campaign = services.campaigns.save(CampaignRecord(name="Autumn fair", currency="DKK",
                                                      start=date(2026, 10, 1)))
    services.campaigns.add_members(campaign.id, [customer])
    services.campaigns.respond(campaign.id, services.campaigns.members(campaign.id)[0].id,
                               date(2026, 10, 2), "event", "Visited the stand")
    won = services.opportunities.save(OpportunityRecord(
        topic="Ovens", customer=customer, estimated_revenue=D("3000"), currency="DKK",
        campaign_id=campaign.id))
    services.opportunities.win(won.id, D("2500"), date(2026, 10, 15))
    lost = services.opportunities.save(OpportunityRecord(
        topic="Mixers", customer=customer, estimated_revenue=D("800"), currency="DKK"))
    services.opportunities.lose(lost.id, "Too dear", closed_on=date(2026, 11, 3))
    services.campaigns.complete(campaign.id, D("1000"))
    services.close()
    return url


def test_the_dashboard_figures(business) -> None:
    services = Services.open(business, Settings(default_region="DK"))
    try:
        board = dashboard.dashboard(services, TODAY)
        assert board.open_cases.open == 5
        assert board.open_cases.by_priority == {"urgent": 1, "high": 1, "normal": 2, "low": 1}
        assert board.open_cases.by_age == {"0-2": 2, "3-7": 1, "8-30": 1, ">30": 1}
        months = {m.month: m for m in board.won_lost}
        assert len(board.won_lost) == 12 and board.won_lost[-1].month == "2026-11"
        assert (months["2026-10"].won_count, months["2026-10"].won) == (1, D("2500"))
        assert (months["2026-11"].lost_count, months["2026-11"].lost) == (1, D("800"))
        [fair] = board.campaigns
        assert (fair.members, fair.responses, fair.opportunities, fair.roi) == (
            1, 1, 1, D("1.5"))
        # a bar of the chart opens the list behind it: the same cases
        services.cases.today = lambda: TODAY
        for key, count in board.open_cases.by_age.items():
            assert services.cases.count(ListQuery(filters=(f"age:{key}",))) == count, key
        won_in_october = ListQuery(filters=("won", "closed:2026-10"))
        assert services.opportunities.count(won_in_october) == 1
        assert services.opportunities.count(ListQuery(
            filters=(f"campaign:{fair.id}",))) == 1
    finally:
        services.close()


def run(capsys, *args: str) -> tuple[int, str, str]:  # noqa: ANN001
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_crmdesk_report_cases_campaigns_and_dashboard(business, capsys) -> None:
    db = business.removeprefix("sqlite:///")
    code, out, _ = run(capsys, "--db", db, "report", "cases", "--json", "--today",
                       TODAY.isoformat())
    assert code == 0
    assert json.loads(out) == {"open": 5,
                               "by_priority": {"urgent": 1, "high": 1, "normal": 2, "low": 1},
                               "by_age": {"0-2": 2, "3-7": 1, "8-30": 1, ">30": 1}}
    code, out, _ = run(capsys, "--db", db, "report", "campaigns", "--json")
    assert json.loads(out) == {"campaigns": [{
        "name": "Autumn fair", "members": 1, "responses": 1, "response_rate": "100.0",
        "leads": 0, "opportunities": 1, "won_revenue": {"DKK": "2500.00"},
        "currency": "DKK", "actual_cost": "1000.00", "roi": "1.5000"}]}
    code, out, _ = run(capsys, "--db", db, "report", "campaigns")
    assert out.splitlines()[1].split() == ["Autumn", "fair", "DKK", "1", "1", "100.0", "%",
                                           "0", "1", "2,500.00", "DKK", "1,000.00", "150.0",
                                           "%"]
    code, out, _ = run(capsys, "--db", db, "report", "dashboard", "--json", "--today",
                       TODAY.isoformat())
    document = json.loads(out)
    assert set(document) == {"today", "pipeline", "forecast", "won_lost", "cases",
                             "campaigns"}
    assert document["cases"]["open"] == 5
    code, out, _ = run(capsys, "--db", db, "report", "dashboard", "--today",
                       TODAY.isoformat())
    assert code == 0 and out.startswith("Open cases: 5\n") and "Autumn fair" in out
