"""Grouped bars painted with QPainter: one group per month, one bar per figure.

Written when crmdesk had PySide6-Essentials alone, which has no QtCharts; a dozen groups
of three bars need only a scale, the bars, a legend and a tooltip.  The dashboard's charts
are Qt Charts (docs/DECISIONS.md); this one can follow them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QLocale, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

GRID = QColor("#dddddd")
AXIS = QColor("#888888")
MARGIN_TOP = 34
MARGIN_BOTTOM = 40  # two lines: a month's name over its year
MARGIN_RIGHT = 12


@dataclass(frozen=True)
class Series:
    """One figure across the months: its legend text, its colour, a value per month."""

    label: str
    colour: QColor
    values: tuple[Decimal, ...]


def nice_top(largest: float) -> tuple[float, int]:
    """A round upper end for the scale above ``largest``, and how many steps it has."""
    if largest <= 0:
        return 1.0, 1
    magnitude = 10 ** math.floor(math.log10(largest))
    for step in (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10):
        steps = math.ceil(largest / (step * magnitude))
        if steps <= 5:
            return steps * step * magnitude, steps
    return largest, 1  # not reached: 10 x magnitude always exceeds largest in one step


def short_amount(value: float, locale: QLocale) -> str:
    """A scale label: 1 500 000 as "1.5M", 250 000 as "250k" in the locale's digits."""
    for size, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            shown = value / size
            return locale.toString(shown, "f", 0 if shown == int(shown) else 1) + suffix
    return locale.toString(int(value))


class BarChart(QWidget):
    """Grouped bars with a scale, a legend and a tooltip per group; ``empty_text`` when
    there is nothing to draw."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("forecastChart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.groups: list[str] = []
        self.series: list[Series] = []
        #: what a group's tooltip says, one text per group
        self.tips: list[str] = []
        self.empty_text = ""
        #: what the scale counts in (a currency code), written above it
        self.unit = ""

    def show_bars(self, unit: str, groups: list[str], series: list[Series], tips: list[str],
                  empty_text: str = "") -> None:
        self.unit = unit
        self.groups, self.series, self.tips = groups, series, tips
        self.empty_text = empty_text
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(720, 320)

    def _plot(self) -> QRectF:
        left = self.fontMetrics().horizontalAdvance("000.0M") + 14
        return QRectF(left, MARGIN_TOP, max(1, self.width() - left - MARGIN_RIGHT),
                      max(1, self.height() - MARGIN_TOP - MARGIN_BOTTOM))

    def bar_rects(self) -> list[list[QRectF]]:
        """Per group, the rectangle of each series' bar (zero height for nothing)."""
        plot = self._plot()
        if not self.groups:
            return []
        top, _ = nice_top(max((float(v) for s in self.series for v in s.values), default=0))
        slot = plot.width() / len(self.groups)
        width = slot * 0.8 / max(1, len(self.series))
        rects = []
        for n in range(len(self.groups)):
            bars = []
            for m, series in enumerate(self.series):
                height = float(series.values[n]) / top * plot.height() if top else 0
                x = plot.left() + n * slot + slot * 0.1 + m * width
                bars.append(QRectF(x, plot.bottom() - height, width - 1, height))
            rects.append(bars)
        return rects

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().base())
        plot = self._plot()
        locale = QLocale()
        if not self.groups or not any(v for s in self.series for v in s.values):
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            painter.end()
            return
        top, steps = nice_top(max(float(v) for s in self.series for v in s.values))
        metrics = self.fontMetrics()
        for step in range(steps + 1):
            y = plot.bottom() - plot.height() * step / steps
            painter.setPen(QPen(GRID if step else AXIS, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(self.palette().text().color())
            painter.drawText(QRectF(0, y - metrics.height() / 2, plot.left() - 6,
                                    metrics.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             short_amount(top * step / steps, locale))
        slot = plot.width() / len(self.groups)
        for n, bars in enumerate(self.bar_rects()):
            for series, rect in zip(self.series, bars, strict=True):
                painter.fillRect(rect, series.colour)
            painter.setPen(self.palette().text().color())
            painter.drawText(QRectF(plot.left() + n * slot, plot.bottom() + 4, slot,
                                    2 * metrics.height()),
                             Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap,
                             self.groups[n])
        painter.setPen(self.palette().text().color())
        painter.drawText(QRectF(0, 10, plot.left() - 6, metrics.height()),
                         Qt.AlignmentFlag.AlignRight, self.unit)
        x = plot.left()
        for series in self.series:
            painter.fillRect(QRectF(x, 10, 12, 12), series.colour)
            painter.setPen(self.palette().text().color())
            painter.drawText(QPointF(x + 16, 10 + metrics.ascent()), series.label)
            x += 16 + metrics.horizontalAdvance(series.label) + 18
        painter.end()

    def group_at(self, x: float) -> int | None:
        plot = self._plot()
        if not self.groups or not plot.left() <= x < plot.right():
            return None
        return int((x - plot.left()) / (plot.width() / len(self.groups)))

    def event(self, event) -> bool:  # noqa: ANN001
        if event.type() == event.Type.ToolTip and isinstance(event, QHelpEvent):
            group = self.group_at(event.pos().x())
            if group is not None and group < len(self.tips):
                QToolTip.showText(event.globalPos(), self.tips[group], self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
