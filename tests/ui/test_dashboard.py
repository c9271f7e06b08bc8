"""A sales manager opens the Dashboard: the open pipeline per stage, the forecast of the
coming months and what was won and lost lately, in kroner; a click on a bar lists the
opportunities behind it in the Opportunities view."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCharts import QBarSeries
from PySide6.QtCore import QPointF, Qt

from crmdesk.kinds import RecordRef
from crmdesk.records import AccountRecord, OpportunityRecord
from crmdesk.services.opportunities import add_months
from crmdesk.ui.dashboard.bar_tile import BarTile
from crmdesk.ui.dashboard.dashboard_view import DashboardView, month_name

TODAY = date.today()
NEXT_MONTH = add_months(TODAY, 1)
LAST_MONTH = add_months(TODAY, -1)


@pytest.fixture
def known_deals(main_window) -> dict[str, int]:
    services = main_window.services
    account = services.accounts.save(AccountRecord(name="Carlsberg A/S"))
    customer = RecordRef("account", account.id)

    def deal(topic: str, stage: str, revenue: str, closes: date, currency: str = "DKK"
             ) -> int:
        return services.opportunities.save(OpportunityRecord(
            topic=topic, customer=customer, stage=stage, estimated_revenue=Decimal(revenue),
            currency=currency, estimated_close_date=closes)).id

    ids = {
        "brewery": deal("Brewery line", "proposal", "100000", TODAY),  # 50 %
        "bottling": deal("Bottling hall", "proposal", "20000", NEXT_MONTH),  # 50 %
        "cold store": deal("Cold store", "closing", "40000", NEXT_MONTH),  # 90 %
        "berlin": deal("Berlin office", "prospecting", "2000", TODAY, currency="EUR"),
    }
    tap = deal("Tap system", "negotiation", "35000", LAST_MONTH)
    services.opportunities.win(tap, Decimal("30000"), LAST_MONTH)
    lost = deal("Lost cause", "proposal", "50000", LAST_MONTH)
    services.opportunities.lose(lost, "Price", closed_on=LAST_MONTH)
    return ids | {"tap": tap, "lost": lost}


@pytest.fixture
def dashboard(qtbot, main_window, known_deals) -> DashboardView:
    main_window.resize(1280, 800)
    page = main_window.pages["dashboard"]
    assert isinstance(page, DashboardView)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        main_window.show_view("dashboard")
    return page


def values(tile: BarTile, label: str) -> list[float]:
    return list(next(bars for bars in tile.bars if bars.label == label).values)


def shown_topics(main_window) -> set[str]:
    view = main_window.views["opportunity"]
    return {view.model.display_row(row).display_name for row in range(view.model.rowCount())}


def back_to(qtbot, main_window, dashboard: DashboardView) -> None:
    """The Dashboard tab again, once it has read its figures anew."""
    with qtbot.waitSignal(dashboard.loaded, timeout=10_000):
        main_window.show_view("dashboard")


def click_bar(qtbot, tile: BarTile, row: int, category: int) -> None:
    """A real mouse click in the middle of one bar of the chart."""
    series = tile.series
    assert isinstance(series, QBarSeries)
    width, count = series.barWidth(), series.count()
    x = category - width / 2 + (row + 0.5) * width / count
    value = series.barSets()[row].at(category)
    scene = tile.chart.mapToPosition(QPointF(x, value / 2), series)
    point = tile.view.mapFromScene(tile.chart.mapToScene(scene))
    qtbot.mouseClick(tile.view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_the_dashboard_shows_the_known_figures_in_kroner(dashboard):
    assert dashboard.currency.isVisible(), "kroner and euro: a chooser"
    assert dashboard.shown_currency() == "DKK"
    stages = dashboard.pipeline_tile.categories
    assert stages == ["Proposal", "Closing"]
    assert values(dashboard.pipeline_tile, "Total") == [120.0, 40.0], "in thousands"
    assert values(dashboard.pipeline_tile, "Weighted") == [60.0, 36.0]
    forecast = values(dashboard.forecast_tile, "Weighted")
    assert forecast[:3] == [50.0, 46.0, 0.0] and len(forecast) == 12
    past = dashboard.won_lost_tile.categories
    assert len(past) == 12 and past[-1] == month_name(f"{TODAY:%Y-%m}", "<br>"), "up to this month"
    assert values(dashboard.won_lost_tile, "Won")[-2:] == [30.0, 0.0]
    assert values(dashboard.won_lost_tile, "Lost")[-2:] == [50.0, 0.0]
    assert "Weighted: 36.000,00 DKK" in dashboard.pipeline_tile.bars[0].tips[1]

    dashboard.weighting.setCurrentIndex(dashboard.weighting.findData("unweighted"))
    assert values(dashboard.forecast_tile, "Unweighted")[:2] == [100.0, 60.0]
    dashboard.currency.setCurrentIndex(dashboard.currency.findData("EUR"))
    assert dashboard.pipeline_tile.categories == ["Prospecting"]
    assert values(dashboard.pipeline_tile, "Total") == [2000.0], "small sums as they are"


def test_a_stage_bar_lists_that_stages_open_opportunities(qtbot, main_window, dashboard):
    click_bar(qtbot, dashboard.pipeline_tile, 0, 0)  # Proposal, total
    view = main_window.views["opportunity"]
    assert main_window.tabs.currentWidget() is view
    assert view.list_filters() == ("open", "stage:proposal")
    assert shown_topics(main_window) == {"Brewery line", "Bottling hall"}, "not the lost one"


def test_a_forecast_month_lists_what_closes_then(qtbot, main_window, dashboard):
    click_bar(qtbot, dashboard.forecast_tile, 0, 1)  # next month
    view = main_window.views["opportunity"]
    assert main_window.tabs.currentWidget() is view
    assert shown_topics(main_window) == {"Bottling hall", "Cold store"}
    assert view.show_filter.currentText().startswith("Open, closing in")

    back_to(qtbot, main_window, dashboard)
    dashboard.forecast_tile.series.barSets()[0].clicked.emit(0)  # this month, euro too
    assert shown_topics(main_window) == {"Brewery line", "Berlin office"}
    assert view.list_filters() == ("open", f"closing:{TODAY:%Y-%m}")


def test_won_and_lost_bars_list_what_was_won_and_lost_that_month(qtbot, main_window,
                                                                 dashboard):
    dashboard.won_lost_tile.series.barSets()[0].clicked.emit(10)  # last month
    assert shown_topics(main_window) == {"Tap system"}
    view = main_window.views["opportunity"]
    assert view.list_filters() == ("won", f"closed:{LAST_MONTH:%Y-%m}")
    assert view.show_filter.currentText().startswith("Won in ")
    back_to(qtbot, main_window, dashboard)
    lost = dashboard.won_lost_tile.series.barSets()[1]
    lost.clicked.emit(10)
    assert shown_topics(main_window) == {"Lost cause"}


def test_a_change_elsewhere_shows_on_the_next_visit_without_emptying_the_tiles(
        qtbot, main_window, dashboard, known_deals):
    main_window.services.opportunities.win(known_deals["cold store"], Decimal("41000"),
                                           TODAY)
    main_window.show_view("opportunities")
    with qtbot.waitSignal(dashboard.loaded, timeout=10_000):
        main_window.show_view("dashboard")
        assert dashboard.status.text() == "Loading…"
        assert not dashboard.pipeline_tile.loading, "the old bars stay while it reads"
    assert dashboard.pipeline_tile.categories == ["Proposal"]
    assert values(dashboard.won_lost_tile, "Won")[-1] == 41.0
    assert dashboard.status.text() == ""


def test_an_empty_database_says_so_in_each_tile(qtbot, main_window):
    page = main_window.pages["dashboard"]
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        main_window.show_view("dashboard")
    assert page.pipeline_tile.message.text() == "No open opportunities."
    assert not page.currency.isVisible()



def test_open_cases_by_priority_and_age_and_campaigns_by_their_return(qtbot, main_window):
    from crmdesk.records import CampaignRecord, CasePriority, CaseRecord

    services = main_window.services
    account = services.accounts.save(AccountRecord(name="Tuborg A/S"))
    customer = RecordRef("account", account.id)
    for title, priority in (("Tap leaks", CasePriority.URGENT),
                            ("Invoice question", CasePriority.NORMAL),
                            ("Wrong labels", CasePriority.NORMAL)):
        services.cases.save(CaseRecord(customer=customer, title=title, priority=priority))
    spring = services.campaigns.save(CampaignRecord(
        name="Spring mailing", currency="DKK", actual_cost=Decimal("10000")))
    services.campaigns.save(CampaignRecord(name="No cost yet", currency="DKK"))
    sale = services.opportunities.save(OpportunityRecord(
        topic="From the mailing", customer=customer, stage="proposal", currency="DKK",
        estimated_revenue=Decimal("30000"), estimated_close_date=TODAY,
        campaign_id=spring.id))
    services.opportunities.win(sale.id, Decimal("30000"), TODAY)
    page = main_window.pages["dashboard"]
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        main_window.show_view("dashboard")

    assert page.priority_tile.categories == ["Urgent", "High", "Normal", "Low"]
    assert values(page.priority_tile, "Open cases") == [1.0, 0.0, 2.0, 0.0]
    assert values(page.age_tile, "Open cases") == [3.0, 0.0, 0.0, 0.0], "opened today"
    assert page.campaigns_tile.categories == ["Spring mailing"], "no cost, no return"
    assert values(page.campaigns_tile, "Return") == [200.0]
    with qtbot.waitSignal(page.list_requested) as urgent:
        click_bar(qtbot, page.priority_tile, 0, 0)
    assert urgent.args == ["cases", ("urgent",)]
    with qtbot.waitSignal(page.list_requested) as young:
        page.age_tile.series.barSets()[0].clicked.emit(0)
    assert young.args == ["cases", ("age:0-2",)]
    with qtbot.waitSignal(page.open_record) as opened:
        click_bar(qtbot, page.campaigns_tile, 0, 0)
    assert opened.args == [RecordRef("campaign", spring.id)]
    cases = main_window.views["case"]
    assert main_window.tabs.currentWidget() is main_window.views["campaign"]
    assert main_window.views["campaign"].current_id() == spring.id

    back_to(qtbot, main_window, page)
    click_bar(qtbot, page.priority_tile, 0, 0)  # urgent, in the Cases view itself
    assert main_window.tabs.currentWidget() is cases
    assert "urgent" in cases.list_filters()
    assert [cases.model.display_row(r).display_name for r in range(cases.model.rowCount())
            ] == ["Tap leaks"]
    back_to(qtbot, main_window, page)
    page.age_tile.series.barSets()[0].clicked.emit(0)
    assert main_window.tabs.currentWidget() is cases and cases.model.rowCount() == 3
