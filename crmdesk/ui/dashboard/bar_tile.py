"""One tile of the dashboard: a Qt Charts bar chart under a heading, saying "Loading…"
until its first figures come and what is missing when there are none.

A click on a bar emits ``bar_clicked(set, category)``; hovering shows the bar's figure.
New figures replace the bars in one go on the GUI thread, so a refresh never shows an
empty tile in between.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from crmdesk.ui.sales.forecast_chart import nice_top


@dataclass(frozen=True)
class Bars:
    """One row of bars across the categories: its legend text, colour and values, and the
    tooltip of each bar."""

    label: str
    colour: QColor
    values: tuple[float, ...]
    tips: tuple[str, ...]


class BarTile(QFrame):
    """A heading (with room for a chooser beside it) over a bar chart."""

    #: (index of the bars' row, index of the category) of the bar clicked
    bar_clicked = Signal(int, int)

    def __init__(self, name: str, heading: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.heading = QLabel(heading)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        # as tall as a chooser, so tiles side by side start their charts level
        self.heading.setMinimumHeight(QComboBox().sizeHint().height())
        self.header = QHBoxLayout()
        self.header.addWidget(self.heading)
        self.header.addStretch(1)
        self.chart = QChart()
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.chart.layout().setContentsMargins(0, 0, 0, 0)
        self.chart.setBackgroundRoundness(0)
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.view = QChartView(self.chart)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(180)
        self.message = QLabel(self.tr("Loading…"))
        self.message.setObjectName("tileMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(self.header)
        layout.addWidget(self.stack, 1)
        self.series: QBarSeries | None = None
        self.bars: list[Bars] = []
        self.categories: list[str] = []
        #: True until the first figures came
        self.loading = True

    def add_to_header(self, widget: QWidget) -> None:
        self.header.addWidget(widget)

    def show_bars(self, categories: Sequence[str], bars: Sequence[Bars], empty_text: str,
                  unit: str = "") -> None:
        """Show these bars over the categories (the scale titled ``unit``), or
        ``empty_text`` when every value is zero."""
        self.categories, self.bars = list(categories), list(bars)
        self.loading = False
        if not any(value for row in bars for value in row.values):
            self.message.setText(empty_text)
            self.stack.setCurrentWidget(self.message)
            return
        chart = self.chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        series = QBarSeries()
        for row_index, row in enumerate(bars):
            bar_set = QBarSet(row.label)
            bar_set.setColor(row.colour)
            bar_set.setBorderColor(row.colour)
            bar_set.append([float(value) for value in row.values])
            bar_set.clicked.connect(
                lambda category, row_index=row_index: self.bar_clicked.emit(row_index,
                                                                            category))
            bar_set.hovered.connect(
                lambda inside, category, row=row: self._hover(inside, row.tips[category]))
            series.append(bar_set)
        chart.addSeries(series)
        x_axis = QBarCategoryAxis()
        x_axis.append(list(categories))
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(x_axis)
        y_axis = QValueAxis()
        top, steps = nice_top(max(float(v) for row in bars for v in row.values))
        y_axis.setRange(0, top)
        y_axis.setTickCount(steps + 1)
        y_axis.setLabelFormat("%.0f" if top / steps == int(top / steps) else "%.1f")
        y_axis.setTitleText(unit)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(y_axis)
        chart.legend().setVisible(len(bars) > 1)
        self.series = series
        self.stack.setCurrentWidget(self.view)

    def _hover(self, inside: bool, tip: str) -> None:
        if inside:
            QToolTip.showText(QCursor.pos(), tip, self.view)
        else:
            QToolTip.hideText()

