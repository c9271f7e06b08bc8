"""The Dashboard tab: pipeline by stage, forecast by close month, won against lost by
month, open cases by priority and by age, and each campaign's return on its cost, as Qt
Charts bars; amounts in one currency at a time (a chooser when there are several:
amounts in two currencies are never added).  A click on a bar opens the list behind it
in its view.

The figures are ``services.dashboard``'s (what ``crmdesk report dashboard`` prints), read
on a worker thread of Qt's pool each time the tab is shown: the worker opens its own
connections and hands back plain frozen dataclasses, so no session or row crosses
threads.  While it reads, the tiles keep what they showed ("Loading…" the first time)
and the heading says it is loading; figures that arrive after a newer read was asked for
are dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QLocale, QObject, QRunnable, QSettings, QThreadPool, Signal, Slot
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from crmdesk.kinds import RecordRef
from crmdesk.services import pipeline
from crmdesk.services.cases import AGE_BUCKETS
from crmdesk.services.dashboard import Dashboard, dashboard
from crmdesk.services.errors import StorageError
from crmdesk.services.money import format_money
from crmdesk.services.opportunities import add_months
from crmdesk.services.wiring import Services
from crmdesk.ui.dashboard.bar_tile import Bars, BarTile
from crmdesk.ui.messages import Messages
from crmdesk.ui.tasks import Tasks

MONTHS = 12
TOTAL = QColor("#a9c4ea")
WEIGHTED = QColor("#2f5f9e")
WON = QColor("#3c9a5f")
LOST = QColor("#c0504d")


def currencies_of(figures: Dashboard) -> list[str]:
    """The currencies any amount of the pipeline, the forecast or won and lost is in."""
    return sorted({f.currency for f in (*figures.pipeline, *figures.forecast,
                                        *figures.won_lost)})


class _Relay(QObject):
    """Carries a worker's outcome to the GUI thread (it lives there)."""

    finished = Signal(int, object)


class _Read(QRunnable):
    def __init__(self, generation: int, work: Callable[[], Dashboard], relay: _Relay) -> None:
        super().__init__()
        self.generation, self.work, self.relay = generation, work, relay

    def run(self) -> None:
        try:
            outcome: Dashboard | BaseException = self.work()
        except BaseException as exc:  # noqa: BLE001 - handed back to the GUI thread
            outcome = exc
        try:
            self.relay.finished.emit(self.generation, outcome)
        except RuntimeError:  # the page was closed meanwhile: nobody waits for it
            pass


def month_name(month: str, separator: str = " ") -> str:
    """ "2026-12" as the locale's short month and the year ("Dec 2026"); a narrow bar's
    label has them on two lines."""
    year, number = (int(part) for part in month.split("-"))
    return f"{QLocale().monthName(number, QLocale.FormatType.ShortFormat)}{separator}{year}"


def scale_of(amounts: list[Decimal]) -> int:
    """1, 1,000 or 1,000,000: what amounts this large are shown in on a scale."""
    top = max((abs(a) for a in amounts), default=Decimal(0))
    return 1_000_000 if top >= 10_000_000 else 1_000 if top >= 10_000 else 1


class DashboardView(QWidget):
    """The window's Dashboard tab.  It changes nothing, so ``data_changed`` never fires;
    ``list_requested(plural, filters)`` asks the window for a filtered list."""

    data_changed = Signal()
    list_requested = Signal(str, tuple)
    #: a campaign's bar: the window shows it in the Campaigns view
    open_record = Signal(RecordRef)
    #: a read has ended and its figures are shown (tests and screenshots wait for it)
    loaded = Signal()
    name = "dashboard"

    def __init__(self, services: Services, messages: Messages, tasks: Tasks,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardView")
        self.services = services
        self.messages = messages
        self.figures: Dashboard | None = None
        self._generation = 0
        self._relay = _Relay(self)
        self._relay.finished.connect(self._arrived)
        title = QLabel(self.tr("Dashboard"))
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        title.setFont(font)
        self.status = QLabel(self.tr("Loading…"))
        self.status.setObjectName("dashboardStatus")
        self.currency_label = QLabel(self.tr("&Currency:"))
        self.currency = QComboBox()
        self.currency.setObjectName("dashboardCurrency")
        self.currency_label.setBuddy(self.currency)
        self.currency.currentIndexChanged.connect(self._currency_chosen)
        bar = QHBoxLayout()
        bar.addWidget(title)
        bar.addSpacing(12)
        bar.addWidget(self.status)
        bar.addStretch(1)
        bar.addWidget(self.currency_label)
        bar.addWidget(self.currency)
        self.pipeline_tile = BarTile("pipelineTile", self.tr("Open pipeline by stage"))
        self.forecast_tile = BarTile("forecastTile",
                                     self.tr("Forecast by close month (next 12 months)"))
        self.weighting = QComboBox()
        self.weighting.setObjectName("forecastWeighting")
        self.weighting.addItem(self.tr("Weighted"), "weighted")
        self.weighting.addItem(self.tr("Unweighted"), "unweighted")
        self.weighting.setToolTip(self.tr("Revenue times the stage's probability, or the "
                                          "whole revenue"))
        self.weighting.setCurrentIndex(max(0, self.weighting.findData(
            QSettings().value("dashboard/weighting", "weighted"))))
        self.weighting.currentIndexChanged.connect(self._weighting_chosen)
        self.forecast_tile.add_to_header(self.weighting)
        self.won_lost_tile = BarTile("wonLostTile", self.tr("Won and lost (past 12 months)"))
        self.campaigns_tile = BarTile("campaignsTile", self.tr("Campaigns: return on cost"))
        self.priority_tile = BarTile("casePriorityTile", self.tr("Open cases by priority"))
        self.age_tile = BarTile("caseAgeTile", self.tr("Open cases by age"))
        self.tiles = (self.pipeline_tile, self.forecast_tile, self.won_lost_tile,
                      self.campaigns_tile, self.priority_tile, self.age_tile)
        self.pipeline_tile.bar_clicked.connect(self._stage_clicked)
        self.forecast_tile.bar_clicked.connect(self._forecast_clicked)
        self.won_lost_tile.bar_clicked.connect(self._won_lost_clicked)
        self.campaigns_tile.bar_clicked.connect(self._campaign_clicked)
        self.priority_tile.bar_clicked.connect(self._priority_clicked)
        self.age_tile.bar_clicked.connect(self._age_clicked)
        grid = QGridLayout()
        for n, tile in enumerate(self.tiles):
            grid.addWidget(tile, n // 2, n % 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        outer = QVBoxLayout(self)
        outer.addLayout(bar)
        outer.addLayout(grid, 1)
        self._stage_keys: list[str] = []
        self._months: list[str] = []
        self._past_months: list[str] = []
        self._campaign_ids: list[int] = []
        self._priorities: list[str] = []
        self._ages: list[str] = []

    # -- reading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.isVisible():
            self.load()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not event.spontaneous():
            self.load()

    def load(self, today: date | None = None) -> None:
        """Read the figures on a worker thread; the tiles show them when they come."""
        day = today or date.today()
        services = self.services
        self._generation += 1
        self.status.setText(self.tr("Loading…"))
        QThreadPool.globalInstance().start(
            _Read(self._generation, lambda: dashboard(services, day), self._relay))

    @Slot(int, object)
    def _arrived(self, generation: int, outcome: object) -> None:
        if generation != self._generation:
            return  # a newer read is under way
        self.status.setText("")
        if isinstance(outcome, StorageError):
            self.messages.error(self, self.tr("Dashboard not shown"), str(outcome))
            return
        if isinstance(outcome, BaseException):
            raise outcome
        assert isinstance(outcome, Dashboard)
        self.figures = outcome
        currencies = currencies_of(outcome)
        chosen = self.currency.currentData() or QSettings().value("dashboard/currency", "")
        if chosen not in currencies:
            default = self.services.settings.default_currency
            chosen = default if default in currencies or not currencies else currencies[0]
        self.currency.blockSignals(True)
        self.currency.clear()
        for code in currencies:
            self.currency.addItem(code, code)
        self.currency.setCurrentIndex(max(0, self.currency.findData(chosen)))
        self.currency.blockSignals(False)
        several = len(currencies) > 1
        self.currency.setVisible(several)
        self.currency_label.setVisible(several)
        self._show()
        self.loaded.emit()

    def _currency_chosen(self) -> None:
        chosen = self.currency.currentData()
        if chosen:
            QSettings().setValue("dashboard/currency", chosen)
            self._show()

    def _weighting_chosen(self) -> None:
        QSettings().setValue("dashboard/weighting", self.weighting.currentData())
        self._show()

    def shown_currency(self) -> str:
        return str(self.currency.currentData() or self.services.settings.default_currency)

    # -- showing ---------------------------------------------------------------------------
    def _money(self, amount: Decimal) -> str:
        return format_money(amount, self.shown_currency(), self.services.settings.phone_region)

    def _unit(self, amounts: list[Decimal]) -> tuple[int, str]:
        """What the amounts are divided by on the scale, and the scale's title."""
        scale, currency = scale_of(amounts), self.shown_currency()
        if scale == 1_000_000:
            return scale, self.tr("%1 millions").replace("%1", currency)
        if scale == 1_000:
            return scale, self.tr("%1 thousands").replace("%1", currency)
        return scale, currency

    def _show(self) -> None:
        if self.figures is None:
            return
        self._show_pipeline(self.figures)
        self._show_forecast(self.figures)
        self._show_won_lost(self.figures)
        self._show_campaigns(self.figures)
        self._show_cases(self.figures)

    def _show_pipeline(self, figures: Dashboard) -> None:
        currency = self.shown_currency()
        stages = [s for s in figures.pipeline if s.currency == currency]
        self._stage_keys = [s.stage for s in stages]
        scale, unit = self._unit([s.total for s in stages])

        def tip(s: pipeline.StageTotal) -> str:
            return (self.tr("%1: %2 open\nTotal: %3\nWeighted: %4\nClick to list them")
                    .replace("%1", s.title).replace("%2", str(s.count))
                    .replace("%3", self._money(s.total)).replace("%4", self._money(s.weighted)))

        tips = tuple(tip(s) for s in stages)
        self.pipeline_tile.show_bars(
            [s.title for s in stages],
            [Bars(self.tr("Total"), TOTAL, tuple(float(s.total) / scale for s in stages), tips),
             Bars(self.tr("Weighted"), WEIGHTED,
                  tuple(float(s.weighted) / scale for s in stages), tips)],
            self.tr("No open opportunities."), unit)

    def _show_forecast(self, figures: Dashboard) -> None:
        currency, weighted = self.shown_currency(), self.weighting.currentData() == "weighted"
        self._months = [f"{add_months(figures.today, n):%Y-%m}" for n in range(MONTHS)]
        found = {f.month: f for f in figures.forecast if f.currency == currency}
        zero = Decimal(0)
        amounts = [(found[m].weighted if weighted else found[m].unweighted)
                   if m in found else zero for m in self._months]
        scale, unit = self._unit(amounts)
        names = [month_name(m, "<br>") for m in self._months]
        tips = tuple(
            self.tr("%1\nUnweighted: %2\nWeighted: %3\nClick to list them")
            .replace("%1", month_name(m))
            .replace("%2", self._money(found[m].unweighted if m in found else zero))
            .replace("%3", self._money(found[m].weighted if m in found else zero))
            for m in self._months)
        self.forecast_tile.show_bars(
            names, [Bars(self.tr("Weighted") if weighted else self.tr("Unweighted"),
                         WEIGHTED if weighted else TOTAL,
                         tuple(float(a) / scale for a in amounts), tips)],
            self.tr("No open opportunities close in the next 12 months."), unit)

    def _show_won_lost(self, figures: Dashboard) -> None:
        currency = self.shown_currency()
        months = [f for f in figures.won_lost if f.currency == currency]
        self._past_months = [f.month for f in months]
        scale, unit = self._unit([a for f in months for a in (f.won, f.lost)])

        def tips(won: bool) -> tuple[str, ...]:
            text = (self.tr("%1: %2 won, %3\nClick to list them") if won
                    else self.tr("%1: %2 lost, %3\nClick to list them"))
            return tuple(text.replace("%1", month_name(f.month))
                         .replace("%2", str(f.won_count if won else f.lost_count))
                         .replace("%3", self._money(f.won if won else f.lost))
                         for f in months)

        self.won_lost_tile.show_bars(
            [month_name(f.month, "<br>") for f in months],
            [Bars(self.tr("Won"), WON, tuple(float(f.won) / scale for f in months), tips(True)),
             Bars(self.tr("Lost"), LOST, tuple(float(f.lost) / scale for f in months),
                  tips(False))],
            self.tr("Nothing was won or lost in the past 12 months."), unit)

    def _show_campaigns(self, figures: Dashboard) -> None:
        """Each campaign with a cost: (won revenue - cost) / cost, in percent."""
        costed = [c for c in figures.campaigns if c.roi is not None]
        self._campaign_ids = [c.id for c in costed]
        region = self.services.settings.phone_region
        tips = tuple(
            self.tr("%1\nReturn: %2 %\nWon: %3\nCost: %4\nClick to open it")
            .replace("%1", c.name).replace("%2", str(round((c.roi or 0) * 100)))
            .replace("%3", format_money(c.won_revenue.get(c.currency, Decimal(0)),
                                        c.currency, region))
            .replace("%4", format_money(c.actual_cost or Decimal(0), c.currency, region))
            for c in costed)
        self.campaigns_tile.show_bars(
            [c.name for c in costed],
            [Bars(self.tr("Return"), WEIGHTED,
                  tuple(float((c.roi or 0) * 100) for c in costed), tips)],
            self.tr("No campaign has a cost yet: its return shows once it has one."), "%")

    def _show_cases(self, figures: Dashboard) -> None:
        cases = figures.open_cases
        names = {"urgent": self.tr("Urgent"), "high": self.tr("High"),
                 "normal": self.tr("Normal"), "low": self.tr("Low")}
        self._priorities = list(cases.by_priority)
        empty = self.tr("No open cases.")
        self.priority_tile.show_bars(
            [names.get(key, key) for key in self._priorities],
            [Bars(self.tr("Open cases"), LOST,
                  tuple(float(n) for n in cases.by_priority.values()),
                  tuple(self.tr("%1: %2 open\nClick to list them")
                        .replace("%1", names.get(key, key)).replace("%2", str(n))
                        for key, n in cases.by_priority.items()))], empty)
        ages = {"0-2": self.tr("0–2 days"), "3-7": self.tr("3–7 days"),
                "8-30": self.tr("8–30 days"), ">30": self.tr("Over 30 days")}
        self._ages = [key for key, _, _ in AGE_BUCKETS]
        self.age_tile.show_bars(
            [ages.get(key, key) for key in self._ages],
            [Bars(self.tr("Open cases"), TOTAL,
                  tuple(float(cases.by_age.get(key, 0)) for key in self._ages),
                  tuple(self.tr("%1: %2 open\nClick to list them")
                        .replace("%1", ages.get(key, key))
                        .replace("%2", str(cases.by_age.get(key, 0)))
                        for key in self._ages))], empty)

    # -- a click on a bar: the list behind it ------------------------------------------------
    def _stage_clicked(self, _row: int, index: int) -> None:
        self.list_requested.emit("opportunities", ("open", f"stage:{self._stage_keys[index]}"))

    def _forecast_clicked(self, _row: int, index: int) -> None:
        """The open ones closing that month (this month's bar also counts those whose
        close date has passed: the "Close date passed" filter lists them)."""
        self.list_requested.emit("opportunities", ("open", f"closing:{self._months[index]}"))

    def _won_lost_clicked(self, row: int, index: int) -> None:
        self.list_requested.emit("opportunities", ("won" if row == 0 else "lost",
                                                   f"closed:{self._past_months[index]}"))

    def _campaign_clicked(self, _row: int, index: int) -> None:
        self.open_record.emit(RecordRef("campaign", self._campaign_ids[index]))

    def _priority_clicked(self, _row: int, index: int) -> None:
        self.list_requested.emit("cases", (self._priorities[index],))

    def _age_clicked(self, _row: int, index: int) -> None:
        self.list_requested.emit("cases", (f"age:{self._ages[index]}",))

    # -- the page protocol: nothing here is edited or deleted -------------------------------
    def set_writable(self, writable: bool) -> None:
        """The dashboard only reads."""

    def edit_current(self) -> None:
        """Nothing to edit: a bar is a sum."""

    def delete_selected(self) -> None:
        """Nothing to delete."""

    def save_layout(self) -> None:
        """The chosen currency and weighting are kept as they are chosen."""
