"""``crmdesk demo`` makes a living service desk and marketing department: cases in every
state with their ticket numbers, and campaigns with members, responses, leads and won
deals, so the dashboard and the reports have something to show."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from crmdesk.models import Case, TicketCounter
from crmdesk.records import CampaignRecord, CaseRecord, CaseStatus
from crmdesk.services import dashboard, demo
from crmdesk.services.listing import ListQuery


def test_the_demo_fills_cases_and_campaigns(services) -> None:
    demo.fill(services, 400)
    with services.db.sessions() as session:
        statuses = set(session.scalars(select(Case.status).distinct()))
        numbers = list(session.scalars(select(Case.ticket_number)))
        last = {year: n for year, n in session.execute(
            select(TicketCounter.year, TicketCounter.last_number))}
        assert statuses == {s.value for s in CaseStatus}
        assert len(numbers) == len(set(numbers)) == session.scalar(
            select(func.count(Case.id))) >= 100
    # a new case continues the counter of its year
    year = date.today().year
    saved = services.cases.save(CaseRecord(title="After the demo"))
    assert saved.ticket_number == f"CAS-{year}-{last[year] + 1:05d}"
    # found by the search index like a saved one
    assert services.cases.ids(ListQuery(text="scanner"))
    results = services.campaigns.all_results()
    assert {r.status for r in results} == {"planned", "active", "completed", "cancelled"}
    completed = [r for r in results if r.status == "completed"]
    assert all(r.members > 0 and r.actual_cost for r in completed)
    assert sum(r.responses for r in results) > 0
    assert sum(r.leads for r in results) > 0
    assert any(r.won_revenue and r.roi is not None for r in completed)
    board = dashboard.dashboard(services, date.today())
    assert board.open_cases.open > 0 and board.campaigns
    assert list(services.campaigns.ids(ListQuery(filters=("running",))))
    # the demo's records save as they are
    first = services.campaigns.get(results[0].id)
    edited = CampaignRecord(**{**first.__dict__, "notes": "Invite the board too."})
    assert services.campaigns.save(edited).version == 2


def test_the_same_seed_gives_the_same_desk(tmp_path) -> None:
    from crmdesk.services.wiring import Services
    from crmdesk.settings import Settings

    made = []
    for n in range(2):
        services = Services.open(f"sqlite:///{tmp_path / f'{n}.db'}",
                                 Settings(default_region="DK"))
        demo.fill(services, 120)
        with services.db.sessions() as session:
            made.append(session.execute(select(Case.ticket_number, Case.title, Case.status)
                                        .order_by(Case.id)).all())
        services.close()
    assert made[0] == made[1]
