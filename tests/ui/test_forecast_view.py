"""A sales manager opens the Forecast tab: this month's and next month's deals, weighted
by their stage, with what was won this month beside them, in kroner; euro deals on their
own when the euro is chosen."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from crmdesk.kinds import RecordRef
from crmdesk.records import AccountRecord, OpportunityRecord
from crmdesk.ui.sales.close_range import month_span
from crmdesk.ui.sales.forecast_view import ForecastView
from crmdesk.ui.tasks import Tasks

TODAY = date.today()
NEXT_MONTH = month_span(TODAY, 1)[1] + timedelta(days=1)
IN_13_MONTHS = month_span(TODAY, 13)[1]


@pytest.fixture
def known_deals(services) -> None:
    account = services.accounts.save(AccountRecord(name="Carlsberg A/S"))
    customer = RecordRef("account", account.id)

    def deal(topic: str, stage: str, revenue: str, closes: date, currency: str = "DKK"
             ) -> int:
        return services.opportunities.save(OpportunityRecord(
            topic=topic, customer=customer, stage=stage, estimated_revenue=Decimal(revenue),
            currency=currency, estimated_close_date=closes)).id

    deal("Brewery line", "proposal", "100000", TODAY)  # 50 %
    deal("Cold store", "closing", "40000", NEXT_MONTH)  # 90 %
    deal("Far away", "proposal", "999000", IN_13_MONTHS)  # beyond the 12 months
    won = deal("Tap system", "negotiation", "35000", TODAY)
    services.opportunities.win(won, Decimal("30000"), TODAY)
    lost = deal("Lost cause", "proposal", "50000", TODAY)
    services.opportunities.lose(lost, "Price")
    deal("Berlin office", "prospecting", "2000", TODAY, currency="EUR")  # 10 %


@pytest.fixture
def forecast(qtbot, services, messages, known_deals) -> ForecastView:
    from crmdesk.ui.app import application

    application()
    view = ForecastView(services, messages, Tasks())
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    return view


def table(view: ForecastView) -> list[list[str]]:
    return [[view.table.item(row, column).text() for column in range(4)]
            for row in range(view.table.rowCount())]


def test_the_next_twelve_months_in_kroner(forecast):
    rows = table(forecast)
    assert len(rows) == 13, "twelve months and their total"
    assert rows[0] == [forecast.month_name(f"{TODAY:%Y-%m}"), "100.000,00 DKK",
                       "50.000,00 DKK", "30.000,00 DKK"]
    assert rows[1][1:] == ["40.000,00 DKK", "36.000,00 DKK", "0,00 DKK"]
    assert all(row[1:] == ["0,00 DKK"] * 3 for row in rows[2:12]), "the far deal is not in"
    assert rows[12] == ["Total", "140.000,00 DKK", "86.000,00 DKK", "30.000,00 DKK"]
    weighted = next(s for s in forecast.chart.series if s.label == "Weighted")
    assert weighted.values[:2] == (Decimal(50000), Decimal(36000))
    assert "Won: 30.000,00 DKK" in forecast.chart.tips[0]


def test_euro_deals_are_shown_on_their_own(forecast):
    assert forecast.currency.isVisible(), "two currencies: a chooser"
    assert [forecast.currency.itemText(n) for n in range(forecast.currency.count())] == [
        "DKK", "EUR"]
    forecast.currency.setCurrentIndex(forecast.currency.findData("EUR"))
    rows = table(forecast)
    assert rows[0][1:] == ["2.000,00 EUR", "200,00 EUR", "0,00 EUR"]
    assert rows[12][1:] == ["2.000,00 EUR", "200,00 EUR", "0,00 EUR"]


def test_with_one_currency_there_is_no_chooser(qtbot, services, messages):
    from crmdesk.ui.app import application

    application()
    view = ForecastView(services, messages, Tasks())
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    assert not view.currency.isVisible()
    assert table(view)[12][1:] == ["0,00 DKK"] * 3
    assert view.chart.empty_text and not any(v for s in view.chart.series for v in s.values)
