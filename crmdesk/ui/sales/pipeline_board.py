"""The Pipeline tab: open opportunities as cards in one column per sales stage.

A column shows its first cards in the board's order and says how many more there are;
its header's count and totals come from the database (``services.pipeline``), per
currency, never added across currencies.  A card dragged to another column or another
place goes through ``OpportunityService.move``, which keeps the order and lets the
probability follow the stage unless it was set by hand.  The board reads the database
each time its tab is shown (and after a change while it is shown), so a change
elsewhere costs nothing while it is hidden.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from html import escape
from typing import Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from crmdesk.kinds import RecordRef
from crmdesk.kinds.sales import OPPORTUNITY
from crmdesk.services import pipeline
from crmdesk.services.errors import GoneError, NotFoundError, SalesError, StorageError
from crmdesk.services.money import format_money
from crmdesk.services.wiring import Services
from crmdesk.ui.messages import Messages
from crmdesk.ui.sales.board_cards import CardList, overdue
from crmdesk.ui.sales.close_range import CloseRangeFilter
from crmdesk.ui.tasks import Tasks

#: the cards a column shows at first, and how many more each "+N more" adds
SHOWN = 25
COLUMN_WIDTH = 240


class StageColumn(QFrame):
    """One stage: its title, count and totals, its cards, and "+N more"."""

    dropped = Signal(int, str, object)  # opportunity id, stage key, the id it goes before
    more_requested = Signal(str)

    def __init__(self, key: str, board: PipelineBoard) -> None:
        super().__init__()
        self.key = key
        self.setObjectName(f"stage_{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(COLUMN_WIDTH)
        self.title = QLabel()
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.title.setFont(font)
        self.count = QLabel()
        self.totals = QLabel(textFormat=Qt.TextFormat.RichText)
        self.totals.setObjectName("stageTotals")
        self.totals.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.cards = CardList(board.card_texts)
        self.cards.setObjectName(f"cards_{key}")
        self.cards.dropped.connect(self._dropped)
        self.more = QPushButton()
        self.more.setFlat(True)
        self.more.clicked.connect(lambda: self.more_requested.emit(self.key))
        #: the first card after those shown, so a drop below the last shown one lands
        #: before it rather than at the end of the whole stage
        self.next_id: int | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 6, 6, 6)
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.count)
        column.addLayout(heading)
        column.addWidget(self.totals)
        column.addWidget(self.cards, 1)
        column.addWidget(self.more)

    def show_stage(self, title: str, count: int, totals_html: str, cards: list[Any],
                   next_id: int | None) -> None:
        self.title.setText(title)
        self.count.setText(f"{count:,}")
        self.count.setToolTip(self.tr("%1 open opportunities in this stage").replace(
            "%1", f"{count:,}"))
        self.totals.setText(totals_html)
        chosen = self.cards.current_id()
        self.cards.cards.set_cards(cards)
        if chosen is not None:
            self.cards.select_id(chosen)
        self.next_id = next_id
        hidden = count - len(cards)
        self.more.setText(self.tr("+%1 more").replace("%1", f"{hidden:,}"))
        self.more.setVisible(hidden > 0)

    def _dropped(self, opportunity_id: int, row: int) -> None:
        shown = self.cards.cards.cards
        before = shown[row].id if row < len(shown) else self.next_id
        self.dropped.emit(opportunity_id, self.key, before)


class PipelineBoard(QWidget):
    """The window's Pipeline tab; ``data_changed`` after it moved an opportunity.  Opening
    and deleting a card are its kind's view's (the window does them there, then comes
    back): ``open_requested(ref)`` and ``delete_requested(ref)``."""

    data_changed = Signal()
    open_requested = Signal(object)
    delete_requested = Signal(object)
    name = "pipeline"

    def __init__(self, services: Services, messages: Messages, tasks: Tasks,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pipelineBoard")
        self.services = services
        self.messages = messages
        self.tasks = tasks
        self.writable = True
        self.today = date.today()
        #: how many cards each stage shows (grows with "+N more")
        self.shown: dict[str, int] = {}
        self.columns: dict[str, StageColumn] = {}
        self.filter = CloseRangeFilter("pipeline")
        self.filter.changed.connect(self._filter_changed)
        self.summary = QLabel()
        self.summary.setObjectName("pipelineSummary")
        title = QLabel(self.tr("Pipeline"))
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        title.setFont(font)
        bar = QHBoxLayout()
        bar.addWidget(title)
        bar.addSpacing(12)
        bar.addWidget(self.filter)
        bar.addStretch(1)
        bar.addWidget(self.summary)
        self.strip = QWidget()
        self.row = QHBoxLayout(self.strip)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.strip)
        self.empty = QLabel(self.tr("No sales stages are active; turn some on in File > "
                                    "Settings > Sales."))
        self.empty.setVisible(False)
        outer = QVBoxLayout(self)
        outer.addLayout(bar)
        outer.addWidget(self.empty)
        outer.addWidget(self.scroll, 1)

    # -- what a card says ----------------------------------------------------------------
    def money(self, amount: Decimal, currency: str) -> str:
        """An amount as the user's region writes numbers, with its currency code."""
        return format_money(amount, currency, self.services.settings.phone_region)

    def card_texts(self, card: Any) -> tuple[str, str, str, str, bool]:
        revenue = self.money(card.revenue, card.currency)
        money = self.tr("%1 · %2 %").replace("%1", revenue).replace(
            "%2", str(card.probability))
        if card.estimated_close_date is None:
            closes = self.tr("No close date")
        else:
            written = card.estimated_close_date.strftime(self.services.settings.date_format)
            closes = (self.tr("Overdue: %1") if overdue(card.estimated_close_date, self.today)
                      else self.tr("Closes %1")).replace("%1", written)
        return (card.topic or self.tr("(no topic)"), card.customer_name, money, closes,
                overdue(card.estimated_close_date, self.today))

    def totals_html(self, totals: list[pipeline.StageTotal]) -> str:
        """Per currency its total, and under it the weighted total: the currencies apart."""
        if not totals:
            return self.tr("Nothing open here.")
        weighted = self.tr("weighted %1")
        return "<br>".join(
            f"{escape(self.money(t.total, t.currency))}<br><span style='color:#555'>"
            f"{escape(weighted.replace('%1', self.money(t.weighted, t.currency)))}</span>"
            for t in sorted(totals, key=lambda t: t.currency))

    # -- reading -------------------------------------------------------------------------
    def refresh(self) -> None:
        """The database changed: read it now if shown (else it is read when shown)."""
        if self.isVisible():
            self.load()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """Its tab was chosen: read the database as it is now (not when the window comes
        back from being minimised)."""
        super().showEvent(event)
        if not event.spontaneous():
            self.load()

    def _filter_changed(self) -> None:
        self.shown.clear()
        self.load()

    def load(self) -> None:
        """Read the stages' totals and the first cards of each column, and show them."""
        self.today = date.today()
        close_from, close_to = self.filter.bounds(self.today)
        try:
            stages = self.services.stages.list(active_only=True)
            totals = pipeline.pipeline(self.services.db, close_from, close_to)
            cards = {stage.key: pipeline.board(
                self.services.db, stage.key, close_from, close_to,
                limit=self.shown.get(stage.key, SHOWN) + 1) for stage in stages}
        except StorageError as exc:
            self.messages.error(self, self.tr("Pipeline not shown"), str(exc))
            return
        self._arrange([stage.key for stage in stages])
        by_stage: dict[str, list[pipeline.StageTotal]] = {}
        for total in totals:
            by_stage.setdefault(total.stage, []).append(total)
        everything = 0
        for stage in stages:
            rows = cards[stage.key]
            limit = self.shown.get(stage.key, SHOWN)
            count = sum(t.count for t in by_stage.get(stage.key, []))
            everything += count
            self.columns[stage.key].show_stage(
                stage.title, count, self.totals_html(by_stage.get(stage.key, [])),
                rows[:limit], rows[limit].id if len(rows) > limit else None)
        self.summary.setText(self.tr("%1 open opportunities").replace("%1", f"{everything:,}"))
        # the same header height everywhere, so the cards of every column start level
        lines = 2 * max((len(by_stage.get(stage.key, [])) for stage in stages), default=1)
        for column in self.columns.values():
            column.totals.setMinimumHeight(lines * column.totals.fontMetrics().lineSpacing())

    def _arrange(self, keys: list[str]) -> None:
        """One column per active stage, in the stages' order (built again only when the
        stages changed)."""
        self.empty.setVisible(not keys)
        if list(self.columns) == keys:
            return
        for column in self.columns.values():
            self.row.removeWidget(column)
            column.deleteLater()
        self.columns = {}
        for key in keys:
            column = StageColumn(key, self)
            column.dropped.connect(self.move)
            column.more_requested.connect(self.show_more)
            column.cards.open_requested.connect(self.open)
            column.cards.step_requested.connect(self.step)
            column.cards.writable = self.writable
            self.columns[key] = column
            self.row.addWidget(column, 1)
            column.show()  # now, not when the layout gets to it

    def show_more(self, key: str) -> None:
        self.shown[key] = self.shown.get(key, SHOWN) + SHOWN
        self.load()

    # -- the selected card ---------------------------------------------------------------
    def current_card(self) -> tuple[str, int] | None:
        """(stage, id) of the card that has the focus or was selected last."""
        focused = next((c for c in self.columns.values() if c.cards.hasFocus()), None)
        for column in ([focused] if focused else []) + list(self.columns.values()):
            chosen = column.cards.current_id()
            if chosen is not None:
                return column.key, chosen
        return None

    def select(self, opportunity_id: int) -> bool:
        for column in self.columns.values():
            if column.cards.select_id(opportunity_id):
                column.cards.setFocus()
                return True
        return False

    # -- changes -------------------------------------------------------------------------
    def set_writable(self, writable: bool) -> None:
        self.writable = writable
        for column in self.columns.values():
            column.cards.writable = writable

    def move(self, opportunity_id: int, stage: str, before_id: int | None) -> None:
        """A card dropped in ``stage`` before the card ``before_id`` (None: at the end)."""
        if before_id == opportunity_id or self.tasks.refuse_write(self, self.messages):
            return
        try:
            self.services.opportunities.move(opportunity_id, stage, before_id)
        except (GoneError, NotFoundError, SalesError, StorageError) as exc:
            self.messages.error(self, self.tr("Not moved"), str(exc))
        self.load()
        self.select(opportunity_id)
        self.data_changed.emit()

    def step(self, steps: int) -> None:
        """Ctrl+Right / Ctrl+Left: the selected card to the top of the next or previous
        stage."""
        chosen = self.current_card()
        if chosen is None:
            return
        keys = list(self.columns)
        target = keys.index(chosen[0]) + steps
        if 0 <= target < len(keys):
            first = self.columns[keys[target]].cards.cards.cards
            self.move(chosen[1], keys[target], first[0].id if first else None)

    def open(self, opportunity_id: int) -> None:
        """A double-click or Enter: the opportunity in its dialog, as its list opens it."""
        self.open_requested.emit(RecordRef(OPPORTUNITY.name, opportunity_id))

    def edit_current(self) -> None:
        chosen = self.current_card()
        if chosen is not None:
            self.open(chosen[1])

    def delete_selected(self) -> None:
        """Del on a card: deleted as the Opportunities list deletes (it asks first, and
        Edit > Undo delete brings it back)."""
        chosen = self.current_card()
        if chosen is not None:
            self.delete_requested.emit(RecordRef(OPPORTUNITY.name, chosen[1]))

    def save_layout(self) -> None:
        self.filter.save()
        QSettings().sync()
