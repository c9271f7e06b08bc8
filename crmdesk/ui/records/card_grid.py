"""The card grid: the same result set drawn as Rolodex cards instead of table rows.

A card shows the row's display name, then the fields its kind declares as
``card_lines`` (those that are empty are left out)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from crmdesk.ui.records.table_model import ROW_ROLE, Shown

CARD_SIZE = QSize(250, 132)  # the narrowest card; cards widen to fill a row


class RolodexCardDelegate(QStyledItemDelegate):
    """Paints one display row as an index card: the name, then up to four lines."""

    def __init__(self, lines: tuple[str, ...], parent: QWidget | None = None,
                 shown: Shown = getattr) -> None:
        super().__init__(parent)
        self.lines = lines
        self.shown = shown

        self.size = CARD_SIZE

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        return self.size

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        row = index.data(ROW_ROLE)
        rect = option.rect.adjusted(6, 6, -6, -6)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#2f6fb2") if selected else QColor("#c9c2a8"), 1.2))
        painter.setBrush(QColor("#fffdf3") if not selected else QColor("#eaf2fb"))
        painter.drawRoundedRect(rect, 6, 6)
        painter.setPen(QPen(QColor("#e6b3b3"), 1))  # the red rule of an index card
        painter.drawLine(rect.left() + 8, rect.top() + 30, rect.right() - 8, rect.top() + 30)
        if row is not None:
            name_font = QFont(option.font)
            name_font.setBold(True)
            name_font.setPointSizeF(option.font.pointSizeF() * 1.1)
            painter.setFont(name_font)
            painter.setPen(QColor("#1b1b1b"))
            inner = rect.adjusted(10, 6, -10, -6)
            name = painter.fontMetrics().elidedText(row.display_name,
                                                    Qt.TextElideMode.ElideRight, inner.width())
            painter.drawText(QRect(inner.left(), inner.top(), inner.width(), 22),
                             Qt.AlignmentFlag.AlignVCenter, name)
            painter.setFont(option.font)
            painter.setPen(QColor("#444"))
            lines = [str(v) for v in (self.shown(row, name) for name in self.lines) if v]
            y = inner.top() + 28
            metrics = painter.fontMetrics()
            for line in lines[:4]:
                text = metrics.elidedText(line, Qt.TextElideMode.ElideRight, inner.width())
                painter.drawText(QRect(inner.left(), y, inner.width(), metrics.height()),
                                 Qt.AlignmentFlag.AlignVCenter, text)
                y += metrics.height() + 2
        painter.restore()


class RolodexCardView(QListView):
    def __init__(self, lines: tuple[str, ...], parent: QWidget | None = None,
                 shown: Shown = getattr) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)  # lets Qt lay out 100,000 cards without asking each
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(200)
        self.setSpacing(2)
        self.setSelectionMode(QListView.SelectionMode.ExtendedSelection)
        self.cards = RolodexCardDelegate(lines, self, shown)
        self.setItemDelegate(self.cards)
        self.setObjectName("rolodexCards")

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Cards widen to fill the row, and a row holds one more card per card width
        gained, so no strip of the window stays empty at the right."""
        super().resizeEvent(event)
        width = self.viewport().width() - 2 * self.spacing() - 1
        per_row = max(1, width // CARD_SIZE.width())
        size = QSize(max(CARD_SIZE.width(), width // per_row), CARD_SIZE.height())
        if size != self.cards.size:
            self.cards.size = size
            self.setGridSize(size)
