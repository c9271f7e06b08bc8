"""The painted parts of the calendar: the hours of a day or week, its all-day band, and
the month.  Each is handed the occurrences of its range (the view asks the service
once) and lays them out itself; it reports what the mouse did as signals and never
stores anything.

Interaction, as in Outlook: click selects, double-click opens (or creates at the slot
under the mouse), a drag moves (to another time or day), a drag on the lower edge of a
timed item changes its end.  While dragging, a ghost shows where it will land.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta, tzinfo

from PySide6.QtCore import QLocale, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QApplication, QSizePolicy, QWidget

from crmdesk.services.activities import Occurrence
from crmdesk.services.occurrences import Day
from crmdesk.ui.calendar.lanes import lanes
from crmdesk.ui.calendar.painting import MUTED, clock, day_of, draw_item, label

Moment = datetime | date
HOUR = 44  # pixels an hour takes in the day and week views
GUTTER = 56  # the hours' column on the left
SNAP_MINUTES = 15
EDGE_GRAB = 6  # pixels above an item's lower edge that resize it
WORK_START, WORK_END = 8, 17
BAND_HEADER = 24
BAND_ROW = 20
MONTH_HEADER = 22
MONTH_LINE = 17


def wall(moment: datetime, zone: tzinfo) -> datetime:
    """The display zone's wall-clock time of a moment, naive."""
    return moment.astimezone(zone).replace(tzinfo=None)


def placed(naive: datetime, zone: tzinfo) -> datetime:
    return naive.replace(tzinfo=zone)


def day_name(day: date, long: bool = False) -> str:
    locale = QLocale()
    fmt = QLocale.FormatType.LongFormat if long else QLocale.FormatType.ShortFormat
    return locale.dayName(day.isoweekday(), fmt)


class Surface(QWidget):
    """Hit tests, selection and the drag every part shares; a part says where items are
    (``arrange``), what a slot is, and where a drag lands."""

    open_requested = Signal(object)  # Occurrence
    create_requested = Signal(object)  # an aware datetime, or a date (all day)
    move_requested = Signal(object, object, object)  # Occurrence, start, end
    selected = Signal(object)  # Occurrence or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.days: list[date] = []
        self.zone: tzinfo | None = None
        self.items: list[Occurrence] = []
        self.today = date.today()
        self.boxes: list[tuple[QRectF, Occurrence]] = []
        self.current: Occurrence | None = None
        self._press: QPointF | None = None
        self._pressed: Occurrence | None = None
        self._resizing = False
        self._target: tuple[Moment, Moment] | None = None

    def show_items(self, days: list[date], zone: tzinfo, items: list[Occurrence],
                   today: date) -> None:
        self.days, self.zone, self.items, self.today = days, zone, items, today
        if self.current is not None and not any(_same(self.current, i) for i in items):
            self.current = None
        self.arrange()
        self.update()

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        self.arrange()
        super().resizeEvent(event)

    # -- what each part says -------------------------------------------------------------
    def arrange(self) -> None:
        raise NotImplementedError

    def slot_at(self, pos: QPointF) -> Moment | None:
        raise NotImplementedError

    def landing(self, item: Occurrence, press: QPointF, pos: QPointF,
                resizing: bool) -> tuple[Moment, Moment] | None:
        raise NotImplementedError

    def rects_for(self, item: Occurrence, start: Moment, end: Moment) -> list[QRectF]:
        raise NotImplementedError

    def grabs_edge(self, rect: QRectF, pos: QPointF) -> bool:
        return False

    # -- the mouse -----------------------------------------------------------------------
    def hit(self, pos: QPointF) -> tuple[QRectF, Occurrence] | None:
        for rect, item in reversed(self.boxes):
            if rect.contains(pos):
                return rect, item
        return None

    def box_of(self, wanted: Occurrence) -> QRectF | None:
        """Where an occurrence is drawn (its first piece), for tests and tooltips."""
        return next((r for r, i in self.boxes if _same(i, wanted)), None)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        found = self.hit(event.position())
        self.current = found[1] if found else None
        self.selected.emit(self.current)
        self._press = event.position()
        self._pressed = self.current
        self._resizing = bool(found) and self.grabs_edge(found[0], event.position())
        self._target = None
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        pos = event.position()
        if self._pressed is None or self._press is None:
            found = self.hit(pos)
            edge = found is not None and self.grabs_edge(found[0], pos)
            self.setCursor(Qt.CursorShape.SizeVerCursor if edge else Qt.CursorShape.ArrowCursor)
            return
        if (pos - self._press).manhattanLength() < QApplication.startDragDistance():
            return
        self._target = self.landing(self._pressed, self._press, pos, self._resizing)
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        item, target = self._pressed, self._target
        self._press, self._pressed, self._target = None, None, None
        self.update()
        if item is not None and target is not None and target != (item.start, item.end):
            self.move_requested.emit(item, target[0], target[1])

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton:
            return
        self._press, self._pressed, self._target = None, None, None
        found = self.hit(event.position())
        if found is not None:
            self.open_requested.emit(found[1])
            return
        slot = self.slot_at(event.position())
        if slot is not None:
            self.create_requested.emit(slot)

    # -- painting ------------------------------------------------------------------------
    def paint_items(self, painter: QPainter, with_time: bool, exposed: QRectF) -> None:
        """The items in the exposed and visible part (a scrolled day shows a third of its
        hours)."""
        exposed = exposed.intersected(QRectF(self.visibleRegion().boundingRect()))
        for rect, item in self.boxes:
            if not rect.intersects(exposed):
                continue
            lines = [label(item, with_time and rect.height() < 2.2 * MONTH_LINE)]
            if rect.height() >= 2.2 * MONTH_LINE and isinstance(item.start, datetime):
                lines = [item.subject, f"{clock(item.start)}–{clock(item.end)}"
                         if isinstance(item.end, datetime) else ""]
                if item.location:
                    lines.append(item.location)
                if item.regarding_name:
                    lines.append(item.regarding_name)
            draw_item(painter, self, rect, item, lines,
                      selected=self.current is not None and _same(self.current, item))
        if self._pressed is not None and self._target is not None:
            for rect in self.rects_for(self._pressed, *self._target):
                draw_item(painter, self, rect, self._pressed, [self._pressed.subject],
                          ghost=True)

    def column_width(self) -> float:
        return (self.width() - GUTTER) / max(1, len(self.days))

    def column_at(self, x: float) -> int:
        return min(len(self.days) - 1, max(0, int((x - GUTTER) // self.column_width())))


def _same(a: Occurrence, b: Occurrence) -> bool:
    return (a.activity_id, a.recurrence_id) == (b.activity_id, b.recurrence_id)


class TimeGrid(Surface):
    """The hours of one to seven days, timed items at their times, overlapping ones side by
    side."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeGrid")
        self.setMinimumHeight(24 * HOUR + 1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self):  # noqa: ANN201, N802
        hint = super().sizeHint()
        hint.setHeight(24 * HOUR + 1)
        return hint

    def _pieces(self, start: datetime, end: datetime) -> list[tuple[int, float, float]]:
        """(column, top minute, bottom minute) of each day the span shows on."""
        assert self.zone is not None
        first = datetime.combine(self.days[0], time())
        begin = (wall(start, self.zone) - first).total_seconds() / 60
        finish = (wall(end, self.zone) - first).total_seconds() / 60
        pieces = []
        low = max(0, int(begin // (24 * 60)))
        high = min(len(self.days) - 1, int(finish // (24 * 60)))
        for column in range(low, high + 1):
            top, bottom = begin - column * 24 * 60, finish - column * 24 * 60
            if bottom <= 0 and not (top == 0 == bottom) or top >= 24 * 60:
                continue
            top, bottom = max(0.0, top), min(24 * 60.0, bottom)
            pieces.append((column, top, max(bottom, top + 20)))
        return pieces

    def arrange(self) -> None:
        self.boxes = []
        if not self.days or self.zone is None:
            return
        width = self.column_width()
        per_day: dict[int, list[tuple[Occurrence, float, float]]] = {}
        for item in self.items:
            if item.all_day or not isinstance(item.start, datetime):
                continue
            assert isinstance(item.end, datetime)
            for column, top, bottom in self._pieces(item.start, item.end):
                per_day.setdefault(column, []).append((item, top, bottom))
        for column, pieces in per_day.items():
            for (item, top, bottom), lane in zip(
                    pieces, lanes([(t, b) for _, t, b in pieces]), strict=True):
                lane_width = (width - 6) / lane.lanes
                self.boxes.append((QRectF(GUTTER + column * width + 1 + lane.lane * lane_width,
                                          top * HOUR / 60, lane_width - 1,
                                          (bottom - top) * HOUR / 60 - 1), item))

    def rects_for(self, item: Occurrence, start: Moment, end: Moment) -> list[QRectF]:
        assert isinstance(start, datetime) and isinstance(end, datetime)
        width = self.column_width()
        return [QRectF(GUTTER + c * width + 1, t * HOUR / 60, width - 6,
                       (b - t) * HOUR / 60 - 1) for c, t, b in self._pieces(start, end)]

    def grabs_edge(self, rect: QRectF, pos: QPointF) -> bool:
        return rect.bottom() - EDGE_GRAB <= pos.y() <= rect.bottom() + 1

    def slot_at(self, pos: QPointF) -> datetime | None:
        if pos.x() < GUTTER or not self.days or self.zone is None:
            return None
        day = self.days[self.column_at(pos.x())]
        minutes = int(pos.y() * 60 / HOUR) // 30 * 30
        return placed(datetime.combine(day, time()) + timedelta(minutes=minutes), self.zone)

    def landing(self, item: Occurrence, press: QPointF, pos: QPointF,
                resizing: bool) -> tuple[Moment, Moment] | None:
        if not isinstance(item.start, datetime) or not isinstance(item.end, datetime):
            return None
        assert self.zone is not None
        minutes = round((pos.y() - press.y()) * 60 / HOUR / SNAP_MINUTES) * SNAP_MINUTES
        start, end = wall(item.start, self.zone), wall(item.end, self.zone)
        if resizing:
            end = max(start + timedelta(minutes=SNAP_MINUTES), end + timedelta(minutes=minutes))
        else:
            shift = timedelta(days=self.column_at(pos.x()) - self.column_at(press.x()),
                              minutes=minutes)
            start, end = start + shift, end + shift
        return placed(start, self.zone), placed(end, self.zone)

    def scroll_hint(self) -> int:
        """Where the working day begins, to scroll to."""
        return WORK_START * HOUR - HOUR // 2

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#f6f6f6"))
        width = self.column_width()
        for column, day in enumerate(self.days):
            x = GUTTER + column * width
            work = QRectF(x, WORK_START * HOUR, width, (WORK_END - WORK_START) * HOUR)
            if day.weekday() < 5:
                painter.fillRect(work, QColor("#ffffff"))
            if day == self.today:
                painter.fillRect(QRectF(x, 0, width, self.height()), QColor(255, 244, 200, 90))
        for hour in range(24):
            y = hour * HOUR
            painter.setPen(QColor("#d8d8d8"))
            painter.drawLine(GUTTER, y, self.width(), y)
            painter.setPen(QPen(QColor("#ececec"), 1, Qt.PenStyle.DotLine))
            painter.drawLine(GUTTER, y + HOUR // 2, self.width(), y + HOUR // 2)
            painter.setPen(MUTED)
            painter.drawText(QRectF(0, y + 1, GUTTER - 6, 16),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                             f"{hour:02d}:00")
        painter.setPen(QColor("#c8c8c8"))
        for column in range(len(self.days) + 1):
            x = GUTTER + column * width
            painter.drawLine(int(x), 0, int(x), self.height())
        if self.zone is not None and self.today in self.days:
            now = datetime.now(self.zone)
            column = self.days.index(self.today)
            y = (now.hour * 60 + now.minute) * HOUR / 60
            painter.setPen(QPen(QColor("#d0342c"), 2))
            painter.drawLine(QPointF(GUTTER + column * width, y),
                             QPointF(GUTTER + (column + 1) * width, y))
        self.paint_items(painter, True, QRectF(event.rect()))


class AllDayBand(Surface):
    """The days' names and, under them, the all-day items in rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("allDayBand")
        self.right_margin = 0
        self._rows = 1

    def column_width(self) -> float:
        return (self.width() - GUTTER - self.right_margin) / max(1, len(self.days))

    def _span(self, start: date, end: date) -> tuple[int, int] | None:
        if not self.days:
            return None
        first = (start - self.days[0]).days
        last = (max(end, start + timedelta(days=1)) - self.days[0]).days  # exclusive
        first, last = max(0, first), min(len(self.days), last)
        return (first, last) if first < last else None

    def arrange(self) -> None:
        self.boxes = []
        width = self.column_width()
        row_ends: list[int] = []
        for item in self.items:
            if not item.all_day:
                continue
            span = self._span(day_of(item.start), day_of(item.end))
            if span is None:
                continue
            row = next((n for n, e in enumerate(row_ends) if e <= span[0]), None)
            if row is None:
                row_ends.append(span[1])
                row = len(row_ends) - 1
            else:
                row_ends[row] = span[1]
            self.boxes.append((QRectF(GUTTER + span[0] * width + 1,
                                      BAND_HEADER + row * BAND_ROW + 1,
                                      (span[1] - span[0]) * width - 3, BAND_ROW - 2), item))
        self._rows = max(1, len(row_ends))
        self.setFixedHeight(BAND_HEADER + min(self._rows, 6) * BAND_ROW + 4)

    def rects_for(self, item: Occurrence, start: Moment, end: Moment) -> list[QRectF]:
        span = self._span(day_of(start), day_of(end))
        if span is None:
            return []
        width = self.column_width()
        return [QRectF(GUTTER + span[0] * width + 1, BAND_HEADER + 1,
                       (span[1] - span[0]) * width - 3, BAND_ROW - 2)]

    def slot_at(self, pos: QPointF) -> date | None:
        if pos.x() < GUTTER or pos.y() < BAND_HEADER or not self.days:
            return None
        return self.days[self.column_at(pos.x())]

    def landing(self, item: Occurrence, press: QPointF, pos: QPointF,
                resizing: bool) -> tuple[Moment, Moment] | None:
        shift = timedelta(days=self.column_at(pos.x()) - self.column_at(press.x()))
        start, end = item.start, item.end
        if isinstance(start, datetime) or isinstance(end, datetime):
            return None
        return start + shift, end + shift

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#fafafa"))
        width = self.column_width()
        for column, day in enumerate(self.days):
            x = GUTTER + column * width
            header = QRectF(x, 0, width, BAND_HEADER)
            if day == self.today:
                painter.fillRect(header, QColor("#fde9a9"))
            painter.setPen(QColor("#333333"))
            text = f"{day_name(day)} {day.day}" if len(self.days) > 1 else \
                f"{day_name(day, long=True)} {day.day}"
            painter.drawText(header, Qt.AlignmentFlag.AlignCenter, text)
            painter.setPen(QColor("#c8c8c8"))
            painter.drawLine(int(x), 0, int(x), self.height())
        painter.drawLine(0, self.height() - 1, self.width(), self.height() - 1)
        painter.setPen(MUTED)
        painter.drawText(QRectF(0, BAND_HEADER, GUTTER - 6, BAND_ROW),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         self.tr("all day"))
        self.paint_items(painter, False, QRectF(event.rect()))


class MonthGrid(Surface):
    """Six weeks of days, each listing its items as lines (all-day ones first, in
    ``occurrences.day_order``); a day with more than fit says how many more."""

    day_requested = Signal(object)  # date: its number was clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("monthGrid")
        self.month = 1
        self.month_days: list[Day] = []
        self.more: dict[date, int] = {}

    def column_width(self) -> float:
        return self.width() / 7

    def row_height(self) -> float:
        return (self.height() - MONTH_HEADER) / max(1, math.ceil(len(self.days) / 7))

    def cell(self, index: int) -> QRectF:
        width, height = self.column_width(), self.row_height()
        return QRectF((index % 7) * width, MONTH_HEADER + (index // 7) * height, width, height)

    def index_at(self, pos: QPointF) -> int | None:
        if pos.y() < MONTH_HEADER or not self.days:
            return None
        column = min(6, max(0, int(pos.x() // self.column_width())))
        row = int((pos.y() - MONTH_HEADER) // self.row_height())
        index = row * 7 + column
        return index if 0 <= index < len(self.days) else None

    def most_lines(self) -> int:
        """The most item lines a day's cell can show, with the grid as tall as its screen
        or its window, whichever is taller: what the month reads of each day (a day with
        more says "+N more")."""
        screen = self.screen()
        height = max(screen.availableGeometry().height() if screen else 0,
                     self.window().height())
        return max(1, int(((height - MONTH_HEADER) / 6 - MONTH_LINE - 2) // MONTH_LINE))

    def show_days(self, days: list[date], zone: tzinfo, month: list[Day],
                  today: date) -> None:
        """Each day's first items and how many it has (``ActivityService.month``)."""
        self.month_days = month
        self.show_items(days, zone, list(dict.fromkeys(i for day in month for i in day.first)),
                        today)

    def arrange(self) -> None:
        self.boxes, self.more = [], {}
        for index, day in enumerate(self.month_days[:len(self.days)]):
            cell = self.cell(index)
            fits = max(0, int((cell.height() - MONTH_LINE - 2) // MONTH_LINE))
            shown = day.first if day.total <= fits else day.first[:max(0, fits - 1)]
            for n, item in enumerate(shown):
                self.boxes.append((QRectF(cell.left() + 2, cell.top() + MONTH_LINE + 1
                                          + n * MONTH_LINE, cell.width() - 4, MONTH_LINE - 1),
                                   item))
            if len(shown) < day.total:
                self.more[self.days[index]] = day.total - len(shown)

    def rects_for(self, item: Occurrence, start: Moment, end: Moment) -> list[QRectF]:
        if not self.days:
            return []
        index = (day_of(start if not isinstance(start, datetime) or self.zone is None
                        else wall(start, self.zone)) - self.days[0]).days
        if not 0 <= index < len(self.days):
            return []
        cell = self.cell(index)
        return [QRectF(cell.left() + 2, cell.top() + MONTH_LINE + 1, cell.width() - 4,
                       MONTH_LINE - 1)]

    def slot_at(self, pos: QPointF) -> date | None:
        index = self.index_at(pos)
        return None if index is None else self.days[index]

    def landing(self, item: Occurrence, press: QPointF, pos: QPointF,
                resizing: bool) -> tuple[Moment, Moment] | None:
        to, came = self.index_at(pos), self.index_at(press)
        if to is None or came is None:
            return None
        shift = timedelta(days=to - came)
        if isinstance(item.start, datetime) and isinstance(item.end, datetime):
            assert self.zone is not None
            return (placed(wall(item.start, self.zone) + shift, self.zone),
                    placed(wall(item.end, self.zone) + shift, self.zone))
        return item.start + shift, item.end + shift

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        index = self.index_at(event.position())
        if index is not None and self.hit(event.position()) is None:
            cell = self.cell(index)
            number = QRectF(cell.right() - 28, cell.top(), 28, MONTH_LINE)
            if number.contains(event.position()):
                self.day_requested.emit(self.days[index])
                return
        super().mousePressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        width = self.column_width()
        for column in range(7):
            if self.days:
                painter.setPen(QColor("#333333"))
                painter.drawText(QRectF(column * width, 0, width, MONTH_HEADER),
                                 Qt.AlignmentFlag.AlignCenter,
                                 day_name(self.days[column], long=width > 150))
        for index, day in enumerate(self.days):
            cell = self.cell(index)
            if day.month != self.month:
                painter.fillRect(cell, QColor("#f3f3f3"))
            if day == self.today:
                painter.fillRect(cell, QColor(255, 244, 200, 140))
            painter.setPen(QColor("#d0d0d0"))
            painter.drawRect(cell)
            painter.setPen(QColor("#333333") if day.month == self.month else MUTED)
            painter.drawText(QRectF(cell.left(), cell.top(), cell.width() - 6, MONTH_LINE),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             str(day.day) if day.day != 1 else
                             f"{QLocale().monthName(day.month, QLocale.FormatType.ShortFormat)}"
                             f" {day.day}")
            if day in self.more:
                painter.setPen(MUTED)
                painter.drawText(QRectF(cell.left() + 4, cell.bottom() - MONTH_LINE,
                                        cell.width() - 8, MONTH_LINE - 1),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                 self.tr("+%1 more").replace("%1", str(self.more[day])))
        self.paint_items(painter, True, QRectF(event.rect()))
