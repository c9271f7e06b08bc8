"""How an occurrence looks wherever the calendar draws it: its colours, its struck-through
cancelled state, its time as the user's locale writes it."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QWidget

from crmdesk.services.activities import Occurrence

FILL = {"appointment": QColor("#cfe0f7"), "call": QColor("#d3eedc"),
        "task": QColor("#f7e7c6"), "note": QColor("#eeeeee")}
EDGE = {"appointment": QColor("#3b6fb6"), "call": QColor("#2f8a57"),
        "task": QColor("#b7862a"), "note": QColor("#888888")}
CANCELLED_FILL = QColor("#f0f0f0")
SELECTED = QColor("#1f4f99")
TEXT = QColor("#1a1a1a")
MUTED = QColor("#777777")


def clock(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def label(item: Occurrence, with_time: bool) -> str:
    when = clock(item.start) if with_time and isinstance(item.start, datetime) else ""
    return f"{when} {item.subject}".strip() if when else item.subject


def draw_item(painter: QPainter, widget: QWidget, rect: QRectF, item: Occurrence,
              lines: list[str], *, selected: bool = False, ghost: bool = False) -> None:
    """A rounded box with a coloured edge, its text lines clipped to it; a cancelled one
    grey and struck through."""
    cancelled = item.status == "cancelled"
    fill = QColor(CANCELLED_FILL if cancelled else FILL.get(item.kind, FILL["appointment"]))
    if ghost:
        fill.setAlpha(150)
    edge = SELECTED if selected else EDGE.get(item.kind, EDGE["appointment"])
    painter.save()
    painter.setPen(QPen(edge, 2 if selected else 1))
    painter.setBrush(fill)
    painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
    painter.fillRect(QRectF(rect.left(), rect.top(), 4, rect.height()), edge)
    font = QFont(widget.font())
    font.setStrikeOut(cancelled)
    font.setPointSizeF(max(7.0, font.pointSizeF() * 0.92))
    painter.setFont(font)
    painter.setPen(MUTED if cancelled else TEXT)
    painter.setClipRect(rect.adjusted(6, 1, -2, -1))
    metrics = painter.fontMetrics()
    y = rect.top() + 2
    for n, text in enumerate(lines):
        if y + metrics.height() > rect.bottom() + 2 and n:
            break
        if n == 0:
            bold = QFont(font)
            bold.setBold(True)
            painter.setFont(bold)
        else:
            painter.setFont(font)
        painter.drawText(QRectF(rect.left() + 7, y, rect.width() - 9, metrics.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         painter.fontMetrics().elidedText(
                             text, Qt.TextElideMode.ElideRight, int(rect.width() - 10)))
        y += metrics.height()
    painter.restore()


def day_of(value: datetime | date) -> date:
    return value.date() if isinstance(value, datetime) else value
