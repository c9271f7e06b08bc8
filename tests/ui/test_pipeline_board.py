"""A salesperson works the pipeline board: drags a deal to the next stage and watches the
column totals follow, reorders a column, narrows the board to this month's closings, and
opens the rest of a long column."""

from __future__ import annotations

import re
import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from crmdesk.kinds import RecordRef
from crmdesk.records import AccountRecord, OpportunityRecord
from crmdesk.services.money import format_money
from crmdesk.ui.sales.close_range import close_window
from crmdesk.ui.sales.pipeline_board import SHOWN, PipelineBoard
from crmdesk.ui.tasks import Tasks

TODAY = date.today()


@pytest.fixture
def customer(services) -> RecordRef:
    account = services.accounts.save(AccountRecord(name="Vestas Wind Systems A/S"))
    return RecordRef("account", account.id)


def deal(services, customer: RecordRef, topic: str, stage: str, revenue: str,
         currency: str = "DKK", closes: date | None = TODAY, **fields) -> int:
    saved = services.opportunities.save(OpportunityRecord(
        topic=topic, customer=customer, stage=stage, estimated_revenue=Decimal(revenue),
        currency=currency, estimated_close_date=closes, **fields))
    return saved.id


@pytest.fixture
def board(qtbot, services, messages):
    from crmdesk.ui.app import application

    application()

    def opened() -> PipelineBoard:
        view = PipelineBoard(services, messages, Tasks())
        qtbot.addWidget(view)
        view.filter.choose("all")
        view.resize(1280, 800)
        view.show()
        qtbot.waitExposed(view)
        return view

    return opened


def topics(view: PipelineBoard, stage: str) -> list[str]:
    return [card.topic for card in view.columns[stage].cards.cards.cards]


def header(view: PipelineBoard, stage: str) -> tuple[str, str]:
    """A column's count, and its totals as the lines they read."""
    column = view.columns[stage]
    return column.count.text(), re.sub(r"<[^>]+>", "\n", column.totals.text())


def drag(view: PipelineBoard, topic: str, stage: str, before: str | None) -> None:
    """Drag the card ``topic`` out of its column as the list starts a drag (its own mime
    data), over ``stage``'s column, and drop it before the card ``before`` (None: below
    the last one), through the target list's own drag and drop handlers."""
    source = next(c.cards for c in view.columns.values() if topic in topics(view, c.key))
    row = [card.topic for card in source.cards.cards].index(topic)
    mime: QMimeData = source.cards.mimeData([source.cards.index(row)])
    target = view.columns[stage].cards
    if before is None:
        last = target.cards.rowCount() - 1
        point = (target.visualRect(target.cards.index(last)).bottom() + 4 if last >= 0
                 else 10)
    else:
        at = topics(view, stage).index(before)
        point = target.visualRect(target.cards.index(at)).top() + 3
    spot = QPointF(QPoint(target.viewport().width() // 2, point))
    actions, buttons = Qt.DropAction.MoveAction, Qt.MouseButton.LeftButton
    modifiers = Qt.KeyboardModifier.NoModifier
    for event in (QDragEnterEvent(spot.toPoint(), actions, mime, buttons, modifiers),
                  QDragMoveEvent(spot.toPoint(), actions, mime, buttons, modifiers),
                  QDropEvent(spot, actions, mime, buttons, modifiers)):
        QApplication.sendEvent(target.viewport(), event)
        assert event.isAccepted(), f"the {stage} column took the card"


def test_dragging_a_deal_to_the_next_stage_moves_its_money_along(board, services, customer):
    deal(services, customer, "Turbine service 2027", "qualification", "400000")
    deal(services, customer, "Blade inspection", "qualification", "100000")
    deal(services, customer, "Spare parts frame", "proposal", "200000")
    view = board()
    assert header(view, "qualification")[0] == "2"
    assert "500.000,00 DKK" in header(view, "qualification")[1]
    assert "weighted 125.000,00 DKK" in header(view, "qualification")[1]  # 25 %
    assert "weighted 100.000,00 DKK" in header(view, "proposal")[1]  # 50 %

    drag(view, "Turbine service 2027", "proposal", before="Spare parts frame")

    assert topics(view, "qualification") == ["Blade inspection"]
    assert topics(view, "proposal") == ["Turbine service 2027", "Spare parts frame"]
    assert header(view, "qualification")[0] == "1"
    assert "100.000,00 DKK" in header(view, "qualification")[1]
    assert "weighted 25.000,00 DKK" in header(view, "qualification")[1]
    assert header(view, "proposal")[0] == "2"
    assert "600.000,00 DKK" in header(view, "proposal")[1]
    assert "weighted 300.000,00 DKK" in header(view, "proposal")[1]  # both at 50 %
    moved = services.opportunities.get(
        next(c.id for c in view.columns["proposal"].cards.cards.cards
             if c.topic == "Turbine service 2027"))
    assert (moved.stage, moved.probability) == ("proposal", 50)
    assert "50 %" in view.card_texts(view.columns["proposal"].cards.cards.cards[0])[2]


def test_a_probability_set_by_hand_stays_when_the_card_moves(board, services, customer):
    deal(services, customer, "Offshore cabling", "prospecting", "1000000", probability=60,
         probability_overridden=True)
    view = board()
    drag(view, "Offshore cabling", "negotiation", before=None)
    card = view.columns["negotiation"].cards.cards.cards[0]
    assert card.probability == 60
    assert "weighted 600.000,00 DKK" in header(view, "negotiation")[1]


def test_the_order_within_a_column_is_kept(board, services, customer):
    for topic in ("First", "Second", "Third"):
        deal(services, customer, topic, "proposal", "1000")
    view = board()
    assert topics(view, "proposal") == ["First", "Second", "Third"]
    drag(view, "Third", "proposal", before="First")
    assert topics(view, "proposal") == ["Third", "First", "Second"]
    drag(view, "Third", "proposal", before=None)
    assert topics(view, "proposal") == ["First", "Second", "Third"]
    view.close()
    assert topics(board(), "proposal") == ["First", "Second", "Third"], "kept in the database"


def test_currencies_are_totalled_apart(board, services, customer):
    deal(services, customer, "Danish deal", "closing", "1000")
    deal(services, customer, "German deal", "closing", "500", currency="EUR")
    totals = header(board(), "closing")[1]
    assert "1.000,00 DKK" in totals and "500,00 EUR" in totals
    assert "1.500" not in totals


def test_the_close_date_filter_narrows_cards_and_totals(board, services, customer):
    this_month = TODAY.replace(day=1)
    later = close_window("month", TODAY)[1] + timedelta(days=40)
    deal(services, customer, "Closing now", "proposal", "3000", closes=this_month)
    deal(services, customer, "Closing later", "proposal", "7000", closes=later)
    deal(services, customer, "No date yet", "proposal", "11000", closes=None)
    view = board()
    assert header(view, "proposal")[0] == "3"

    view.filter.choose("month")
    assert topics(view, "proposal") == ["Closing now"]
    assert header(view, "proposal")[0] == "1"
    assert "3.000,00 DKK" in header(view, "proposal")[1]

    view.filter.choose("year")
    assert topics(view, "proposal") == ["Closing now", "Closing later"]

    view.filter.choose("custom", (later, later))
    assert topics(view, "proposal") == ["Closing later"]
    assert "7.000,00 DKK" in header(view, "proposal")[1]


def test_a_long_column_shows_its_first_cards_and_how_many_more(board, services, customer):
    for n in range(SHOWN + 5):
        deal(services, customer, f"Deal {n:02d}", "prospecting", "10")
    view = board()
    column = view.columns["prospecting"]
    assert len(topics(view, "prospecting")) == SHOWN
    assert column.count.text() == str(SHOWN + 5)
    assert column.more.isVisibleTo(view) and column.more.text() == "+5 more"
    all_of_them = format_money(Decimal(10 * (SHOWN + 5)), "DKK", "DK")
    assert all_of_them in header(view, "prospecting")[1], "the totals count the cards not shown too"

    drag(view, "Deal 03", "prospecting", before=None)  # below the last card shown
    assert topics(view, "prospecting")[-1] == "Deal 03", "before the first one not shown"

    column.more.click()
    assert len(topics(view, "prospecting")) == SHOWN + 5
    assert not column.more.isVisibleTo(view)


def test_ctrl_right_moves_the_selected_card_to_the_next_stage(board, services, customer,
                                                              qtbot):
    deal(services, customer, "Keyboard deal", "proposal", "100")
    view = board()
    assert view.select(view.columns["proposal"].cards.cards.cards[0].id)
    qtbot.keyClick(view.columns["proposal"].cards, Qt.Key.Key_Right,
                   Qt.KeyboardModifier.ControlModifier)
    assert topics(view, "negotiation") == ["Keyboard deal"]
    assert view.current_card() is not None and view.current_card()[0] == "negotiation"


def test_while_another_write_runs_a_drop_changes_nothing(board, services, customer,
                                                         messages, qtbot):
    deal(services, customer, "Waiting deal", "proposal", "100")
    view = board()
    release = threading.Event()
    view.tasks.start(view, "Import", "Importing contacts…",
                     lambda progress, cancelled: release.wait(10), done=lambda result: None,
                     writes=True)
    drag(view, "Waiting deal", "closing", before=None)
    assert topics(view, "proposal") == ["Waiting deal"]
    assert messages.shown[-1][:2] == ("info", "Please wait")
    release.set()
    qtbot.waitUntil(lambda: not view.tasks.writing)


def test_a_double_click_or_del_on_a_card_asks_for_it_in_its_view(board, services, customer,
                                                                 qtbot):
    opportunity = deal(services, customer, "Open me", "proposal", "100")
    view = board()
    cards = view.columns["proposal"].cards
    spot = cards.visualRect(cards.cards.index(0)).center()
    with qtbot.waitSignal(view.open_requested) as opened:
        # as a hand does it: a click, then the second click of the double-click
        qtbot.mouseClick(cards.viewport(), Qt.MouseButton.LeftButton, pos=spot)
        qtbot.mouseDClick(cards.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert opened.args == [RecordRef("opportunity", opportunity)]
    with qtbot.waitSignal(view.open_requested) as opened:
        qtbot.keyClick(cards, Qt.Key.Key_Return)
    assert opened.args == [RecordRef("opportunity", opportunity)]
    with qtbot.waitSignal(view.delete_requested) as deleting:
        view.delete_selected()
    assert deleting.args == [RecordRef("opportunity", opportunity)]


def test_the_window_has_a_pipeline_tab(main_window, services):
    account = services.accounts.save(AccountRecord(name="Maersk A/S"))
    deal(services, RecordRef("account", account.id), "Container deal", "closing", "5000")
    page = main_window.show_view("pipeline")
    assert isinstance(page, PipelineBoard)
    assert "Container deal" in topics(page, "closing"), "read when its tab is shown"
