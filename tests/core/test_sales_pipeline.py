"""A sales manager asks for the pipeline per stage and the forecast for the coming months,
in the window and from the command line: the same figures, exact, per currency."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D

import pytest
from conftest import make_contact

from crmdesk.cli import main
from crmdesk.kinds import RecordRef
from crmdesk.records import OpportunityRecord
from crmdesk.services import pipeline
from crmdesk.services.wiring import Services
from crmdesk.settings import Settings

TODAY = date(2026, 11, 20)


@pytest.fixture
def sales_db(tmp_path) -> str:
    """Seven opportunities in two currencies, one won, one lost, one overdue."""
    url = f"sqlite:///{tmp_path / 'sales.db'}"
    services = Services.open(url, Settings(default_region="DK"))
    services.opportunities.today = lambda: TODAY
    customer = RecordRef("contact", services.contacts.save(make_contact()).id)

    def deal(topic: str, stage: str, revenue: str, close: date | None,
             currency: str = "DKK", probability: int | None = None) -> int:
        return services.opportunities.save(OpportunityRecord(
            topic=topic, customer=customer, stage=stage, estimated_revenue=D(revenue),
            currency=currency, estimated_close_date=close, probability=probability,
            probability_overridden=probability is not None)).id

    deal("Desks", "prospecting", "10000.00", date(2026, 11, 30))  # 10 %: 1000
    deal("Chairs", "prospecting", "333.33", date(2026, 12, 15))  # 10 %: 33.333
    deal("Lamps", "prospecting", "0.01", None)  # no close date: pipeline only
    deal("Servers", "proposal", "50000", date(2026, 10, 1))  # overdue, 50 %
    deal("Licences", "proposal", "1200", date(2027, 1, 10), "EUR", probability=33)
    won = deal("Cabling", "closing", "8000", date(2026, 11, 5))
    services.opportunities.win(won, D("7500.25"), date(2026, 11, 6))
    lost = deal("Printers", "negotiation", "4000", date(2026, 12, 1))
    services.opportunities.lose(lost, "Went with a cheaper offer")
    services.close()
    return url


def test_the_pipeline_totals_each_stage_per_currency_over_open_ones(sales_db) -> None:
    services = Services.open(sales_db)
    try:
        totals = [(t.stage, t.title, t.currency, t.count, t.total, t.weighted)
                  for t in pipeline.pipeline(services.db)]
        assert totals == [
            ("prospecting", "Prospecting", "DKK", 3, D("10333.34"), D("1033.33")),
            ("proposal", "Proposal", "DKK", 1, D("50000.00"), D("25000.00")),
            ("proposal", "Proposal", "EUR", 1, D("1200.00"), D("396.00")),
        ]
        december = pipeline.pipeline(services.db, date(2026, 12, 1), date(2026, 12, 31))
        assert [(t.stage, t.count, t.total) for t in december] == [
            ("prospecting", 1, D("333.33"))]
        cards = pipeline.board(services.db, "prospecting")
        assert [(c.topic, c.revenue, c.probability) for c in cards] == [
            ("Desks", D("10000.00"), 10), ("Chairs", D("333.33"), 10), ("Lamps", D("0.01"), 10)]
        assert cards[0].customer is not None and cards[0].customer.kind == "contact"
        assert pipeline.board(services.db, "closing") == []  # the won one is off the board
    finally:
        services.close()


def test_the_forecast_shows_twelve_months_weighted_unweighted_and_won(sales_db) -> None:
    services = Services.open(sales_db)
    try:
        months = pipeline.forecast(services.db, TODAY)
        # years later, whatever is still open is still expected: in the first month
        later = pipeline.forecast(services.db, date(2030, 1, 1), 1)
    finally:
        services.close()
    assert len(months) == 24 and {m.currency for m in months} == {"DKK", "EUR"}
    figures = {(m.month, m.currency): (m.weighted, m.unweighted, m.won) for m in months}
    # November: Desks (10 %) and the overdue Servers (50 %), and the won Cabling
    assert figures["2026-11", "DKK"] == (D("26000.00"), D("60000.00"), D("7500.25"))
    assert figures["2026-12", "DKK"] == (D("33.33"), D("333.33"), D("0.00"))
    assert figures["2027-01", "EUR"] == (D("396.00"), D("1200.00"), D("0.00"))
    assert figures["2027-10", "DKK"] == (D("0.00"), D("0.00"), D("0.00"))
    assert months[0].month == "2026-11" and months[-1].month == "2027-10"
    assert [(m.month, m.currency, m.unweighted, m.won) for m in later] == [
        ("2030-01", "DKK", D("60333.33"), D("0.00")), ("2030-01", "EUR", D("1200.00"), D(0))]


def run(capsys, *args: str) -> tuple[int, str, str]:  # noqa: ANN001
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_crmdesk_report_prints_what_the_board_and_the_forecast_show(sales_db, capsys) -> None:
    db = sales_db.removeprefix("sqlite:///")
    code, out, _ = run(capsys, "--db", db, "report", "pipeline", "--json")
    assert code == 0
    stages = json.loads(out)["stages"]
    assert stages[0] == {"stage": "prospecting", "title": "Prospecting", "currency": "DKK",
                         "count": 3, "total": "10333.34", "weighted": "1033.33"}
    assert [(s["stage"], s["currency"]) for s in stages] == [
        ("prospecting", "DKK"), ("proposal", "DKK"), ("proposal", "EUR")]

    code, out, _ = run(capsys, "--db", db, "report", "pipeline")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["Stage", "Currency", "Count", "Total", "Weighted"]
    assert lines[1].split() == ["Prospecting", "DKK", "3", "10,333.34", "1,033.33"]

    code, out, _ = run(capsys, "--db", db, "report", "forecast", "--json", "--today",
                       "2026-11-20", "--months", "2")
    months = json.loads(out)["months"]
    assert months[0] == {"month": "2026-11", "currency": "DKK", "weighted": "26000.00",
                         "unweighted": "60000.00", "won": "7500.25"}
    assert [(m["month"], m["currency"]) for m in months] == [  # no EUR before January
        ("2026-11", "DKK"), ("2026-12", "DKK")]

    code, _, err = run(capsys, "--db", db, "report", "pipeline", "--from", "2026-12-01",
                       "--to", "2026-11-01")
    assert code == 2 and "--to is before --from" in err


def test_an_empty_pipeline_says_so(tmp_path, capsys) -> None:
    Services.open(f"sqlite:///{tmp_path / 'empty.db'}").close()
    code, out, err = run(capsys, "--db", str(tmp_path / "empty.db"), "report", "pipeline")
    assert (code, out, err.strip()) == (0, "", "No open opportunities.")


@pytest.mark.parametrize(("keys", "topics"), [
    (("open", "closing:2026-11"), {"Desks"}),  # the overdue one: "overdue"
    (("open", "closing:2026-12"), {"Chairs"}),  # not the lost printers
    (("closing:2026-12",), {"Chairs", "Printers"}),
    (("open", "closing:2027-01"), {"Licences"}),
    (("won", "closed:2026-11"), {"Cabling"}),
    (("lost", "closed:2026-11"), {"Printers"}),
    (("won", "closed:2026-10"), set()),
    (("closing:next month",), set()),
])
def test_a_dashboard_month_lists_the_opportunities_behind_its_bar(sales_db, keys,
                                                                  topics) -> None:
    from crmdesk.services.listing import ListQuery

    services = Services.open(sales_db)
    services.opportunities.today = lambda: TODAY
    try:
        lister = services.opportunities
        shown = {row.display_name for row in lister.rows(lister.ids(ListQuery(
            filters=keys)))}
    finally:
        services.close()
    assert shown == topics
