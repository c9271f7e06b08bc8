"""The Forecast tab: the next 12 months' revenue by close month, weighted and unweighted,
with the revenue won beside it, in one currency at a time (a chooser when there are
several: amounts in two currencies are never added), as bars and as a table.

The figures are ``services.pipeline.forecast``'s, the same ones ``crmdesk report
forecast`` prints.  Like the board, the page reads them each time its tab is shown.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QLocale, QSettings, Qt, Signal
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.services import pipeline
from crmdesk.services.errors import StorageError
from crmdesk.services.money import format_money
from crmdesk.services.opportunities import add_months
from crmdesk.services.wiring import Services
from crmdesk.ui.messages import Messages
from crmdesk.ui.sales.forecast_chart import BarChart, Series
from crmdesk.ui.tasks import Tasks

MONTHS = 12
UNWEIGHTED = QColor("#a9c4ea")
WEIGHTED = QColor("#2f5f9e")
WON = QColor("#3c9a5f")


class ForecastView(QWidget):
    """The window's Forecast tab.  It changes nothing, so ``data_changed`` never fires."""

    data_changed = Signal()
    name = "forecast"

    def __init__(self, services: Services, messages: Messages, tasks: Tasks,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("forecastView")
        self.services = services
        self.messages = messages
        self.figures: list[pipeline.MonthFigure] = []
        self.months: list[str] = []
        title = QLabel(self.tr("Forecast: the next 12 months"))
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        title.setFont(font)
        self.currency_label = QLabel(self.tr("&Currency:"))
        self.currency = QComboBox()
        self.currency.setObjectName("forecastCurrency")
        self.currency_label.setBuddy(self.currency)
        self.currency.currentIndexChanged.connect(self._currency_chosen)
        bar = QHBoxLayout()
        bar.addWidget(title)
        bar.addStretch(1)
        bar.addWidget(self.currency_label)
        bar.addWidget(self.currency)
        self.chart = BarChart()
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("forecastTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Close month"), self.tr("Unweighted"), self.tr("Weighted"),
            self.tr("Won")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.chart)
        self.splitter.addWidget(self.table)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([760, 480])
        state = QSettings().value("forecast/splitter")
        if state is not None:
            self.splitter.restoreState(state)
        outer = QVBoxLayout(self)
        outer.addLayout(bar)
        outer.addWidget(self.splitter, 1)

    # -- reading -------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.isVisible():
            self.load()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not event.spontaneous():
            self.load()

    def load(self, today: date | None = None) -> None:
        today = today or date.today()
        try:
            self.figures = pipeline.forecast(self.services.db, today, MONTHS)
        except StorageError as exc:
            self.messages.error(self, self.tr("Forecast not shown"), str(exc))
            return
        self.months = [f"{add_months(today, n):%Y-%m}" for n in range(MONTHS)]
        currencies = sorted({figure.currency for figure in self.figures})
        chosen = self.currency.currentData() or QSettings().value("forecast/currency", "")
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
        self._show(chosen)

    def _currency_chosen(self) -> None:
        chosen = self.currency.currentData()
        if chosen:
            QSettings().setValue("forecast/currency", chosen)
            self._show(chosen)

    def shown_currency(self) -> str:
        return str(self.currency.currentData() or self.services.settings.default_currency)

    # -- showing -------------------------------------------------------------------------
    def rows(self, currency: str) -> list[tuple[str, Decimal, Decimal, Decimal]]:
        """(month, unweighted, weighted, won) for each of the months, in ``currency``."""
        found = {f.month: f for f in self.figures if f.currency == currency}
        zero = Decimal(0)
        return [(month, found[month].unweighted, found[month].weighted, found[month].won)
                if month in found else (month, zero, zero, zero) for month in self.months]

    def month_name(self, month: str) -> str:
        year, number = (int(part) for part in month.split("-"))
        return f"{QLocale().monthName(number, QLocale.FormatType.ShortFormat)} {year}"

    def _show(self, currency: str) -> None:
        rows = self.rows(currency)
        region = self.services.settings.phone_region

        def money(amount: Decimal) -> str:
            return format_money(amount, currency, region)

        names = [self.month_name(month) for month, *_ in rows]
        self.chart.show_bars(
            currency, names,
            [Series(self.tr("Unweighted"), UNWEIGHTED, tuple(r[1] for r in rows)),
             Series(self.tr("Weighted"), WEIGHTED, tuple(r[2] for r in rows)),
             Series(self.tr("Won"), WON, tuple(r[3] for r in rows))],
            [self.tr("%1\nUnweighted: %2\nWeighted: %3\nWon: %4").replace("%1", name)
             .replace("%2", money(r[1])).replace("%3", money(r[2])).replace("%4", money(r[3]))
             for name, r in zip(names, rows, strict=True)],
            self.tr("No open opportunities close in the next 12 months, and none were won "
                    "in them."))
        totals = (self.tr("Total"), *(sum((r[n] for r in rows), Decimal(0))
                                      for n in (1, 2, 3)))
        self.table.setRowCount(len(rows) + 1)
        for n, (name, *amounts) in enumerate([(names[i], *rows[i][1:])
                                              for i in range(len(rows))] + [totals]):
            cells = [QTableWidgetItem(str(name))] + [QTableWidgetItem(money(a))
                                                    for a in amounts]
            for column, cell in enumerate(cells):
                if column:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if n == len(rows):
                    font = cell.font()
                    font.setBold(True)
                    cell.setFont(font)
                self.table.setItem(n, column, cell)

    # -- the page protocol: nothing here is edited or deleted -----------------------------
    def set_writable(self, writable: bool) -> None:
        """The forecast only reads."""

    def edit_current(self) -> None:
        """Nothing to edit: a month's figures are sums."""

    def delete_selected(self) -> None:
        """Nothing to delete."""

    def save_layout(self) -> None:
        QSettings().setValue("forecast/splitter", self.splitter.saveState())
