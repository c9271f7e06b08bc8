"""One stage's column of opportunity cards on the pipeline board: the model holding the
cards it shows, the delegate painting them, and the list that drags them out and takes
them in.

A drop says where the card goes as the card it lands before (``before_id``), the
board's ``move`` argument: the order of a column lives in the database, not here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QDrag,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

#: what a dragged card carries: the opportunity's id, as text
MIME_TYPE = "application/x-crmdesk-opportunity"
CARD_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
EDGE = QColor("#3b6fb6")
SELECTED = QColor("#1f4f99")
MUTED = QColor("#666666")
OVERDUE = QColor("#b00020")
DROP_LINE = QColor("#1f4f99")
PADDING = 6
LINES = 4

Index = QModelIndex | QPersistentModelIndex


def dragged_id(mime: QMimeData) -> int | None:
    """The opportunity a drag carries, or None if it carries something else."""
    if not mime.hasFormat(MIME_TYPE):
        return None
    try:
        return int(bytes(mime.data(MIME_TYPE).data()).decode("ascii"))
    except ValueError:
        return None


class CardListModel(QAbstractListModel):
    """The cards one column shows, in the board's order (a board row each)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: list[Any] = []

    def set_cards(self, cards: Sequence[Any]) -> None:
        self.beginResetModel()
        self.cards = list(cards)
        self.endResetModel()

    def row_of(self, opportunity_id: int) -> int | None:
        return next((n for n, card in enumerate(self.cards) if card.id == opportunity_id),
                    None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.cards)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.cards):
            return None
        card = self.cards[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return card.topic
        if role == CARD_ROLE:
            return card
        if role == ID_ROLE:
            return card.id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else flags

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802
        """The first of ``indexes`` (a board card is dragged alone)."""
        mime = QMimeData()
        if indexes:
            card = self.cards[indexes[0].row()]
            mime.setData(MIME_TYPE, QByteArray(str(card.id).encode("ascii")))
            mime.setText(card.topic)
        return mime

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction


class CardDelegate(QStyledItemDelegate):
    """A card: topic, customer, revenue and probability, close date (overdue in red).

    ``texts(card)`` gives the four lines, so the board decides how money and dates read."""

    def __init__(self, texts: Callable[[Any], tuple[str, str, str, str, bool]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.texts = texts

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        line = QFontMetrics(option.font).height()  # type: ignore[attr-defined]
        return QSize(200, LINES * line + 2 * PADDING + 4)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        card = index.data(CARD_ROLE)
        rect: QRect = option.rect.adjusted(1, 1, -2, -1)  # type: ignore[attr-defined]
        palette = option.palette  # type: ignore[attr-defined]
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(SELECTED if selected else palette.mid().color(),
                            2 if selected else 1))
        painter.setBrush(palette.base())
        painter.drawRoundedRect(rect, 4, 4)
        painter.fillRect(QRect(rect.left(), rect.top() + 2, 4, rect.height() - 4), EDGE)
        topic, customer, money, closes, overdue = self.texts(card)
        font = QFont(option.font)  # type: ignore[attr-defined]
        metrics = QFontMetrics(font)
        width = rect.width() - 2 * PADDING - 4
        x, y = rect.left() + PADDING + 4, rect.top() + PADDING
        lines = ((topic, True, palette.text().color()), (customer, False, MUTED),
                 (money, False, palette.text().color()),
                 (closes, False, OVERDUE if overdue else MUTED))
        for text, bold, colour in lines:
            font.setBold(bold)
            painter.setFont(font)
            painter.setPen(colour)
            shown = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, width)
            painter.drawText(QRect(x, y, width, metrics.height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown)
            y += metrics.height()
        painter.restore()


class CardList(QListView):
    """The cards of one column; a card is dragged to another place or column, and a drop
    here says, through ``dropped(opportunity_id, row)``, before which shown row it went
    (``row == rowCount()``: after the last one shown)."""

    dropped = Signal(int, int)
    open_requested = Signal(int)
    #: Ctrl+Right (1) or Ctrl+Left (-1) on a card: to the next or previous stage
    step_requested = Signal(int)

    def __init__(self, texts: Callable[[Any], tuple[str, str, str, str, bool]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards = CardListModel(self)
        self.setModel(self.cards)
        self.setItemDelegate(CardDelegate(texts, self))
        self.setUniformItemSizes(True)
        self.setSpacing(2)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(False)  # ours is a line between cards (paintEvent)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        #: the row a drag hovering here would land before, for the line painted there
        self.drop_row: int | None = None
        self.writable = True
        self.activated.connect(lambda index: self.open_requested.emit(index.data(ID_ROLE)))

    def current_id(self) -> int | None:
        index = self.currentIndex()
        return index.data(ID_ROLE) if index.isValid() and self.selectionModel().isSelected(
            index) else None

    def select_id(self, opportunity_id: int) -> bool:
        row = self.cards.row_of(opportunity_id)
        if row is None:
            return False
        self.setCurrentIndex(self.cards.index(row))
        self.scrollTo(self.cards.index(row))
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        steps = {Qt.Key.Key_Right: 1, Qt.Key.Key_Left: -1}.get(Qt.Key(event.key()))
        if steps and event.modifiers() == Qt.KeyboardModifier.ControlModifier:
            if self.current_id() is not None:
                self.step_requested.emit(steps)
            event.accept()
            return
        super().keyPressEvent(event)

    # -- dragging out --------------------------------------------------------------------
    def startDrag(self, supported: Qt.DropAction) -> None:  # noqa: N802
        """The card under the mouse as a picture; the board moves it when it lands (the
        list itself removes nothing afterwards)."""
        index = self.currentIndex()
        if not index.isValid() or not self.writable:
            return
        drag = QDrag(self)
        drag.setMimeData(self.cards.mimeData([index]))
        rect = self.visualRect(index)
        picture = QPixmap(rect.size())
        picture.fill(Qt.GlobalColor.transparent)
        self.viewport().render(picture, QPoint(), rect)
        drag.setPixmap(picture)
        drag.setHotSpot(self.viewport().mapFromGlobal(self.cursor().pos()) - rect.topLeft())
        drag.exec(Qt.DropAction.MoveAction)

    # -- taking in -----------------------------------------------------------------------
    def row_at(self, point: QPoint) -> int:
        """The shown row a card dropped at ``point`` goes before: the first whose middle is
        below the point."""
        for row in range(self.cards.rowCount()):
            if point.y() < self.visualRect(self.cards.index(row)).center().y():
                return row
        return self.cards.rowCount()

    def _takes(self, event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> bool:
        return self.writable and dragged_id(event.mimeData()) is not None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if self._takes(event):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        if not self._takes(event):
            event.ignore()
            return
        row = self.row_at(event.position().toPoint())
        if row != self.drop_row:
            self.drop_row = row
            self.viewport().update()
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()

    def dragLeaveEvent(self, event: Any) -> None:  # noqa: N802
        self.drop_row = None
        self.viewport().update()
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        self.drop_row = None
        self.viewport().update()
        opportunity_id = dragged_id(event.mimeData())
        if opportunity_id is None or not self.writable:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        self.dropped.emit(opportunity_id, self.row_at(event.position().toPoint()))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if self.drop_row is None:
            return
        rows = self.cards.rowCount()
        if rows == 0:
            y = 2
        elif self.drop_row < rows:
            y = self.visualRect(self.cards.index(self.drop_row)).top() - 1
        else:
            y = self.visualRect(self.cards.index(rows - 1)).bottom() + 2
        painter = QPainter(self.viewport())
        painter.setPen(QPen(DROP_LINE, 3))
        painter.drawLine(4, y, self.viewport().width() - 4, y)
        painter.end()


def overdue(close: date | None, today: date) -> bool:
    return close is not None and close < today
